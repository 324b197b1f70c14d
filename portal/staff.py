"""Staff accounts: the second factor, idle and absolute session limits, the login log.

- **Second factor** (django-otp, TOTP and static devices): after the password, staff who have an
  authenticator app give its 6-digit code (or one of their ten single-use recovery codes) before
  any admin page opens. Superusers and the groups in ``roles.SECOND_FACTOR_ROLES`` must have one:
  without it they are sent to the enrolment page; editors may add one. Until the second step an
  account reaches no admin page (redirected) and no staff-only page elsewhere (it is treated as
  a visitor). ``STAFF_SECOND_FACTOR = False`` (env ``STAFF_SECOND_FACTOR=0``; the test settings)
  turns all of it off.
- **Sessions**: a staff session ends after ``STAFF_IDLE_SECONDS`` without a request and, whatever
  the activity, ``SESSION_COOKIE_AGE`` after the login (saving the session would otherwise move
  Django's own expiry on). The last request is written at most once a minute.
- **Login log** (``StaffLoginEvent``): logins, failures, lockouts, codes, logouts and session ends,
  with the address from ``portal.clients.client_ip``.

Requests without a session cookie (every visitor's) are not looked at: no session is read, so
public pages stay cacheable (portal/pagecache.py) and set no cookie.
"""

from __future__ import annotations

import base64
import secrets
import time
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .clients import client_ip
from .models import StaffLoginEvent
from .roles import SECOND_FACTOR_ROLES

LOGIN_AT = "staff_login_at"
SEEN_AT = "staff_seen_at"
SEEN_WRITE_SECONDS = 60
RECOVERY_CODE_COUNT = 10
# Recovery codes: ten letters and digits that cannot be misread (no 0/o, 1/l/i), shown as
# "abcde-fghij"; stored without the dash.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_DEVICE_NAME = "recovery"
TOTP_DEVICE_NAME = "app"


# --- Policy -----------------------------------------------------------------------------------


def enabled() -> bool:
    return bool(getattr(settings, "STAFF_SECOND_FACTOR", True))


def second_factor_required(user) -> bool:
    """Superusers and the administrators' and approvers' groups must use a second factor."""
    if not enabled() or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=SECOND_FACTOR_ROLES).exists()


def app_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(user) -> bool:
    checker = getattr(user, "is_verified", None)
    return bool(checker and checker())


def pending_step(user) -> str | None:
    """What an authenticated staff account must do before the admin: "verify", "enrol" or None."""
    if not enabled() or not user.is_authenticated or not user.is_staff or is_verified(user):
        return None
    if has_second_factor(user):
        return "verify"
    if second_factor_required(user):
        return "enrol"
    return None


# --- Devices and codes --------------------------------------------------------------------------


def new_recovery_code() -> str:
    return "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))


def show_recovery_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def normalise_code(text: str) -> str:
    """What was typed, without spaces and dashes, lower case (recovery codes) or digits."""
    return "".join(ch for ch in (text or "") if ch not in " -\t").lower()[:32]


def replace_recovery_codes(user) -> list[str]:
    """Ten new single-use codes; every earlier one stops working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return [show_recovery_code(c) for c in codes]


def remove_second_factor(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def secret_for_display(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_data_uri(text: str) -> str:
    """The QR code of ``text`` as an SVG data: address, made here (no script, no outside host)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4)
    svg = image.to_string(encoding="unicode")
    return "data:image/svg+xml;charset=utf-8," + quote(svg)


# --- The login log ------------------------------------------------------------------------------


def record(outcome: str, *, request=None, user=None, username: str = "", detail: str = "") -> None:
    if user is not None and not username:
        username = user.get_username()
    address = client_ip(request) if request is not None else ""
    StaffLoginEvent.objects.create(
        outcome=outcome,
        user=user if user is not None and user.pk else None,
        username=(username or "")[:150],
        ip_address=address or None,
        detail=detail[:200],
    )
    StaffLoginEvent.prune()


@receiver(user_logged_in, dispatch_uid="portal.staff.logged_in")
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now
    if user.is_staff:
        record(StaffLoginEvent.Outcome.LOGIN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="portal.staff.logged_out")
def _logged_out(sender, request, user, **kwargs):
    if user is None or not user.is_staff:
        return
    outcome = getattr(request, "_staff_logout_reason", None) or StaffLoginEvent.Outcome.LOGOUT
    record(outcome, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="portal.staff.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    record(
        StaffLoginEvent.Outcome.FAILED,
        request=request,
        username=str(credentials.get("username", "") or ""),
    )


def _locked_out(sender, request, username, ip_address, **kwargs):
    record(StaffLoginEvent.Outcome.LOCKED, request=request, username=str(username or ""))


def connect_axes() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="portal.staff.locked_out")


# --- The middleware -----------------------------------------------------------------------------


class StaffSessionMiddleware:
    """Ends idle and too-old staff sessions; holds staff at the second step until it is done.

    After AuthenticationMiddleware, MessageMiddleware and django-otp's OTPMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            response = self.check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def check(self, request):
        user = request.user
        if not (user.is_authenticated and user.is_staff):
            return None
        admin_prefix = reverse("admin:index")
        in_admin = request.path.startswith(admin_prefix)
        ended = self.session_ended(request)
        if ended:
            request._staff_logout_reason = ended
            logout(request)
            if not in_admin:
                return None
            minutes = settings.STAFF_IDLE_SECONDS // 60
            if ended == StaffLoginEvent.Outcome.IDLE:
                text = ngettext(
                    "Phiên làm việc đã kết thúc vì %(minutes)d phút không thao tác. "
                    "Hãy đăng nhập lại.",
                    "Phiên làm việc đã kết thúc vì %(minutes)d phút không thao tác. "
                    "Hãy đăng nhập lại.",
                    minutes,
                ) % {"minutes": minutes}
            else:
                text = _("Phiên làm việc đã quá thời gian tối đa. Hãy đăng nhập lại.")
            messages.warning(request, text)
            return redirect(f"{reverse('admin:login')}?next={quote(request.get_full_path())}")
        step = pending_step(user)
        if step is None:
            return None
        if not in_admin:
            # Staff-only pages outside the admin (previews, private files) see a visitor.
            request.user = AnonymousUser()
            return None
        from . import staff_views

        wanted = request.GET.get("next", "")
        if request.path == reverse("admin:login") and request.method == "GET" and wanted:
            # A staff-only page outside the admin (a preview) sent the held account to the
            # login: the second step, then that page (the admin's login would go to its index).
            target = reverse("staff:verify" if step == "verify" else "staff:enrol")
            return redirect(f"{target}?next={quote(wanted)}")
        if request.path in staff_views.open_before_second_step():
            return None
        target = reverse("staff:verify" if step == "verify" else "staff:enrol")
        return redirect(f"{target}?next={quote(request.get_full_path())}")

    def session_ended(self, request) -> str | None:
        session = request.session
        now = int(time.time())
        login_at = session.get(LOGIN_AT)
        seen_at = session.get(SEEN_AT)
        if login_at is None or seen_at is None:
            # A session from before these limits: they start now.
            session[LOGIN_AT] = login_at or now
            session[SEEN_AT] = now
            return None
        if now - int(login_at) > settings.SESSION_COOKIE_AGE:
            return StaffLoginEvent.Outcome.EXPIRED
        if now - int(seen_at) > settings.STAFF_IDLE_SECONDS:
            return StaffLoginEvent.Outcome.IDLE
        if now - int(seen_at) >= SEEN_WRITE_SECONDS:
            session[SEEN_AT] = now
        return None
