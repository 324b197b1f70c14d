"""The portal's frame (header, menu, sidebar, footer): read once, cached, invalidated on change.

Every public page shows the same frame, so its data is built once and kept in the shared cache
under a versioned key. Saving or deleting anything the frame shows bumps the version
(portal/signals.py): the next page rebuilds it with a small fixed number of queries, and pages
served from a warm cache make none. Banners appear and expire on their own: the cached frame
lives no longer than the next banner start or end time.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.core.cache import cache
from django.db.models import Min, Q
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from . import i18n, registry, versions

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
        Page.objects.published()
        .filter(show_in_footer=True)
        .only("title", "title_en", "slug", "order")
    )
    english = not i18n.is_default()
    if english:  # an English frame links only to pages that are in English
        pages = [page for page in pages if page.in_english]
    logo = profile.logo
    units: dict[str, list] = {}
    for unit in UnitPortal.objects.filter(is_active=True):
        units.setdefault(unit.group, []).append({"name": unit.name, "url": unit.url})
    banners = {"top": [], "sidebar": []}
    for banner in Banner.objects.live(now).select_related("image"):
        banners[banner.position].append(
            {
                **banner.image.picture(800),  # src, candidates, width, height, sources
                "alt": banner.alt_text,
                "link": banner.link,
            }
        )
    # The agency's data names the people (news/agency); the profile's text is the fallback.
    people, people_until = registry.contacts(now)
    responsible = [c for c in people if c.responsible]
    name = i18n.translated(profile, "name")
    governing = i18n.translated(profile, "governing_body")
    address = i18n.translated(profile, "address")
    menu = [{"name": item.name, "url": item.url} for item in registry.menu_items()]
    if english:  # the bilingual pages only (their addresses are /en/... in an English frame)
        menu = [item for item in menu if item["url"].startswith("/en/")]
    data = {
        "site_name": name.value,
        "site_name_lang": name.lang,
        "short_name": profile.name if english else (profile.short_name or profile.name),
        "governing_body": governing.value,
        "governing_body_lang": governing.lang,
        "site_description": str(i18n.translated(profile, "description")) or name.value,
        "logo": logo.picture(480) if logo else None,
        "address": address.value,
        "address_lang": address.lang,
        "phone": profile.phone,
        "email": profile.email,
        "responsible_person": (
            "; ".join(" – ".join(filter(None, [c.position, c.name])) for c in responsible)
            or profile.responsible_person
        ),
        "contacts": [
            {
                "name": c.name,
                "position": c.position,
                "position_lang": c.position_lang,
                "phone": c.phone,
                "email": c.email,
            }
            for c in people
            if not c.responsible
        ],
        "licence": profile.licence,
        "republish_notice": profile.republish_notice,
        "copyright": profile.copyright,
        # The content kinds' items (categories, sections) and the pages marked for the menu.
        "menu": menu,
        "feeds": [{"title": str(title), "url": reverse(name)} for title, name in registry.feeds()],
        "service_links": [
            {
                "title": link.title,
                "description": link.description,
                "url": link.url,
                "icon": icon_url(link),
                # An uploaded icon in every format (the <picture> of includes/sidebar.html).
                "icon_picture": (
                    link.icon_image.picture(160) if link.icon_image_id and link.icon_image else None
                ),
                "button_label": link.button_label,
                "new_tab": link.new_tab,
            }
            for link in ServiceLink.objects.filter(is_active=True).select_related("icon_image")
        ],
        "unit_groups": list(units.items()),
        "banners": banners,
        "footer_pages": [
            {"title": str(i18n.translated(p, "title")), "url": p.get_absolute_url()} for p in pages
        ],
    }
    # Names this build: the rendered fragments of the frame (templates/includes, `{% cache %}`)
    # are kept under it, so a rebuilt frame (a change, a banner's start or end) is rendered anew.
    data["build"] = secrets.token_hex(6)
    timeout = TIMEOUT
    moments = [m for m in (_next_banner_change(now), people_until) if m is not None]
    change = min(moments) if moments else None
    data["valid_until"] = change
    if change is not None:
        timeout = max(1, min(timeout, int((change - now).total_seconds()) + 1))
    return data, timeout


# The frames this process read lately, by key: a page reads its frame from here, not from the
# shared cache (a key holds the frame's version token, so a change elsewhere is a new key).
_recent: dict[str, dict] = {}
RECENT_MAX = 8


def forget() -> None:
    """Drop this process's copies (tests: a cleared cache starts from the database)."""
    _recent.clear()


def get_chrome() -> dict:
    # One frame per language: its names and the addresses of the bilingual pages differ.
    key = f"chrome:data:2:{i18n.current()}:{versions.current(VERSION_KEY)}"
    data = _recent.get(key)
    now = timezone.now()
    if data is not None and (data["valid_until"] is None or now < data["valid_until"]):
        return data
    data = cache.get(key)
    if data is None or (data["valid_until"] is not None and now >= data["valid_until"]):
        data, timeout = _build()
        cache.set(key, data, timeout)
    if len(_recent) >= RECENT_MAX:
        _recent.pop(next(iter(_recent)))
    _recent[key] = data
    return data


def menu_marks(path: str) -> str:
    """Where the page is in the main menu, one mark per item, the home link first: "p" for the
    item's own page, "t" for a page within it, "-" otherwise (what the menu's aria-current
    shows, and so the key of its rendered fragment)."""
    marks = ["p" if path == reverse("site:home") else "-"]
    for item in get_chrome()["menu"]:
        url = item["url"]
        marks.append("p" if path == url else "t" if url in path else "-")
    return "".join(marks)
