"""What keeps the forms anonymous visitors send (questions, comments) free of bots and floods,
without any outside service or script (the Content-Security-Policy stays strict):

- a honeypot field people never see (hidden by the stylesheet, skipped by screen readers): a
  form sent with it filled is dropped silently (the bot is told "received");
- a signed start time: a form sent faster than a person can fill it (autofill and paste can
  be that fast) is shown again with everything kept and a fresh start time, and nothing is
  stored until it is sent again;
- a small body limit per form (:func:`small_body`), far below the uploads' limit;
- rate limits counted in the database (:class:`portal.models.Submission`), so every server
  sees the same counts: per address (as ``portal.clients`` reads it, trusted proxies only)
  per hour and per day, and for everyone per hour, so a flood from many addresses fills
  neither the disk nor the mailbox. The refusals are logged once per address and hour;
- a fingerprint of the text (:func:`fingerprint`) for the kinds' duplicate checks.

Each kind's field sizes are its forms' ``max_length``; moderation happens before anything is
public, in the kind itself.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
import time
from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpResponse
from django.template import loader
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .clients import client_ip
from .search import index_text

logger = logging.getLogger(__name__)

HONEYPOT = "website"
STARTED = "started"
SIGNING_SALT = "portal.guard.started"
FORM_MAX_AGE = 2 * 24 * 3600  # a form left open for two days is sent again with a fresh time


@dataclass(frozen=True)
class Limit:
    """How many of one kind of submission are accepted: from one address in an hour and in a
    day, and from everyone in an hour."""

    per_address_hour: int
    per_address_day: int
    everyone_hour: int


def limit_for(kind: str) -> Limit:
    """The limits of ``kind`` from ``SUBMISSION_LIMITS`` (settings), or the defaults."""
    configured = getattr(settings, "SUBMISSION_LIMITS", {}).get(kind)
    if configured:
        return Limit(*configured)
    return Limit(*settings.SUBMISSION_LIMITS["default"])


def address_key(request) -> str:
    """A keyed hash of the visitor's address: enough to count, useless to anyone else."""
    return salted_hmac("portal.guard.address", client_ip(request) or "?").hexdigest()[:32]


def admit(request, kind: str, *, lookup: bool = False) -> str | None:
    """Record one submission of ``kind`` from this visitor and return None, or return why it
    is refused (in Vietnamese) and record nothing. ``lookup``: the visitor looks something up
    rather than sends it, and is told so."""
    from .models import Submission

    limit = limit_for(kind)
    now = timezone.now()
    address = address_key(request)
    # Written first, then counted with every earlier entry (autocommit, outside the caller's
    # transaction): two posts at the same moment on two servers see each other, so a flood
    # can never get past a limit by racing it. A refused entry is taken back.
    entry = Submission.objects.create(kind=kind, address=address)
    earlier = Submission.objects.filter(kind=kind, pk__lte=entry.pk)
    recent = earlier.filter(created__gte=now - timedelta(hours=1))
    refusal = None
    if recent.filter(address=address).count() > limit.per_address_hour:
        refusal = (
            _("Bạn đã tra cứu %(n)s lần trong một giờ qua. Vui lòng thử lại sau.")
            if lookup else _("Bạn đã gửi %(n)s lần trong một giờ qua. Vui lòng thử lại sau.")
        ) % {"n": limit.per_address_hour}  # fmt: skip
    elif (
        earlier.filter(address=address, created__gte=now - timedelta(days=1)).count()
        > limit.per_address_day
    ):
        refusal = (
            _("Bạn đã tra cứu %(n)s lần trong hôm nay. Vui lòng thử lại vào ngày mai.")
            if lookup else _("Bạn đã gửi %(n)s lần trong hôm nay. Vui lòng thử lại vào ngày mai.")
        ) % {"n": limit.per_address_day}  # fmt: skip
    elif recent.count() > limit.everyone_hour:
        refusal = (
            _("Cổng đang nhận quá nhiều lượt tra cứu. Vui lòng thử lại sau ít phút.")
            if lookup else _(
                "Cổng đang nhận quá nhiều lượt gửi. Vui lòng thử lại sau ít phút; nội dung bạn "
                "viết vẫn còn trên trang."
            )
        )  # fmt: skip
    if refusal is None:
        return None
    entry.delete()
    if cache.add(f"guard-logged:{kind}:{address}:{now:%Y%m%d%H}", 1, 3600):
        logger.warning("Submissions refused: %s from address %s (limit reached)", kind, address[:8])
    return refusal


def fingerprint(*texts: str) -> str:
    """The same words in the same order, whatever the case, accents or spacing."""
    return hashlib.sha256(index_text(*texts).encode()).hexdigest()


def small_body(max_bytes: int):
    """Refuse (413, in Vietnamese) a request whose body is longer than ``max_bytes``, before
    reading it: the public forms need a few kilobytes."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > max_bytes:
                html = loader.get_template("413.html").render(
                    {"form_kb": max_bytes // 1024}, request
                )
                response = HttpResponse(html, status=413)
                response["Connection"] = "close"
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def length_messages(label: str, maximum: int, minimum: int | None = None) -> dict:
    """A text field's messages that name it: "Hãy ghi họ và tên.", "Họ và tên dài quá: tối đa
    100 ký tự (bạn đã ghi 120)." (``label`` in lower case, as in a sentence)."""
    messages = {
        "required": _("Hãy ghi %(label)s.") % {"label": label},
        "max_length": _("%(label)s dài quá: tối đa %(max)s ký tự (bạn đã ghi %%(show_value)s).")
        % {"label": label.capitalize(), "max": f"{maximum:,}".replace(",", ".")},
    }
    if minimum:
        messages["min_length"] = _(
            "%(label)s ngắn quá: cần ít nhất %(min)s ký tự (bạn đã ghi %%(show_value)s)."
        ) % {"label": label.capitalize(), "min": minimum}
    return messages


def _new_token() -> str:
    # Rounded down, never up: a start time a few hundredths of a second in the future made a
    # form sent at once "too fast" even with no minimum (FORM_MIN_SECONDS=0).
    return signing.dumps(math.floor(time.time() * 10) / 10, salt=SIGNING_SALT)


class GuardedForm(forms.Form):
    """A public form with a honeypot and a signed start time. The view asks :meth:`is_bot`
    before anything else; the template prints ``form.guard_fields`` (templates/includes/
    guard_fields.html) inside the <form>."""

    min_seconds: float | None = None  # settings.FORM_MIN_SECONDS when None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT] = forms.CharField(
            label=gettext_lazy("Để trống ô này"), required=False, max_length=200
        )

    def _started(self) -> float | None:
        """When the visitor opened the form (None: missing, forged or too old)."""
        token = self.data.get(STARTED, "") if self.is_bound else ""
        try:
            return float(signing.loads(token, salt=SIGNING_SALT, max_age=FORM_MAX_AGE))
        except (signing.BadSignature, TypeError, ValueError):
            return None

    def started_token(self) -> str:
        """The start time to print: the one sent back (a form shown again keeps its start)
        while it is valid and was not too fast, else now."""
        if self._started() is None or self.too_fast():
            return _new_token()
        return self.data.get(STARTED) or _new_token()

    def is_bot(self) -> bool:
        """The honeypot filled: only a program fills in a field nobody sees or hears."""
        return self.is_bound and bool((self.data.get(HONEYPOT) or "").strip())

    def too_fast(self) -> bool:
        """Sent sooner after opening than anyone types: a program, or a person whose browser
        filled everything in. Either way the form is shown again, nothing stored."""
        started = self._started()
        minimum = self.min_seconds if self.min_seconds is not None else settings.FORM_MIN_SECONDS
        return started is not None and time.time() - started < minimum

    def clean(self):
        cleaned = super().clean()
        # Added, not raised: the kind's own checks still run, so every error shows at once.
        if self._started() is None:
            # No start time, a forged one or one days old: a person can send the form again.
            self.add_error(None, forms.ValidationError(
                _("Biểu mẫu đã quá hạn hoặc không hợp lệ. Vui lòng kiểm tra lại rồi bấm gửi."),
                code="stale_form",
            ))  # fmt: skip
        elif self.too_fast():
            self.add_error(None, forms.ValidationError(
                _("Vui lòng kiểm tra lại rồi bấm gửi lần nữa."), code="too_fast"
            ))  # fmt: skip
        return cleaned

    def error_summary(self) -> list[tuple[str, str]]:
        """Every field's errors in the form's order, for the list at its top: (the id of the
        box to go to, the message)."""
        return [
            (field.id_for_label, error) for field in self.visible_fields() for error in field.errors
        ]

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != HONEYPOT]

    @property
    def honeypot(self):
        return self[HONEYPOT]


def dropped(request, template: str, context: dict | None = None) -> HttpResponse:
    """What a bot gets: the page a person would see after sending, with nothing saved."""
    logger.info("Dropped a submission (honeypot filled) from %s", address_key(request)[:8])
    return HttpResponse(loader.get_template(template).render(context or {}, request))
