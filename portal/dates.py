"""Dates as the department writes them, from the formats module (portal/formats/vi): always in
local time, day first."""

from datetime import date, timedelta

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

# Monday is 0, as datetime.weekday() counts.
WEEKDAYS = [
    _("Thứ hai"), _("Thứ ba"), _("Thứ tư"), _("Thứ năm"), _("Thứ sáu"), _("Thứ bảy"),
    _("Chủ nhật"),
]  # fmt: skip


def short_date(value) -> str:
    """ "29/09/2017" """
    return formats.date_format(timezone.localtime(value), "SHORT_DATE_FORMAT") if value else ""


def short_datetime(value) -> str:
    """ "29/09/2017 10:02" """
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else ""


def dateline(value) -> str:
    """The date line of Vietnamese portals: "Thứ sáu, 29/09/2017 10:02"."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{WEEKDAYS[local.weekday()]}, {short_datetime(local)}"


def _holidays() -> set[date]:
    days = set()
    for text in settings.HOLIDAYS:
        try:
            days.add(date.fromisoformat(text))
        except ValueError:
            continue
    return days


def is_working_day(day: date, holidays: set[date] | None = None) -> bool:
    holidays = _holidays() if holidays is None else holidays
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int) -> date:
    """The working day ``days`` working days after ``start`` (Monday to Friday, not a
    holiday): a question received on Friday with 2 days is due on Tuesday."""
    holidays = _holidays()
    day = start
    while days > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            days -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    holidays = _holidays()
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return count
