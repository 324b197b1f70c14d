"""News: categories, photos and articles."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.cleaning import clean_text_fields
from portal.text import clean_line, slugify_vi

from .. import html as rich_text
from .. import images
from ..search import index_text


class TimeStamped(models.Model):
    created = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class Authored(models.Model):
    """Who created a record and who changed it last (set by the admin's save_model)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người sửa cuối"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True


class Category(TimeStamped):
    name = models.CharField(_("tên chuyên mục"), max_length=120)
    slug = models.SlugField(
        _("đường dẫn"),
        max_length=140,
        unique=True,
        help_text=_("Phần địa chỉ trang, tự tạo từ tên; chỉ chữ không dấu, số và gạch nối."),
    )
    description = models.TextField(
        _("mô tả"), blank=True, default="", help_text=_("Một hai câu giới thiệu chuyên mục.")
    )
    order = models.PositiveSmallIntegerField(
        _("thứ tự"), default=0, help_text=_("Số nhỏ đứng trước trên trình đơn và trang chủ.")
    )
    show_in_menu = models.BooleanField(
        _("hiện trên trình đơn"), default=True, help_text=_("Bỏ chọn để ẩn khỏi trình đơn chính.")
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        clean_text_fields(self)
        if not self.slug:
            self.slug = slugify_vi(self.name) or "chuyen-muc"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:category", kwargs={"slug": self.slug})


def _rich_body_models():
    from django.apps import apps

    return [m for m in apps.get_models() if issubclass(m, RichBody)]


def _photo_references() -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) of a ForeignKey to Photo, hidden ones (related_name="+")
    included."""
    return [
        (rel.related_model, rel.field.name)
        for rel in Photo._meta.get_fields(include_hidden=True)
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)
    ]


class PhotoQuerySet(models.QuerySet):
    def unused(self):
        """Photos nothing shows: no relation points at them (body uses, covers, banners, logos,
        icons: every ForeignKey to Photo) and no rich body holds their key (for example
        uploaded in the editor, then never saved)."""
        pk = models.OuterRef("pk")
        key = models.OuterRef("key")
        used = [
            models.Exists(model._base_manager.filter(**{name: pk}))
            for model, name in _photo_references()
        ]
        used += [
            models.Exists(model._base_manager.filter(body__contains=key))
            for model in _rich_body_models()
        ]
        condition = used[0]
        for exists in used[1:]:
            condition |= exists
        return self.exclude(condition)


class Photo(TimeStamped):
    """An uploaded photo: the stored original and its renditions, made once at upload."""

    key = models.CharField(max_length=32, unique=True, editable=False)
    image = models.FileField(_("tệp ảnh"), max_length=255, editable=False)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True, default="")
    width = models.PositiveIntegerField(_("rộng (px)"), default=0, editable=False)
    height = models.PositiveIntegerField(_("cao (px)"), default=0, editable=False)
    renditions = models.JSONField(default=dict, editable=False)
    alt_text = models.CharField(
        _("mô tả thay thế mặc định"),
        max_length=300,
        blank=True,
        default="",
        help_text=_(
            "Mô tả nội dung ảnh cho người khiếm thị, dùng khi bài viết không ghi mô tả riêng."
        ),
    )
    credit = models.CharField(
        _("tác giả ảnh"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("Hiện dưới chú thích: “Ảnh: …”."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("ảnh")
        verbose_name_plural = _("ảnh")
        permissions = [("upload_photo", _("Được tải ảnh lên từ trình soạn thảo"))]

    def __str__(self):
        return self.alt_text or self.original_name or self.key

    @classmethod
    def create_from_upload(cls, upload, *, user=None, alt_text="", credit="") -> Photo:
        """Validate, convert and store an uploaded file (raises ValidationError)."""
        return cls.create_from_processed(
            images.process(upload),
            original_name=getattr(upload, "name", "") or "",
            user=user,
            alt_text=alt_text,
            credit=credit,
        )

    @classmethod
    def create_from_processed(
        cls,
        processed: images.ProcessedPhoto,
        *,
        original_name="",
        user=None,
        alt_text="",
        credit="",
    ) -> Photo:
        """Store an upload that news/images.py has already validated and converted."""
        key = images.new_key()
        name, renditions = images.store(processed, key)
        try:
            return cls.objects.create(
                key=key,
                image=name,
                original_name=clean_line(original_name)[:255],
                width=processed.width,
                height=processed.height,
                renditions=renditions,
                alt_text=alt_text,
                credit=credit,
                uploaded_by=user if user is not None and user.is_authenticated else None,
            )
        except Exception:
            images.delete_files(name, renditions)
            raise

    def save(self, *args, **kwargs):
        adding = self._state.adding
        clean_text_fields(self)
        super().save(*args, **kwargs)
        if not adding:
            # Default alt text and credit are printed into the articles that use the photo.
            for article in Article.objects.filter(photo_uses__photo=self).distinct():
                article.save(update_fields=["body", "body_html", "lead_photo", "updated"])

    def usages(self) -> list[models.Model]:
        """Everything that shows this photo, each once: articles, pages, events, banners, the
        profile, service links. A record of uses (such as ArticlePhoto) stands for its owner."""
        found: dict[tuple, models.Model] = {}
        for model, name in _photo_references():
            for row in model._base_manager.filter(**{name: self}):
                owner = getattr(row, "usage_owner", row)
                found.setdefault((owner._meta.label, owner.pk), owner)
        for model in _rich_body_models():
            for row in model._base_manager.filter(body__contains=self.key):
                found.setdefault((row._meta.label, row.pk), row)
        return list(found.values())

    @property
    def url(self) -> str:
        return self.image.url if self.image else ""

    def rendition_url(self, width: int) -> str:
        """The smallest stored file at least ``width`` pixels wide (or the original)."""
        for size in sorted(int(w) for w in self.renditions):
            if size >= width:
                return self.image.storage.url(self.renditions[str(size)])
        return self.url

    @property
    def display_url(self) -> str:
        return self.rendition_url(800)

    @property
    def thumbnail_url(self) -> str:
        return self.rendition_url(480)

    @property
    def srcset(self) -> str:
        storage = self.image.storage
        parts = [
            f"{storage.url(name)} {width}w"
            for width, name in sorted(self.renditions.items(), key=lambda item: int(item[0]))
        ]
        parts.append(f"{self.url} {self.width}w")
        return ", ".join(parts)

    def thumbnail_height(self, width: int) -> int:
        return round(self.height * width / self.width) if self.width else 0


def _photos_by_key(keys: set[str]) -> dict[str, Photo]:
    return {photo.key: photo for photo in Photo.objects.filter(key__in=keys)}


class RichBody(models.Model):
    """A model whose ``body`` is rich text with photos, stored sanitised and rendered.

    ``body`` keeps the sanitised source (what goes back into the editor); ``body_html`` the
    rendering with responsive images and credits (what pages print). Both come from
    news/html.py on every save, whatever path the save comes from.
    """

    body_html = models.TextField(editable=False, blank=True, default="")

    class Meta:
        abstract = True

    @property
    def body_report(self) -> rich_text.BodyResult:
        """The sanitiser's report on the current body (computed once per distinct body)."""
        cached = self.__dict__.get("_body_report")
        if cached is None or cached[0] != self.body:
            cached = (self.body, rich_text.process_body(self.body, _photos_by_key))
            self.__dict__["_body_report"] = cached
        return cached[1]

    def body_errors(self) -> dict:
        missing = self.body_report.missing_alt
        if not missing:
            return {}
        names = ", ".join(f"“{photo.original_name or photo.key}”" for photo in missing)
        return {
            "body": _(
                "Ảnh %(names)s chưa có mô tả thay thế. Bấm đúp vào ảnh trong nội dung và điền "
                "“Mô tả thay thế”, hoặc ghi mô tả mặc định cho ảnh trong mục Ảnh."
            )
            % {"names": names}
        }

    def apply_body(self) -> rich_text.BodyResult:
        """Replace the body by its sanitised form and render it; call from save()."""
        report = self.body_report
        self.body = report.source
        self.body_html = report.rendered
        # The stored body is the sanitised one; the report stays valid for it.
        self.__dict__["_body_report"] = (self.body, report)
        return report


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The only way public code gets articles: published and due."""
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=timezone.now())

    def for_lists(self):
        return self.select_related("category", "lead_photo")


def default_category_id():
    category = Category.objects.order_by("order", "pk").values_list("pk", flat=True).first()
    return category


class Article(RichBody, Authored, TimeStamped):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        REVIEW = "review", _("Chờ duyệt")
        PUBLISHED = "published", _("Đã xuất bản")

    title = models.CharField(_("tiêu đề"), max_length=255)
    slug = models.SlugField(
        _("đường dẫn"),
        max_length=220,
        blank=True,
        help_text=_("Tự tạo từ tiêu đề (đ thành d); để trống để tạo lại."),
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("chuyên mục"),
        on_delete=models.PROTECT,
        related_name="articles",
        default=default_category_id,
    )
    sapo = models.TextField(
        _("sapo (tóm tắt)"),
        help_text=_("Đoạn mở đầu in đậm dưới tiêu đề, một đến ba câu; cũng dùng làm mô tả trang."),
    )
    body = models.TextField(
        _("nội dung"),
        blank=True,
        default="",
        help_text=_(
            "Chèn ảnh bằng nút Hình ảnh: tải ảnh lên, ghi mô tả thay thế và bật “Có chú thích”."
        ),
    )
    byline = models.CharField(
        _("tác giả"), max_length=200, blank=True, default="", help_text=_("Hiện ở cuối bài.")
    )
    source = models.CharField(
        _("nguồn"), max_length=255, blank=True, default="", help_text=_("Nếu bài lấy từ nơi khác.")
    )
    cover_photo = models.ForeignKey(
        Photo,
        verbose_name=_("ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống thì dùng ảnh đầu tiên trong bài."),
    )
    lead_photo = models.ForeignKey(
        Photo, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    event = models.ForeignKey(
        "news.TrainingEvent",
        verbose_name=_("lớp tập huấn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text=_("Nếu bài đưa tin về một lớp tập huấn, chọn lớp đó để hai trang liên kết nhau."),
    )
    view_count = models.PositiveIntegerField(_("lượt xem"), default=0, editable=False)
    is_featured = models.BooleanField(
        _("tin nổi bật"), default=False, help_text=_("Tin nổi bật mới nhất đứng đầu trang chủ.")
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("thời điểm xuất bản"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Để trống để xuất bản ngay khi lưu; chọn thời điểm sau để hẹn giờ."),
    )
    photos = models.ManyToManyField(
        Photo, through="ArticlePhoto", related_name="articles", blank=True, editable=False
    )
    # Folded words for search (news/search.py): title, sapo, and everything.
    search_title = models.TextField(editable=False, blank=True, default="")
    search_sapo = models.TextField(editable=False, blank=True, default="")
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")
        permissions = [("publish_article", _("Được duyệt và xuất bản bài viết"))]
        indexes = [models.Index(fields=["status", "publish_at"], name="article_visible")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "news:article",
            kwargs={"category": self.category.slug, "slug": self.slug, "pk": self.pk},
        )

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def cover(self) -> Photo | None:
        return self.lead_photo

    def clean(self):
        super().clean()
        errors = self.body_errors()
        if not rich_text.to_text(self.sapo):
            errors["sapo"] = _("Hãy viết sapo (đoạn tóm tắt) cho bài.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        clean_text_fields(self)
        if not self.slug:
            self.slug = slugify_vi(self.title) or "bai-viet"
        report = self.apply_body()
        self.lead_photo = self.cover_photo or (report.photos[0] if report.photos else None)
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
        self.search_title = index_text(self.title)
        self.search_sapo = index_text(self.sapo)
        self.search_text = index_text(
            self.title, self.sapo, rich_text.to_text(self.body), self.byline
        )
        update_fields = kwargs.get("update_fields")
        with transaction.atomic():
            super().save(*args, **kwargs)
            if update_fields is None or "body" in update_fields:
                self._sync_photos(report)

    def _sync_photos(self, report: rich_text.BodyResult):
        ArticlePhoto.objects.filter(article=self).delete()
        ArticlePhoto.objects.bulk_create(
            ArticlePhoto(
                article=self, photo=photo, position=index, caption=caption[:500], alt_text=alt[:300]
            )
            for index, (photo, caption, alt) in enumerate(
                zip(report.photos, report.captions, report.alts, strict=True)
            )
        )


class ArticleViewDay(models.Model):
    """Views of an article on one day (local date), written in batches (news/views_count.py)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="view_days")
    day = models.DateField(_("ngày"))
    count = models.PositiveIntegerField(_("lượt xem"), default=0)

    class Meta:
        ordering = ["-day", "-count"]
        verbose_name = _("lượt xem trong ngày")
        verbose_name_plural = _("lượt xem trong ngày")
        constraints = [models.UniqueConstraint(fields=["article", "day"], name="one_row_per_day")]
        indexes = [models.Index(fields=["day", "article"], name="view_day_article")]

    def __str__(self):
        return f"{self.article_id} {self.day}: {self.count}"


class ArticlePhoto(models.Model):
    """One use of a photo in an article, in order; derived from the body on every save."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="photo_uses")
    photo = models.ForeignKey(
        Photo, verbose_name=_("ảnh"), on_delete=models.PROTECT, related_name="uses"
    )
    position = models.PositiveSmallIntegerField(_("vị trí"))
    caption = models.CharField(_("chú thích"), max_length=500, blank=True, default="")
    alt_text = models.CharField(_("mô tả thay thế"), max_length=300, blank=True, default="")

    class Meta:
        ordering = ["article", "position"]
        verbose_name = _("ảnh trong bài")
        verbose_name_plural = _("ảnh trong bài")
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="unique_photo_position")
        ]

    def __str__(self):
        return f"{self.article} #{self.position + 1}"

    @property
    def usage_owner(self):
        return self.article
