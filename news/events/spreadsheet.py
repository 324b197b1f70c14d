"""The training registry's spreadsheet layout, one row per event, both ways: the export's rows
(written by portal/imports.py and portal/spreadsheets.py) and the description cell's text;
importing.py checks and writes the rows of a file.

A file exported from the admin can be edited and imported back. Lists inside a cell are
separated by ";"; a speaker is "Họ tên | Chức vụ | Cơ quan | Vai trò" and a participant group
"Tên nhóm: số người".
"""

from __future__ import annotations

import re
from datetime import datetime
from html import escape, unescape

from django.utils import timezone

from portal import imports

COLUMNS = [
    ("title", "Tên lớp tập huấn"),
    ("slug", "Đường dẫn"),
    ("start", "Bắt đầu"),
    ("end", "Kết thúc"),
    ("place", "Địa điểm"),
    ("organiser", "Đơn vị tổ chức"),
    ("programmes", "Chương trình"),
    ("status", "Tình trạng"),
    ("participants_total", "Tổng số học viên"),
    ("groups", "Nhóm học viên"),
    ("speakers", "Báo cáo viên, đại biểu"),
    ("topics", "Nội dung"),
    ("description", "Mô tả"),
]
LAYOUT = imports.Layout(
    columns=COLUMNS,
    required=frozenset({"title", "start", "end", "place"}),
    sheet="Tập huấn",
    stem="so-tap-huan",
    widths=dict(zip([k for k, _l in COLUMNS],
                    [50, 30, 17, 17, 30, 30, 30, 14, 10, 50, 60, 60, 40], strict=True)),
    formats={"start": "dd/mm/yyyy hh:mm", "end": "dd/mm/yyyy hh:mm"},
    wrapped=frozenset({"description"}),
)  # fmt: skip
HEADERS = LAYOUT.headers
_clean_item = imports.list_item


def _local(value: datetime) -> str:
    return timezone.localtime(value).strftime(imports.DATE_TIME_FORMAT)


def event_row(event, *, excel: bool = False) -> list:
    """One row of the layout; ``event`` has programmes, speakers, topics, groups prefetched.

    For Excel the dates are real date cells (local time), so they sort and filter.
    """
    speakers = "; ".join(
        " | ".join(
            [
                _clean_item(s.name),
                _clean_item(s.position),
                _clean_item(s.organisation),
                str(s.get_role_display()),
            ]
        )
        for s in event.speakers.all()
    )
    groups = "; ".join(
        f"{_clean_item(g.name)}: {g.count}" if g.count is not None else _clean_item(g.name)
        for g in event.groups.all()
    )
    return [
        event.title,
        event.slug,
        _excel_time(event.start) if excel else _local(event.start),
        _excel_time(event.end) if excel else _local(event.end),
        event.place,
        event.organiser,
        "; ".join(_clean_item(p.short_name) for p in event.programmes.all()),
        str(event.get_status_display()),
        event.participants_total,
        groups,
        speakers,
        "; ".join(_clean_item(t.title) for t in event.topics.all()),
        description_text(event.body),
    ]


def _excel_time(value: datetime) -> datetime:
    return timezone.localtime(value).replace(tzinfo=None)


_BLOCK_END = re.compile(
    r"</(?:p|li|h[1-6]|blockquote|tr|figcaption|caption|dt|dd)>|<br\s*/?>", re.IGNORECASE
)
_CELL_END = re.compile(r"</t[dh]>", re.IGNORECASE)


def description_text(html: str) -> str:
    """All the description's text for the spreadsheet: one line per block, table cells
    separated by " | ". Nothing is left out (the cell may be edited and imported back)."""
    from portal.richtext import sanitise

    text = _CELL_END.sub(" | ", _BLOCK_END.sub("\n", sanitise(html)))
    lines = (" ".join(unescape(re.sub(r"<[^>]+>", " ", line)).split()) for line in text.split("\n"))
    return "\n".join(line.strip(" |") for line in lines if line.strip(" |"))


def description_html(text: str) -> str:
    """A description cell back to HTML: HTML as it is, plain lines as paragraphs."""
    if re.search(r"<[a-zA-Z][^>]*>", text):
        return text
    return "".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip())


def export_rows(queryset, *, excel: bool):
    events = queryset.prefetch_related("programmes", "speakers", "topics", "groups")
    return (event_row(e, excel=excel) for e in events.order_by("start", "pk"))
