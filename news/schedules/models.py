"""Lịch công tác and lịch tiếp công dân: one week of a schedule, and its items.

A :class:`ScheduleWeek` is one week (Monday to Sunday, ISO 8601, local time) of one schedule:
the leadership's weekly work schedule (lịch công tác tuần của lãnh đạo) or the citizen-reception
schedule (lịch tiếp công dân, Luật Tiếp công dân 2013: who receives, when, where). It goes
through the editorial workflow (portal.Publishable): prepared as a draft, published by whoever
may publish schedules, and then visible on the portal and in the iCalendar feed.

A :class:`ScheduleItem` is one line of the week: a day, a start time (required) and an end time
(optional, after the start, the same day), who (an official of the agency, a unit, and/or a free
text for hosts outside the agency), what, where, the participants (thành phần), the host (chủ
trì) and the preparing unit (chuẩn bị). Once its week is on the site, every change to an item is
marked for readers (``changed_at``: "Điều chỉnh lúc…", ``added_late``: "Bổ sung"), and an
item is called off by its ``state`` (Hoãn, Hủy), never silently removed: it stays on the page,
struck through, and the iCalendar feed sends it as STATUS:CANCELLED with a higher SEQUENCE.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.dates import WEEKDAYS, short_datetime
from portal.models import Authored, Publishable, PublishableQuerySet, TimeStamped
from portal.search import index_text

from ..agency.models import Official, Unit
from .weeks import Week

# Times of items are local times of the agency: Asia/Ho_Chi_Minh.
LOCAL = ZoneInfo(settings.TIME_ZONE)


class Kind(models.TextChoices):
    WORK = "work", _("Lịch công tác của lãnh đạo")
    RECEPTION = "reception", _("Lịch tiếp công dân")


# Each schedule's public addresses (news/schedules/urls.py) and page titles.
URL_PREFIX = {Kind.WORK: "work_schedule", Kind.RECEPTION: "reception_schedule"}
PATH = {Kind.WORK: "lich-cong-tac", Kind.RECEPTION: "lich-tiep-cong-dan"}
TITLE = {
    Kind.WORK: _("Lịch công tác tuần của lãnh đạo Sở"),
    Kind.RECEPTION: _("Lịch tiếp công dân"),
}
SHORT_TITLE = {Kind.WORK: _("Lịch công tác"), Kind.RECEPTION: _("Lịch tiếp công dân")}


class State(models.TextChoices):
    SCHEDULED = "scheduled", _("Theo lịch")
    POSTPONED = "postponed", _("Hoãn")
    CANCELLED = "cancelled", _("Hủy")


class ScheduleWeekQuerySet(PublishableQuerySet):
    def of_kind(self, kind: str):
        return self.filter(kind=kind)


class ScheduleWeek(Publishable, Authored, TimeStamped):
    """One week of one schedule."""

    Kind = Kind

    kind = models.CharField(_("lịch"), max_length=12, choices=Kind.choices, default=Kind.WORK)
    starts_on = models.DateField(
        _("tuần"),
        help_text=_(
            "Chọn một ngày bất kỳ trong tuần: lịch được lưu từ thứ Hai đến Chủ nhật của tuần đó."
        ),
    )
    note = models.TextField(
        _("ghi chú của lịch"), blank=True, default="",
        help_text=_("Hiện trên đầu lịch, ví dụ: “Lịch có thể thay đổi; Văn phòng Sở sẽ thông "
                    "báo điều chỉnh trên Cổng.”"),
    )  # fmt: skip

    objects = ScheduleWeekQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "kind"]
        verbose_name = _("lịch tuần")
        verbose_name_plural = _("lịch tuần (công tác, tiếp công dân)")
        permissions = [
            ("publish_schedule", _("Được duyệt và xuất bản lịch công tác, lịch tiếp công dân"))
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "starts_on"], name="one_schedule_week_per_kind",
                violation_error_message=_("Lịch này đã có tuần đó: mở tuần đã có để sửa."),
            ),
        ]  # fmt: skip

    def __str__(self):
        if self.starts_on is None:
            return str(self.get_kind_display())
        week = self.week
        return _("%(kind)s, tuần %(number)d/%(year)d (%(start)s–%(end)s)") % {
            "kind": self.get_kind_display(), "number": week.number, "year": week.year,
            "start": f"{week.monday:%d/%m}", "end": f"{week.sunday:%d/%m/%Y}",
        }  # fmt: skip

    @property
    def week(self) -> Week:
        return Week.of(self.starts_on)

    def get_absolute_url(self):
        week = self.week
        return reverse(
            f"news:{URL_PREFIX[self.kind]}_week", kwargs={"year": week.year, "week": week.number}
        )

    def clean(self):
        super().clean()
        if self.starts_on:
            self.starts_on = Week.of(self.starts_on).monday

    def save(self, *args, **kwargs):
        if self.starts_on:
            self.starts_on = Week.of(self.starts_on).monday
        self.prepare_publication()
        super().save(*args, **kwargs)


class ScheduleItemQuerySet(models.QuerySet):
    def public(self, kind: str | None = None):
        """Items of weeks on the site now (published, due, not taken down)."""
        now = timezone.now()
        items = self.filter(
            week__status=Publishable.Status.PUBLISHED, week__publish_at__lte=now
        ).filter(Q(week__unpublish_at__isnull=True) | Q(week__unpublish_at__gt=now))
        return items.filter(week__kind=kind) if kind else items

    def for_display(self):
        return self.select_related("official__position", "unit")


# What readers see of an item: a change to any of these, once the week is on the site, is
# marked on the page and raises the iCalendar SEQUENCE.
SHOWN_FIELDS = (
    "date", "start_time", "end_time", "official_id", "unit_id", "person", "content", "place",
    "participants", "host", "preparing", "state",
)  # fmt: skip


class ScheduleItem(TimeStamped):
    """One line of a week's schedule."""

    State = State

    week = models.ForeignKey(
        ScheduleWeek, verbose_name=_("tuần"), on_delete=models.CASCADE, related_name="items"
    )
    date = models.DateField(_("ngày"))
    start_time = models.TimeField(
        _("từ giờ"),
        error_messages={
            "null": _("Hãy nhập giờ bắt đầu, ví dụ 08:00."),
            "blank": _("Hãy nhập giờ bắt đầu, ví dụ 08:00."),
        },
    )
    end_time = models.TimeField(
        _("đến giờ"), null=True, blank=True, help_text=_("Không bắt buộc; phải sau giờ bắt đầu.")
    )
    official = models.ForeignKey(
        Official, verbose_name=_("lãnh đạo, cán bộ"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="schedule_items",
        help_text=_("Lãnh đạo dự, chủ trì; với lịch tiếp công dân: người tiếp."),
    )  # fmt: skip
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="schedule_items",
    )  # fmt: skip
    person = models.CharField(
        _("người, đơn vị khác"), max_length=200, blank=True, default="",
        help_text=_("Khi không có trong danh sách cán bộ, đơn vị: ví dụ “Thanh tra tỉnh”."),
    )  # fmt: skip
    content = models.TextField(
        _("nội dung"), blank=True, default="",
        help_text=_("Việc gì: họp, làm việc, dự hội nghị…; với lịch tiếp công dân có thể để "
                    "trống (“Tiếp công dân định kỳ”)."),
    )  # fmt: skip
    place = models.CharField(_("địa điểm"), max_length=300, blank=True, default="")
    participants = models.TextField(_("thành phần"), blank=True, default="")
    host = models.CharField(_("chủ trì"), max_length=200, blank=True, default="")
    preparing = models.CharField(_("chuẩn bị"), max_length=200, blank=True, default="")
    state = models.CharField(
        _("tình trạng"), max_length=12, choices=State.choices, default=State.SCHEDULED,
        help_text=_("Khi lịch đã công bố: chọn Hoãn hoặc Hủy thay vì xoá, để người xem biết."),
    )  # fmt: skip
    # Marks for readers, set on save (never typed): a change after the week went on the site.
    changed_at = models.DateTimeField(_("điều chỉnh lúc"), null=True, blank=True, editable=False)
    added_late = models.BooleanField(_("bổ sung sau khi công bố"), default=False, editable=False)
    sequence = models.PositiveIntegerField(_("số lần sửa"), default=0, editable=False)
    search_text = models.TextField(editable=False, blank=True, default="")
    search_title = models.TextField(editable=False, blank=True, default="")

    objects = ScheduleItemQuerySet.as_manager()

    class Meta:
        ordering = ["date", "start_time", "pk"]
        verbose_name = _("mục lịch")
        verbose_name_plural = _("các mục trong tuần")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(end_time__gt=F("start_time")),
                name="schedule_item_ends_after_start",
                violation_error_message=_("Giờ kết thúc phải sau giờ bắt đầu."),
            ),
        ]
        indexes = [models.Index(fields=["week", "date", "start_time"], name="schedule_item_day")]

    def __str__(self):
        when = (
            f"{self.date:%d/%m/%Y} {self.start_time:%H:%M}" if self.date and self.start_time else ""
        )
        return f"{when} {self.content or self.who}".strip()

    # What the pages show

    @property
    def weekday(self) -> str:
        return str(WEEKDAYS[self.date.weekday()])

    @property
    def who(self) -> str:
        """The official (name, position), the unit and/or the free text, as one line."""
        parts = []
        if self.official_id:
            parts.append(f"{self.official.name}, {self.official.position.name}")
        if self.unit_id:
            parts.append(self.unit.name)
        if self.person:
            parts.append(self.person)
        return "; ".join(parts)

    @property
    def shown_content(self) -> str:
        if self.content:
            return self.content
        return str(_("Tiếp công dân định kỳ")) if self.week.kind == Kind.RECEPTION else ""

    @property
    def is_called_off(self) -> bool:
        return self.state != State.SCHEDULED

    @property
    def anchor(self) -> str:
        return f"lich-{self.pk}"

    def starts_at(self) -> datetime:
        """The start as an aware datetime in the agency's time zone (settings.TIME_ZONE)."""
        return datetime.combine(self.date, self.start_time, tzinfo=LOCAL)

    def ends_at(self) -> datetime | None:
        if self.end_time is None:
            return None
        return datetime.combine(self.date, self.end_time, tzinfo=LOCAL)

    @property
    def mark(self) -> str:
        """What the public page says of an item called off or changed after publication:
        "Hoãn", "Hủy", "Bổ sung", "Điều chỉnh", or ""."""
        if self.state != State.SCHEDULED:
            return str(self.get_state_display())
        if self.changed_at and self.added_late:
            return str(_("Bổ sung"))
        if self.changed_at:
            return str(_("Điều chỉnh"))
        return ""

    def change_note(self) -> str:
        """ "Điều chỉnh lúc 10/02/2026 14:20" and the like, or "" (for the feed and the
        admin)."""
        if not self.mark:
            return ""
        if not self.changed_at:
            return self.mark
        return str(
            _("%(mark)s lúc %(time)s")
            % {"mark": self.mark, "time": short_datetime(self.changed_at)}
        )

    # Rules

    def clean(self):
        super().clean()
        errors = {}
        try:
            week = self.week  # on the admin's add page, the week being added (not saved yet)
        except ScheduleWeek.DoesNotExist:
            week = None
        if self.date and week is not None and week.starts_on:
            span = Week.of(week.starts_on)
            if not span.contains(self.date):
                errors["date"] = _(
                    "Ngày %(day)s không thuộc tuần này (%(start)s–%(end)s)."
                ) % {"day": f"{self.date:%d/%m/%Y}", "start": f"{span.monday:%d/%m}",
                     "end": f"{span.sunday:%d/%m/%Y}"}  # fmt: skip
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("Giờ kết thúc (%(end)s) phải sau giờ bắt đầu (%(start)s).") % {
                "end": f"{self.end_time:%H:%M}",
                "start": f"{self.start_time:%H:%M}",
            }
        if not (self.official_id or self.unit_id or self.person.strip()):
            errors["person"] = _(
                "Hãy chọn lãnh đạo (cán bộ) hoặc đơn vị, hoặc ghi tên người, đơn vị thực hiện."
            )
        if week is not None and week.kind == Kind.WORK and not self.content.strip():
            errors["content"] = _("Hãy ghi nội dung công việc.")
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            exclude = {*(exclude or ()), "end_time"}  # clean() said it, with the times
        super().validate_constraints(exclude)

    def save(self, *args, **kwargs):
        self._mark_changes()
        self.search_title = index_text(self.content)
        names = []
        if self.official_id:
            names.append(self.official.name)
        if self.unit_id:
            names.append(self.unit.name)
        self.search_text = index_text(
            self.content, self.person, *names, self.place, self.participants, self.host,
            self.preparing,
        )  # fmt: skip
        super().save(*args, **kwargs)

    def _mark_changes(self) -> None:
        """Mark what readers must notice: a change (or a new item) in a week already on the
        site. The admin says whether the week was on the site before this save
        (``_after_publication``: a week published together with its first items marks
        nothing); elsewhere the week's state decides."""
        after = self.__dict__.pop("_after_publication", None)  # for this save only
        if after is None:
            after = self.week.is_public
        previous = None
        if self.pk is not None:
            previous = type(self)._base_manager.filter(pk=self.pk).values(*SHOWN_FIELDS).first()
        if previous is None:
            if after:
                self.added_late = True
                self.changed_at = timezone.now()
            return
        if any(previous[name] != getattr(self, name) for name in SHOWN_FIELDS):
            self.sequence += 1
            if after:
                self.changed_at = timezone.now()


def copy_week(source: ScheduleWeek, target_monday: date, user=None) -> tuple[ScheduleWeek, int]:
    """Copy ``source``'s items (those not called off) into the week starting on
    ``target_monday`` of the same schedule, each day shifted by the weeks between them, as a
    draft: the target week is created as a draft when it does not exist. Refused (ValueError
    with the reason) when the target is on the site or already has items."""
    target, created = ScheduleWeek.objects.get_or_create(
        kind=source.kind, starts_on=target_monday,
        defaults={"note": source.note, "created_by": user, "updated_by": user},
    )  # fmt: skip
    if not created:
        if target.shows_publicly():
            raise ValueError(
                _("%(week)s đã xuất bản: thêm từng mục trên trang của tuần đó.") % {"week": target}
            )
        if target.items.exists():
            raise ValueError(
                _("%(week)s đã có lịch: không chép đè. Xoá các mục cũ trước nếu muốn chép lại.")
                % {"week": target}
            )
    shift = timedelta(days=(target_monday - source.starts_on).days)
    count = 0
    for item in source.items.filter(state=State.SCHEDULED).order_by("date", "start_time", "pk"):
        copy = ScheduleItem(
            week=target, date=item.date + shift, start_time=item.start_time,
            end_time=item.end_time, official_id=item.official_id, unit_id=item.unit_id,
            person=item.person, content=item.content, place=item.place,
            participants=item.participants, host=item.host, preparing=item.preparing,
        )  # fmt: skip
        copy._after_publication = False
        copy.save()
        count += 1
    return target, count
