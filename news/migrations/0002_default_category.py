"""A fresh install has one category, so that the first article can be saved at once."""

from django.db import migrations


def create_default_category(apps, schema_editor):
    Category = apps.get_model("news", "Category")
    if not Category.objects.exists():
        Category.objects.create(name="Tin tức - Sự kiện", slug="tin-tuc-su-kien", order=0)


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial")]

    operations = [migrations.RunPython(create_default_category, migrations.RunPython.noop)]
