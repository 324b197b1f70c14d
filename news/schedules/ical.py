"""A schedule as an iCalendar feed (RFC 5545), written with the icalendar library.

Each item is one VEVENT whose UID never changes (the item's id on this portal's host), so a
calendar that subscribed updates it in place: DTSTART and DTEND carry TZID=Asia/Ho_Chi_Minh
(with its VTIMEZONE), SEQUENCE is the item's number of changes, and an item called off stays
in the feed as STATUS:CANCELLED so that subscribers remove it. Items without an end time last
OPEN_ENDED (one hour, as DURATION): an event with neither DTEND nor DURATION is a moment, which
calendars draw as a line or not at all. The feed holds the published weeks from eight weeks ago
onwards.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils.translation import gettext as _

from .models import PATH, TITLE, Kind, ScheduleItem, State
from .weeks import Week

WEEKS_BACK = 8
MAX_EVENTS = 2000
REFRESH = timedelta(hours=1)
OPEN_ENDED = timedelta(hours=1)  # how long an item without an end time lasts in calendars


def uid(item: ScheduleItem) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"{PATH[item.week.kind]}-{item.pk}@{host}"


def _description(item: ScheduleItem) -> str:
    lines = []
    if item.who:
        lines.append(_("Thực hiện: %(who)s") % {"who": item.who})
    if item.participants:
        lines.append(_("Thành phần: %(who)s") % {"who": item.participants})
    if item.host:
        lines.append(_("Chủ trì: %(who)s") % {"who": item.host})
    if item.preparing:
        lines.append(_("Chuẩn bị: %(who)s") % {"who": item.preparing})
    if item.change_note():
        lines.append(item.change_note())
    return "\n".join(lines)


def _summary(item: ScheduleItem) -> str:
    summary = item.shown_content
    if item.week.kind != Kind.WORK and item.who:
        summary = f"{summary}: {item.who}"
    if item.state == State.POSTPONED:
        summary = _("[Hoãn] %(summary)s") % {"summary": summary}
    elif item.state == State.CANCELLED:
        summary = _("[Hủy] %(summary)s") % {"summary": summary}
    return summary


def items_of(kind: str):
    since = Week.current().monday - timedelta(weeks=WEEKS_BACK)
    return (
        ScheduleItem.objects.public(kind)
        .filter(week__starts_on__gte=since)
        .select_related("week", "official__position", "unit")
        .order_by("date", "start_time", "pk")[:MAX_EVENTS]
    )


def build(kind: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Cong thong tin dien tu//Lich//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", str(TITLE[kind]))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))
    for item in items_of(kind):
        event = icalendar.Event()
        event.add("uid", uid(item))
        event.add("dtstamp", item.updated)
        event.add("last-modified", item.updated)
        event.add("created", item.created)
        event.add("sequence", item.sequence)
        event.add("dtstart", item.starts_at())
        if item.end_time is not None:
            event.add("dtend", item.ends_at())
        else:
            event.add("duration", OPEN_ENDED)
        event.add("summary", _summary(item))
        if item.place:
            event.add("location", item.place)
        description = _description(item)
        if description:
            event.add("description", description)
        event.add("status", "CONFIRMED" if item.state == State.SCHEDULED else "CANCELLED")
        event.add("url", f"{settings.SITE_URL}{item.week.get_absolute_url()}#{item.anchor}")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
