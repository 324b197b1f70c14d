"""Hỏi đáp: citizens' questions, from the ask form to a published (or private) answer.

A question is received with a tracking code (``HD-2026-00123``), assigned to a unit or person,
answered (rich text, with files), approved by a leader and then published in the public Q&A
or sent to the asker alone; or closed as out of scope, a duplicate or spam, with a reason.
The asker's contact data is never public, is masked from staff without ``view_contact`` and is
erased after the retention period (portal/privacy.py); what was published stays.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.dates import add_working_days, working_days_between
from portal.fields import RichTextField
from portal.models import RichBody, TimeStamped, unique_slug
from portal.richtext import to_text
from portal.search import index_text
from portal.text import slugify_vi


class Topic(TimeStamped):
    """A field the questions are about (lĩnh vực hỏi đáp), in the public filter's order."""

    name = models.CharField(_("tên lĩnh vực"), max_length=150, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=160, unique=True, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("lĩnh vực hỏi đáp")
        verbose_name_plural = _("lĩnh vực hỏi đáp")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, slugify_vi(self.name) or "linh-vuc")
        super().save(*args, **kwargs)


class NameShown(models.TextChoices):
    FULL = "full", _("Họ tên đầy đủ")
    INITIALS = "initials", _("Chỉ chữ cái đầu (ví dụ N.V.A.)")
    ANONYMOUS = "anonymous", _("Ẩn danh")


class Status(models.TextChoices):
    RECEIVED = "received", _("Mới nhận")
    ASSIGNED = "assigned", _("Đang xử lý")
    DRAFTED = "drafted", _("Chờ duyệt trả lời")
    PUBLISHED = "published", _("Đã trả lời công khai")
    ANSWERED = "answered", _("Đã trả lời riêng")
    CLOSED = "closed", _("Đã đóng")


OPEN = (Status.RECEIVED, Status.ASSIGNED, Status.DRAFTED)
ANSWERED = (Status.PUBLISHED, Status.ANSWERED)


class CloseReason(models.TextChoices):
    OUT_OF_SCOPE = "out_of_scope", _("Không thuộc thẩm quyền")
    DUPLICATE = "duplicate", _("Trùng câu hỏi đã có")
    SPAM = "spam", _("Thư rác, nội dung không phù hợp")


def shown_name(name: str, choice: str) -> str:
    """The asker's name as they chose to show it: "Nguyễn Văn An", "N.V.A." or ""."""
    name = " ".join(name.split())
    if choice == NameShown.FULL:
        return name
    if choice == NameShown.INITIALS:
        return "".join(f"{word[0].upper()}." for word in name.split())
    return ""


class AlreadyAsked(Exception):
    """The same person's same question is already kept (two posts of one double tap)."""

    def __init__(self, question):
        super().__init__(question.code)
        self.question = question


class QuestionQuerySet(models.QuerySet):
    def published(self):
        """The only way public code gets questions: answered in public."""
        return self.filter(status=Status.PUBLISHED, answered_at__isnull=False)

    def open(self):
        return self.filter(status__in=OPEN)

    def overdue(self, today: date | None = None):
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def matching_contact(self, email: str, phone: str):
        """Questions sent with this e-mail or this phone (both compared as normalised)."""
        condition = models.Q(pk=None)
        if email:
            condition |= models.Q(email__iexact=email.strip())
        if phone:
            condition |= models.Q(phone=phone)
        return self.filter(condition)


class Question(RichBody, TimeStamped):
    """One citizen's question and the agency's answer (``body``, rich text with files)."""

    Status = Status

    code = models.CharField(_("mã tra cứu"), max_length=20, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(editable=False)
    number = models.PositiveIntegerField(editable=False)
    # The asker, as they wrote it (never public; erased after the retention period).
    asker_name = models.CharField(_("họ tên người hỏi"), max_length=100)
    email = models.EmailField(_("thư điện tử"), max_length=254, blank=True, default="")
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True, default="")
    address = models.CharField(_("địa chỉ"), max_length=250, blank=True, default="")
    name_shown = models.CharField(
        _("hiện tên khi công bố"), max_length=10, choices=NameShown.choices,
        default=NameShown.INITIALS,
    )  # fmt: skip
    shown_name = models.CharField(_("tên hiện công khai"), max_length=100, blank=True, default="")
    consent_at = models.DateTimeField(_("đồng ý xử lý dữ liệu lúc"), null=True, editable=False)
    erased_at = models.DateTimeField(
        _("đã xóa thông tin liên hệ lúc"), null=True, blank=True, editable=False
    )
    # The question.
    topic = models.ForeignKey(
        Topic, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="questions"
    )
    title = models.CharField(_("tiêu đề câu hỏi"), max_length=200)
    question = models.TextField(
        _("nội dung câu hỏi"),
        help_text=_("Khi công bố, hãy bỏ những chi tiết riêng tư người hỏi lỡ viết vào."),
    )
    slug = models.SlugField(max_length=120, blank=True, default="", editable=False)
    # Handling.
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.RECEIVED,
        db_index=True, editable=False,
    )  # fmt: skip
    unit = models.CharField(
        _("đơn vị xử lý"), max_length=200, blank=True, default="",
        help_text=_("Phòng, đơn vị được giao trả lời."),
    )  # fmt: skip
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người xử lý"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    due_on = models.DateField(_("hạn trả lời"), editable=False)
    body = RichTextField(
        _("nội dung trả lời"), blank=True, default="",
        help_text=_("Có thể dẫn văn bản (chèn liên kết tới trang văn bản) và đính kèm tệp."),
    )  # fmt: skip
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người soạn trả lời"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+", editable=False,
    )  # fmt: skip
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người duyệt"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )  # fmt: skip
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True, editable=False)
    settled_at = models.DateTimeField(
        _("kết thúc xử lý lúc"), null=True, blank=True, editable=False
    )
    review_note = models.TextField(_("ghi chú của người duyệt"), blank=True, default="",
                                   editable=False)  # fmt: skip
    close_reason = models.CharField(
        _("lý do đóng"), max_length=12, choices=CloseReason.choices, blank=True, default="",
        editable=False,
    )  # fmt: skip
    close_note = models.TextField(_("giải thích"), blank=True, default="", editable=False)
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("trùng với"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="duplicates", editable=False,
    )  # fmt: skip
    # Which answer the asker was e-mailed (a digest of its text) and when: the same answer is
    # sent once, again only when its text changed.
    answer_sent_digest = models.CharField(max_length=64, blank=True, default="", editable=False)
    answer_sent_at = models.DateTimeField(
        _("đã gửi câu trả lời lúc"), null=True, blank=True, editable=False
    )
    # Abuse checks: the sender's address (keyed hash) and the text's fingerprint.
    address_key = models.CharField(max_length=32, blank=True, default="", editable=False)
    fingerprint = models.CharField(max_length=64, blank=True, default="", editable=False,
                                   db_index=True)  # fmt: skip
    search_text = models.TextField(editable=False, blank=True, default="")
    search_title = models.TextField(editable=False, blank=True, default="")

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        permissions = [
            ("approve_answer", _("Được duyệt câu trả lời (công bố hoặc gửi riêng)")),
            ("view_contact", _("Được xem đầy đủ thông tin liên hệ của người hỏi")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="one_question_number"),
            # The same question from the same contact is open once, even when the posts of a
            # double tap race each other past the form's check (Question.receive answers
            # with the one kept).
            models.UniqueConstraint(
                "fingerprint", Lower("email"), "phone", name="one_open_question_per_asker",
                condition=Q(status__in=OPEN) & ~Q(fingerprint=""),
            ),
        ]  # fmt: skip
        indexes = [models.Index(fields=["status", "-answered_at"], name="question_public")]

    def __str__(self):
        return f"{self.code} {self.title}" if self.code else self.title

    def get_absolute_url(self):
        return reverse("news:question", kwargs={"slug": self.slug, "pk": self.pk})

    @classmethod
    def from_db(cls, db, field_names, values):
        question = super().from_db(db, field_names, values)
        question.loaded_status = question.__dict__.get("status")
        return question

    loaded_status = None  # the status as loaded: a public question's changes clear the caches

    # The steps of handling (portal/admin of the kind calls them; each is saved by the caller)

    def assign(self, *, unit: str = "", assignee=None) -> None:
        self.unit, self.assignee = unit, assignee
        if self.status == Status.RECEIVED and (unit or assignee):
            self.status = Status.ASSIGNED

    def submit_answer(self, user) -> None:
        self.status, self.answered_by, self.review_note = Status.DRAFTED, user, ""

    def return_answer(self, note: str) -> None:
        self.status, self.review_note = Status.ASSIGNED, note

    def approve(self, user, *, public: bool) -> None:
        now = timezone.now()
        self.status = Status.PUBLISHED if public else Status.ANSWERED
        self.approved_by, self.answered_at, self.settled_at = user, now, now
        self.review_note = ""
        if self.answered_by_id is None:
            self.answered_by = user

    def withdraw(self) -> None:
        """Take a published answer off the site (it stays with the asker, as answered)."""
        self.status = Status.ANSWERED

    def close(self, reason: str, note: str, duplicate_of: Question | None = None) -> None:
        self.status, self.close_reason, self.close_note = Status.CLOSED, reason, note
        self.duplicate_of = duplicate_of
        self.settled_at = timezone.now()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED and self.answered_at is not None

    def shows_publicly(self) -> bool:
        return self.is_public

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()

    def days_waiting(self, today: date | None = None) -> int:
        """Working days since it was received, until it was settled (or today)."""
        received = timezone.localdate(self.created) if self.created else timezone.localdate()
        end = timezone.localdate(self.settled_at) if self.settled_at else today
        return working_days_between(received, end or timezone.localdate())

    @property
    def answer_source(self) -> Question:
        """The question whose answer this one's asker gets: itself, or what it duplicates."""
        if self.status == Status.CLOSED and self.duplicate_of_id:
            return self.duplicate_of
        return self

    @property
    def readable_answer(self) -> Question | None:
        """The question whose answer this asker may read in the lookup: their own once answered
        (in public or privately), or the one theirs was merged into while that one is public
        (a private answer is one person's alone); None while there is none."""
        source = self.answer_source
        if source.pk == self.pk:
            return self if self.status in ANSWERED else None
        return source if source.is_public else None

    def may_merge_into(self) -> bool:
        """Duplicates are merged only into a question still open or answered in public: a
        private answer is one person's alone, and a closed question gets no answer."""
        return self.is_open or self.status == Status.PUBLISHED

    def save(self, *args, **kwargs):
        if not self.erased_at:
            self.shown_name = shown_name(self.asker_name, self.name_shown)
        if not self.slug:
            self.slug = slugify_vi(self.title)[:100].strip("-") or "cau-hoi"
        self.search_title = index_text(self.title)
        self.search_text = index_text(self.title, self.question, to_text(self.body_report.source))
        super().save(*args, **kwargs)

    @classmethod
    def receive(cls, **values) -> Question:
        """Store a new question with the next tracking code of the year and its due date."""
        now = timezone.now()
        today = timezone.localdate(now)
        for _attempt in range(5):
            last = cls.objects.filter(year=today.year).aggregate(n=models.Max("number"))["n"]
            number = (last or 0) + 1
            question = cls(
                year=today.year, number=number, code=f"HD-{today.year}-{number:05d}",
                due_on=add_working_days(today, settings.QUESTION_ANSWER_DAYS),
                consent_at=now, **values,
            )  # fmt: skip
            try:
                with transaction.atomic():
                    question.save()
                return question
            except IntegrityError:
                twin = question.open_twin()
                if twin is not None:
                    raise AlreadyAsked(twin) from None
                continue  # another question took the number meanwhile
        raise IntegrityError("no free question number")

    def open_twin(self) -> Question | None:
        """The open question with this one's text from this one's contact, already kept."""
        if not self.fingerprint:
            return None
        twins = Question.objects.open().filter(
            fingerprint=self.fingerprint, email__iexact=self.email, phone=self.phone
        )
        return twins.exclude(pk=self.pk).first() if self.pk else twins.first()

    def erase_contact(self) -> None:
        self.asker_name = self.email = self.phone = self.address = ""
        self.address_key = ""
        self.erased_at = timezone.now()
        self.save(update_fields=["asker_name", "email", "phone", "address", "address_key",
                                 "erased_at", "updated"])  # fmt: skip
