"""Readable differences between two versions of a text, for people who approve or compare:
word by word, removed words struck out (<del>), added ones underlined (<ins>), all escaped.
A value that only makes sense whole (a choice's label, a date, a week) is given as
:class:`Whole`: then the old value is struck out and the new one underlined, entire."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from html import escape

from django.utils.safestring import SafeString, mark_safe

_TOKENS = re.compile(r"\w+\s*|[^\w\s]\s*|\s+", re.UNICODE)  # a word with its trailing space


class Whole(str):
    """A snapshot's text compared as one value, never word by word ("Tuần 51/2026" to "Tuần
    52/2026", not "Tuần 5<del>1</del><ins>2</ins>/2026")."""


def whole_diff(old: str, new: str) -> SafeString:
    parts = []
    if old:
        parts.append(f"<del>{escape(old)}</del>")
    if new:
        parts.append(f"<ins>{escape(new)}</ins>")
    return mark_safe(" → ".join(parts))


def word_diff(old: str, new: str) -> SafeString:
    """``new`` with what changed from ``old`` marked; every piece escaped."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    out = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new

    @property
    def diff(self) -> SafeString:
        if isinstance(self.old, Whole) or isinstance(self.new, Whole):
            return whole_diff(self.old, self.new)
        return word_diff(self.old, self.new)


def compare(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> list[FieldChange]:
    """Two snapshots (label, text) of the same fields, side by side."""
    before = dict(old)
    return [FieldChange(label, before.get(label, ""), text) for label, text in new]
