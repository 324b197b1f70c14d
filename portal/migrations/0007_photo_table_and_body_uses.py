"""Photo's table takes the portal's name; every rich body's photo uses get one record
(PhotoUse); fixed pages get folded search texts."""

import django.db.models.deletion
from django.db import migrations, models

import portal.fields


def fill_page_search(apps, schema_editor):
    from portal.richtext import to_text
    from portal.search import index_text

    Page = apps.get_model("portal", "Page")
    for page in Page.objects.all().iterator():
        page.search_title = index_text(page.title)
        page.search_text = index_text(page.title, page.summary, to_text(page.body))
        page.save(update_fields=["search_title", "search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0006_photo_moves_to_portal"),
        ("news", "0008_photo_moved_to_portal"),
    ]

    operations = [
        migrations.AlterModelTable(name="photo", table=None),
        migrations.CreateModel(
            name="PhotoUse",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField()),
                ("position", models.PositiveSmallIntegerField(verbose_name="vị trí")),
                (
                    "caption",
                    models.CharField(
                        blank=True, default="", max_length=500, verbose_name="chú thích"
                    ),
                ),
                (
                    "alt_text",
                    models.CharField(
                        blank=True, default="", max_length=300, verbose_name="mô tả thay thế"
                    ),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
                (
                    "photo",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="uses",
                        to="portal.photo",
                        verbose_name="ảnh",
                    ),
                ),
            ],
            options={
                "verbose_name": "ảnh trong nội dung",
                "verbose_name_plural": "ảnh trong nội dung",
                "ordering": ["content_type", "object_id", "position"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("content_type", "object_id", "position"),
                        name="one_photo_per_position",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="page",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="page",
            name="search_title",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AlterField(
            model_name="page",
            name="body",
            field=portal.fields.RichTextField(blank=True, default="", verbose_name="nội dung"),
        ),
        migrations.RunPython(fill_page_search, migrations.RunPython.noop),
    ]
