"""Which links may be stored: in the frame's fields (service links, banners, unit portals) and in
rich bodies alike."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from django.utils.translation import gettext as _


def unsafe_link_reason(value: str) -> str | None:
    """Why a link must not be stored, or None. Browsers drop tabs and line breaks anywhere in an
    address and read "\\" as "/", so "/\\evil.example" and "/<TAB>/evil.example" open another
    site: such characters are refused outright, and a site path may not start with "//"."""
    if "\\" in value or any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in value):
        return _("Địa chỉ không hợp lệ: không được chứa dấu cách, dấu “\\” hay ký tự điều khiển.")
    if value.startswith("/") and not value.startswith("//"):
        return None
    parts = urlsplit(value)
    if parts.scheme in {"http", "https"} and parts.hostname:
        return None
    if parts.scheme == "mailto" and parts.path:
        return None
    return _(
        "Địa chỉ không hợp lệ: chỉ nhận địa chỉ bắt đầu bằng https://, http://, mailto: "
        "hoặc đường dẫn trong cổng bắt đầu bằng “/”."
    )


def validate_web_address(value: str) -> None:
    """For fields holding another site's address (a national database, a public service): an
    http(s) address with a host, safe as above."""
    from django.core.exceptions import ValidationError

    reason = unsafe_link_reason(value)
    parts = urlsplit(value)
    if reason is None and not (parts.scheme in {"http", "https"} and parts.hostname):
        reason = _("Địa chỉ không hợp lệ: hãy dán đủ địa chỉ, bắt đầu bằng https://.")
    if reason:
        raise ValidationError(reason, code="invalid_link")
