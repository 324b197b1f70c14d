"""Personal data that visitors give the portal (Nghị định 13/2023/NĐ-CP): what each kind keeps,
why and for how long (the privacy notice page prints it), erasing it when the retention period
is over, finding one person's data on request, and masking it from staff without the right.

Kinds that keep personal data register a :class:`Source` (portal/registry.py) from their hooks;
``manage.py personal_data`` erases and exports through them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The rate limits' record of addresses (hashed) is needed for a day; kept a week for abuse
# investigation.
SUBMISSION_LOG_DAYS = 7


@dataclass(frozen=True)
class Source:
    """One kind of record holding personal data.

    ``expired(cutoff)`` gives the records whose contact data is due for erasure (settled before
    ``cutoff`` and not yet erased); ``erase(queryset)`` erases it from them and returns how many;
    ``find(email, phone)`` gives one person's records as plain dictionaries (their export);
    ``shown`` says what of the person is public, and when, for the notice."""

    name: str
    label: str
    kept: str  # what is kept and why, for the privacy notice
    expired: Callable[[datetime], QuerySet]
    erase: Callable[[QuerySet], int]
    find: Callable[[str, str], list[dict]]
    shown: str = ""  # what of the person appears in public, and when (the notice's "who sees")


_sources: dict[str, Source] = {}

# When the privacy notice's wording last changed (its page's date in the sitemap); change it
# with the notice.
NOTICE_UPDATED = datetime(2026, 12, 2, tzinfo=UTC)


def notice_updated() -> datetime:
    return NOTICE_UPDATED


def register(source: Source) -> None:
    _sources[source.name] = source


def sources() -> list[Source]:
    return list(_sources.values())


def retention_days() -> int:
    return settings.PERSONAL_DATA_RETENTION_DAYS


def cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=retention_days())


def erase_expired(*, dry_run: bool = False, now: datetime | None = None) -> dict[str, int]:
    """Erase every source's contact data settled before the retention period, and the old
    rate-limit records. Returns how many records each source had (or would have) erased."""
    from .models import Submission

    now = now or timezone.now()
    counts = {}
    for source in sources():
        due = source.expired(cutoff(now))
        counts[source.name] = due.count() if dry_run else source.erase(due)
    log = Submission.objects.filter(created__lt=now - timedelta(days=SUBMISSION_LOG_DAYS))
    counts["submissions"] = log.count() if dry_run else log.delete()[0]
    return counts


def mask_email(email: str) -> str:
    """``ng***@gmail.com``: enough to tell two askers apart, not to write to them."""
    if not email:
        return ""
    local, _at, domain = email.partition("@")
    return f"{local[:2]}***@{domain}" if domain else "***"


def mask_phone(phone: str) -> str:
    """``09******78``"""
    if not phone:
        return ""
    return phone[:2] + "*" * max(len(phone) - 4, 1) + phone[-2:]


ERASED = _("(đã xóa theo thời hạn lưu trữ)")
