"""Factories for readable tests."""

import io

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from news.models import Article, Category
from portal.models import Photo


def image_bytes(fmt="JPEG", size=(1000, 667), colour=(30, 90, 160), **save_options) -> bytes:
    buffer = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" and save_options.pop("alpha", False) else "RGB"
    Image.new(mode, size, colour).save(buffer, fmt, **save_options)
    return buffer.getvalue()


def upload(name="anh.jpg", data=None, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes() if data is None else data, content_type)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.vn")
    password = factory.django.Password("mat-khau-thu-nghiem")


def editor(username="bientapvien", *, can_publish=False):
    """A staff member with the newsroom's permissions (and publishing, if asked)."""
    user = UserFactory(username=username, is_staff=True)
    codenames = [
        "add_article", "change_article", "view_article", "delete_article",
        "add_photo", "change_photo", "view_photo", "upload_photo",
        "view_category", "view_trainingevent", "view_programme",
    ]  # fmt: skip
    if can_publish:
        codenames.append("publish_article")
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Chuyên mục {n}")
    slug = factory.Sequence(lambda n: f"chuyen-muc-{n}")


class PhotoFactory(factory.django.DjangoModelFactory):
    """A real photo, made through the upload pipeline (renditions included)."""

    class Meta:
        model = Photo

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


def figure(photo, caption="Chú thích ảnh", alt="Mô tả ảnh"):
    alt_attr = f' alt="{alt}"' if alt is not None else ""
    img = f'<img src="{photo.url}"{alt_attr}>'
    return f'<figure class="image">{img}<figcaption>{caption}</figcaption></figure>'
