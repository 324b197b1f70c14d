"""The staff login log: who logged in, failed, was locked out or logged out, from where.

Fed by Django's login signals and axes' lockout signal (portal/staff.py); read in the admin by
the administrators' group only. No passwords and no codes are ever stored: a failed attempt keeps
the username that was typed, the address and the time. Rows older than
``STAFF_LOGIN_LOG_DAYS`` are deleted whenever a new row is written.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StaffLoginEvent(models.Model):
    class Outcome(models.TextChoices):
        LOGIN = "login", _("Đăng nhập bằng mật khẩu")
        VERIFIED = "verified", _("Xác thực hai lớp thành công")
        RECOVERY = "recovery", _("Xác thực bằng mã dự phòng")
        CODE_FAILED = "code_failed", _("Mã xác thực sai")
        FAILED = "failed", _("Sai tên đăng nhập hoặc mật khẩu")
        LOCKED = "locked", _("Tạm khoá do nhập sai nhiều lần")
        LOGOUT = "logout", _("Đăng xuất")
        IDLE = "idle", _("Hết phiên do lâu không thao tác")
        EXPIRED = "expired", _("Hết phiên (quá thời gian tối đa)")
        ENROLLED = "enrolled", _("Đăng ký ứng dụng xác thực")
        CODES = "codes", _("Tạo mã dự phòng mới")
        DISABLED = "disabled", _("Tắt xác thực hai lớp")
        RESET = "reset", _("Quản trị viên đặt lại xác thực hai lớp")

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    username = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    outcome = models.CharField(_("sự kiện"), max_length=16, choices=Outcome.choices)
    detail = models.CharField(_("ghi chú"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("nhật ký đăng nhập")
        verbose_name_plural = _("nhật ký đăng nhập")
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.username} · {self.get_outcome_display()}"

    @classmethod
    def prune(cls) -> int:
        cutoff = timezone.now() - timedelta(days=settings.STAFF_LOGIN_LOG_DAYS)
        deleted, _by_model = cls.objects.filter(at__lt=cutoff).delete()
        return deleted
