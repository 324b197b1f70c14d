"""Vietnamese text helpers: NFC storage, diacritic folding for search, slugs that keep đ as d."""

import re
import unicodedata

from django.utils.text import slugify as django_slugify

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
# Dashes and slashes between words ("2026–2030", "2328/KH-UBND") are word breaks in a slug.
_BREAKS = re.compile("[\u2010-\u2015\u2212/\\\\]")
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Compose text to NFC, the form stored everywhere (keyboards may send NFD)."""
    return unicodedata.normalize("NFC", text or "")


def fold(text: str) -> str:
    """Lower-case, remove diacritics and map đ to d: "Giảm NGHÈO Đường" -> "giam ngheo duong".

    Works on NFC and NFD input alike, so both sides of a search compare equal.
    """
    text = unicodedata.normalize("NFD", (text or "").translate(_D_MAP))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = unicodedata.normalize("NFC", text).translate(_D_MAP).lower()
    return _SPACES.sub(" ", text).strip()


def slugify_vi(text: str, max_length: int = 200) -> str:
    """A URL slug for Vietnamese text: "Đài Phát thanh" -> "dai-phat-thanh"."""
    slug = django_slugify(_BREAKS.sub(" ", fold(text)))
    return slug[:max_length].strip("-")


# Characters no stored text keeps: C0 controls but tab and line feed (a carriage return becomes a
# line feed first), DEL, C1 controls, lone surrogates and the two non-characters. Word pastes
# bring vertical tabs (\x0b); XML 1.0 (feeds, XLSX) and PostgreSQL (NUL) refuse several of them.
# Also the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): in
# a citizen's question or a file name they make text read otherwise than it is stored
# ("Trojan Source"); Vietnamese and English text never needs them.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")


def clean_multiline(text: str) -> str:
    """NFC, line breaks as \\n, tabs kept, every other control character removed, trimmed."""
    text = _LINE_BREAKS.sub("\n", nfc(str(text or "")))
    return _CONTROL.sub("", text).strip()


def clean_line(text: str) -> str:
    """One line of text: :func:`clean_multiline`, then every run of whitespace as one space."""
    return _SPACES.sub(" ", clean_multiline(text)).strip()


def has_control_characters(text: str) -> bool:
    """True when the text holds a control character (NUL, \\x0b, ...) that cleaning removes."""
    return bool(_CONTROL.search(_LINE_BREAKS.sub("\n", str(text or ""))))
