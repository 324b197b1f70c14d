"""Articles: categories, articles, and their daily view counts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _

from portal import richtext, search
from portal.cleaning import clean_text_fields
from portal.fields import RichTextField
from portal.models import (
    Authored,
    Photo,
    Publishable,
    PublishableQuerySet,
    RichBody,
    TimeStamped,
    unique_slug,
)
from portal.search import index_text
from portal.seo import Described
from portal.text import slugify_vi


class Category(Described, TimeStamped):
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

    def clean(self):
        super().clean()
        if self.slug and _feed_taken(self.slug):
            raise ValidationError(
                {"slug": _("Đường dẫn “%(slug)s” đã dùng cho một mục khác của cổng (RSS), hãy "
                           "chọn đường dẫn khác.") % {"slug": self.slug}}
            )  # fmt: skip

    def save(self, *args, **kwargs):
        clean_text_fields(self)
        if not self.slug:
            base = slugify_vi(self.name) or "chuyen-muc"
            self.slug = unique_slug(self, f"{base}-tin" if _feed_taken(base) else base)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:category", kwargs={"slug": self.slug})

    def meta_description(self) -> str:
        return self.description or self.name


def _feed_taken(slug: str) -> bool:
    """Whether /rss/<slug>/ is another kind's feed (documents, events), not a category's."""
    try:
        return resolve(f"/rss/{slug}/").url_name != "category_feed"
    except Resolver404:
        return False


# What a listing, a card or a feed item shows: never the body, its rendered HTML or the search
# text (some kilobytes a row, and a listing of a large archive would read them all).
LIST_FIELDS = (
    "title", "slug", "sapo", "byline", "publish_at", "updated", "is_featured", "status", "event",
    "category__name", "category__slug",
    *(f"lead_photo__{f}" for f in ("key", "image", "width", "height", "renditions", "variants",
                                   "alt_text", "credit")),
)  # fmt: skip


class ArticleQuerySet(PublishableQuerySet):
    def for_lists(self):
        return self.select_related("category", "lead_photo").only(*LIST_FIELDS)

    def matching(self, words: list[str]):
        """Articles holding every word, best first (title 4, sapo 2, body 1), then newest."""
        return search.matching(
            self, words, summary_field="search_sapo", newest=("-publish_at", "-pk")
        )


def default_category_id():
    category = Category.objects.order_by("order", "pk").values_list("pk", flat=True).first()
    return category


class Article(Described, Publishable, RichBody, Authored, TimeStamped):
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
    body = RichTextField(
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
        indexes = [
            models.Index(fields=["status", "publish_at"], name="article_visible"),
            # The lists, newest first (all news; each category's pages, its page count and the
            # home page's newest of each), answered from the index alone on PostgreSQL: what
            # published() asks is in it (EXPLAIN in `make bench`).
            models.Index(
                fields=["-publish_at", "-id"], include=["status", "unpublish_at"],
                name="article_newest",
            ),
            models.Index(
                fields=["category", "-publish_at", "-id"], include=["status", "unpublish_at"],
                name="article_category_newest",
            ),
            models.Index(
                fields=["-publish_at"], condition=models.Q(is_featured=True),
                name="article_featured",
            ),
        ]  # fmt: skip

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "news:article",
            kwargs={"category": self.category.slug, "slug": self.slug, "pk": self.pk},
        )

    meta_kind = "article"

    def meta_title(self) -> str:
        return self.title

    def meta_description(self) -> str:
        return self.sapo

    def meta_photo(self):
        return self.lead_photo

    @property
    def cover(self) -> Photo | None:
        return self.lead_photo

    def clean(self):
        super().clean()
        errors = self.body_errors()
        if not richtext.to_text(self.sapo):
            errors["sapo"] = _("Hãy viết sapo (đoạn tóm tắt) cho bài.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        clean_text_fields(self)
        if not self.slug:
            self.slug = slugify_vi(self.title) or "bai-viet"
        report = self.body_report
        self.lead_photo = self.cover_photo or (report.photos[0] if report.photos else None)
        self.prepare_publication()
        self.search_title = index_text(self.title)
        self.search_sapo = index_text(self.sapo)
        self.search_text = index_text(
            self.title, self.sapo, richtext.to_text(report.source), self.byline
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = [*update_fields, "lead_photo", "search_text"]
        super().save(*args, **kwargs)


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
        return _("%(count)s lượt xem ngày %(day)s") % {
            "count": self.count,
            "day": self.day.strftime("%d/%m/%Y"),
        }
