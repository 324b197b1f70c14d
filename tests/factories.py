"""Factories for readable tests.

``PhotoFactory`` is fast: it stores one tiny pre-encoded JPEG as the original and each
rendition and records the size it is told, without running Pillow, so that a test can make
forty photos in no time. ``RealPhotoFactory`` goes through the real pipeline (portal/images.py)
for the tests that need real files of the right size. ``AttachmentFactory`` likewise stores a
small real PDF without the checks; ``Attachment.create_from_upload`` is the real way.
"""

from __future__ import annotations

import io
import secrets
from datetime import date, datetime
from functools import lru_cache

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from news.models import (
    Article,
    Category,
    Document,
    DocumentType,
    Field,
    Issuer,
    Procedure,
    TrainingEvent,
)
from portal import files, images
from portal.models import Attachment, Photo


def image_bytes(fmt="JPEG", size=(1000, 667), colour=(30, 90, 160), **save_options) -> bytes:
    buffer = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" and save_options.pop("alpha", False) else "RGB"
    Image.new(mode, size, colour).save(buffer, fmt, **save_options)
    return buffer.getvalue()


@lru_cache(maxsize=1)
def tiny_jpeg() -> bytes:
    return image_bytes(size=(8, 5))


def upload(name="anh.jpg", data=None, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes() if data is None else data, content_type)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.vn")
    password = factory.django.Password("mat-khau-thu-nghiem")


NEWSROOM_PERMISSIONS = [
    "news.add_article", "news.change_article", "news.view_article", "news.delete_article",
    "portal.add_photo", "portal.change_photo", "portal.view_photo", "portal.upload_photo",
    "portal.add_attachment", "portal.view_attachment",
    "news.view_category", "news.view_trainingevent", "news.view_programme",
]  # fmt: skip


def permissions(*codes: str) -> list[Permission]:
    wanted = {tuple(code.split(".")) for code in codes}
    found = Permission.objects.select_related("content_type").filter(
        codename__in={codename for _app, codename in wanted}
    )
    return [p for p in found if (p.content_type.app_label, p.codename) in wanted]


def editor(username="bientapvien", *, can_publish=False):
    """A staff member with the newsroom's permissions (and publishing, if asked)."""
    user = UserFactory(username=username, is_staff=True)
    codes = [*NEWSROOM_PERMISSIONS, *(["news.publish_article"] if can_publish else [])]
    user.user_permissions.set(permissions(*codes))
    return user


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Chuyên mục {n}")
    slug = factory.Sequence(lambda n: f"chuyen-muc-{n}")


class PhotoFactory(factory.django.DjangoModelFactory):
    """A photo record with tiny files behind it (no Pillow): fast, for pages and queries."""

    class Meta:
        model = Photo

    @classmethod
    def _create(
        cls, model_class, *args, alt_text="Ảnh thử nghiệm", credit="", size=(1600, 1067), **kwargs
    ):
        key = secrets.token_hex(8)
        folder = timezone.localtime().strftime("photos/%Y/%m")
        data = tiny_jpeg()
        name = default_storage.save(f"{folder}/{key}.jpg", ContentFile(data))
        renditions = {
            str(width): default_storage.save(f"{folder}/{key}-{width}.jpg", ContentFile(data))
            for width in images.RENDITION_WIDTHS
            if width < size[0]
        }
        variants = {
            modern: {
                str(width): default_storage.save(
                    f"{folder}/{key}-{width}.{modern}", ContentFile(data)
                )
                for width in images.variant_widths(size[0])
            }
            for modern in images.modern_formats("jpg")
        }
        return Photo.objects.create(
            key=key, image=name, original_name=f"{key}.jpg", width=size[0], height=size[1],
            renditions=renditions, variants=variants, alt_text=alt_text, credit=credit, **kwargs,
        )  # fmt: skip


class RealPhotoFactory(PhotoFactory):
    """A real photo, made through the upload pipeline (renditions included)."""

    @classmethod
    def _create(
        cls, model_class, *args, alt_text="Ảnh thử nghiệm", credit="", size=(1000, 667), **kwargs
    ):
        return Photo.create_from_upload(
            upload(data=image_bytes(size=size)), alt_text=alt_text, credit=credit
        )


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Bài viết thử nghiệm số {n}")
    sapo = "Đoạn sapo tóm tắt nội dung chính của bài."
    body = "<p>Nội dung bài viết.</p>"
    category = factory.SubFactory(CategoryFactory)
    status = Article.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))
    byline = "Phạm Hương"


def local(text: str) -> datetime:
    """ "28/09/2017 08:00" as an aware local time."""
    return timezone.make_aware(datetime.strptime(text, "%d/%m/%Y %H:%M"))


class EventFactory(factory.django.DjangoModelFactory):
    """A held, public training event; ``start="28/09/2017 08:00"`` may be given as text."""

    class Meta:
        model = TrainingEvent
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Lớp tập huấn số {n}")
    start = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=30))
    end = factory.LazyAttribute(
        lambda e: (
            (local(e.start) if isinstance(e.start, str) else e.start) + timezone.timedelta(hours=8)
        )
    )
    place = "Hội trường Sở"
    status = TrainingEvent.Status.HELD

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        for name in ("start", "end"):
            if isinstance(kwargs.get(name), str):
                kwargs[name] = local(kwargs[name])
        return kwargs

    @factory.post_generation
    def programmes(self, create, extracted, **kwargs):
        if create and extracted:
            self.programmes.set(extracted)


def figure(photo, caption="Chú thích ảnh", alt="Mô tả ảnh"):
    alt_attr = f' alt="{alt}"' if alt is not None else ""
    img = f'<img src="{photo.url}"{alt_attr}>'
    return f'<figure class="image">{img}<figcaption>{caption}</figcaption></figure>'


class AttachmentFactory(factory.django.DjangoModelFactory):
    """An attached PDF stored as it is (no checks, no child process): fast, for pages and
    queries."""

    class Meta:
        model = Attachment

    @classmethod
    def _create(cls, model_class, *args, name="Kế hoạch số 2328.pdf", text="", **kwargs):
        from tests.files import pdf_bytes

        data = pdf_bytes()
        key = files.new_key()
        stored = files.storage.save(
            files.storage_name(name, files.KINDS["pdf"], key), ContentFile(data)
        )
        return Attachment.objects.create(
            key=key, file=stored, original_name=name, kind="pdf", size=len(data), pages=1,
            sha256="0" * 64, text=text, **kwargs,
        )  # fmt: skip


def attached(*attachments, label="") -> list[dict]:
    """The value of a record's ``attachments`` field listing these files."""
    return [{"key": a.key, "label": label} for a in attachments]


class DocumentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentType
        django_get_or_create = ("name",)

    name = "Kế hoạch"


class IssuerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issuer
        django_get_or_create = ("name",)

    name = "Ủy ban nhân dân tỉnh Hải Dương"
    short_name = "UBND tỉnh"


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("name",)

    name = "Thông tin và truyền thông"


class DocumentFactory(factory.django.DjangoModelFactory):
    """A published document (numbers 1/KH-UBND, 2/KH-UBND... unless told)."""

    class Meta:
        model = Document

    number = factory.Sequence(lambda n: f"{n + 1}/KH-UBND")
    doc_type = factory.SubFactory(DocumentTypeFactory)
    issuer = factory.SubFactory(IssuerFactory)
    issued_on = date(2017, 8, 9)
    summary = factory.Sequence(lambda n: f"Kế hoạch thử nghiệm số {n + 1} về chuyển đổi số")
    status = Document.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure

    code = factory.Sequence(lambda n: f"1.{4000 + n:06d}")
    name = factory.Sequence(lambda n: f"Cấp giấy phép thử nghiệm số {n + 1}")
    field = factory.SubFactory(FieldFactory)
    agency = "Sở Thông tin và Truyền thông"
    processing_time = "10 ngày làm việc"
    status = Procedure.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))
