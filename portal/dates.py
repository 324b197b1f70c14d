"""Dates as the department writes them, from the formats module (portal/formats/vi): always in
local time, day first."""

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
