"""The schedules' public pages: a week day by day (this week at /lich-cong-tac/, any ISO week
at /lich-cong-tac/<year>/tuan-<week>/), its print view and the iCalendar feed. Every page makes
a fixed number of queries: the week, then its items with their officials and units."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.dates import WEEKDAYS
from portal.seo import page_meta

from . import ical
from .models import PATH, SHORT_TITLE, TITLE, URL_PREFIX, Kind, ScheduleItem, ScheduleWeek
from .weeks import Week


@dataclass
class Day:
    date: date
    name: str
    is_today: bool
    items: list[ScheduleItem] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"ngay-{self.date:%Y-%m-%d}"


def week_url(kind: str, week: Week | None, name: str = "week") -> str:
    if week is None:
        return ""
    return reverse(
        f"news:{URL_PREFIX[kind]}_{name}", kwargs={"year": week.year, "week": week.number}
    )


def _days(week: Week, items: list[ScheduleItem], today: date) -> list[Day]:
    """Monday to Friday always (an empty working day says so); Saturday and Sunday only when
    something is planned."""
    by_day: dict[date, list[ScheduleItem]] = defaultdict(list)
    for item in items:
        by_day[item.date].append(item)
    days = []
    for day in week.days:
        if day.weekday() >= 5 and not by_day.get(day):
            continue
        days.append(Day(day, str(WEEKDAYS[day.weekday()]), day == today, by_day.get(day, [])))
    return days


def _context(request, kind: str, week: Week, *, current: bool) -> dict:
    schedule = ScheduleWeek.objects.published().filter(kind=kind, starts_on=week.monday).first()
    items = []
    if schedule is not None:
        items = list(schedule.items.for_display())
        for item in items:
            item.week = schedule  # already at hand: no query per item
    today = timezone.localdate()
    this_week = Week.current()
    other = Kind.RECEPTION if kind == Kind.WORK else Kind.WORK
    title = TITLE[kind]
    heading = _("%(title)s, tuần %(number)d/%(year)d") % {
        "title": SHORT_TITLE[kind],
        "number": week.number,
        "year": week.year,
    }
    description = _("%(title)s từ %(start)s đến %(end)s.") % {
        "title": title,
        "start": f"{week.monday:%d/%m/%Y}",
        "end": f"{week.sunday:%d/%m/%Y}",
    }
    return {
        "kind": kind,
        "is_work": kind == Kind.WORK,
        "title": title,
        "short_title": SHORT_TITLE[kind],
        "week": week,
        "schedule": schedule,
        "items": items,
        "days": _days(week, items, today) if items else [],
        "is_this_week": week == this_week,
        "current_page": current,
        "previous_url": week_url(kind, week.previous()),
        "next_url": week_url(kind, week.next()),
        "this_week_url": reverse(f"news:{URL_PREFIX[kind]}"),
        "week_url": week_url(kind, week),
        "week_address": settings.SITE_URL + week_url(kind, week),
        "print_url": week_url(kind, week, "print"),
        "ical_url": reverse(f"news:{URL_PREFIX[kind]}_ical"),
        "other_url": reverse(f"news:{URL_PREFIX[other]}"),
        "other_title": SHORT_TITLE[other],
        "meta": page_meta(
            request,
            heading,
            description,
            # Weeks with nothing published are not worth indexing; this week's page is.
            noindex=not items and not current,
        ),
    }


def _week_or_404(kind: str, year: str, week: str, name: str = "week"):
    """The week the address names, or a redirect to its canonical address (tuan-07 → tuan-7),
    or a 404 for a week that does not exist."""
    found = Week.from_iso(int(year), int(week))
    if found is None:
        raise Http404(_("Không có tuần này."))
    if week != str(found.number) or year != str(found.year):
        return redirect(week_url(kind, found, name), permanent=True)
    return found


def this_week(request, kind):
    context = _context(request, kind, Week.current(), current=True)
    return render(request, "schedules/week.html", context)


def week_page(request, kind, year, week):
    found = _week_or_404(kind, year, week)
    if not isinstance(found, Week):
        return found
    return render(request, "schedules/week.html", _context(request, kind, found, current=False))


def print_page(request, kind, year, week):
    found = _week_or_404(kind, year, week, "print")
    if not isinstance(found, Week):
        return found
    context = _context(request, kind, found, current=False)
    context["meta"]["noindex"] = True  # the week's page is the one to find
    return render(request, "schedules/print.html", context)


def calendar(request, kind):
    response = HttpResponse(ical.build(kind), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{PATH[kind]}.ics"'
    return response
