"""Accounts and groups in the admin, managed by people who are not superusers.

The administrators' group ("Quản trị cổng") creates and looks after the newsroom's accounts, but
nobody can give what they do not hold. For anyone who is not a superuser:

- the "superuser" box and per-user permissions are not on the form (a forged POST of them is
  ignored, because the form has no such fields);
- only groups whose permissions they hold themselves can be given;
- an account they cannot fully match (a superuser, or anyone holding a permission they lack,
  active or not) can be seen but not changed, deleted or given a new password;
- a group can only be changed by someone holding every permission it has, and only permissions
  they hold can be added to it;
- nobody locks themselves out: their own account keeps a group that lets them manage accounts,
  and stays active and staff.

Superusers are made with ``manage.py createsuperuser`` by the operator, never in the admin by
someone who is not one already.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Group, Permission, User
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

# Django names the permissions it makes "Can add <model>" in English, in the database; the
# forms show them in Vietnamese instead: "Tin tức | Sửa bài viết".
ACTIONS = {"add": _("Thêm"), "change": _("Sửa"), "delete": _("Xoá"), "view": _("Xem")}


def permission_label(permission: Permission) -> str:
    model = permission.content_type.model_class()
    if model is None:  # a model since removed
        return str(permission)
    action = permission.codename.partition("_")[0]
    name = permission.name  # a kind's own permissions are named in Vietnamese
    if action in ACTIONS and permission.codename == f"{action}_{model._meta.model_name}":
        name = f"{ACTIONS[action]} {model._meta.verbose_name}"
    return f"{model._meta.app_config.verbose_name} | {name}"


def _in_vietnamese(field):
    if field is not None:
        field.label_from_instance = permission_label
    return field


def _codes(permissions) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


def held_permissions(user) -> set[str]:
    """Every permission an account holds through its own grants and its groups, whether or not
    it is active (a dormant account can be reactivated)."""
    direct = Permission.objects.filter(user=user).select_related("content_type")
    grouped = Permission.objects.filter(group__user=user).select_related("content_type")
    return _codes(direct) | _codes(grouped)


def actor_permissions(request) -> set[str]:
    cached = getattr(request, "_actor_permissions", None)
    if cached is None:
        cached = request.user.get_all_permissions() if request.user.is_active else set()
        request._actor_permissions = cached
    return cached


def can_manage(request, account) -> bool:
    """True when the person asking holds at least everything ``account`` holds."""
    actor = request.user
    if actor.is_superuser:
        return True
    if account.is_superuser:
        return False
    return held_permissions(account) <= actor_permissions(request)


def grantable_groups(request):
    """Groups the person asking may give: those whose every permission they hold."""
    if request.user.is_superuser:
        return Group.objects.all()
    mine = actor_permissions(request)
    groups = Group.objects.prefetch_related("permissions__content_type")
    return Group.objects.filter(
        pk__in=[g.pk for g in groups if _codes(g.permissions.all()) <= mine]
    )


def _own_account_form(form, account):
    """The account form for one's own account: no change that would lock its holder out (the
    last group that lets them manage accounts dropped, or the account made inactive or not
    staff); a superuser would have to mend it."""

    class OwnAccountForm(form):
        def clean(self):
            cleaned = super().clean()
            for name in ("is_active", "is_staff"):
                if name in self.fields and not cleaned.get(name, True):
                    self.add_error(name, _(
                        "Không thể tự bỏ ô này cho tài khoản của chính mình: bạn sẽ không vào "
                        "được trang quản trị nữa."
                    ))  # fmt: skip
            if "groups" in self.fields and "groups" in cleaned:
                keeps = Permission.objects.filter(
                    Q(group__in=cleaned["groups"]) | Q(user=account),
                    content_type__app_label="auth", codename="change_user",
                ).exists()  # fmt: skip
                if not keeps:
                    self.add_error("groups", _(
                        "Không thể tự bỏ nhóm cho bạn quyền quản lý tài khoản: bạn sẽ không quản "
                        "lý được tài khoản nào nữa, kể cả của mình. Nhờ quản trị viên khác làm "
                        "việc này."
                    ))  # fmt: skip
            return cleaned

    return OwnAccountForm


class PasswordChangeForm(AdminPasswordChangeForm):
    """Django's, with its warning in Vietnamese: Django joins the help text to an English
    sentence when the module is imported, so no catalogue can translate it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "usable_password" in self.fields:
            self.fields["usable_password"].help_text = format_html(
                '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li>'
                "</ul>",
                SetUnusablePasswordMixin.usable_password_help_text,
                _("If disabled, the current password for this user will be lost."),
            )


class ManagedUserAdmin(UserAdmin):
    ELEVATED_FIELDS = ("is_superuser", "user_permissions")
    change_password_form = PasswordChangeForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            may_reset = self.has_change_permission(request, obj)
            shown = "second_factor_reset" if may_reset else "second_factor"
            fieldsets = [*fieldsets, (_("Xác thực hai lớp"), {"fields": [shown]})]
        if request.user.is_superuser:
            return fieldsets
        return [
            (
                name,
                {
                    **options,
                    "fields": [f for f in options["fields"] if f not in self.ELEVATED_FIELDS],
                },
            )
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "second_factor", "second_factor_reset"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None or obj.pk != request.user.pk or request.user.is_superuser:
            return form
        return _own_account_form(form, obj)

    @admin.display(description=_("Xác thực hai lớp"))
    def second_factor(self, obj):
        from portal import staff

        if obj is None or obj.pk is None:
            return "-"
        state = _("Đã bật (ứng dụng xác thực)") if staff.has_second_factor(obj) else _("Chưa bật")
        if staff.second_factor_required(obj):
            return format_html("{} · {}", state, _("bắt buộc với tài khoản này"))
        return state

    @admin.display(description=_("Xác thực hai lớp"))
    def second_factor_reset(self, obj):
        """The state and, for someone who may manage the account, the reset link."""
        from portal import staff

        state = self.second_factor(obj)
        if obj is None or obj.pk is None or not staff.has_second_factor(obj):
            return state
        return format_html(
            '{} · <a href="{}">{}</a>',
            state,
            reverse("staff:reset", args=[obj.pk]),
            _("Đặt lại (mất điện thoại)"),
        )

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "groups" and request is not None:
            kwargs["queryset"] = grantable_groups(request)
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return _in_vietnamese(field) if db_field.name == "user_permissions" else field

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_manage(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_manage(request, obj))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            # The bulk delete has no per-account check: one by one, where each is checked.
            actions.pop("delete_selected", None)
        return actions


class ManagedGroupAdmin(GroupAdmin):
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "permissions" and request is not None and not request.user.is_superuser:
            mine = actor_permissions(request)
            kwargs["queryset"] = Permission.objects.filter(
                pk__in=[
                    p.pk
                    for p in Permission.objects.select_related("content_type")
                    if f"{p.content_type.app_label}.{p.codename}" in mine
                ]
            ).select_related("content_type")
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return _in_vietnamese(field) if db_field.name == "permissions" else field

    # Someone who may only look at a group (an administrator, by default) sees its permissions
    # as a list: Django would print each one's English database name there.
    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self._view_only(request, obj):
            return ["permission_list" if name == "permissions" else name for name in fields]
        return fields

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return (*readonly, "permission_list") if self._view_only(request, obj) else readonly

    @admin.display(description=_("Quyền"))
    def permission_list(self, group):
        permissions = group.permissions.select_related("content_type")
        labels = sorted(permission_label(p) for p in permissions)
        return format_html_join(mark_safe("<br>"), "{}", ((label,) for label in labels)) or "—"

    def _view_only(self, request, obj) -> bool:
        return obj is not None and not self.has_change_permission(request, obj)

    def _within_reach(self, request, group) -> bool:
        if request.user.is_superuser:
            return True
        return _codes(group.permissions.select_related("content_type")) <= actor_permissions(
            request
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._within_reach(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self._within_reach(request, obj))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("delete_selected", None)
        return actions


def unregister_devices(site: admin.AdminSite) -> None:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (TOTPDevice, StaticDevice):
        if site.is_registered(model):
            site.unregister(model)


def register(site: admin.AdminSite) -> None:
    for model in (User, Group):
        if site.is_registered(model):
            site.unregister(model)
    site.register(User, ManagedUserAdmin)
    site.register(Group, ManagedGroupAdmin)
