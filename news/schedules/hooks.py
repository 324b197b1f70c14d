"""How the schedules plug into the site layer: menu, search, sitemap, caches, the admin's work
lists, and the moments their pages change by themselves (a week published at a set time; every
midnight, when "today" moves and, on Mondays, "this week" becomes the next one)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import registry, search
from portal.dates import short_date
from portal.registry import MenuItem

from .models import SHORT_TITLE, Kind, ScheduleItem, ScheduleWeek
from .sitemaps import ScheduleWeekSitemap
from .weeks import Week, next_midnight


def menu() -> list[MenuItem]:
    return [
        MenuItem(_("Lịch công tác"), reverse("news:work_schedule"), 320),
        MenuItem(_("Lịch tiếp công dân"), reverse("news:reception_schedule"), 325),
    ]


def next_change(now: datetime) -> datetime | None:
    """The next midnight (the cached "this week" page must not show last week on Monday
    00:00, nor "today" on the wrong day), or a week's publication or end of one before it."""
    moments = [next_midnight(now), ScheduleWeek.objects.next_change(now)]
    return min(m for m in moments if m is not None and m > now)


def _latest(kind: str):
    """The last change of a schedule's "this week" page: its newest published change, or the
    start of this week (the page turns to a new week then) if that is later."""

    def latest():
        weeks = ScheduleWeek.objects.published().filter(kind=kind)
        changed = weeks.aggregate(latest=Max("updated"))["latest"]
        started = Week.current().starts_at()
        return max(changed, started) if changed else started

    return latest


def _panels(request):
    from .admin import SCHEDULE_POLICY

    return SCHEDULE_POLICY.panels(request)


def _search(words):
    items = ScheduleItem.objects.public().select_related("week", "official__position", "unit")
    return search.matching(items, words, newest=("-date", "-start_time", "-pk"))


def _hit(item: ScheduleItem, words) -> search.Hit:
    return search.Hit(
        url=f"{item.week.get_absolute_url()}#{item.anchor}",
        title=search.highlight(item.shown_content or item.who, words),
        snippet=search.snippet([item.who, item.place, item.participants], words),
        meta=_("%(kind)s, %(day)s %(date)s lúc %(time)s")
        % {
            "kind": SHORT_TITLE[item.week.kind], "day": item.weekday,
            "date": short_date(item.starts_at()), "time": f"{item.start_time:%H:%M}",
        },
    )  # fmt: skip


def register() -> None:
    registry.watch(ScheduleWeek, ScheduleItem)
    registry.add_menu(menu)
    registry.add_dashboard(_panels)
    registry.add_next_change(next_change)
    registry.add_section("news:work_schedule", _latest(Kind.WORK), order=50)
    registry.add_section("news:reception_schedule", _latest(Kind.RECEPTION), order=51)
    registry.add_sitemap("schedules", ScheduleWeekSitemap)
    search.register(
        search.Provider("lich", gettext_lazy("Lịch công tác, tiếp công dân"), _search, _hit,
                        order=35)
    )  # fmt: skip
