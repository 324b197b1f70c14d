"""CSV and XLSX, both ways, for every register the admin exports or imports.

Writing: every text cell is made safe for spreadsheet programs. A cell that Excel or LibreOffice
would take as a formula (one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return,
after OWASP's CSV-injection guidance) is neutralised: in CSV it is prefixed with an apostrophe,
in XLSX it is written as a string cell with the "quote prefix" style (shown as typed, never
evaluated, still text after an edit). Characters XML cannot hold are dropped, so an export never
fails on stored text.

Reading: a file is read as a stream and refused as soon as it passes a limit (bytes, uncompressed
size and members of an XLSX archive, rows, columns, characters in a cell): a small file that
unpacks into millions of rows is stopped at the row limit, never loaded whole.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Excel's own limit for one cell.
MAX_CELL_CHARS = 32_767


def cell_text(value: str) -> str:
    """Text without the characters XML 1.0 (XLSX) cannot hold."""
    return _XML_ILLEGAL.sub("", value)


def neutralise(value):
    """A CSV cell value that no spreadsheet program evaluates."""
    if isinstance(value, str):
        value = cell_text(value)
        if value.startswith(FORMULA_TRIGGERS):
            return "'" + value
    return value


def restore(value):
    """The text of a cell as it was before :func:`neutralise` (for imports of our own exports)."""
    if isinstance(value, str) and value.startswith("'") and value[1:2] in FORMULA_TRIGGERS:
        return value[1:]
    return value


def to_csv(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
    # A byte-order mark so that Excel opens the Vietnamese text as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@dataclass
class Column:
    header: str
    width: int = 20
    number_format: str = ""  # e.g. "dd/mm/yyyy hh:mm" for date cells
    wrap: bool = False


def to_xlsx(title: str, columns: Sequence[Column], rows: Iterable[Sequence]) -> bytes:
    return to_xlsx_sheets([(title, columns, rows)])


# Excel refuses these in a sheet's name.
_SHEET_NAME_ILLEGAL = re.compile(r"[\[\]:*?/\\]")


def to_xlsx_sheets(sheets: Sequence[tuple[str, Sequence[Column], Iterable[Sequence]]]) -> bytes:
    """A workbook of several sheets, each (title, columns, rows) as for :func:`to_xlsx`."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, columns, rows in sheets:
        name = _SHEET_NAME_ILLEGAL.sub("-", cell_text(title))[:31] or "Sheet"
        _fill(workbook.create_sheet(name), columns, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill(sheet, columns: Sequence[Column], rows: Iterable[Sequence]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        _set_text(cell, column.header)
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    wrap = Alignment(wrap_text=True, vertical="top")
    for row_number, row in enumerate(rows, start=2):
        for index, (column, value) in enumerate(zip(columns, row, strict=True), start=1):
            cell = sheet.cell(row=row_number, column=index)
            if isinstance(value, str):
                _set_text(cell, value)
            else:
                cell.value = value
            if column.number_format:
                cell.number_format = column.number_format
            if column.wrap:
                cell.alignment = wrap
    sheet.freeze_panes = "A2"


def _set_text(cell, value: str) -> None:
    """A string cell, whatever the text starts with (openpyxl would make "=..." a formula)."""
    text = cell_text(value)
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True


# Reading


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; the message is for the person who sent it."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 5 * 1024 * 1024
    max_rows: int = 5000  # data rows, header excluded
    max_blank_rows: int = 1000  # empty rows tolerated among them
    max_columns: int = 60
    max_cell_chars: int = MAX_CELL_CHARS
    max_unpacked_bytes: int = 50 * 1024 * 1024  # an XLSX archive, uncompressed
    max_members: int = 500


def read_rows(upload, limits: Limits = Limits()) -> list[list]:
    """The non-empty rows of a CSV (UTF-8) or XLSX file, header first, within ``limits``.

    XLSX values keep their types (numbers, dates); CSV values are strings. Apostrophes added by
    :func:`neutralise` are removed.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > limits.max_bytes:
        raise SpreadsheetError(_too_big(limits))
    upload.seek(0)
    data = upload.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise SpreadsheetError(_too_big(limits))
    name = (getattr(upload, "name", "") or "").lower()
    if data[:4] == b"PK\x03\x04":
        rows = _xlsx_rows(data, limits)
    elif name.endswith((".xlsx", ".xlsm", ".xls")):
        raise SpreadsheetError(_("Không đọc được tệp XLSX: tệp hỏng hoặc không phải Excel."))
    elif name.endswith(".csv") or not name or "." not in name:
        rows = _csv_rows(data, limits)
    else:
        raise SpreadsheetError(_("Chỉ nhận tệp .csv hoặc .xlsx theo đúng mẫu của tệp xuất."))
    return _bounded(rows, limits)


def _too_big(limits: Limits) -> str:
    return _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": limits.max_bytes // (1024 * 1024)}


def _bounded(rows: Iterator[list], limits: Limits) -> list[list]:
    kept: list[list] = []
    blank = 0
    for row in rows:
        if len(row) > limits.max_columns:
            row = row[: limits.max_columns]
        values = [restore(v) for v in row]
        if not any(str(v).strip() for v in values if v is not None):
            blank += 1
            if blank > limits.max_blank_rows:
                raise SpreadsheetError(
                    _("Tệp có quá nhiều dòng trống (hơn %(n)s).") % {"n": limits.max_blank_rows}
                )
            continue
        for value in values:
            if isinstance(value, str) and len(value) > limits.max_cell_chars:
                raise SpreadsheetError(
                    _("Dòng %(row)s có một ô dài quá %(n)s ký tự.")
                    % {"row": len(kept) + blank + 1, "n": limits.max_cell_chars}
                )
        kept.append(["" if v is None else v for v in values])
        if len(kept) - 1 > limits.max_rows:
            raise SpreadsheetError(
                _("Tệp có quá nhiều dòng (tối đa %(n)s dòng dữ liệu).") % {"n": limits.max_rows}
            )
    if not kept:
        raise SpreadsheetError(_("Tệp không có dữ liệu."))
    return kept


def _csv_rows(data: bytes, limits: Limits) -> Iterator[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(_("Tệp CSV phải được lưu với bảng mã UTF-8.")) from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    csv.field_size_limit(limits.max_cell_chars + 1)
    try:
        yield from reader
    except csv.Error as exc:
        raise SpreadsheetError(
            _("Dòng %(row)s của tệp CSV không đọc được (ô quá dài hoặc dấu ngoặc kép lệch).")
            % {"row": reader.line_num}
        ) from exc


def _xlsx_rows(data: bytes, limits: Limits) -> Iterator[list]:
    unreadable = _("Không đọc được tệp XLSX: tệp hỏng hoặc không phải Excel.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SpreadsheetError(unreadable) from exc
    if len(members) > limits.max_members:
        raise SpreadsheetError(unreadable)
    if sum(m.file_size for m in members) > limits.max_unpacked_bytes:
        raise SpreadsheetError(
            _("Tệp Excel giải nén ra quá lớn (tối đa %(mb)s MB); hãy chia nhỏ tệp.")
            % {"mb": limits.max_unpacked_bytes // (1024 * 1024)}
        )
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.active
        for row in sheet.iter_rows(max_col=limits.max_columns, values_only=True):
            yield [_xlsx_value(v) for v in row]
    except SpreadsheetError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise SpreadsheetError(unreadable) from exc


def _xlsx_value(value):
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, datetime | date | int | float) or value is None:
        return value
    return str(value)
