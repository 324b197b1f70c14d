"""Where content kinds plug into the site layer.

The portal never imports a content kind. Each kind, from its ``AppConfig.ready()``, tells the
portal what it adds: items of the main menu, sections of the sitemap and its list pages,
the moments its public pages change by themselves (a scheduled publication), which of its
models, when saved or deleted, make cached pages (or the frame) stale, the panels of the
admin's home page (each person's work) and the agency's contact people shown in the footer
(``add_contacts``). The site search has its own registry (portal/search.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save


@dataclass(frozen=True)
class MenuItem:
    name: str
    url: str
    order: int = 500
    # The site map page's entries below this one (a category's subcategories, a section's
    # pages); the menu itself shows only the item.
    children: tuple[MenuItem, ...] = ()


@dataclass(frozen=True)
class Task:
    """One line of a person's work list on the admin's home page."""

    label: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class Panel:
    title: str
    tasks: list[Task]
    more_url: str = ""


@dataclass(frozen=True)
class Contact:
    """A person the footer names: the one responsible for the portal (``responsible``) or a
    contact person for it; ``position`` as the footer prints it ("Giám đốc Sở")."""

    name: str
    position: str = ""
    phone: str = ""
    email: str = ""
    responsible: bool = False
    position_lang: str = ""  # the language ``position`` is written in, when not the page's


_menus: list[Callable[[], Iterable[MenuItem]]] = []
_site_maps: list[Callable[[], Iterable[MenuItem]]] = []
_contacts: list[Callable[[datetime], tuple[Iterable[Contact], datetime | None]]] = []
_dashboards: list[Callable] = []
_feeds: list[tuple[int, str, str]] = []
_next_changes: list[Callable[[datetime], datetime | None]] = []
_sitemaps: dict[str, type] = {}
_sections: list[tuple[int, str, Callable[[], datetime | None]]] = []


def add_menu(provider: Callable[[], Iterable[MenuItem]]) -> None:
    """``provider()`` gives menu items; it runs when the frame is built (then cached)."""
    if provider not in _menus:
        _menus.append(provider)


def menu_items() -> list[MenuItem]:
    items = [item for provider in _menus for item in provider()]
    return sorted(items, key=lambda item: item.order)


def add_contacts(provider: Callable[[datetime], tuple[Iterable[Contact], datetime | None]]) -> None:
    """``provider(now)`` gives the contact people of the portal and the next moment they change
    by themselves (someone's time in office ends or starts), or None, in one query; it runs when
    the frame is built (which lives no longer than that moment), so whatever it reads must be
    ``watch``ed with frame=True. With none, the footer shows the site profile's own fields."""
    if provider not in _contacts:
        _contacts.append(provider)


def contacts(now: datetime) -> tuple[list[Contact], datetime | None]:
    people: list[Contact] = []
    moments = []
    for provider in _contacts:
        found, until = provider(now)
        people.extend(found)
        if until is not None:
            moments.append(until)
    return people, (min(moments) if moments else None)


def add_site_map(provider: Callable[[], Iterable[MenuItem]]) -> None:
    """``provider()`` gives the site map page's entries beyond the menu (sections not in the
    menu, pages under a section); an entry with a menu item's address adds its children to it.
    It runs when the site map page is built (cached with the pages)."""
    if provider not in _site_maps:
        _site_maps.append(provider)


def site_map() -> list[MenuItem]:
    """The whole navigable structure: the menu's items and the site map providers' entries,
    merged by address (children joined), in order, each address once."""
    merged: dict[str, MenuItem] = {}
    for item in [*menu_items(), *(i for provider in _site_maps for i in provider())]:
        known = merged.get(item.url)
        if known is None:
            merged[item.url] = item
        else:
            children = {child.url: child for child in (*known.children, *item.children)}
            merged[item.url] = MenuItem(
                known.name, known.url, min(known.order, item.order), tuple(children.values())
            )
    # A menu item listed under another entry (a category under "Tin tức") shows there only.
    nested = {child.url for item in merged.values() for child in item.children}
    top = [item for item in merged.values() if item.url not in nested]
    return sorted(top, key=lambda item: (item.order, str(item.name)))


def add_dashboard(provider: Callable) -> None:
    """``provider(request)`` gives the admin home page's panels for that person (their work:
    waiting for their review, their drafts...), empty ones left out."""
    if provider not in _dashboards:
        _dashboards.append(provider)


def dashboard(request) -> list[Panel]:
    return [panel for provider in _dashboards for panel in provider(request) if panel.tasks]


def add_feed(title: str, url_name: str, order: int = 500) -> None:
    """A site-wide feed, announced in every page's head (<link rel="alternate">)."""
    if all(name != url_name for _order, _title, name in _feeds):
        _feeds.append((order, title, url_name))


def feeds() -> list[tuple[str, str]]:
    """(title, url name) of the site-wide feeds, in order."""
    return [(title, name) for _order, title, name in sorted(_feeds, key=lambda f: f[0])]


def add_next_change(provider: Callable[[datetime], datetime | None]) -> None:
    """``provider(now)`` gives the next moment the kind's public pages change by themselves
    (a scheduled article going live), or None; no cached page outlives it."""
    if provider not in _next_changes:
        _next_changes.append(provider)


def next_change(now: datetime) -> datetime | None:
    moments = [m for provider in _next_changes if (m := provider(now)) is not None]
    return min(moments) if moments else None


def add_sitemap(section: str, sitemap: type) -> None:
    _sitemaps[section] = sitemap


def sitemaps() -> dict[str, type]:
    return dict(_sitemaps)


def add_section(url_name: str, latest: Callable[[], datetime | None], order: int = 500) -> None:
    """A list page of the kind (``url_name``) for the sitemap, with its last change."""
    if all(name != url_name for _order, name, _latest in _sections):
        _sections.append((order, url_name, latest))


def sections() -> list[tuple[str, Callable[[], datetime | None]]]:
    return [(name, latest) for _order, name, latest in sorted(_sections, key=lambda s: s[0])]


def latest_change() -> datetime | None:
    """The newest change of any section (the home page shows a bit of everything)."""
    moments = [m for _order, name, latest in _sections if name != "home"
               and (m := latest()) is not None]  # fmt: skip
    return max(moments) if moments else None


def watch(*watched: type[models.Model], frame: bool = False) -> None:
    """Saving or deleting any of ``watched`` (or changing their many-to-many fields) makes
    every cached page stale, and the frame too when ``frame`` is true."""
    from . import chrome, pagecache

    def changed(sender, **kwargs):
        if kwargs.get("raw"):
            return
        action = kwargs.get("action")
        if action is not None and not action.startswith("post_"):
            return
        if frame:
            chrome.invalidate()
        pagecache.bump_content_version()

    for model in watched:
        uid = f"portal-watch-{model._meta.label}-{frame}"
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                changed, sender=field.remote_field.through, weak=False,
                dispatch_uid=f"{uid}-{field.name}",
            )  # fmt: skip


@dataclass(frozen=True)
class ReportTable:
    """A table of the admin's visit report (portal/admin/visits.py) that a content kind adds:
    views of its records over the report's days. ``rows`` hold plain cells (text, numbers,
    dates), the first naming the row; ``links`` (one per row, or none) where each row's name
    leads; ``chart`` the column drawn as bars against the names (None: no chart)."""

    key: str
    title: str
    sheet: str  # the XLSX sheet's name, at most 31 characters
    headers: tuple[str, ...]
    rows: list[tuple]
    links: tuple[str, ...] = ()
    chart: int | None = None
    note: str = ""


_reports: list[Callable] = []


def add_report(provider: Callable) -> None:
    """``provider(start, end, top)`` gives the visit report's tables (``ReportTable``) for the
    days ``start`` to ``end`` included, at most ``top`` rows where a table ranks records, in a
    fixed number of queries."""
    if provider not in _reports:
        _reports.append(provider)


def report(start, end, top: int) -> list[ReportTable]:
    return [table for provider in _reports for table in provider(start, end, top)]
