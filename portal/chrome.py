"""The portal's frame (header, menu, sidebar, footer): read once, cached, invalidated on change.

Every public page shows the same frame, so its data is built once and kept in the shared cache
under a versioned key. Saving or deleting anything the frame shows bumps the version
(portal/signals.py): the next page rebuilds it with a small fixed number of queries, and pages
served from a warm cache make none. Banners appear and expire on their own: the cached frame
lives no longer than the next banner start or end time.
"""

from __future__ import annotations

from datetime import datetime

from django.core.cache import cache
from django.db.models import Min, Q
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from . import registry, versions

VERSION_KEY = "frame"
TIMEOUT = 60 * 60 * 6


def invalidate() -> None:
    versions.bump(VERSION_KEY)


def icon_url(link) -> str:
    """A service link's icon: its uploaded image, else the built-in SVG it names."""
    if link.icon_image_id and link.icon_image:
        return link.icon_image.thumbnail_url
    return static(f"img/icons/{link.icon}.svg")


def _next_banner_change(now: datetime):
    from .models import Banner

    upcoming = Banner.objects.filter(is_active=True).aggregate(
        start=Min("active_from", filter=Q(active_from__gt=now)),
        end=Min("active_until", filter=Q(active_until__gt=now)),
    )
    times = [t for t in upcoming.values() if t is not None]
    return min(times) if times else None


def _build() -> tuple[dict, int]:
    from .models import Banner, Page, ServiceLink, SiteProfile, UnitPortal

    now = timezone.now()
    profile = SiteProfile.load()
    pages = list(
        Page.objects.published().filter(show_in_footer=True).only("title", "slug", "order")
    )
    logo = profile.logo
    units: dict[str, list] = {}
    for unit in UnitPortal.objects.filter(is_active=True):
        units.setdefault(unit.group, []).append({"name": unit.name, "url": unit.url})
    banners = {"top": [], "sidebar": []}
    for banner in Banner.objects.live(now).select_related("image"):
        banners[banner.position].append(
            {
                "src": banner.image.display_url,
                "width": banner.image.width,
                "height": banner.image.height,
                "srcset": banner.image.srcset,
                "alt": banner.alt_text,
                "link": banner.link,
            }
        )
    data = {
        "site_name": profile.name,
        "short_name": profile.short_name or profile.name,
        "governing_body": profile.governing_body,
        "site_description": profile.description or profile.name,
        "logo": (
            {"src": logo.thumbnail_url, "width": logo.width, "height": logo.height}
            if logo
            else None
        ),
        "address": profile.address,
        "phone": profile.phone,
        "email": profile.email,
        "responsible_person": profile.responsible_person,
        "licence": profile.licence,
        "republish_notice": profile.republish_notice,
        "copyright": profile.copyright,
        # The content kinds' items (categories, sections) and the pages marked for the menu.
        "menu": [{"name": item.name, "url": item.url} for item in registry.menu_items()],
        "feeds": [{"title": str(title), "url": reverse(name)} for title, name in registry.feeds()],
        "service_links": [
            {
                "title": link.title,
                "description": link.description,
                "url": link.url,
                "icon": icon_url(link),
                "button_label": link.button_label,
                "new_tab": link.new_tab,
            }
            for link in ServiceLink.objects.filter(is_active=True).select_related("icon_image")
        ],
        "unit_groups": list(units.items()),
        "banners": banners,
        "footer_pages": [{"title": p.title, "url": p.get_absolute_url()} for p in pages],
    }
    timeout = TIMEOUT
    change = _next_banner_change(now)
    data["valid_until"] = change
    if change is not None:
        timeout = max(1, min(timeout, int((change - now).total_seconds()) + 1))
    return data, timeout


def get_chrome() -> dict:
    key = f"chrome:data:{versions.current(VERSION_KEY)}"
    data = cache.get(key)
    if data is None:
        data, timeout = _build()
        cache.set(key, data, timeout)
    return data
