"""Registers to and from spreadsheets, for every kind that has one (training events, documents,
procedures): the layout of a register's file, the cells a spreadsheet holds (dates typed day
first, counts with thousands separators, lists in one cell), and the import, all or nothing.

A kind describes its file with a :class:`Layout` (columns and headers, in the export's order)
and its rows with a :class:`RowForm`, a ModelForm of the kind's model: the model's own fields
and ``clean()`` decide, as in the admin. :func:`check_rows` checks every row before anything is
written and reports each faulty row by its number in the file; :func:`write_rows` writes them
in one transaction and one revision (who, when, "imported"), so one failing write undoes all.
Reading and writing the file itself is portal/spreadsheets.py (safe cells, bounded reading).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import reversion
from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import spreadsheets
from .text import clean_line, fold

YEARS = range(1900, 2101)
# PostgreSQL's integer, the type of count columns.
MAX_COUNT = 2_147_483_647
DATE_TIME_FORMAT = "%d/%m/%Y %H:%M"
DATE_FORMAT = "%d/%m/%Y"
DATE_TIME_INPUT_FORMATS = [
    DATE_TIME_FORMAT, DATE_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d",
]  # fmt: skip
DATE_INPUT_FORMATS = [DATE_FORMAT, "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S"]
BAD_DATE_TIME = gettext_lazy("không đúng dạng ngày/tháng/năm giờ:phút (ví dụ 28/09/2017 08:00)")
BAD_DATE = gettext_lazy("không đúng dạng ngày/tháng/năm (ví dụ 09/08/2017)")
BAD_COUNT = gettext_lazy("phải là số nguyên từ 0 đến %(max)s") % {"max": MAX_COUNT}


# The file


@dataclass
class Layout:
    """A register's file: one row per record, these columns in this order (the export's
    order; an import matches headers loosely, without diacritics or case)."""

    columns: Sequence[tuple[str, str]]  # (key, header)
    required: frozenset[str]
    sheet: str  # the XLSX sheet's name
    stem: str  # the exported file's name, before the date
    widths: dict[str, int] = field(default_factory=dict)
    formats: dict[str, str] = field(default_factory=dict)  # XLSX number formats by key
    wrapped: frozenset[str] = frozenset()
    max_rows: int = 5000

    @property
    def headers(self) -> list[str]:
        return [header for _key, header in self.columns]

    @property
    def labels(self) -> dict[str, str]:
        return dict(self.columns)

    def read(self, upload) -> list[dict]:
        """The data rows of a CSV or XLSX file as dicts by column key; SpreadsheetError
        (Vietnamese) if the file cannot be read or lacks a required column."""
        rows = spreadsheets.read_rows(upload, spreadsheets.Limits(max_rows=self.max_rows))
        wanted = {fold(header): key for key, header in self.columns}
        keys = [wanted.get(fold(str(header))) for header in rows[0]]
        missing = [h for key, h in self.columns if key in self.required and key not in keys]
        if missing:
            raise spreadsheets.SpreadsheetError(
                _("Thiếu cột: %(cols)s. Hãy dùng đúng dòng tiêu đề của tệp xuất.")
                % {"cols": ", ".join(missing)}
            )
        return [
            {key: value.strip() if isinstance(value, str) else value
             for key, value in zip(keys, row, strict=False) if key}
            for row in rows[1:]
        ]  # fmt: skip

    def to_csv(self, rows: Iterable[Sequence]) -> bytes:
        return spreadsheets.to_csv(self.headers, rows)

    def to_xlsx(self, rows: Iterable[Sequence]) -> bytes:
        columns = [
            spreadsheets.Column(
                header, self.widths.get(key, 20), self.formats.get(key, ""), key in self.wrapped
            )
            for key, header in self.columns
        ]
        return spreadsheets.to_xlsx(self.sheet, columns, rows)

    def filename(self, extension: str) -> str:
        return f"{self.stem}-{timezone.localtime():%Y%m%d-%H%M}.{extension}"


# Cells


def year_or_none(value) -> int | None:
    """A year typed in a filter or a cell, if it is four ASCII digits within YEARS."""
    text = str(value or "")
    if len(text) == 4 and text.isascii() and text.isdigit() and int(text) in YEARS:
        return int(text)
    return None


def parse_count(value) -> int:
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


class CountField(forms.Field):
    default_error_messages = {"invalid": BAD_COUNT}

    def to_python(self, value):
        try:
            return parse_count("" if value is None else value)
        except ValueError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc


class CellDateTimeField(forms.DateTimeField):
    """A date-and-time cell: a real date (XLSX) or day-first text, within YEARS."""

    default_error_messages = {"invalid": BAD_DATE_TIME}

    def __init__(self, **kwargs):
        super().__init__(input_formats=DATE_TIME_INPUT_FORMATS, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value is not None and value.year not in YEARS:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return value


class CellDateField(forms.DateField):
    """A date cell: a real date (XLSX) or day-first text, within YEARS."""

    default_error_messages = {"invalid": BAD_DATE}

    def __init__(self, **kwargs):
        super().__init__(input_formats=DATE_INPUT_FORMATS, **kwargs)

    def to_python(self, value):
        if hasattr(value, "date") and callable(value.date):  # an XLSX date cell is a datetime
            value = value.date()
        value = super().to_python(value)
        if value is not None and value.year not in YEARS:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return value


def split_cell(value) -> list[str]:
    """The items of a list typed in one cell, separated by ";"."""
    return [part.strip() for part in clean_line(str(value or "")).split(";") if part.strip()]


def list_item(text: str) -> str:
    """An item written into a ";"-separated cell may not contain the separators themselves."""
    return clean_line(str(text or "")).replace(";", ",").replace("|", "/")


def limited(text: str, model, name: str) -> str:
    """``text`` if it fits the model field ``name``; a row error otherwise."""
    limit = model._meta.get_field(name).max_length
    if len(text) > limit:
        raise forms.ValidationError(
            _("“%(v)s…” dài %(n)s ký tự, tối đa %(limit)s")
            % {"v": text[:30], "n": len(text), "limit": limit}
        )
    return text


# Rows


class RowForm(forms.ModelForm):
    """A row of a register's file, checked by the kind's model (a ModelForm); ``layout`` names
    the columns in messages."""

    layout: Layout

    def __init__(self, data: dict, **kwargs):
        super().__init__({k: v for k, v in data.items() if v is not None}, **kwargs)

    def row_messages(self) -> list[str]:
        """Each error as "Column: message", in the file's column order."""
        labels = self.layout.labels
        messages = []
        for name, errors in self.errors.items():
            for error in errors:
                if name == "__all__":
                    messages.append(str(error))
                else:
                    messages.append(f"{labels.get(name, name)}: {error}")
        return messages


@dataclass
class ParsedRow:
    row: int  # numbered as in the file (the headers are row 1)
    form: RowForm
    columns: frozenset = frozenset()  # the columns the file has; the others keep their values


def check_rows(
    rows: list[dict],
    *,
    make_form: Callable[[dict], RowForm],
    identity: Callable[[dict, RowForm], Hashable],
) -> tuple[list[ParsedRow], list[tuple[int, list[str]]]]:
    """Check every row. ``make_form(row)`` binds a row to the record it updates (or a new
    one); two rows with the same ``identity(row, form)`` are an error. Returns the parsed rows,
    and per faulty row its number and messages."""
    parsed, errors, seen = [], [], {}
    for number, row in enumerate(rows, start=2):
        form = make_form(row)
        messages = [] if form.is_valid() else form.row_messages()
        key = identity(row, form)
        if key in seen:
            messages.append(_("trùng với dòng %(n)s") % {"n": seen[key]})
        seen[key] = number
        if messages:
            errors.append((number, messages))
        else:
            parsed.append(ParsedRow(row=number, form=form, columns=frozenset(row)))
    return parsed, errors


def write_rows(
    parsed: list[ParsedRow], write: Callable[[ParsedRow, object], bool], user=None
) -> tuple[int, int]:
    """Write the checked rows, all or nothing, each record with a version ("Nhập từ tệp.",
    by ``user``), as a save in the admin would. ``write(row, user)`` saves one row and says
    whether it created a record. Returns (created, updated)."""
    created = updated = 0
    with reversion.create_revision(atomic=True):  # one transaction: all rows or none
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(_("Nhập từ tệp."))
        for item in parsed:
            if write(item, user):
                created += 1
            else:
                updated += 1
    return created, updated
