"""How the organisation plugs into the site layer: menu, site search, sitemap, caches (pages and
the frame: the footer names the responsible person and the portal's contacts from this data),
and the midnights at which someone takes up or leaves office."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import i18n, registry, search
from portal.i18n import DEFAULT, translated
from portal.registry import Contact, MenuItem

from .models import Official, Position, Unit, UnitKind
from .sitemaps import AgencySitemap


def menu() -> list[MenuItem]:
    # Beside the "Giới thiệu" page (fixed pages are 600 + their order).
    return [MenuItem(_("Cơ cấu tổ chức"), reverse("site:organisation"), 602)]


def site_map() -> list[MenuItem]:
    """The site map page's entry: the chart, with the leadership, the directory and every unit
    under it (in English, a unit without an English name says so)."""
    english = not i18n.is_default()
    units = []
    for unit in Unit.objects.active().only("name", "name_en", "slug").order_by("order", "pk"):
        name = translated(unit, "name")
        label = f"{name} ({_('tiếng Việt')})" if english and name.fallback else str(name)
        units.append(MenuItem(label, unit.get_absolute_url()))
    children = (
        MenuItem(_("Lãnh đạo"), reverse("site:leadership")),
        MenuItem(_("Danh bạ"), reverse("site:directory")),
        *units,
    )
    return [MenuItem(_("Cơ cấu tổ chức"), reverse("site:organisation"), 602, children)]


def position_label(official: Official) -> str:
    """ "Giám đốc Sở TT&TT Hải Dương" for the agency's own leaders, "Trưởng phòng, Phòng Công
    nghệ thông tin" for the others (Vietnamese; position and unit fetched with the official)."""
    unit = official.unit
    if unit.kind == UnitKind.AGENCY:
        return " ".join(filter(None, [official.position.name, unit.short_name]))
    return f"{official.position.name}, {unit.name}"


def translated_position_label(official: Official) -> tuple[str, str]:
    """:func:`position_label` in the active language, and the language it is written in:
    Vietnamese as a whole when a part of it has no English yet."""
    unit = official.unit
    position = translated(official.position, "name")
    if unit.kind == UnitKind.AGENCY:
        parts = [position, translated(unit, "short_name")]
    else:
        parts = [position, translated(unit, "name")]
    if any(part.fallback for part in parts if part):
        return position_label(official), DEFAULT
    label = " ".join(str(p) for p in parts if p) if unit.kind == UnitKind.AGENCY else (
        ", ".join(str(p) for p in parts)
    )  # fmt: skip
    return label, i18n.current()


def contacts(now: datetime) -> tuple[list[Contact], datetime | None]:
    """The footer's people: who is responsible for the portal, and its contact persons, with
    their positions in the frame's language; and the next midnight at which one of them leaves
    office or a marked record starts (one query: the marked records not yet ended)."""
    today = timezone.localdate(now)
    records = (
        Official.objects.filter(unit__active=True)
        .filter(Q(responsible_for_portal=True) | Q(portal_contact=True))
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=today))
        .select_related("position", "unit")
        .in_rank_order()
    )
    found, days, responsible = [], [], False
    for official in records:
        if official.active_from > today:  # marked, not in office yet
            days.append(official.active_from)
            continue
        if official.active_until is not None:
            days.append(official.active_until + timedelta(days=1))
        # One responsible person (Official.clean refuses a second one in the same days); one
        # marked before that rule, the first in rank is named, any other shown as a contact.
        is_responsible = official.responsible_for_portal and not responsible
        responsible = responsible or is_responsible
        if not (is_responsible or official.portal_contact):
            continue
        label, lang = translated_position_label(official)
        found.append(
            Contact(
                name=official.name, position=label, phone=official.phone, email=official.email,
                responsible=is_responsible, position_lang=lang,
            )
        )  # fmt: skip
    until = timezone.make_aware(datetime.combine(min(days), time.min)) if days else None
    return found, until


def next_change(now: datetime):
    """The next midnight at which an official's record starts or ends (the pages and the
    footer list whoever is in office that day)."""
    today = timezone.localdate(now)
    days = Official.objects.aggregate(
        starts=Min("active_from", filter=Q(active_from__gt=today)),
        ends=Min("active_until", filter=Q(active_until__gte=today)),
    )
    moments = []
    if days["starts"] is not None:
        moments.append(days["starts"])
    if days["ends"] is not None:
        moments.append(days["ends"] + timedelta(days=1))
    if not moments:
        return None
    return timezone.make_aware(datetime.combine(min(moments), time.min))


def _search_units(words):
    return search.matching(Unit.objects.active(), words, newest=("order", "pk"))


def _unit_hit(unit, words) -> search.Hit:
    return search.Hit(
        url=unit.get_absolute_url(),
        title=search.highlight(str(translated(unit, "name")), words),
        snippet=search.snippet([unit.address], words) if unit.address else "",
        meta=unit.get_kind_display(),
    )


def _search_officials(words):
    officials = Official.objects.public().select_related("position", "unit")
    return search.matching(officials, words, newest=("position__order", "order", "pk"))


def _official_hit(official, words) -> search.Hit:
    # Public fields only: name, position, unit, duties (the phone and e-mail are on the page).
    return search.Hit(
        url=official.get_absolute_url(),
        title=search.highlight(official.name, words),
        snippet=search.snippet([official.duties], words) if official.duties else "",
        meta=position_label(official),
    )


def register() -> None:
    # Every page shows units, positions and officials, and the footer names some of them.
    registry.watch(Unit, Position, Official, frame=True)
    registry.add_menu(menu)
    registry.add_site_map(site_map)
    registry.add_contacts(contacts)
    registry.add_next_change(next_change)
    registry.add_sitemap("agency", AgencySitemap)
    search.register(
        search.Provider(
            "don-vi", gettext_lazy("Đơn vị"), _search_units, _unit_hit, order=60, model=Unit
        )
    )
    search.register(
        search.Provider(
            "can-bo",
            gettext_lazy("Cán bộ"),
            _search_officials,
            _official_hit,
            order=61,
            model=Official,
        )
    )
