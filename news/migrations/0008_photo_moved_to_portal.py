"""The news app's side of Photo's move to the portal (see portal 0006): its references now
point at portal.Photo, and news forgets the model. State only; the database is unchanged."""

import django.db.models.deletion
from django.db import migrations, models

PHOTO = "portal.photo"


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0007_photos_in_use_are_protected"),
        ("portal", "0006_photo_moves_to_portal"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="cover_photo",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Để trống thì dùng ảnh đầu tiên trong bài.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=PHOTO,
                        verbose_name="ảnh đại diện",
                    ),
                ),
                migrations.AlterField(
                    model_name="article",
                    name="lead_photo",
                    field=models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=PHOTO,
                    ),
                ),
                migrations.AlterField(
                    model_name="articlephoto",
                    name="photo",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="article_uses",
                        to=PHOTO,
                        verbose_name="ảnh",
                    ),
                ),
                migrations.AlterField(
                    model_name="article",
                    name="photos",
                    field=models.ManyToManyField(
                        blank=True,
                        editable=False,
                        related_name="articles",
                        through="news.ArticlePhoto",
                        to=PHOTO,
                    ),
                ),
                migrations.DeleteModel(name="Photo"),
            ],
            database_operations=[],
        ),
    ]
