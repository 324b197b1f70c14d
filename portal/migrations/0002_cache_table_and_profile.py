"""Create the shared cache's table (when the database cache is configured) and the site profile.

``manage.py migrate`` is all an operator runs, so the database cache table is made here rather
than by a separate ``createcachetable`` step. It does nothing when Redis or memory caches are used.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def create_profile(apps, schema_editor):
    SiteProfile = apps.get_model("portal", "SiteProfile")
    if not SiteProfile.objects.exists():
        SiteProfile.objects.create(
            name="Sở Thông tin và Truyền thông",
            republish_notice="Ghi rõ nguồn “Cổng thông tin điện tử” khi phát hành lại thông tin từ cổng này.",
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [
        migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_profile, migrations.RunPython.noop),
    ]
