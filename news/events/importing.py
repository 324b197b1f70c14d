"""Import of the training registry from CSV or XLSX (the export's layout), all or nothing.

Each row is checked by :class:`EventRowForm`, a row form (portal/imports.py) of TrainingEvent:
the model's own fields and ``clean()`` (lengths, required values, the end after the start,
photos in the description with alt text) decide, like in the admin; the form adds only what a
spreadsheet cell needs (dates typed day first, counts with thousands separators, lists in one
cell). Every row is checked before anything is written; an event already in the registry (same
slug, or same start date and title) is updated, not duplicated; one failing write undoes all.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import imports
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

# The description cell: generous for prose, far below what would strain a page.
MAX_DESCRIPTION_CHARS = 20_000
year_or_none = imports.year_or_none  # the admin's year filter reads years the same way


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


class EventRowForm(imports.RowForm):
    layout = spreadsheet.LAYOUT
    start = imports.CellDateTimeField()
    end = imports.CellDateTimeField()
    participants_total = imports.CountField(required=False)
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
        super().__init__(data, **kwargs)

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
        for name in imports.split_cell(self.cleaned_data.get("programmes")):
            programme = self.lookups.programmes.get(fold(name))
            (found if programme else unknown).append(programme or name)
        if unknown:
            names = ", ".join(f"“{n}”" for n in unknown)
            raise forms.ValidationError(
                _("%(names)s không có trong danh mục Chương trình") % {"names": names}
            )
        return found

    def clean_speakers(self):
        speakers = []
        for item in imports.split_cell(self.cleaned_data.get("speakers")):
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
                    imports.limited(name, EventSpeaker, "name"),
                    imports.limited(position, EventSpeaker, "position"),
                    imports.limited(organisation, EventSpeaker, "organisation"),
                    role,
                )
            )
        return speakers

    def clean_topics(self):
        return [
            imports.limited(t, EventTopic, "title")
            for t in imports.split_cell(self.cleaned_data.get("topics"))
        ]

    def clean_groups(self):
        groups = []
        for item in imports.split_cell(self.cleaned_data.get("groups")):
            name, _sep, count_text = item.rpartition(":") if ":" in item else (item, "", "")
            count = None
            if count_text.strip():
                try:
                    count = imports.parse_count(count_text)
                except ValueError as exc:
                    raise forms.ValidationError(
                        _("số người của nhóm “%(g)s” %(rule)s")
                        % {"g": name.strip()[:80], "rule": imports.BAD_COUNT}
                    ) from exc
            groups.append((imports.limited(name.strip(), ParticipantGroup, "name"), count))
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


def parse_rows(rows: list[dict]):
    """Check every row (portal/imports.py); an event already in the registry (same slug, or
    same start date and title) is updated."""
    lookups = Lookups.load()

    def make_form(row):
        start = _start_of(row)
        title = clean_line(str(row.get("title") or ""))
        existing = lookups.existing(slugify_vi(str(row.get("slug") or "")), start, title)
        return EventRowForm(row, lookups=lookups, instance=existing)

    def identity(row, form):
        if form.instance.pk:
            return form.instance.pk
        start = _start_of(row)
        return row.get("slug") or (
            start and start.date(),
            fold(clean_line(str(row.get("title") or ""))),
        )

    return imports.check_rows(rows, make_form=make_form, identity=identity)


def _start_of(row: dict):
    try:
        return imports.CellDateTimeField(required=False).clean(row.get("start"))
    except forms.ValidationError:
        return None


def import_events(parsed, user=None) -> tuple[int, int]:
    """Create or update the events; all or nothing, each with a version. (created, updated)"""
    return imports.write_rows(parsed, write_event, user)


def write_event(item: imports.ParsedRow, user) -> bool:
    form, columns = item.form, item.columns
    adding = form.instance.pk is None
    event = form.save(commit=False)
    if adding:
        event.created_by = user
    event.updated_by = user
    if "status" in columns or adding:
        event.status = form.cleaned_data["status"]
    event.save()
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
    return adding


def _replace(related_manager, rows: list) -> None:
    related_manager.all().delete()
    for row in rows:
        clean_text_fields(row)  # bulk_create sends no pre_save signal
    related_manager.model.objects.bulk_create(rows)
