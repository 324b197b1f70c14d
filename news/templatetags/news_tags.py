"""Template helpers for news pages."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

register = template.Library()

# Monday is 0, as datetime.weekday() counts.
WEEKDAYS = [
    _("Thứ hai"),
    _("Thứ ba"),
    _("Thứ tư"),
    _("Thứ năm"),
    _("Thứ sáu"),
    _("Thứ bảy"),
    _("Chủ nhật"),
]


@register.filter
def dateline(value):
    """The date line of Vietnamese portals: "Thứ sáu, 29/09/2017 10:02" (local time)."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{WEEKDAYS[local.weekday()]}, {local:%d/%m/%Y %H:%M}"


@register.filter
def short_date(value):
    """ "29/09/2017", for lists."""
    if not value:
        return ""
    return f"{timezone.localtime(value):%d/%m/%Y}"


@register.filter
def thumb_height(photo, width):
    """The height of a photo shown ``width`` pixels wide (for width/height attributes)."""
    return photo.thumbnail_height(int(width)) if photo else 0
