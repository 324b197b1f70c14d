"""Import of the training registry from CSV or XLSX (the export's layout), all or nothing.

Each row is checked by :class:`EventRowForm`, a ModelForm of TrainingEvent: the model's own
fields and ``clean()`` (lengths, required values, the end after the start, photos in the
description with alt text) decide, like in the admin; the form adds only what a spreadsheet
cell needs (dates typed day first, counts with thousands separators, lists in one cell). Every
row is checked before anything is written; an event already in the registry (same slug, or same
start date and title) is updated, not duplicated; one failing write undoes them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import reversion
from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.cleaning import clean_text_fields
from portal.text import clean_line, clean_multiline, fold, slugify_vi

from . import spreadsheet
from .models import (
    EventSpeaker,
    EventTopic,
    ParticipantGroup,
    Programme,
    TrainingEvent,
    check_group_counts,
)

YEARS = range(1900, 2101)
# PostgreSQL's integer, the type of the counts' columns.
MAX_COUNT = 2_147_483_647
# The description cell: generous for prose, far below what would strain a page.
MAX_DESCRIPTION_CHARS = 20_000
DATE_INPUT_FORMATS = [
    spreadsheet.DATE_FORMAT, "%d/%m/%Y", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d",
]  # fmt: skip
BAD_DATE = gettext_lazy("không đúng dạng ngày/tháng/năm giờ:phút (ví dụ 28/09/2017 08:00)")
BAD_COUNT = gettext_lazy("phải là số nguyên từ 0 đến %(max)s") % {"max": MAX_COUNT}


def year_or_none(value) -> int | None:
    """A year typed in a filter, if it is four ASCII digits within YEARS."""
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
    """A date cell: a real date (XLSX) or day-first text, within YEARS."""

    default_error_messages = {"invalid": BAD_DATE}

    def __init__(self, **kwargs):
        super().__init__(input_formats=DATE_INPUT_FORMATS, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value is not None and value.year not in YEARS:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return value


def split_cell(value) -> list[str]:
    return [part.strip() for part in clean_line(str(value or "")).split(";") if part.strip()]


def _field_limit(model, name: str) -> int:
    return model._meta.get_field(name).max_length


@dataclass
class Lookups:
    """What rows are checked against, read once for the whole file."""

    programmes: dict
    statuses: dict
    roles: dict
    by_slug: dict
    by_date_and_title: dict

    @classmethod
    def load(cls) -> Lookups:
        programmes = {}
        for programme in Programme.objects.all():
            programmes[fold(programme.short_name)] = programme
            programmes[fold(programme.name)] = programme
        statuses = {fold(str(label)): value for value, label in TrainingEvent.Status.choices}
        statuses.update({value: value for value in TrainingEvent.Status.values})
        events = list(TrainingEvent.objects.all())
        return cls(
            programmes=programmes,
            statuses=statuses,
            roles={fold(str(label)): value for value, label in EventSpeaker.Role.choices},
            by_slug={e.slug: e for e in events},
            by_date_and_title={
                (timezone.localtime(e.start).date(), fold(e.title)): e for e in events
            },
        )

    def existing(self, slug: str, start, title: str):
        event = self.by_slug.get(slug) if slug else None
        if event is None and start:
            event = self.by_date_and_title.get((timezone.localtime(start).date(), fold(title)))
        return event


class EventRowForm(forms.ModelForm):
    start = CellDateTimeField()
    end = CellDateTimeField()
    participants_total = CountField(required=False)
    status = forms.CharField(required=False)
    programmes = forms.CharField(required=False)
    speakers = forms.CharField(required=False)
    topics = forms.CharField(required=False)
    groups = forms.CharField(required=False)
    description = forms.CharField(required=False, strip=False, max_length=MAX_DESCRIPTION_CHARS)

    class Meta:
        model = TrainingEvent
        fields = ["title", "slug", "start", "end", "place", "organiser", "participants_total"]

    def __init__(self, data: dict, *, lookups: Lookups, **kwargs):
        self.lookups = lookups
        super().__init__({k: v for k, v in data.items() if v is not None}, **kwargs)

    def clean_slug(self):
        # An empty cell keeps an existing event's address (a new one gets it from its title).
        slug = slugify_vi(self.cleaned_data.get("slug") or "")
        return slug or (self.instance.slug if self.instance.pk else "")

    def clean_status(self):
        text = self.cleaned_data.get("status") or ""
        if not text:
            return TrainingEvent.Status.HELD
        status = self.lookups.statuses.get(fold(text))
        if status is None:
            raise forms.ValidationError(
                _("“%(v)s” không hợp lệ (Dự kiến, Đã tổ chức, Đã hủy)") % {"v": text}
            )
        return status

    def clean_programmes(self):
        found, unknown = [], []
        for name in split_cell(self.cleaned_data.get("programmes")):
            programme = self.lookups.programmes.get(fold(name))
            (found if programme else unknown).append(programme or name)
        if unknown:
            names = ", ".join(f"“{n}”" for n in unknown)
            raise forms.ValidationError(
                _("%(names)s không có trong danh mục Chương trình") % {"names": names}
            )
        return found

    def _limited(self, text: str, model, name: str) -> str:
        limit = _field_limit(model, name)
        if len(text) > limit:
            raise forms.ValidationError(
                _("“%(v)s…” dài %(n)s ký tự, tối đa %(limit)s")
                % {"v": text[:30], "n": len(text), "limit": limit}
            )
        return text

    def clean_speakers(self):
        speakers = []
        for item in split_cell(self.cleaned_data.get("speakers")):
            name, position, organisation, role_text = (
                [p.strip() for p in item.split("|")] + [""] * 4
            )[:4]
            if not name:
                raise forms.ValidationError(_("có người thiếu họ tên"))
            role = (
                self.lookups.roles.get(fold(role_text))
                if role_text
                else EventSpeaker.Role.PRESENTED
            )
            if role is None:
                raise forms.ValidationError(
                    _("vai trò “%(r)s” của “%(n)s” không hợp lệ") % {"r": role_text, "n": name}
                )
            speakers.append(
                (
                    self._limited(name, EventSpeaker, "name"),
                    self._limited(position, EventSpeaker, "position"),
                    self._limited(organisation, EventSpeaker, "organisation"),
                    role,
                )
            )
        return speakers

    def clean_topics(self):
        return [
            self._limited(t, EventTopic, "title")
            for t in split_cell(self.cleaned_data.get("topics"))
        ]

    def clean_groups(self):
        groups = []
        for item in split_cell(self.cleaned_data.get("groups")):
            name, _sep, count_text = item.rpartition(":") if ":" in item else (item, "", "")
            count = None
            if count_text.strip():
                try:
                    count = parse_count(count_text)
                except ValueError as exc:
                    raise forms.ValidationError(
                        _("số người của nhóm “%(g)s” %(rule)s")
                        % {"g": name.strip()[:80], "rule": BAD_COUNT}
                    ) from exc
            groups.append((self._limited(name.strip(), ParticipantGroup, "name"), count))
        return groups

    def clean(self):
        cleaned = super().clean()
        groups = cleaned.get("groups")
        if groups is not None and "participants_total" in cleaned:
            message = check_group_counts(cleaned["participants_total"], [c for _n, c in groups])
            if message:
                self.add_error("groups", message)
        if "description" in self.data:
            cell = clean_multiline(cleaned.get("description") or "")
            unchanged = self.instance.pk and cell == spreadsheet.description_text(
                self.instance.body
            )
            if not unchanged:  # an untouched cell keeps the description's formatting
                self.instance.body = spreadsheet.description_html(cell)
        return cleaned

    def row_messages(self) -> list[str]:
        """Each error as "Column: message", in the file's column order."""
        labels = dict(spreadsheet.COLUMNS)
        messages = []
        for name, errors in self.errors.items():
            for error in errors:
                if name == "__all__":
                    messages.append(str(error))
                else:
                    messages.append(f"{labels.get(name, name)}: {error}")
        return messages


@dataclass
class ParsedEvent:
    row: int
    form: EventRowForm
    columns: frozenset = frozenset()  # the columns the file has; the others keep their values
    programmes: list = field(default_factory=list)


def parse_rows(rows: list[dict]) -> tuple[list[ParsedEvent], list[tuple[int, list[str]]]]:
    """Check every row; the parsed rows, and per faulty row (numbered as in the file) its
    messages."""
    lookups = Lookups.load()
    parsed, errors, seen = [], [], {}
    for number, row in enumerate(rows, start=2):  # row 1 holds the headers
        start = _start_of(row)
        title = clean_line(str(row.get("title") or ""))
        existing = lookups.existing(slugify_vi(str(row.get("slug") or "")), start, title)
        form = EventRowForm(row, lookups=lookups, instance=existing)
        messages = [] if form.is_valid() else form.row_messages()
        identity = (
            existing.pk if existing else (row.get("slug") or (start and start.date(), fold(title)))
        )
        if identity in seen:
            messages.append(_("trùng với dòng %(n)s") % {"n": seen[identity]})
        seen[identity] = number
        if messages:
            errors.append((number, messages))
        else:
            parsed.append(ParsedEvent(row=number, form=form, columns=frozenset(row)))
    return parsed, errors


def _start_of(row: dict):
    try:
        return CellDateTimeField(required=False).clean(row.get("start"))
    except forms.ValidationError:
        return None


@transaction.atomic
def import_events(parsed: list[ParsedEvent], user=None) -> tuple[int, int]:
    """Create or update the events; all or nothing. Returns (created, updated). Each event
    gets a version (who, when, "imported"), as a save in the admin would."""
    with reversion.create_revision():
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(_("Nhập từ tệp."))
        return _import(parsed, user)


def _import(parsed: list[ParsedEvent], user) -> tuple[int, int]:
    created = updated = 0
    for item in parsed:
        form, columns = item.form, item.columns
        adding = form.instance.pk is None
        event = form.save(commit=False)
        if adding:
            event.created_by = user
        event.updated_by = user
        if "status" in columns or adding:
            event.status = form.cleaned_data["status"]
        event.save()
        created, updated = created + adding, updated + (not adding)
        data = form.cleaned_data
        if "programmes" in columns or adding:
            event.programmes.set(data["programmes"])
        if "speakers" in columns:
            _replace(event.speakers, [
                EventSpeaker(event=event, order=i, name=n, position=p, organisation=o, role=r)
                for i, (n, p, o, r) in enumerate(data["speakers"])
            ])  # fmt: skip
            event.refresh_search_text()  # bulk_create sends no signals
        if "topics" in columns:
            _replace(event.topics, [
                EventTopic(event=event, order=i, title=t) for i, t in enumerate(data["topics"])
            ])  # fmt: skip
        if "groups" in columns:
            _replace(event.groups, [
                ParticipantGroup(event=event, order=i, name=n, count=c)
                for i, (n, c) in enumerate(data["groups"])
            ])  # fmt: skip
    return created, updated


def _replace(related_manager, rows: list) -> None:
    related_manager.all().delete()
    for row in rows:
        clean_text_fields(row)  # bulk_create sends no pre_save signal
    related_manager.model.objects.bulk_create(rows)
