"""How the schedules plug into the site layer: menu, search, sitemap, caches, the admin's work
lists, and the moments their pages change by themselves (a week published at a set time; every
midnight, when "today" moves and, on Mondays, "this week" becomes the next one)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core import checks
from django.db import DatabaseError, connections
from django.db.models import F, Max, Q
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import pagecache, registry, search
from portal.dates import short_date
from portal.registry import MenuItem

from ..agency.models import Official
from .models import (
    SHORT_TITLE,
    URL_PREFIX,
    Kind,
    ScheduleItem,
    ScheduleWeek,
    follow_change_of_office,
)
from .sitemaps import ScheduleWeekSitemap
from .weeks import Week, next_midnight


def menu() -> list[MenuItem]:
    return [
        MenuItem(_("Lịch công tác"), reverse("news:work_schedule"), 320),
        MenuItem(_("Lịch tiếp công dân"), reverse("news:reception_schedule"), 325),
    ]


def site_map() -> list[MenuItem]:
    """The site map page: under each schedule, its iCalendar feed (the menu has the page)."""
    return [
        MenuItem(SHORT_TITLE[kind], reverse(f"news:{URL_PREFIX[kind]}"), order, (
            MenuItem(_("%(title)s: iCalendar (thêm vào lịch của bạn)") % {
                "title": SHORT_TITLE[kind]}, reverse(f"news:{URL_PREFIX[kind]}_ical")),
        ))
        for kind, order in ((Kind.WORK, 320), (Kind.RECEPTION, 325))
    ]  # fmt: skip


def _office_changed(sender, instance, raw=False, **kwargs):
    """A change of office (or dates corrected): items name the record in office on their
    day, of the same person."""
    if raw:
        return
    if follow_change_of_office(instance):
        pagecache.bump_content_version()


def _ids(items) -> str:
    return ", ".join(str(pk) for pk in items.values_list("pk", flat=True)[:20])


def check_items(app_configs=None, databases=None, **kwargs):
    """``manage.py check --database default``: items dated outside their week (shown on no
    page), and items naming an official on a day they were not in office."""
    if not databases:
        return []
    found = []
    for alias in databases:
        try:
            found += _check_items(alias)
        except DatabaseError:  # `migrate` runs the checks before the tables exist
            continue
    return found


def _check_items(alias: str) -> list:
    found = []
    if ScheduleItem._meta.db_table not in connections[alias].introspection.table_names():
        return found  # a fresh database: `migrate` checks before it makes the tables
    items = ScheduleItem.objects.using(alias)
    outside = items.filter(
        Q(date__lt=F("week__starts_on")) | Q(date__gt=F("week__starts_on") + timedelta(days=6))
    )
    if count := outside.count():
        found.append(checks.Warning(
            f"{count} schedule item(s) dated outside their week, shown on no page: "
            f"{_ids(outside)}.",
            hint="Open the item's week in the admin and give the item a day of that week.",
            id="schedules.W001",
        ))  # fmt: skip
    out_of_office = items.filter(
        Q(date__lt=F("official__active_from")) | Q(date__gt=F("official__active_until"))
    )
    if count := out_of_office.count():
        found.append(checks.Warning(
            f"{count} schedule item(s) naming an official on a day outside their time in "
            f"office: {_ids(out_of_office)}.",
            hint="Choose the person's record in office on that day (the admin's message names "
                 "it), or write the name in “người, đơn vị khác”.",
            id="schedules.W002",
        ))  # fmt: skip
    return found


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
    registry.add_site_map(site_map)
    post_save.connect(_office_changed, sender=Official, dispatch_uid="schedules-change-of-office")
    checks.register(check_items, checks.Tags.database)
    registry.add_menu(menu)
    registry.add_dashboard(_panels)
    registry.add_next_change(next_change)
    registry.add_section("news:work_schedule", _latest(Kind.WORK), order=50)
    registry.add_section("news:reception_schedule", _latest(Kind.RECEPTION), order=51)
    registry.add_sitemap("schedules", ScheduleWeekSitemap)
    search.register(
        search.Provider("lich", gettext_lazy("Lịch công tác, tiếp công dân"), _search, _hit,
                        order=35, model=ScheduleItem)
    )  # fmt: skip
