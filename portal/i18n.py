"""The portal's two languages: Vietnamese (the default, unprefixed addresses) and English.

The pages the law wants in English (NĐ 42/2022 Điều 7 khoản 2: the agency, its organisation,
leadership and contacts, and a few chosen pages) are *bilingual*: their URL patterns are written
with translated paths (``path(_("co-cau-to-chuc/"), ...)``) and composed by the root URLconf in
``i18n_patterns(..., prefix_default_language=False)`` under the ``site`` namespace, so
``/co-cau-to-chuc/`` is Vietnamese and ``/en/organisation/`` English, one view serving both.
Every other page is Vietnamese only and keeps its address.

Models carry English beside Vietnamese as ``<field>_en``. :func:`translated` picks the text for
the active language and says when it fell back to Vietnamese, so that a template never shows
Vietnamese silently under an English heading: ``{% translated obj "name" %}`` marks a fallback
with ``lang="vi"`` and a visible "(in Vietnamese)" note.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language

DEFAULT = settings.LANGUAGE_CODE  # "vi"


def current() -> str:
    """The active language's code, reduced to one of LANGUAGES ("vi" or "en")."""
    code = (get_language() or DEFAULT).split("-")[0]
    return code if code in dict(settings.LANGUAGES) else DEFAULT


def is_default() -> bool:
    return current() == DEFAULT


@dataclass(frozen=True)
class Text:
    """A value in the language it is actually written in."""

    value: str
    lang: str
    fallback: bool  # True: the active language has no text, this is the Vietnamese one

    def __str__(self) -> str:
        return self.value

    def __bool__(self) -> bool:
        return bool(self.value)


def translated(obj, field: str, lang: str | None = None) -> Text:
    """``obj.<field>_<lang>`` when the active (or given) language is not the default and it is
    filled in; otherwise ``obj.<field>``, marked as a fallback when another language was asked."""
    lang = lang or current()
    if lang != DEFAULT:
        value = getattr(obj, f"{field}_{lang}", "") or ""
        if value.strip():
            return Text(value, lang, False)
        return Text(getattr(obj, field) or "", DEFAULT, True)
    return Text(getattr(obj, field) or "", DEFAULT, False)


def has_translation(obj, fields: tuple[str, ...], lang: str = "en") -> bool:
    """Whether every one of ``fields`` has text in ``lang`` (for "translated" badges and lists)."""
    return all((getattr(obj, f"{name}_{lang}", "") or "").strip() for name in fields)
