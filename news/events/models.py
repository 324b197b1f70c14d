"""The training-event registry (tập huấn): every training the department runs."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import richtext
from portal.cleaning import clean_text_fields
from portal.dates import short_date
from portal.fields import RichTextField
from portal.models import Authored, RichBody, SiteProfile, TimeStamped, unique_slug
from portal.search import index_text
from portal.seo import Described
from portal.text import slugify_vi


class Programme(TimeStamped):
    """A programme trainings serve, e.g. the national target programme on poverty reduction."""

    name = models.CharField(_("tên chương trình"), max_length=300, unique=True)
    short_name = models.CharField(
        _("tên ngắn"),
        max_length=120,
        unique=True,
        help_text=_("Dùng trong bộ lọc, biểu đồ và tệp xuất/nhập, ví dụ: “Giảm nghèo bền vững”."),
    )
    period = models.CharField(
        _("giai đoạn"), max_length=40, blank=True, default="", help_text=_("Ví dụ: 2016–2020.")
    )
    description = models.TextField(_("mô tả"), blank=True, default="")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("chương trình")
        verbose_name_plural = _("chương trình")

    def __str__(self):
        return self._with_period(self.short_name)

    @property
    def full_name(self) -> str:
        """The name with its period, unless the name already says it."""
        return self._with_period(self.name)

    def _with_period(self, text: str) -> str:
        if self.period and self.period not in text:
            return f"{text} ({self.period})"
        return text

    def save(self, *args, **kwargs):
        clean_text_fields(self)
        self.short_name = self.short_name or self.name[:120]
        super().save(*args, **kwargs)


class TrainingEventQuerySet(models.QuerySet):
    def public(self):
        """The only way public code gets events."""
        return self.filter(is_public=True)

    def upcoming(self, now=None):
        now = now or timezone.now()
        return (
            self.public()
            .filter(end__gte=now)
            .exclude(status=TrainingEvent.Status.CANCELLED)
            .order_by("start", "pk")
        )

    def past(self, now=None):
        now = now or timezone.now()
        return (
            self.public()
            .filter(models.Q(end__lt=now) | models.Q(status=TrainingEvent.Status.CANCELLED))
            .order_by("-start", "-pk")
        )

    def held(self):
        """Counted in statistics: held, whatever its date says; planned and cancelled are not."""
        return self.public().filter(status=TrainingEvent.Status.HELD)


def default_organiser() -> str:
    return SiteProfile.load().name


class TrainingEvent(Described, RichBody, Authored, TimeStamped):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Dự kiến")
        HELD = "held", _("Đã tổ chức")
        CANCELLED = "cancelled", _("Đã hủy")

    title = models.CharField(_("tên lớp tập huấn"), max_length=255)
    slug = models.SlugField(
        _("đường dẫn"),
        max_length=220,
        unique=True,
        blank=True,
        help_text=_("Tự tạo từ tên (đ thành d) nếu để trống."),
    )
    start = models.DateTimeField(_("bắt đầu"))
    end = models.DateTimeField(_("kết thúc"))
    place = models.CharField(_("địa điểm"), max_length=300)
    organiser = models.CharField(
        _("đơn vị tổ chức"),
        max_length=300,
        blank=True,
        default="",
        help_text=_("Để trống để dùng tên cơ quan trong Thông tin cơ quan."),
    )
    programmes = models.ManyToManyField(
        Programme, verbose_name=_("chương trình"), related_name="events", blank=True
    )
    body = RichTextField(_("mô tả"), blank=True, default="")
    participants_total = models.PositiveIntegerField(
        _("tổng số học viên"), default=0, help_text=_("Số người thực tế tham dự (hoặc dự kiến).")
    )
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    search_title = models.TextField(editable=False, blank=True, default="")
    search_text = models.TextField(editable=False, blank=True, default="")
    is_public = models.BooleanField(
        _("hiện trên cổng"), default=True, help_text=_("Bỏ chọn để chỉ lưu trong sổ theo dõi.")
    )

    objects = TrainingEventQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-pk"]
        verbose_name = _("lớp tập huấn")
        verbose_name_plural = _("lớp tập huấn")
        indexes = [models.Index(fields=["is_public", "start"], name="event_public_start")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:event", kwargs={"slug": self.slug})

    def meta_title(self) -> str:
        return self.title

    def meta_description(self) -> str:
        return _("Tập huấn ngày %(date)s tại %(place)s.") % {
            "date": short_date(self.start),
            "place": self.place,
        }

    def shows_publicly(self) -> bool:
        return self.is_public

    @property
    def is_upcoming(self) -> bool:
        return self.status != self.Status.CANCELLED and self.end >= timezone.now()

    def clean(self):
        super().clean()
        errors = self.body_errors()
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("Thời điểm kết thúc phải sau thời điểm bắt đầu.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        clean_text_fields(self)
        self.organiser = self.organiser or default_organiser()
        if not self.slug:
            self.slug = unique_slug(self, slugify_vi(self.title) or "tap-huan")
        self.search_title = index_text(self.title)
        self.search_text = self._index_text()
        super().save(*args, **kwargs)

    def _index_text(self, speakers=None) -> str:
        if speakers is None:
            speakers = list(self.speakers.values_list("name", flat=True)) if self.pk else []
        body = richtext.to_text(self.body_report.source)
        return index_text(self.title, self.place, body, *speakers)

    def refresh_search_text(self) -> None:
        """After speakers change (they are saved after the event itself)."""
        text = self._index_text()
        TrainingEvent.objects.filter(pk=self.pk).update(search_text=text)
        self.search_text = text


def check_group_counts(total: int, counts) -> str | None:
    """A message when the participant groups' counts add up to more than the total."""
    counted = sum(c for c in counts if c)
    if counted > (total or 0):
        return _(
            "Tổng số học viên của các nhóm (%(groups)s) vượt quá tổng số học viên (%(total)s)."
        ) % {"groups": counted, "total": total or 0}
    return None


class EventSpeaker(models.Model):
    class Role(models.TextChoices):
        OPENED = "opened", _("Phát biểu khai mạc")
        PRESENTED = "presented", _("Báo cáo viên")
        CHAIRED = "chaired", _("Chủ trì")
        CLOSED = "closed", _("Phát biểu bế mạc")
        OTHER = "other", _("Khác")

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="speakers")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("họ tên"), max_length=200)
    position = models.CharField(_("chức vụ"), max_length=300, blank=True, default="")
    organisation = models.CharField(_("cơ quan"), max_length=300, blank=True, default="")
    role = models.CharField(
        _("vai trò"), max_length=12, choices=Role.choices, default=Role.PRESENTED
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("báo cáo viên, đại biểu")
        verbose_name_plural = _("báo cáo viên, đại biểu")

    def __str__(self):
        return self.name


class EventTopic(models.Model):
    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="topics")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    title = models.CharField(_("nội dung"), max_length=500)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("nội dung tập huấn")
        verbose_name_plural = _("nội dung tập huấn")

    def __str__(self):
        return self.title


class ParticipantGroup(models.Model):
    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="groups")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("nhóm học viên"), max_length=300)
    count = models.PositiveIntegerField(_("số người"), null=True, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("nhóm học viên")
        verbose_name_plural = _("nhóm học viên")

    def __str__(self):
        return self.name
