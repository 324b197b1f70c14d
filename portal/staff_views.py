"""The second factor's pages, in the admin's look (portal/staff.py has the rules).

- ``verify``: after the password, the 6-digit code from the app or a recovery code;
- ``enrol``: a QR code and the secret for manual entry, confirmed with a code (also how a
  device is replaced: the old one works until the new one is confirmed);
- ``codes``: the ten recovery codes, shown once;
- ``manage``: one's own second factor (replace, new recovery codes, switch off when optional);
- ``reset``: an administrator removes another account's second factor (a lost phone), only for
  accounts they may manage (portal/admin/accounts.py), so that it enrols again at next login.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import staff
from .admin.accounts import can_manage
from .models import StaffLoginEvent

PENDING = "staff_otp_pending"
SHOW_CODES = "staff_recovery_codes"

WRONG_CODE = gettext_lazy(
    "Mã không đúng hoặc đã hết hạn. Hãy nhập mã 6 chữ số đang hiện trong ứng dụng xác thực, "
    "hoặc một mã dự phòng chưa dùng."
)
WRONG_NEW_CODE = gettext_lazy(
    "Mã không đúng. Hãy kiểm tra giờ trên điện thoại và nhập mã 6 chữ số đang hiện trong ứng "
    "dụng vừa thêm."
)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Mã xác thực"),
        max_length=32,
        error_messages={"required": gettext_lazy("Hãy nhập mã xác thực.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "spellcheck": "false",
                "class": "code-input",
            }
        ),
    )


def open_before_second_step() -> set[str]:
    """The admin addresses an account that has not given its second factor may open."""
    return {
        reverse("staff:verify"),
        reverse("staff:enrol"),
        reverse("admin:logout"),
        reverse("admin:login"),
    }


def _next(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("admin:index")


def _login_first(request):
    return redirect(f"{reverse('admin:login')}?next={request.path}")


def _bare_context(request, title: str) -> dict:
    """The admin's frame without its menus: the account has not finished logging in."""
    return {
        "title": title,
        "site_title": admin.site.site_title,
        "site_header": admin.site.site_header,
        "site_url": None,
        "has_permission": False,
        "is_nav_sidebar_enabled": False,
        "is_popup": False,
        "next": _next(request),
    }


def _wait_message(device) -> str | None:
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    until = (info or {}).get("locked_until")
    seconds = max(1, int((until - timezone.now()).total_seconds()) + 1) if until else 60
    return ngettext(
        "Đã nhập sai nhiều lần. Hãy chờ %(seconds)d giây rồi thử lại.",
        "Đã nhập sai nhiều lần. Hãy chờ %(seconds)d giây rồi thử lại.",
        seconds,
    ) % {"seconds": seconds}


def _finish(request, device) -> None:
    otp_login(request, device)
    # A new session key once the account is fully logged in.
    request.session.cycle_key()


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    user = request.user
    if not (user.is_authenticated and user.is_staff):
        return _login_first(request)
    if staff.is_verified(user) or not staff.has_second_factor(user):
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = staff.normalise_code(form.cleaned_data["code"])
        is_app_code = code.isdigit() and len(code) == 6
        device = staff.app_device(user) if is_app_code else staff.recovery_device(user)
        wait = _wait_message(device) if device is not None else None
        if wait:
            form.add_error("code", wait)
        elif device is not None and verify_token(user, device.persistent_id, code):
            _finish(request, device)
            if is_app_code:
                staff.record(StaffLoginEvent.Outcome.VERIFIED, request=request, user=user)
            else:
                left = device.token_set.count()
                staff.record(
                    StaffLoginEvent.Outcome.RECOVERY,
                    request=request,
                    user=user,
                    detail=_("còn %(left)d mã") % {"left": left},
                )
                messages.warning(
                    request,
                    ngettext(
                        "Bạn vừa dùng một mã dự phòng; còn %(left)d mã. Nếu đã mất điện thoại, "
                        "hãy thay thiết bị và tạo mã dự phòng mới.",
                        "Bạn vừa dùng một mã dự phòng; còn %(left)d mã. Nếu đã mất điện thoại, "
                        "hãy thay thiết bị và tạo mã dự phòng mới.",
                        left,
                    )
                    % {"left": left},
                )
            return redirect(_next(request))
        else:
            staff.record(StaffLoginEvent.Outcome.CODE_FAILED, request=request, user=user)
            form.add_error("code", WRONG_CODE)
    context = _bare_context(request, _("Xác thực hai lớp"))
    context["form"] = form
    return render(request, "admin/staff/verify.html", context)


def _pending_device(request, user) -> TOTPDevice:
    pending = TOTPDevice.objects.filter(
        user=user, confirmed=False, pk=request.session.get(PENDING) or 0
    ).first()
    if pending is None:
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        pending = TOTPDevice.objects.create(user=user, name=staff.TOTP_DEVICE_NAME, confirmed=False)
        request.session[PENDING] = pending.pk
    return pending


@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request):
    user = request.user
    if not (user.is_authenticated and user.is_staff):
        return _login_first(request)
    replacing = staff.has_second_factor(user)
    if replacing and not staff.is_verified(user):
        # A new device only after the current one (or a recovery code) has been given.
        return redirect(f"{reverse('staff:verify')}?next={reverse('staff:enrol')}")
    if not staff.enabled():
        return redirect(_next(request))
    device = _pending_device(request, user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = staff.normalise_code(form.cleaned_data["code"])
        wait = _wait_message(device)
        if wait:
            form.add_error("code", wait)
        else:
            with transaction.atomic():
                locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
                confirmed = locked.verify_token(code)
                if confirmed:
                    TOTPDevice.objects.filter(user=user).exclude(pk=locked.pk).delete()
                    locked.confirmed = True
                    locked.save(update_fields=["confirmed"])
                    codes = staff.replace_recovery_codes(user)
            if confirmed:
                request.session.pop(PENDING, None)
                _finish(request, locked)
                request.session[SHOW_CODES] = codes
                staff.record(StaffLoginEvent.Outcome.ENROLLED, request=request, user=user)
                return redirect(f"{reverse('staff:codes')}?next={_next(request)}")
            staff.record(StaffLoginEvent.Outcome.CODE_FAILED, request=request, user=user)
            form.add_error("code", WRONG_NEW_CODE)
    if staff.is_verified(user):
        context = {**admin.site.each_context(request), "title": _("Thay ứng dụng xác thực")}
        context["next"] = _next(request)
    else:
        context = _bare_context(request, _("Thiết lập xác thực hai lớp"))
    context.update(
        form=form,
        replacing=replacing,
        required=staff.second_factor_required(user),
        qr=staff.qr_data_uri(device.config_url),
        secret=staff.secret_for_display(device),
    )
    return render(request, "admin/staff/enrol.html", context)


@never_cache
def codes(request):
    shown = request.session.pop(SHOW_CODES, None)
    if not shown:
        return redirect("staff:manage")
    context = {**admin.site.each_context(request), "title": _("Mã dự phòng")}
    context.update(codes=shown, next=_next(request))
    return render(request, "admin/staff/codes.html", context)


@never_cache
def manage(request):
    user = request.user
    if not (user.is_authenticated and user.is_staff):
        return _login_first(request)
    device = staff.app_device(user)
    recovery = staff.recovery_device(user)
    context = {**admin.site.each_context(request), "title": _("Xác thực hai lớp")}
    context.update(
        enabled=staff.enabled(),
        device=device,
        codes_left=recovery.token_set.count() if recovery else 0,
        required=staff.second_factor_required(user),
    )
    return render(request, "admin/staff/manage.html", context)


def _verified_with_device(request):
    user = request.user
    if not (user.is_authenticated and user.is_staff):
        raise PermissionDenied
    if not (staff.has_second_factor(user) and staff.is_verified(user)):
        raise PermissionDenied
    return user


@require_POST
def new_codes(request):
    user = _verified_with_device(request)
    request.session[SHOW_CODES] = staff.replace_recovery_codes(user)
    staff.record(StaffLoginEvent.Outcome.CODES, request=request, user=user)
    return redirect(f"{reverse('staff:codes')}?next={reverse('staff:manage')}")


@require_POST
def switch_off(request):
    user = _verified_with_device(request)
    if staff.second_factor_required(user):
        raise PermissionDenied
    staff.remove_second_factor(user)
    staff.record(StaffLoginEvent.Outcome.DISABLED, request=request, user=user)
    messages.success(request, _("Đã tắt xác thực hai lớp cho tài khoản của bạn."))
    return redirect("staff:manage")


@never_cache
@require_http_methods(["GET", "POST"])
def reset(request, user_id: int):
    actor = request.user
    if not (actor.is_authenticated and actor.is_staff):
        return _login_first(request)
    account = get_object_or_404(get_user_model(), pk=user_id)
    if not (actor.has_perm("auth.change_user") and can_manage(request, account)):
        raise PermissionDenied
    if request.method == "POST":
        staff.remove_second_factor(account)
        staff.record(
            StaffLoginEvent.Outcome.RESET,
            request=request,
            user=account,
            detail=_("bởi %(actor)s") % {"actor": actor.get_username()},
        )
        messages.success(
            request,
            _(
                "Đã đặt lại xác thực hai lớp của “%(name)s”: lần đăng nhập tới, tài khoản sẽ "
                "thiết lập ứng dụng xác thực mới."
            )
            % {"name": account.get_username()},
        )
        return redirect("admin:auth_user_change", account.pk)
    context = {**admin.site.each_context(request), "title": _("Đặt lại xác thực hai lớp")}
    context.update(account=account, has_device=staff.has_second_factor(account))
    return render(request, "admin/staff/reset.html", context)


@never_cache
@require_http_methods(["GET"])
def alive(request):
    """Asked by static/editor/js/staff-session.js while someone works on an admin page: the
    request itself keeps the session from idling out (StaffSessionMiddleware)."""
    user = request.user
    if not (user.is_authenticated and user.is_staff):
        return HttpResponse(status=403)
    return HttpResponse(status=204)


app_name = "staff"
urlpatterns = [
    path("", verify, name="verify"),
    path("thiet-lap/", enrol, name="enrol"),
    path("ma-du-phong/", codes, name="codes"),
    path("quan-ly/", manage, name="manage"),
    path("quan-ly/ma-du-phong-moi/", new_codes, name="new_codes"),
    path("quan-ly/tat/", switch_off, name="switch_off"),
    path("dat-lai/<int:user_id>/", reset, name="reset"),
    path("con-lam-viec/", alive, name="alive"),
]
