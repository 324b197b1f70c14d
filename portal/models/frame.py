"""The portal's frame, managed in the admin: site profile, service links, unit portals,
banners and fixed pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import richtext
from ..cleaning import clean_text_fields
from ..fields import RichTextField
from ..i18n import translated
from ..links import unsafe_link_reason
from ..search import index_text
from ..seo import Described
from ..text import nfc, slugify_vi
from .content import Photo, RichBody, TimeStamped, unique_slug


def validate_link(value: str) -> None:
    """Links are http(s) addresses, mailto:, or paths on this site; nothing else."""
    reason = unsafe_link_reason((value or "").strip())
    if reason:
        raise ValidationError(reason, code="invalid_link")


class LinkField(models.CharField):
    default_validators = [validate_link]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 500)
        super().__init__(*args, **kwargs)


class SiteProfile(TimeStamped):
    """The agency's own facts, shown in the header and footer (one record)."""

    name = models.CharField(_("tên cơ quan"), max_length=200)
    short_name = models.CharField(
        _("tên viết tắt"), max_length=80, blank=True, default="", help_text=_("Ví dụ: Sở TT&TT.")
    )
    governing_body = models.CharField(
        _("cơ quan chủ quản"), max_length=200, blank=True, default="",
        help_text=_("Dòng nhỏ phía trên tên cơ quan, ví dụ: Ủy ban nhân dân tỉnh ..."),
    )  # fmt: skip
    description = models.CharField(
        _("mô tả cổng"), max_length=300, blank=True, default="",
        help_text=_("Một câu giới thiệu, dùng làm mô tả trang chủ cho công cụ tìm kiếm."),
    )  # fmt: skip
    logo = models.ForeignKey(
        Photo, verbose_name=_("biểu trưng"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("Để trống thì dùng biểu trưng mặc định."),
    )  # fmt: skip
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True, default="")
    phone = models.CharField(_("điện thoại"), max_length=60, blank=True, default="")
    email = models.EmailField(_("thư điện tử"), blank=True, default="")
    responsible_person = models.CharField(
        _("người chịu trách nhiệm"), max_length=200, blank=True, default="",
        help_text=_("Ví dụ: Giám đốc Sở ... – Nguyễn Văn A."),
    )  # fmt: skip
    licence = models.CharField(
        _("giấy phép"), max_length=300, blank=True, default="",
        help_text=_("Số giấy phép thiết lập trang thông tin điện tử, nơi cấp, ngày cấp."),
    )  # fmt: skip
    republish_notice = models.CharField(
        _("ghi chú phát hành lại"), max_length=300, blank=True,
        default="Ghi rõ nguồn “Cổng thông tin điện tử” khi phát hành lại thông tin từ cổng này.",
    )  # fmt: skip
    copyright = models.CharField(_("bản quyền"), max_length=200, blank=True, default="")
    # English (portal/i18n.py): the header, footer and English home page of /en/.
    name_en = models.CharField(_("tên cơ quan (tiếng Anh)"), max_length=200, blank=True, default="")
    governing_body_en = models.CharField(
        _("cơ quan chủ quản (tiếng Anh)"), max_length=200, blank=True, default=""
    )
    description_en = models.CharField(
        _("mô tả cổng (tiếng Anh)"), max_length=300, blank=True, default=""
    )
    address_en = models.CharField(_("địa chỉ (tiếng Anh)"), max_length=300, blank=True, default="")

    class Meta:
        verbose_name = _("thông tin cơ quan")
        verbose_name_plural = _("thông tin cơ quan")

    def __str__(self):
        return self.name

    @classmethod
    def load(cls) -> SiteProfile:
        profile = cls.objects.select_related("logo").order_by("pk").first()
        if profile is None:
            profile = cls(name=str(_("Sở Thông tin và Truyền thông")))
        return profile


class ServiceLink(TimeStamped):
    """A block of the sidebar: a public service or reference site, with a button."""

    class Icon(models.TextChoices):
        PUBLIC_SERVICE = "public-service", _("Dịch vụ công")
        LAW = "law", _("Pháp luật")
        PRODUCTS = "products", _("Sản phẩm, dịch vụ")
        DOCUMENT = "document", _("Văn bản")
        CALENDAR = "calendar", _("Lịch")
        PHONE = "phone", _("Liên hệ")

    title = models.CharField(_("tiêu đề"), max_length=120)
    description = models.CharField(_("mô tả ngắn"), max_length=250, blank=True, default="")
    url = LinkField(
        _("địa chỉ liên kết"),
        help_text=_("https://… hoặc đường dẫn trong cổng như /trang/gioi-thieu/."),
    )
    icon = models.CharField(
        _("biểu tượng có sẵn"), max_length=30, choices=Icon.choices, default=Icon.PUBLIC_SERVICE
    )
    icon_image = models.ForeignKey(
        Photo, verbose_name=_("biểu tượng tải lên"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("Nếu có, dùng thay cho biểu tượng có sẵn."),
    )  # fmt: skip
    button_label = models.CharField(_("nhãn nút"), max_length=60, default="Xem chi tiết")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang hiện"), default=True)
    new_tab = models.BooleanField(_("mở trong thẻ mới"), default=False)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("liên kết dịch vụ")
        verbose_name_plural = _("liên kết dịch vụ")

    def __str__(self):
        return self.title


class UnitPortal(TimeStamped):
    """A link to another agency's portal, grouped under a heading."""

    name = models.CharField(_("tên đơn vị"), max_length=200)
    url = LinkField(_("địa chỉ cổng"))
    group = models.CharField(
        _("nhóm"), max_length=200, default="Cổng thông tin điện tử của các đơn vị thuộc Bộ"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang hiện"), default=True)

    class Meta:
        ordering = ["group", "order", "name"]
        verbose_name = _("cổng đơn vị")
        verbose_name_plural = _("cổng đơn vị")

    def __str__(self):
        return self.name


class BannerQuerySet(models.QuerySet):
    def live(self, now=None):
        now = now or timezone.now()
        return self.filter(is_active=True).filter(
            models.Q(active_from__isnull=True) | models.Q(active_from__lte=now),
            models.Q(active_until__isnull=True) | models.Q(active_until__gt=now),
        )


class Banner(TimeStamped):
    class Position(models.TextChoices):
        TOP = "top", _("Đầu trang")
        SIDEBAR = "sidebar", _("Cột bên")

    title = models.CharField(_("tên gọi"), max_length=200, help_text=_("Chỉ để quản lý."))
    image = models.ForeignKey(
        Photo, verbose_name=_("ảnh băng rôn"), on_delete=models.PROTECT, related_name="+"
    )
    alt_text = models.CharField(
        _("mô tả thay thế"), max_length=300,
        help_text=_("Bắt buộc: nội dung của băng rôn bằng chữ, cho người khiếm thị."),
    )  # fmt: skip
    link = LinkField(_("liên kết"), blank=True, default="")
    position = models.CharField(
        _("vị trí"), max_length=10, choices=Position.choices, default=Position.SIDEBAR
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang hiện"), default=True)
    active_from = models.DateTimeField(_("hiện từ"), null=True, blank=True)
    active_until = models.DateTimeField(_("hiện đến"), null=True, blank=True)

    objects = BannerQuerySet.as_manager()

    class Meta:
        ordering = ["position", "order", "pk"]
        verbose_name = _("băng rôn")
        verbose_name_plural = _("băng rôn")

    def __str__(self):
        return self.title

    def shows_publicly(self) -> bool:
        return self.is_active

    def clean(self):
        super().clean()
        if not nfc(self.alt_text).strip():
            raise ValidationError({"alt_text": _("Hãy ghi mô tả thay thế cho băng rôn.")})
        if self.active_from and self.active_until and self.active_until <= self.active_from:
            raise ValidationError(
                {"active_until": _("Thời điểm kết thúc phải sau thời điểm bắt đầu.")}
            )


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Page(Described, RichBody, TimeStamped):
    """A fixed page written in the admin: about the agency, contact, products and services."""

    title = models.CharField(_("tiêu đề"), max_length=255)
    slug = models.SlugField(_("đường dẫn"), max_length=140, unique=True, blank=True)
    summary = models.CharField(_("tóm tắt"), max_length=300, blank=True, default="")
    body = RichTextField(_("nội dung"), blank=True, default="")
    is_published = models.BooleanField(_("đang hiện"), default=True)
    show_in_footer = models.BooleanField(_("hiện ở chân trang"), default=True)
    show_in_menu = models.BooleanField(
        _("hiện trên trình đơn"),
        default=False,
        help_text=_("Thêm vào trình đơn chính, sau các chuyên mục."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    # The English version under /en/pages/<slug>/ (portal/i18n.py): a page is in English once
    # its English title is written; the body goes through the same pipeline as the Vietnamese.
    title_en = models.CharField(
        _("tiêu đề tiếng Anh"), max_length=255, blank=True, default="",
        help_text=_("Điền để trang có bản tiếng Anh tại /en/pages/…, trong sơ đồ cổng tiếng Anh."),
    )  # fmt: skip
    summary_en = models.CharField(_("tóm tắt tiếng Anh"), max_length=300, blank=True, default="")
    body_en = RichTextField(_("nội dung tiếng Anh"), blank=True, default="")
    body_en_html = models.TextField(editable=False, blank=True, default="")
    # Folded words for the site search (portal/search.py).
    search_title = models.TextField(editable=False, blank=True, default="")
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = PageQuerySet.as_manager()
    extra_bodies = ("body_en",)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("trang tĩnh")
        verbose_name_plural = _("trang tĩnh")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The page in the active language (/trang/<slug>/, or /en/pages/<slug>/ in English)."""
        return reverse("site:page", kwargs={"slug": self.slug})

    @property
    def in_english(self) -> bool:
        return bool(self.title_en.strip())

    def meta_title(self) -> str:
        return str(translated(self, "title"))

    def meta_description(self) -> str:
        return str(translated(self, "summary")) or self.meta_title()

    def shows_publicly(self) -> bool:
        return self.is_published

    def clean(self):
        super().clean()
        if errors := self.body_errors():
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        clean_text_fields(self)
        if not self.slug:
            self.slug = unique_slug(self, slugify_vi(self.title) or "trang")
        self.search_title = index_text(self.title)
        self.search_text = index_text(
            self.title, self.summary, richtext.to_text(self.body_report.source)
        )
        super().save(*args, **kwargs)
