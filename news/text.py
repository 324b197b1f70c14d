"""Vietnamese text helpers: NFC storage, diacritic folding for search, slugs that keep đ as d."""

import re
import unicodedata

from django.utils.text import slugify as django_slugify

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
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
    slug = django_slugify(fold(text))
    return slug[:max_length].strip("-")
