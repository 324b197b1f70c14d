"""How the training registry plugs into the site layer: menu, search, sitemap, caches."""

from __future__ import annotations

from django.db.models import Max
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import registry, search
from portal.dates import short_date
from portal.registry import MenuItem

from .models import EventSpeaker, EventTopic, ParticipantGroup, Programme, TrainingEvent
from .sitemaps import EventSitemap


def events_menu() -> list[MenuItem]:
    return [MenuItem(_("Tập huấn"), reverse("news:events"), 900)]


def site_map() -> list[MenuItem]:
    statistics = MenuItem(_("Thống kê tập huấn"), reverse("news:event_statistics"))
    return [MenuItem(_("Tập huấn"), reverse("news:events"), 900, (statistics,))]


def latest_change():
    return TrainingEvent.objects.public().aggregate(latest=Max("updated"))["latest"]


def _search(words):
    return search.matching(TrainingEvent.objects.public(), words, newest=("-start", "-pk"))


def _hit(event, words) -> search.Hit:
    return search.Hit(
        url=event.get_absolute_url(),
        title=search.highlight(event.title, words),
        meta=f"{short_date(event.start)} · {event.place}",
    )


def speaker_changed(sender, instance, **kwargs):
    """An event's search text holds its speakers' names."""
    event = TrainingEvent.objects.filter(pk=instance.event_id).first()
    if event is not None:
        event.refresh_search_text()


def register() -> None:
    registry.watch(TrainingEvent, EventSpeaker, EventTopic, ParticipantGroup, Programme)
    registry.add_menu(events_menu)
    registry.add_site_map(site_map)
    registry.add_section("news:events", latest_change, order=20)
    registry.add_section("news:event_statistics", latest_change, order=21)
    registry.add_sitemap("events", EventSitemap)
    search.register(
        search.Provider(
            "tap-huan",
            gettext_lazy("Lớp tập huấn"),
            _search,
            _hit,
            order=20,
            model=TrainingEvent,
        )
    )
    for signal in (post_save, post_delete):
        signal.connect(speaker_changed, sender=EventSpeaker, dispatch_uid="event-speakers")
