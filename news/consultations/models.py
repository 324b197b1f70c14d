"""Lấy ý kiến dự thảo: drafts put to public consultation, the public's comments, and the report
on what was accepted and explained (báo cáo tiếp thu, giải trình).

A :class:`Consultation` goes through the editorial workflow (portal.Publishable) and is open for
comments between ``opens_at`` and ``closes_at``. Whether it is upcoming, open or closed is never
stored: it is decided at query time (:meth:`ConsultationQuerySet.open_now` and its siblings), so
a consultation closes on the minute, on every page (the page cache never outlives an opening
or a closing moment: hooks.next_change).

A :class:`Comment` is what one person sent: moderated before it appears (``PENDING`` until a
moderator approves or rejects it). Per consultation the agency chooses whether approved
comments are published one by one or only counted (``publication``: individually or in
aggregate). The commenter's e-mail is never public, is masked from staff without
``view_commenter`` and is erased after the retention period (portal/privacy.py); a comment
published with its name keeps the name as the person gave it, nothing else.

The :class:`ConsultationReport` is a rich body with its file, through the workflow of its own
(approved by whoever may publish consultations), shown only once the consultation has closed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.cleaning import clean_text_fields
from portal.fields import RichTextField
from portal.models import (
    Authored,
    Publishable,
    PublishableQuerySet,
    RichBody,
    TimeStamped,
    unique_slug,
)
from portal.richtext import to_text
from portal.search import index_text
from portal.seo import Described
from portal.text import slugify_vi


class Phase(models.TextChoices):
    """Where a consultation stands as of now (computed, never stored)."""

    UPCOMING = "upcoming", _("Sắp lấy ý kiến")
    OPEN = "open", _("Đang lấy ý kiến")
    CLOSED = "closed", _("Đã kết thúc")


class Publication(models.TextChoices):
    """How the agency publishes the comments it approved."""

    EACH = "each", _("Công bố từng ý kiến sau khi kiểm duyệt")
    AGGREGATE = "aggregate", _("Chỉ công bố số lượng và báo cáo tổng hợp")


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Chờ kiểm duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", _("Không duyệt")


class ConsultationQuerySet(PublishableQuerySet):
    def open_now(self, now: datetime | None = None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def upcoming(self, now: datetime | None = None):
        return self.filter(opens_at__gt=now or timezone.now())

    def closed(self, now: datetime | None = None):
        return self.filter(closes_at__lte=now or timezone.now())

    def with_counts(self):
        """``received`` (every comment not rejected, waiting ones included) and ``shown``
        (approved) for each row, in the same query."""
        return self.annotate(
            received=Count("comments", filter=~Q(comments__status=CommentStatus.REJECTED)),
            approved=Count("comments", filter=Q(comments__status=CommentStatus.APPROVED)),
            waiting=Count("comments", filter=Q(comments__status=CommentStatus.PENDING)),
        )

    def next_moment(self, now: datetime):
        """The next opening or closing of a published consultation after ``now``."""
        moments = self.filter(status=Publishable.Status.PUBLISHED).aggregate(
            opens=models.Min("opens_at", filter=Q(opens_at__gt=now)),
            closes=models.Min("closes_at", filter=Q(closes_at__gt=now)),
        )
        times = [moment for moment in moments.values() if moment is not None]
        return min(times) if times else None


class Consultation(Described, Publishable, RichBody, Authored, TimeStamped):
    """A draft document put to the public for comments (dự thảo lấy ý kiến)."""

    Phase = Phase
    Publication = Publication

    title = models.CharField(
        _("tên dự thảo"), max_length=300,
        help_text=_("Ví dụ: Dự thảo Kế hoạch chuyển đổi số dịch vụ công của Sở năm 2026."),
    )  # fmt: skip
    slug = models.SlugField(_("đường dẫn"), max_length=160, unique=True, blank=True)
    summary = models.TextField(
        _("tóm tắt"), help_text=_("Vài câu: dự thảo quy định gì, ai chịu tác động, cần ý kiến gì.")
    )
    drafting_unit = models.CharField(
        _("đơn vị chủ trì soạn thảo"), max_length=200,
        help_text=_("Ví dụ: Phòng Bưu chính, Viễn thông và Công nghệ thông tin."),
    )  # fmt: skip
    opens_at = models.DateTimeField(
        _("bắt đầu nhận ý kiến"), help_text=_("Từ thời điểm này, người dân gửi được góp ý.")
    )
    closes_at = models.DateTimeField(
        _("kết thúc nhận ý kiến"),
        help_text=_("Sau thời điểm này, cổng không nhận thêm góp ý; trang dự thảo vẫn đọc được."),
    )
    contact = models.TextField(
        _("đầu mối liên hệ"), blank=True, default="",
        help_text=_("Người, phòng, điện thoại, thư điện tử công vụ để hỏi về dự thảo."),
    )  # fmt: skip
    publication = models.CharField(
        _("cách công bố ý kiến"), max_length=10, choices=Publication.choices,
        default=Publication.EACH,
        help_text=_("Công bố từng ý kiến đã duyệt, hoặc chỉ số lượng và báo cáo tổng hợp."),
    )  # fmt: skip
    body = RichTextField(
        _("nội dung, thuyết minh"), blank=True, default="",
        help_text=_("Không bắt buộc: nội dung chính hoặc thuyết minh dự thảo; tệp dự thảo đính "
                    "kèm bên dưới."),
    )  # fmt: skip
    search_title = models.TextField(editable=False, blank=True, default="")
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("dự thảo lấy ý kiến")
        verbose_name_plural = _("dự thảo lấy ý kiến")
        permissions = [("publish_consultation", _("Được duyệt và xuất bản dự thảo lấy ý kiến"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="consultation_closes_later"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="consultation_visible"),
            models.Index(fields=["opens_at", "closes_at"], name="consultation_window"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:consultation", kwargs={"slug": self.slug})

    def get_comment_url(self):
        return reverse("news:consultation_comment", kwargs={"slug": self.slug})

    meta_kind = "article"

    def meta_description(self) -> str:
        return self.summary

    def phase(self, now: datetime | None = None) -> str:
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return Phase.UPCOMING
        if self.closes_at and now >= self.closes_at:
            return Phase.CLOSED
        return Phase.OPEN

    def phase_label(self) -> str:
        return str(Phase(self.phase()).label)

    @property
    def is_open(self) -> bool:
        return self.phase() == Phase.OPEN

    @property
    def is_closed(self) -> bool:
        return self.phase() == Phase.CLOSED

    @property
    def closes_shown(self) -> str:
        """The closing moment as people read it: "17:00 31/03/2026"; a closing at midnight is
        the end of the day before, "24:00 ngày 27/12/2026" (not 00:00 of the next day)."""
        local = timezone.localtime(self.closes_at)
        if (local.hour, local.minute, local.second) == (0, 0, 0):
            day = local.date() - timedelta(days=1)
            return _("24:00 ngày %(day)s") % {"day": f"{day:%d/%m/%Y}"}
        return f"{local:%H:%M %d/%m/%Y}"

    @property
    def publishes_each(self) -> bool:
        return self.publication == Publication.EACH

    def publication_locked(self) -> bool:
        """Whether how comments are published is settled: once anyone has commented, they
        commented on the promise the form made (each published, or only counted)."""
        return bool(self.pk) and self.comments.exists()

    def clean(self):
        super().clean()
        errors = self.body_errors()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("Thời điểm kết thúc phải sau thời điểm bắt đầu nhận ý kiến.")
        if self.pk:
            saved = type(self)._base_manager.filter(pk=self.pk).values_list("publication")
            before = next(iter(saved), (self.publication,))[0]
            if before != self.publication and self.publication_locked():
                errors["publication"] = _(
                    "Dự thảo đã có ý kiến góp ý, gửi theo cách công bố “%(shown)s” mà trang góp "
                    "ý đã báo cho người góp ý; không đổi được cách công bố nữa."
                ) % {"shown": Publication(before).label}
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        clean_text_fields(self)
        if not self.slug:
            self.slug = unique_slug(self, slugify_vi(self.title)[:150] or "du-thao")
        self.prepare_publication()
        report = self.body_report
        self.search_title = index_text(self.title)
        self.search_text = index_text(
            self.title, self.summary, self.drafting_unit, to_text(report.source)
        )
        super().save(*args, **kwargs)


class CommentQuerySet(models.QuerySet):
    def shown(self):
        """The only way public code gets comments one by one: approved, on a published
        consultation that publishes each comment."""
        return self.filter(
            status=CommentStatus.APPROVED,
            consultation__publication=Publication.EACH,
            consultation__in=Consultation.objects.published(),
        )

    def public_names(self):
        """Comments whose name (and organisation) is public: approved on a consultation that
        publishes each comment. Only those keep the name once the contact data is erased."""
        return self.filter(
            status=CommentStatus.APPROVED, consultation__publication=Publication.EACH
        )

    def matching_email(self, email: str):
        email = (email or "").strip()
        return self.filter(email__iexact=email) if email else self.none()


class Comment(TimeStamped):
    """One person's comment on a draft, as they sent it (plain text, shown escaped)."""

    Status = CommentStatus

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("dự thảo"), on_delete=models.CASCADE,
        related_name="comments",
    )  # fmt: skip
    name = models.CharField(_("họ tên"), max_length=100)
    organisation = models.CharField(_("cơ quan, tổ chức"), max_length=200, blank=True, default="")
    email = models.EmailField(_("thư điện tử"), max_length=254, blank=True, default="")
    reference = models.CharField(
        _("điều, khoản góp ý"), max_length=200, blank=True, default="",
        help_text=_("Phần của dự thảo mà ý kiến nói tới, nếu người góp ý ghi."),
    )  # fmt: skip
    text = models.TextField(_("nội dung góp ý"))
    status = models.CharField(
        _("kiểm duyệt"), max_length=10, choices=CommentStatus.choices,
        default=CommentStatus.PENDING, db_index=True,
    )  # fmt: skip
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người kiểm duyệt"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )  # fmt: skip
    moderated_at = models.DateTimeField(_("kiểm duyệt lúc"), null=True, blank=True, editable=False)
    consent_at = models.DateTimeField(_("đồng ý xử lý dữ liệu lúc"), null=True, editable=False)
    erased_at = models.DateTimeField(
        _("đã xóa thông tin liên hệ lúc"), null=True, blank=True, editable=False
    )
    # Abuse checks: the sender's address (keyed hash) and the comment's fingerprint.
    address_key = models.CharField(max_length=32, blank=True, default="", editable=False)
    fingerprint = models.CharField(max_length=64, blank=True, default="", editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("ý kiến góp ý")
        verbose_name_plural = _("ý kiến góp ý")
        permissions = [
            ("moderate_comment", _("Được duyệt hoặc không duyệt ý kiến góp ý")),
            ("view_commenter", _("Được xem đầy đủ thư điện tử của người góp ý")),
        ]
        constraints = [
            # The same person's same comment on one draft is kept once, even when two posts race.
            models.UniqueConstraint(
                fields=["consultation", "fingerprint"], condition=~Q(fingerprint=""),
                name="one_comment_per_fingerprint",
            ),
        ]  # fmt: skip
        indexes = [models.Index(fields=["consultation", "status"], name="comment_status")]

    def __str__(self):
        words = " ".join(self.text.split())
        start = words if len(words) <= 60 else words[:58].rsplit(" ", 1)[0] + "…"
        return f"{self.name or _('(đã xóa)')}: {start}"

    @property
    def is_name_public(self) -> bool:
        return (
            self.status == CommentStatus.APPROVED
            and self.consultation.publication == Publication.EACH
        )


class ReportQuerySet(PublishableQuerySet):
    def shown(self, now: datetime | None = None):
        """Reports the public sees: approved, of a published consultation that has closed."""
        now = now or timezone.now()
        return self.published().filter(
            consultation__in=Consultation.objects.published(), consultation__closes_at__lte=now
        )


class ConsultationReport(Publishable, RichBody, Authored, TimeStamped):
    """Báo cáo tiếp thu, giải trình: what the drafting unit accepted and why it did not accept
    the rest, with the signed report as a file. Public once approved and the consultation has
    closed."""

    consultation = models.OneToOneField(
        Consultation, verbose_name=_("dự thảo"), on_delete=models.CASCADE, related_name="report"
    )
    body = RichTextField(
        _("nội dung tiếp thu, giải trình"),
        help_text=_("Tóm tắt ý kiến đã nhận, những ý kiến được tiếp thu và giải trình những ý "
                    "kiến không tiếp thu. Tệp báo cáo đính kèm bên dưới."),
    )  # fmt: skip
    accepted = models.PositiveIntegerField(
        _("số ý kiến được tiếp thu"), null=True, blank=True,
        help_text=_("Không bắt buộc; hiện cùng báo cáo."),
    )  # fmt: skip
    explained = models.PositiveIntegerField(
        _("số ý kiến được giải trình"), null=True, blank=True,
        help_text=_("Ý kiến không tiếp thu, có giải trình lý do. Không bắt buộc."),
    )  # fmt: skip

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-consultation__closes_at", "-pk"]
        verbose_name = _("báo cáo tiếp thu, giải trình")
        verbose_name_plural = _("báo cáo tiếp thu, giải trình")
        indexes = [models.Index(fields=["status", "publish_at"], name="report_visible")]

    def __str__(self):
        title = self.consultation.title if self.consultation_id else ""
        return _("Báo cáo tiếp thu, giải trình: %(title)s") % {"title": title}

    def get_absolute_url(self):
        return self.consultation.get_absolute_url() + "#bao-cao"

    @property
    def is_public(self) -> bool:
        """Also what decides whether its file may be downloaded (portal.Attachment)."""
        return super().is_public and self.consultation.is_public and self.consultation.is_closed

    def clean(self):
        super().clean()
        errors = self.body_errors()
        if not self.attachments:
            errors["attachments"] = _("Hãy đính kèm tệp báo cáo tiếp thu, giải trình.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        clean_text_fields(self)
        self.prepare_publication()
        super().save(*args, **kwargs)


__all__ = [
    "Comment", "CommentStatus", "Consultation", "ConsultationQuerySet", "ConsultationReport",
    "Phase", "Publication",
]  # fmt: skip
