"""Vietnamese search that forgives missing diacritics, on SQLite and PostgreSQL alike.

Both sides are folded the same way (portal.text.fold: NFC/NFD alike, case and diacritics
removed, đ → d) and split into words at anything that is not a letter or digit. Stored texts are
kept with a space before every word, so a query word matches the start of a word (" giam" finds
"giảm", "giảm nghèo" and "giamdoc" alike, but not "vigiam"). Every word must match, in any order.

Ranking is done by the database: each word scores 4 in the title, 2 in the summary, 1
elsewhere; higher totals first, then newer first. On PostgreSQL pg_trgm GIN indexes on the
folded texts keep the LIKE filters fast at 100,000 rows.

Content kinds plug into the site search with :func:`register` (a :class:`Provider` each); the
search page (portal/views.py) asks every provider, in order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from django.db import connection
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.safestring import SafeString, mark_safe

from .text import fold, nfc

MAX_QUERY_CHARS = 200
MAX_WORDS = 8
MIN_WORD_CHARS = 1
_NON_WORD = re.compile(r"[^0-9a-z]+")


def words_of(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return [w for w in _NON_WORD.split(fold(text)) if w]


def index_text(*parts: str) -> str:
    """What is stored for searching: folded words, each preceded by a space, and a final space."""
    words = [w for part in parts for w in words_of(part)]
    return f" {' '.join(words)} " if words else ""


def parse_query(raw: str) -> tuple[str, list[str]]:
    """The query as shown back (NFC, trimmed) and its distinct folded words."""
    shown = " ".join(nfc(raw or "").split())[:MAX_QUERY_CHARS]
    words = []
    for word in words_of(shown):
        if word not in words:
            words.append(word)
    return shown, words[:MAX_WORDS]


def score(words: list[str], title_field: str, summary_field: str | None = None):
    """Each word scores 4 in the title, 2 in the summary, 1 elsewhere (see the module)."""
    total = Value(0, output_field=IntegerField())
    for word in words:
        whens = [When(**{f"{title_field}__contains": f" {word}"}, then=Value(4))]
        if summary_field:
            whens.append(When(**{f"{summary_field}__contains": f" {word}"}, then=Value(2)))
        total = total + Case(*whens, default=Value(1), output_field=IntegerField())
    return total


def matching(
    queryset: QuerySet,
    words: list[str],
    *,
    text_field: str = "search_text",
    title_field: str = "search_title",
    summary_field: str | None = None,
    newest: tuple[str, ...] = ("-pk",),
) -> QuerySet:
    """Rows whose folded text holds every word (at a word start), best first then newest."""
    for word in words:
        queryset = queryset.filter(**{f"{text_field}__contains": f" {word}"})
    return queryset.annotate(score=score(words, title_field, summary_field)).order_by(
        "-score", *newest
    )


@dataclass(frozen=True)
class Hit:
    """One search result as the page shows it."""

    url: str
    title: SafeString  # highlighted
    snippet: str = ""  # highlighted too (a SafeString) when there is one
    meta: str = ""  # a date, a category, a place
    links: tuple = ()  # (label, url) shown under the hit, e.g. a document's files


@dataclass(frozen=True)
class Provider:
    """A content kind in the site search: ``search(words)`` gives a ranked queryset (only what
    the public may see), ``hit(obj, words)`` turns a row into a :class:`Hit`.

    ``model`` is the table whose ``text_field`` the search filters on: with it, the search page
    first asks once, for every kind together, which tables hold the words at all
    (:func:`kinds_holding`), and runs only those kinds' queries."""

    key: str  # the kind's name in the address: ?loai=<key>
    label: str  # the kind's name on the page (plural), e.g. "Bài viết"
    search: Callable[[list[str]], QuerySet]
    hit: Callable[[object, list[str]], Hit]
    order: int = 100
    model: type | None = None
    text_field: str = "search_text"


_providers: dict[str, Provider] = {}


def register(provider: Provider) -> None:
    _providers[provider.key] = provider


def providers() -> list[Provider]:
    return sorted(_providers.values(), key=lambda p: (p.order, p.key))


def kinds_holding(kinds: list[Provider], words: list[str]) -> set[str]:
    """The keys of the kinds whose table has a row, public or not, holding every word, in one
    query; kinds without a ``model`` are always among them.

    Each kind's own query (only what the public may see, ranked) costs about a millisecond of
    Django's work even when it finds nothing, and most searches find nothing in most kinds. A
    kind left out here could not have found anything: its query filters the same column of
    the same table with the same patterns (words are letters and digits only, so no LIKE
    wildcard can be among them), and more conditions besides."""
    if not words:
        return set()
    if any(_NON_WORD.search(word) for word in words):  # not from parse_query: ask every kind
        return {kind.key for kind in kinds}
    quote = connection.ops.quote_name
    parts, params, found = [], [], set()
    for kind in kinds:
        if kind.model is None:
            found.add(kind.key)
            continue
        column = quote(kind.model._meta.get_field(kind.text_field).column)
        holds = " AND ".join(f"{column} LIKE %s" for _word in words)
        # Only quoted table and column names from the models go into the text; every value
        # (the kind's key, the patterns) is a parameter.
        table = quote(kind.model._meta.db_table)
        parts.append(f"SELECT %s WHERE EXISTS (SELECT 1 FROM {table} WHERE {holds})")  # noqa: S608
        params += [kind.key, *(f"% {word}%" for word in words)]
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            found.update(key for (key,) in cursor.fetchall())
    return found


# Highlighting in the original text, diacritics kept.


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    decomposed = unicodedata.normalize("NFD", ch)
    base = "".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower()
    return base if base.isalnum() else " "


# Each character's folded form, worked out once per process (a page of hits folds thousands of
# characters of a small alphabet). Bounded: what is added is at most every character ever seen.
_folded_chars: dict[str, str] = {}
FOLDED_CHARS_MAX = 20_000


def _fold_chars(text: str) -> tuple[str, list[int]]:
    """``text`` folded character by character, and where each folded character came from."""
    known = _folded_chars
    if len(known) > FOLDED_CHARS_MAX:
        known.clear()
    pieces: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        folded = known.get(ch)
        if folded is None:
            folded = known[ch] = _fold_char(ch)
        pieces.append(folded)
        if len(folded) == 1:
            origin.append(index)
        else:
            origin.extend([index] * len(folded))
    return "".join(pieces), origin


def _spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    folded, origin = _fold_chars(text)
    spans = []
    for word in words:
        for match in re.finditer(rf"(?<![0-9a-z]){re.escape(word)}", folded):
            spans.append((origin[match.start()], origin[match.end() - 1] + 1))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, words: list[str], limit: int | None = None) -> SafeString:
    """The text, escaped, with every matched word in <mark>; cut around the first match."""
    text = nfc(text or "")
    return _marked(text, _spans(text, words) if words else [], limit)


def _marked(text: str, spans: list[tuple[int, int]], limit: int | None) -> SafeString:
    start, end = 0, len(text)
    if limit and len(text) > limit:
        first = spans[0][0] if spans else 0
        start = max(0, first - limit // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
        end = min(len(text), start + limit)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
    out, position = [], start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        out.append(escape(text[position:span_start]))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    out.append(escape(text[position:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)


def snippet(parts: list[str], words: list[str], limit: int = 220) -> SafeString:
    """Highlight the first part that mentions a query word (sapo, then body), else the first."""
    for part in parts:
        if part:
            text = nfc(part)
            spans = _spans(text, words)
            if spans:
                return _marked(text, spans, limit)
    return highlight(next((p for p in parts if p), ""), [], limit)
