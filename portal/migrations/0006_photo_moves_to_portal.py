"""Photo moves from the news app to the portal (the shared content machinery), state only: the
table keeps its name until 0007 renames it, the rows and their ids stay. The content type is
renamed in place, so permissions already granted (portal.upload_photo...) carry over as
portal.upload_photo."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def rename_content_type(apps, schema_editor, old="news", new="portal"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label=new, model="photo").exists():
        return
    ContentType.objects.filter(app_label=old, model="photo").update(app_label=new)


def rename_back(apps, schema_editor):
    rename_content_type(apps, schema_editor, old="portal", new="news")


PHOTO = "portal.photo"


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("portal", "0005_cache_versions"),
        ("news", "0007_photos_in_use_are_protected"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Photo",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created",
                            models.DateTimeField(auto_now_add=True, verbose_name="tạo lúc"),
                        ),
                        (
                            "updated",
                            models.DateTimeField(auto_now=True, verbose_name="cập nhật lúc"),
                        ),
                        ("key", models.CharField(editable=False, max_length=32, unique=True)),
                        (
                            "image",
                            models.FileField(
                                editable=False, max_length=255, upload_to="", verbose_name="tệp ảnh"
                            ),
                        ),
                        (
                            "original_name",
                            models.CharField(
                                blank=True, default="", max_length=255, verbose_name="tên tệp gốc"
                            ),
                        ),
                        (
                            "width",
                            models.PositiveIntegerField(
                                default=0, editable=False, verbose_name="rộng (px)"
                            ),
                        ),
                        (
                            "height",
                            models.PositiveIntegerField(
                                default=0, editable=False, verbose_name="cao (px)"
                            ),
                        ),
                        ("renditions", models.JSONField(default=dict, editable=False)),
                        (
                            "alt_text",
                            models.CharField(
                                blank=True,
                                default="",
                                help_text="Mô tả nội dung ảnh cho người khiếm thị, dùng khi bài viết không ghi mô tả riêng.",
                                max_length=300,
                                verbose_name="mô tả thay thế mặc định",
                            ),
                        ),
                        (
                            "credit",
                            models.CharField(
                                blank=True,
                                default="",
                                help_text="Hiện dưới chú thích: “Ảnh: …”.",
                                max_length=200,
                                verbose_name="tác giả ảnh",
                            ),
                        ),
                        (
                            "uploaded_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="người tải lên",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "ảnh",
                        "verbose_name_plural": "ảnh",
                        "ordering": ["-created"],
                        "permissions": [("upload_photo", "Được tải ảnh lên từ trình soạn thảo")],
                        "db_table": "news_photo",
                    },
                ),
                migrations.AlterField(
                    model_name="banner",
                    name="image",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=PHOTO,
                        verbose_name="ảnh băng rôn",
                    ),
                ),
                migrations.AlterField(
                    model_name="servicelink",
                    name="icon_image",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Nếu có, dùng thay cho biểu tượng có sẵn.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=PHOTO,
                        verbose_name="biểu tượng tải lên",
                    ),
                ),
                migrations.AlterField(
                    model_name="siteprofile",
                    name="logo",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Để trống thì dùng biểu trưng mặc định.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=PHOTO,
                        verbose_name="biểu trưng",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_type, rename_back),
    ]
