"""Export and import of the training registry as CSV or XLSX, one row per event.

The same layout goes both ways, so a file exported from the admin can be edited and imported
back. Lists inside a cell are separated by ";"; a speaker is "Họ tên | Chức vụ | Cơ quan |
Vai trò" and a participant group "Tên nhóm: số người". An import validates every row first and
imports nothing if any row is wrong; an event already in the registry (same slug, or same start
date and title) is updated, not duplicated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from html import escape, unescape

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import spreadsheets
from portal.text import clean_line, clean_multiline, fold, slugify_vi

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
HEADERS = [label for _key, label in COLUMNS]
DATE_FORMAT = "%d/%m/%Y %H:%M"
MAX_ROWS = 5000


def _clean_item(text: str) -> str:
    """An item of a ";"-separated list may not contain the separators themselves."""
    return clean_line(str(text or "")).replace(";", ",").replace("|", "/")


def _local(value: datetime) -> str:
    return timezone.localtime(value).strftime(DATE_FORMAT)


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


def export_queryset(queryset):
    return queryset.prefetch_related("programmes", "speakers", "topics", "groups").order_by(
        "start", "pk"
    )


def to_csv(queryset) -> bytes:
    return spreadsheets.to_csv(HEADERS, (event_row(e) for e in export_queryset(queryset)))


XLSX_COLUMNS = [
    spreadsheets.Column(label, width, "dd/mm/yyyy hh:mm" if key in ("start", "end") else "",
                        wrap=key == "description")
    for (key, label), width in zip(
        COLUMNS, [50, 30, 17, 17, 30, 30, 30, 14, 10, 50, 60, 60, 40], strict=True
    )
]  # fmt: skip


def to_xlsx(queryset) -> bytes:
    rows = (event_row(e, excel=True) for e in export_queryset(queryset))
    return spreadsheets.to_xlsx("Tập huấn", XLSX_COLUMNS, rows)


# Import

ImportFileError = spreadsheets.SpreadsheetError
LIMITS = spreadsheets.Limits(max_rows=MAX_ROWS)


def read_table(upload) -> list[dict]:
    """Rows of a CSV or XLSX file as dicts keyed by column key (headers matched loosely)."""
    rows = spreadsheets.read_rows(upload, LIMITS)
    wanted = {fold(label): key for key, label in COLUMNS}
    keys = [wanted.get(fold(str(h))) for h in rows[0]]
    missing = [label for key, label in COLUMNS if key not in keys and key in REQUIRED]
    if missing:
        raise ImportFileError(
            _("Thiếu cột: %(cols)s. Hãy dùng đúng dòng tiêu đề của tệp xuất.")
            % {"cols": ", ".join(missing)}
        )
    return [
        {key: value.strip() if isinstance(value, str) else value
         for key, value in zip(keys, row, strict=False) if key}
        for row in rows[1:]
    ]  # fmt: skip


REQUIRED = {"title", "start", "end", "place"}


@dataclass
class ParsedEvent:
    row: int
    fields: dict
    programmes: list = field(default_factory=list)
    speakers: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    existing: object = None
    columns: frozenset = frozenset()  # the columns the file has; the others keep their values


YEARS = range(1900, 2101)
# PostgreSQL's integer, the type of the counts' columns.
MAX_COUNT = 2_147_483_647
# The description cell: generous for prose, far below what would strain a page.
MAX_DESCRIPTION_CHARS = 20_000


def _parse_datetime(value) -> datetime:
    """A local date and time from a cell; ValueError for anything else or a year out of range."""
    if isinstance(value, datetime):
        naive = value
    else:
        text = str(value).strip()
        for fmt in (DATE_FORMAT, "%d/%m/%Y", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
            try:
                naive = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            raise ValueError(text)
    if naive.year not in YEARS:
        raise ValueError(str(value))
    if timezone.is_aware(naive):
        return naive
    return timezone.make_aware(naive, timezone.get_default_timezone())


def year_or_none(value) -> int | None:
    """A year typed in a filter, if it is four ASCII digits within YEARS."""
    text = str(value or "")
    if len(text) == 4 and text.isascii() and text.isdigit() and int(text) in YEARS:
        return int(text)
    return None


def _parse_count(value) -> int:
    """A whole number 0..MAX_COUNT from a cell ("630", "1.230", 630.0); ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():  # also refuses inf and nan
            raise ValueError(value)
        number = int(value)
    else:
        text = str(value).strip().replace(".", "").replace(",", "").replace(" ", "")
        if not text:
            return 0
        if not text.isascii() or not text.isdigit() or len(text) > 10:
            raise ValueError(value)
        number = int(text)
    if not 0 <= number <= MAX_COUNT:
        raise ValueError(value)
    return number


def _text(value, limit: int, label: str, messages: list[str]) -> str:
    """A cell as one clean line; NUL and values over ``limit`` characters are row errors."""
    raw = "" if value is None else str(value)
    if "\x00" in raw:
        messages.append(_("%(col)s chứa ký tự rỗng (NUL)") % {"col": label})
        return ""
    text = clean_line(raw)
    if len(text) > limit:
        messages.append(
            _("%(col)s dài %(n)s ký tự, tối đa %(limit)s")
            % {"col": label, "n": len(text), "limit": limit}
        )
        return ""
    return text


def _split(value) -> list[str]:
    return [part.strip() for part in clean_line(str(value or "")).split(";") if part.strip()]


def parse_rows(rows: list[dict]) -> tuple[list[ParsedEvent], list[tuple[int, list[str]]]]:
    """Validate every row; return the parsed events and, per faulty row, its messages."""
    from .models import EventSpeaker, Programme, TrainingEvent, check_group_counts

    programmes = {}
    for programme in Programme.objects.all():
        programmes[fold(programme.short_name)] = programme
        programmes[fold(programme.name)] = programme
    statuses = {fold(str(label)): value for value, label in TrainingEvent.Status.choices}
    statuses.update({value: value for value in TrainingEvent.Status.values})
    roles = {fold(str(label)): value for value, label in EventSpeaker.Role.choices}
    existing_by_slug = {e.slug: e for e in TrainingEvent.objects.all()}
    existing_by_key = {
        (timezone.localtime(e.start).date(), fold(e.title)): e for e in existing_by_slug.values()
    }

    parsed, errors, seen = [], [], {}
    for number, row in enumerate(rows, start=2):  # row 1 holds the headers
        messages = []
        title = _text(row.get("title"), 255, _("Tên lớp"), messages)
        place = _text(row.get("place"), 300, _("Địa điểm"), messages)
        organiser = _text(row.get("organiser"), 300, _("Đơn vị tổ chức"), messages)
        if not title:
            messages.append(_("thiếu tên lớp tập huấn"))
        if not place:
            messages.append(_("thiếu địa điểm"))
        start = end = None
        for key, label in (("start", _("Bắt đầu")), ("end", _("Kết thúc"))):
            value = row.get(key, "")
            if value in ("", None):
                messages.append(_("thiếu cột %(col)s") % {"col": label})
                continue
            try:
                parsed_value = _parse_datetime(value)
            except ValueError:
                messages.append(
                    _("%(col)s “%(value)s” không đúng dạng ngày/tháng/năm giờ:phút")
                    % {"col": label, "value": value}
                )
                continue
            if key == "start":
                start = parsed_value
            else:
                end = parsed_value
        if start and end and end < start:
            messages.append(_("thời điểm kết thúc trước thời điểm bắt đầu"))

        try:
            total = _parse_count(row.get("participants_total", ""))
        except ValueError:
            messages.append(
                _("tổng số học viên “%(v)s” phải là số nguyên từ 0 đến %(max)s")
                % {"v": str(row.get("participants_total"))[:40], "max": MAX_COUNT}
            )
            total = 0

        status_text = str(row.get("status", "") or "").strip()
        status = statuses.get(fold(status_text)) if status_text else TrainingEvent.Status.HELD
        if status is None:
            messages.append(
                _("tình trạng “%(v)s” không hợp lệ (Dự kiến, Đã tổ chức, Đã hủy)")
                % {"v": status_text}
            )

        event_programmes = []
        for name in _split(row.get("programmes", "")):
            programme = programmes.get(fold(name))
            if programme is None:
                messages.append(
                    _("chương trình “%(name)s” không có trong danh mục Chương trình")
                    % {"name": name}
                )
            else:
                event_programmes.append(programme)

        groups = []
        for item in _split(row.get("groups", "")):
            name, _sep, count_text = item.rpartition(":") if ":" in item else (item, "", "")
            count = None
            if count_text.strip():
                try:
                    count = _parse_count(count_text)
                except ValueError:
                    messages.append(
                        _("số người của nhóm “%(g)s” phải là số nguyên từ 0 đến %(max)s")
                        % {"g": name.strip()[:80], "max": MAX_COUNT}
                    )
            groups.append((_text(name, 300, _("Tên nhóm"), messages), count))
        if (message := check_group_counts(total, [c for _n, c in groups])) is not None:
            messages.append(message[0].lower() + message[1:].rstrip("."))

        speakers = []
        for item in _split(row.get("speakers", "")):
            parts = [p.strip() for p in item.split("|")]
            parts += [""] * (4 - len(parts))
            role = roles.get(fold(parts[3])) if parts[3] else EventSpeaker.Role.PRESENTED
            if role is None:
                messages.append(
                    _("vai trò “%(r)s” của “%(n)s” không hợp lệ") % {"r": parts[3], "n": parts[0]}
                )
            if not parts[0]:
                messages.append(_("có báo cáo viên thiếu họ tên"))
            speakers.append(
                (
                    _text(parts[0], 200, _("Họ tên báo cáo viên"), messages),
                    _text(parts[1], 300, _("Chức vụ"), messages),
                    _text(parts[2], 300, _("Cơ quan"), messages),
                    role,
                )
            )
        topics = [_text(t, 500, _("Nội dung"), messages) for t in _split(row.get("topics", ""))]
        description = "" if row.get("description") is None else str(row["description"])
        if "\x00" in description:
            messages.append(_("%(col)s chứa ký tự rỗng (NUL)") % {"col": _("Mô tả")})
        elif len(description) > MAX_DESCRIPTION_CHARS:
            messages.append(
                _("%(col)s dài %(n)s ký tự, tối đa %(limit)s")
                % {"col": _("Mô tả"), "n": len(description), "limit": MAX_DESCRIPTION_CHARS}
            )

        slug = slugify_vi(_text(row.get("slug"), 220, _("Đường dẫn"), messages))
        existing = existing_by_slug.get(slug) if slug else None
        if existing is None and start:
            existing = existing_by_key.get((timezone.localtime(start).date(), fold(title)))
        identity = existing.pk if existing else (slug or (start and start.date(), fold(title)))
        if identity in seen:
            messages.append(_("trùng với dòng %(n)s") % {"n": seen[identity]})
        seen[identity] = number

        if messages:
            errors.append((number, messages))
            continue
        fields = {
            "title": title,
            "slug": slug,
            "start": start,
            "end": end,
            "place": place,
            "status": status,
            "participants_total": total,
        }
        # Optional columns left out of the file keep what the registry has.
        if "organiser" in row:
            fields["organiser"] = organiser
        if "description" in row:
            cell = clean_multiline(description)
            unchanged = existing is not None and cell.strip() == description_text(existing.body)
            if not unchanged:  # an untouched cell keeps the description's formatting
                fields["body"] = description_html(cell)
        parsed.append(
            ParsedEvent(
                row=number,
                fields=fields,
                programmes=event_programmes,
                speakers=speakers,
                topics=topics,
                groups=groups,
                existing=existing,
                columns=frozenset(row),
            )
        )
    return parsed, errors


@transaction.atomic
def import_events(parsed: list[ParsedEvent], user=None) -> tuple[int, int]:
    """Create or update the events; all or nothing. Returns (created, updated)."""
    from .models import EventSpeaker, EventTopic, ParticipantGroup, TrainingEvent

    created = updated = 0
    for item in parsed:
        event = item.existing or TrainingEvent(created_by=user)
        for name, value in item.fields.items():
            if name == "slug" and not value:
                continue
            setattr(event, name, value)
        event.updated_by = user
        event.save()
        if item.existing:
            updated += 1
        else:
            created += 1
        if "programmes" in item.columns or not item.existing:
            event.programmes.set(item.programmes)
        if "speakers" in item.columns:
            event.speakers.all().delete()
            EventSpeaker.objects.bulk_create(
                EventSpeaker(event=event, order=i, name=n, position=p, organisation=o, role=r)
                for i, (n, p, o, r) in enumerate(item.speakers)
            )
            event.refresh_search_text()  # bulk_create sends no signals
        if "topics" in item.columns:
            event.topics.all().delete()
            EventTopic.objects.bulk_create(
                EventTopic(event=event, order=i, title=t[:500]) for i, t in enumerate(item.topics)
            )
        if "groups" in item.columns:
            event.groups.all().delete()
            ParticipantGroup.objects.bulk_create(
                ParticipantGroup(event=event, order=i, name=n[:300], count=c)
                for i, (n, c) in enumerate(item.groups)
            )
    return created, updated


def filename(extension: str) -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"so-tap-huan-{stamp}.{extension}"
