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
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, override

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
        # A rendered body's English is "<body>_en_html" beside "<body>_html".
        name = f"{field[:-5]}_{lang}_html" if field.endswith("_html") else f"{field}_{lang}"
        value = getattr(obj, name, "") or ""
        if value.strip():
            return Text(value, lang, False)
        return Text(getattr(obj, field) or "", DEFAULT, True)
    return Text(getattr(obj, field) or "", DEFAULT, False)


def has_translation(obj, fields: tuple[str, ...], lang: str = "en") -> bool:
    """Whether every one of ``fields`` has text in ``lang`` (for "translated" badges and lists)."""
    return all((getattr(obj, f"{name}_{lang}", "") or "").strip() for name in fields)


def alternates(request, announced: bool = True) -> dict[str, str]:
    """The addresses of this page in every language it exists in ({"vi": ..., "en": ...}).

    A bilingual page (one of the ``site`` namespace's patterns) has one per language; any other
    page only its own, Vietnamese. A view may say its record is not translated
    (``request.page_languages``): the English address then still exists (it shows the
    Vietnamese, marked) but is not ``announced`` as an alternate."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name == "home":  # the two home pages are each other's
        return {DEFAULT: reverse("home"), "en": english_home()}
    if match is None or "site" not in match.namespaces:
        return {DEFAULT: request.path}
    found = {}
    # A view may say its record exists in fewer languages (a fixed page not translated yet).
    codes = getattr(request, "page_languages", None) if announced else None
    for code in codes or dict(settings.LANGUAGES):
        with override(code):
            try:
                found[code] = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:  # pragma: no cover - every bilingual pattern has both
                continue
    return found


def english_home() -> str:
    with override("en"):
        return reverse("site:home")
