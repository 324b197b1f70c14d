"""ISO weeks in local time (Asia/Ho_Chi_Minh): which week "now" is, the Monday of a week, the
weeks before and after. A week runs Monday 00:00 to Sunday 24:00 local time; ISO 8601 decides
which year a week belongs to (29/12/2025 is in 2026-W01, 31/12/2026 in 2026-W53)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

# The addresses accept these years only: older or later weeks are a 404, not an empty page.
MIN_YEAR = 2000
MAX_YEAR = 2100


@dataclass(frozen=True, order=True)
class Week:
    monday: date

    @classmethod
    def of(cls, day: date) -> Week:
        return cls(day - timedelta(days=day.weekday()))

    @classmethod
    def current(cls, now: datetime | None = None) -> Week:
        return cls.of(timezone.localdate(now or timezone.now()))

    @classmethod
    def from_iso(cls, year: int, number: int) -> Week | None:
        """The week ``number`` of ISO year ``year``, or None when there is no such week (week
        53 of a year that has 52, week 0, a year outside MIN_YEAR..MAX_YEAR)."""
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        try:
            return cls(date.fromisocalendar(year, number, 1))
        except ValueError:
            return None

    @property
    def year(self) -> int:
        return self.monday.isocalendar().year

    @property
    def number(self) -> int:
        return self.monday.isocalendar().week

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def days(self) -> list[date]:
        return [self.monday + timedelta(days=i) for i in range(7)]

    def previous(self) -> Week | None:
        week = Week(self.monday - timedelta(days=7))
        return week if week.year >= MIN_YEAR else None

    def next(self) -> Week | None:
        week = Week(self.monday + timedelta(days=7))
        return week if week.year <= MAX_YEAR else None

    def contains(self, day: date) -> bool:
        return self.monday <= day <= self.sunday

    def starts_at(self) -> datetime:
        """Monday 00:00 local time, as an aware datetime."""
        return timezone.make_aware(datetime.combine(self.monday, time.min))

    def __str__(self) -> str:
        return f"{self.number}/{self.year}"


def next_midnight(now: datetime) -> datetime:
    """The next 00:00 local time after ``now`` (a new day: "today" and, on Mondays, "this
    week" change)."""
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time.min))
