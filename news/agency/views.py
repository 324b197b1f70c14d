"""The organisation's public pages, each in Vietnamese and English from the same view
(portal/i18n.py): the chart, the leadership, one page per unit and the contact directory.

Every page makes a fixed number of queries whatever the number of units and officials: the
units in one query (the tree is assembled here from ``parent_id``), the officials in office
today in one more, with their positions (and photos) joined. Each page says when what it shows
was last changed (the newest ``updated`` of the rows it prints).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import npgettext

from portal import i18n, search
from portal.seo import page_meta

from .models import Official, Unit, UnitKind

# What a list of units needs (the bodies are only read on the unit's own page).
UNIT_LIST_FIELDS = ("body", "body_html", "functions_en", "functions_en_html", "search_text",
                    "search_title", "attachments")  # fmt: skip


# Query words this short match whole words only in the directory.
SHORT_WORD = 2


@dataclass
class Node:
    """A unit in the chart, with the people shown on it and its sub-units."""

    unit: Unit
    depth: int = 0
    people: list[Official] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    def groups(self) -> list[tuple[str, list[Node]]]:
        """The sub-units by kind (divisions, then attached units), each kind named in the
        singular or the plural as their number asks (English has both)."""
        labels = {
            UnitKind.DIVISION: lambda n: npgettext(
                "nhóm trên sơ đồ", "Phòng chuyên môn", "Các phòng chuyên môn", n
            ),
            UnitKind.ATTACHED: lambda n: npgettext(
                "nhóm trên sơ đồ", "Đơn vị trực thuộc", "Các đơn vị trực thuộc", n
            ),
        }  # fmt: skip
        found = []
        for kind in (UnitKind.DIVISION, UnitKind.ATTACHED):
            rows = [child for child in self.children if child.unit.kind == kind]
            if rows:
                found.append((labels[kind](len(rows)), rows))
        return found


def active_units() -> list[Unit]:
    return list(Unit.objects.active().defer(*UNIT_LIST_FIELDS).order_by("order", "name", "pk"))


def build_tree(units: list[Unit]) -> list[Node]:
    """The roots (units without an active parent among ``units``), each with its descendants
    in order. A unit under an inactive parent is not shown, like its parent."""
    nodes = {unit.pk: Node(unit) for unit in units}
    roots = []
    for unit in units:
        if unit.parent_id is None:
            roots.append(nodes[unit.pk])
        elif unit.parent_id in nodes:
            nodes[unit.parent_id].children.append(nodes[unit.pk])

    def set_depth(node: Node, depth: int) -> None:
        node.depth = depth
        for child in node.children:
            set_depth(child, depth + 1)

    for root in roots:
        set_depth(root, 0)
    return roots


def walk(nodes: list[Node]):
    for node in nodes:
        yield node
        yield from walk(node.children)


def latest(*groups) -> object:
    """The newest ``updated`` of every row given (units, officials and their positions)."""
    moments = []
    for rows in groups:
        for row in rows:
            moments.append(row.updated)
            position = getattr(row, "position", None)
            if isinstance(row, Official) and position is not None:
                moments.append(position.updated)
    return max(moments) if moments else None


def officials_in_office():
    return Official.objects.public().select_related("position").in_rank_order()


def agency_unit(units: list[Unit]) -> Unit | None:
    """The agency itself: the first active root of kind "agency" (else the first root)."""
    roots = [u for u in units if u.parent_id is None]
    return next((u for u in roots if u.kind == UnitKind.AGENCY), roots[0] if roots else None)


def _context(request, title: str, description: str, updated, noindex=False, **extra) -> dict:
    return {
        "page_lang": i18n.current(),
        "updated": updated,
        "meta": page_meta(request, title, description, noindex=noindex),
        **extra,
    }


def organisation(request):
    """Sơ đồ tổ chức: the tree of active units, the agency's leaders on its root and each
    unit's head (the first in rank) on its own."""
    units = active_units()
    people = list(officials_in_office().filter(unit__in=[u.pk for u in units]))
    roots = build_tree(units)
    by_unit: dict[int, list[Official]] = {}
    for person in people:
        by_unit.setdefault(person.unit_id, []).append(person)
    agency = agency_unit(units)
    for node in walk(roots):
        rows = by_unit.get(node.unit.pk, [])
        node.people = rows if node.unit == agency else rows[:1]
    shown = [p for node in walk(roots) for p in node.people]
    return render(
        request,
        "agency/organisation.html",
        _context(
            request, _("Cơ cấu tổ chức"),
            _("Sơ đồ tổ chức của cơ quan: lãnh đạo, các phòng chuyên môn và đơn vị trực thuộc."),
            latest(units, shown), roots=roots, agency=agency,
        ),
    )  # fmt: skip


def leadership(request):
    """Lãnh đạo: the agency's own officials in office today, by rank, with photo, phone,
    e-mail and duties."""
    agency = (
        Unit.objects.active().filter(parent=None, kind=UnitKind.AGENCY)
        .defer(*UNIT_LIST_FIELDS).order_by("order", "pk").first()
    )  # fmt: skip
    leaders = []
    if agency is not None:
        leaders = list(officials_in_office().select_related("photo").filter(unit=agency))
    return render(
        request,
        "agency/leadership.html",
        _context(
            request, _("Lãnh đạo"), _("Lãnh đạo cơ quan: chức vụ, điện thoại, thư điện tử và "
                                      "lĩnh vực được phân công."),
            latest([agency] if agency else [], leaders), agency=agency, leaders=leaders,
        ),
    )  # fmt: skip


def unit(request, slug):
    """One unit: its functions and tasks, its people in office today, its sub-units."""
    found = (
        Unit.objects.active().select_related("parent").filter(slug=slug).first()
        if len(slug) <= 200 else None
    )  # fmt: skip
    if found is None:
        raise Http404(_("Không có đơn vị này."))
    people = list(officials_in_office().select_related("photo").filter(unit=found))
    children = list(found.children.active().defer(*UNIT_LIST_FIELDS).order_by("order", "name"))
    parent = found.parent if found.parent is not None and found.parent.active else None
    name = str(i18n.translated(found, "name"))
    # Without an English name the English page is the Vietnamese one, marked: not announced as
    # an alternate and kept out of search engines' English results (as fixed pages are); the
    # page says so once, at its top, and its title says the name is Vietnamese.
    in_english = i18n.has_translation(found, ("name",))
    if not in_english:
        request.page_languages = (i18n.DEFAULT,)
    fallback = not in_english and not i18n.is_default()
    title = f"{name} ({_('tiếng Việt')})" if fallback else name
    return render(
        request,
        "agency/unit.html",
        _context(
            request, title, _("Chức năng, nhiệm vụ, cán bộ và liên hệ của %(unit)s.")
            % {"unit": name},
            latest([found], people, children), unit=found, parent=parent, people=people,
            children=children, noindex=fallback, fallback=fallback,
        ),
    )  # fmt: skip


def directory(request):
    """Danh bạ: everyone in office today, grouped by unit in the chart's order; searched
    folded ("nguyen van" finds "Nguyễn Văn", in names, duties, fields and unit names) and
    filtered by a unit and its sub-units. A stale or odd filter is left out, with a note."""
    query, words = search.parse_query(request.GET.get("q", "")[:1000])
    units = active_units()
    roots = build_tree(units)
    nodes = list(walk(roots))
    raw = request.GET.get("don_vi", "").strip()
    wanted = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 12 else None
    chosen = next((n for n in nodes if n.unit.pk == wanted), None)
    notice = (
        _("Không tìm thấy đơn vị đã chọn; danh bạ đang hiện mọi đơn vị.")
        if raw and not chosen
        else ""
    )
    shown_units = list(walk([chosen])) if chosen else nodes
    people = (
        officials_in_office()
        .select_related("unit")
        .filter(unit__in=[n.unit.pk for n in shown_units])
    )
    for word in words:
        # A word starts a stored word ("nguyen van" finds "Nguyễn Văn"); a word of one or two
        # letters must be a whole word, else "cơ sở" would find every "Sở", "le" every "Lệ".
        term = f" {word} " if len(word) <= SHORT_WORD else f" {word}"
        people = people.filter(Q(search_text__contains=term) | Q(unit__search_text__contains=term))
    people = list(people)
    by_unit: dict[int, list[Official]] = {}
    for person in people:
        by_unit.setdefault(person.unit_id, []).append(person)
    groups = [(n.unit, by_unit[n.unit.pk]) for n in shown_units if n.unit.pk in by_unit]
    # The unit filter's options: indented by depth, named in the page's language (an
    # untranslated name marked lang="vi" on its <option>).
    options = [(n.unit, "– " * n.depth, i18n.translated(n.unit, "name")) for n in nodes]
    return render(
        request,
        "agency/directory.html",
        _context(
            request, _("Danh bạ"),
            _("Họ tên, chức vụ, đơn vị, điện thoại và thư điện tử công vụ của cán bộ."),
            latest([u for u, _rows in groups], people), query=query, units=options,
            chosen=chosen.unit if chosen else None, groups=groups, count=len(people),
            filtered=bool(words or chosen), notice=notice,
        ),
    )  # fmt: skip
