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
marked for readers (``changed_at``: "Điều chỉnh thời gian, địa điểm lúc…" with the parts that
changed in ``changed_parts``; ``added_late``: "Bổ sung"), and an
item is called off by its ``state`` (Hoãn, Hủy), never silently removed: it stays on the page,
struck through, and the iCalendar feed sends it as STATUS:CANCELLED with a higher SEQUENCE.
"""

from __future__ import annotations

from dataclasses import dataclass
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

    # Fixed once there is something to lose: moving a week with items (or one readers have
    # seen) would leave its items dated in the old week, shown on neither page.

    def stored(self) -> ScheduleWeek | None:
        """The week as saved (None for a new one)."""
        if self.pk is None:
            return None
        return type(self)._base_manager.filter(pk=self.pk).first()

    def is_fixed(self, stored: ScheduleWeek | None = None) -> bool:
        """Whether the week (its Monday) and the schedule (kind) can no longer change: the
        saved week has items or is published (on the site, due, or once was and taken off
        by its end time)."""
        stored = stored if stored is not None else self.stored()
        if stored is None:
            return False
        return stored.status == Publishable.Status.PUBLISHED or stored.items.exists()

    def move_errors(self) -> dict:
        """Field errors when this save would move a fixed week or change its schedule."""
        stored = self.stored()
        if stored is None or not self.is_fixed(stored):
            return {}
        monday = Week.of(self.starts_on).monday if self.starts_on else None
        errors = {}
        if monday != stored.starts_on:
            errors["starts_on"] = _(
                "Không đổi được tuần của %(week)s: tuần đã có mục hoặc đã công bố, các mục sẽ "
                "nằm lại tuần cũ. Hãy thêm lịch tuần mới (hoặc “Lập lịch tuần kế tiếp”)."
            ) % {"week": stored}
        if self.kind != stored.kind:
            errors["kind"] = _(
                "Không đổi được loại lịch của %(week)s: tuần đã có mục hoặc đã công bố. Hãy "
                "thêm tuần ở lịch kia."
            ) % {"week": stored}
        return errors

    def clean(self):
        super().clean()
        if self.starts_on:
            self.starts_on = Week.of(self.starts_on).monday
        errors = self.move_errors()
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.starts_on:
            self.starts_on = Week.of(self.starts_on).monday
        if self.pk is not None:
            errors = self.move_errors()  # whatever the path: a form, a pending change, code
            if errors:
                raise ValidationError(errors)
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

# What a change after publication is called on the page ("Điều chỉnh thời gian, địa điểm"), in
# this order: the fields of each part readers see. The state has its own marks (Hoãn, Hủy).
CHANGE_PARTS = {
    "time": (("date", "start_time", "end_time"), _("thời gian")),
    "who": (("official_id", "unit_id", "person"), _("người thực hiện")),
    "content": (("content",), _("nội dung")),
    "place": (("place",), _("địa điểm")),
    "participants": (("participants",), _("thành phần")),
    "host": (("host",), _("chủ trì")),
    "preparing": (("preparing",), _("chuẩn bị")),
}


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
    # The parts changed after publication (CHANGE_PARTS keys, comma separated).
    changed_parts = models.CharField(
        _("những phần đã điều chỉnh"), max_length=100, blank=True, default="", editable=False
    )
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
            parts = self.changed_part_names()
            if parts:
                return str(_("Điều chỉnh %(parts)s") % {"parts": ", ".join(parts)})
            return str(_("Điều chỉnh"))
        return ""

    def changed_part_names(self) -> list[str]:
        """ "thời gian", "địa điểm"...: what changed after publication, in CHANGE_PARTS order."""
        keys = set(filter(None, self.changed_parts.split(",")))
        return [str(label) for key, (_fields, label) in CHANGE_PARTS.items() if key in keys]

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
        if self.official_id and self.date and "official" not in errors:
            message = office_error(self.official, self.date)
            if message:
                errors["official"] = message
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
        changed = {name for name in SHOWN_FIELDS if previous[name] != getattr(self, name)}
        if changed:
            self.sequence += 1
            if after:
                self.changed_at = timezone.now()
                parts = set(filter(None, self.changed_parts.split(",")))
                parts |= {key for key, (fields, _l) in CHANGE_PARTS.items() if changed & {*fields}}
                self.changed_parts = ",".join(k for k in CHANGE_PARTS if k in parts)


# Officials: a change of office is a new record (news/agency), one of the person's records
# (Official.person). An item names the record in office on its day: a past week keeps the
# records of its time, a coming week the people in office then.


def officials_in_office(week: Week):
    """The records in office on at least one day of ``week``."""
    return Official.objects.overlapping(week.monday, week.sunday)


def record_on(official: Official, day: date) -> Official | None:
    """The same person's record in office on ``day`` (``official`` itself, a later one after a
    change of office, or an earlier one), or None when they held no post then."""
    return official.record_on(day)


def official_label(official: Official) -> str:
    return f"{official.name} – {official.position.name}"


def office_error(official: Official, day: date) -> str:
    """Why ``official`` cannot be named on ``day`` (not in office then), with the record to
    choose instead when there is one; "" when they can."""
    if official.is_current(day):
        return ""
    values = {"official": official_label(official), "day": f"{day:%d/%m/%Y}"}
    if official.active_until and day > official.active_until:
        values["until"] = f"{official.active_until:%d/%m/%Y}"
        message = (
            _(
                "“%(official)s” chỉ giữ chức vụ này đến hết ngày %(until)s, không ghi vào lịch "
                "ngày %(day)s được."
            )
            % values
        )
    else:
        values["start"] = f"{official.active_from:%d/%m/%Y}"
        message = (
            _(
                "“%(official)s” giữ chức vụ này từ ngày %(start)s, không ghi vào lịch ngày %(day)s "
                "được."
            )
            % values
        )
    instead = record_on(official, day)
    if instead is not None:
        return f"{message} " + _("Hãy chọn “%(record)s”.") % {"record": official_label(instead)}
    return f"{message} " + _(
        "Hãy chọn người đang giữ chức vụ, hoặc ghi tên vào ô “người, đơn vị khác”."
    )


def follow_change_of_office(record: Official) -> int:
    """The items dated in ``record``'s time in office that name another record of the same
    person (after a change of office: the old one) name ``record`` (the same person, in the
    post held that day); earlier items keep the old record, as history. The feed's SEQUENCE
    goes up, no "Điều chỉnh" mark: the schedule did not change. Returns how many moved."""
    if record.pk is None or not record.active_from:
        return 0
    items = ScheduleItem.objects.filter(
        official__person=record.person, date__gte=record.active_from
    ).exclude(official=record)
    if record.active_until is not None:
        items = items.filter(date__lte=record.active_until)
    return items.update(official=record, sequence=F("sequence") + 1, updated=timezone.now())


@dataclass
class CopyResult:
    """What copying a week did: the target week, how many items it got, and the people
    whose record changed on the way (``repointed``: name and new position) or who held no
    office in the target week (``unlisted``: kept as text in “người, đơn vị khác”)."""

    week: ScheduleWeek
    count: int
    repointed: list[str]
    unlisted: list[str]


def copy_week(source: ScheduleWeek, target_monday: date, user=None) -> CopyResult:
    """Copy ``source``'s items (those not called off) into the week starting on
    ``target_monday`` of the same schedule, each day shifted by the weeks between them, as a
    draft: the target week is created as a draft when it does not exist. Refused (ValueError
    with the reason) when the target is on the site or already has items.

    Each item names the person's record in office on its new day (after a change of office,
    the new one); someone in office no more is named in the free text instead."""
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
    result = CopyResult(target, 0, [], [])
    items = source.items.filter(state=State.SCHEDULED).select_related("official__position")
    for item in items.order_by("date", "start_time", "pk"):
        day = item.date + shift
        official, person = item.official, item.person
        if official is not None and not official.is_current(day):
            record = record_on(official, day)
            if record is not None:
                note = official_label(record)
                if note not in result.repointed:
                    result.repointed.append(note)
            else:
                note = official_label(official)
                if note not in result.unlisted:
                    result.unlisted.append(note)
                person = "; ".join(p for p in (official.name, person) if p)
            official = record
        copy = ScheduleItem(
            week=target, date=day, start_time=item.start_time, end_time=item.end_time,
            official=official, unit_id=item.unit_id, person=person, content=item.content,
            place=item.place, participants=item.participants, host=item.host,
            preparing=item.preparing,
        )  # fmt: skip
        copy._after_publication = False
        copy.save()
        result.count += 1
    return result
