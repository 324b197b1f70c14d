"""Every rich body records its photos the same way (portal.PhotoUse): the articles' own table
(ArticlePhoto) is copied there and dropped, and the photos in fixed pages' and events' bodies,
which nothing recorded before, are recorded from the stored bodies."""

from django.db import migrations

import portal.fields


def _content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def record_uses(apps, schema_editor):
    from portal.richtext import photo_references

    PhotoUse = apps.get_model("portal", "PhotoUse")
    Photo = apps.get_model("portal", "Photo")
    ArticlePhoto = apps.get_model("news", "ArticlePhoto")
    article_type = _content_type(apps, "news", "article")
    PhotoUse.objects.bulk_create(
        PhotoUse(
            content_type_id=article_type.pk, object_id=use.article_id, photo_id=use.photo_id,
            position=use.position, caption=use.caption, alt_text=use.alt_text,
        )
        for use in ArticlePhoto.objects.all().iterator()
    )  # fmt: skip
    for app_label, model in (("portal", "page"), ("news", "trainingevent")):
        Owner = apps.get_model(app_label, model)
        content_type = _content_type(apps, app_label, model)
        for owner in Owner.objects.exclude(body="").iterator():
            references = photo_references(owner.body)
            photos = dict(
                Photo.objects.filter(key__in={k for k, _c, _a in references}).values_list(
                    "key", "pk"
                )
            )
            kept = [(key, caption, alt) for key, caption, alt in references if key in photos]
            PhotoUse.objects.bulk_create(
                PhotoUse(
                    content_type_id=content_type.pk, object_id=owner.pk, photo_id=photos[key],
                    position=position, caption=caption[:500], alt_text=alt[:300],
                )
                for position, (key, caption, alt) in enumerate(kept)
            )  # fmt: skip


def restore_article_photos(apps, schema_editor):
    PhotoUse = apps.get_model("portal", "PhotoUse")
    ArticlePhoto = apps.get_model("news", "ArticlePhoto")
    article_type = _content_type(apps, "news", "article")
    uses = PhotoUse.objects.filter(content_type_id=article_type.pk)
    ArticlePhoto.objects.bulk_create(
        ArticlePhoto(
            article_id=use.object_id, photo_id=use.photo_id, position=use.position,
            caption=use.caption, alt_text=use.alt_text,
        )
        for use in uses.iterator()
    )  # fmt: skip
    PhotoUse.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0008_photo_moved_to_portal"),
        ("portal", "0007_photo_table_and_body_uses"),
    ]

    operations = [
        migrations.RunPython(record_uses, restore_article_photos),
        migrations.RemoveField(model_name="article", name="photos"),
        migrations.DeleteModel(name="ArticlePhoto"),
        migrations.AlterField(
            model_name="article",
            name="body",
            field=portal.fields.RichTextField(
                blank=True,
                default="",
                help_text="Chèn ảnh bằng nút Hình ảnh: tải ảnh lên, ghi mô tả thay thế và bật “Có chú thích”.",
                verbose_name="nội dung",
            ),
        ),
        migrations.AlterField(
            model_name="trainingevent",
            name="body",
            field=portal.fields.RichTextField(blank=True, default="", verbose_name="mô tả"),
        ),
    ]
