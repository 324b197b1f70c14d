"""The staff login log (portal/staff.py) in the admin: read-only, for the administrators' group."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.models import StaffLoginEvent

from .mixins import ReadOnlyAdmin


class FailuresFilter(admin.SimpleListFilter):
    title = _("nhóm sự kiện")
    parameter_name = "nhom"

    GROUPS = {
        "problems": [
            StaffLoginEvent.Outcome.FAILED,
            StaffLoginEvent.Outcome.LOCKED,
            StaffLoginEvent.Outcome.CODE_FAILED,
        ],
        "second_factor": [
            StaffLoginEvent.Outcome.ENROLLED,
            StaffLoginEvent.Outcome.CODES,
            StaffLoginEvent.Outcome.DISABLED,
            StaffLoginEvent.Outcome.RESET,
            StaffLoginEvent.Outcome.RECOVERY,
        ],
    }

    def lookups(self, request, model_admin):
        return [
            ("problems", _("Sai mật khẩu, sai mã, bị khoá")),
            ("second_factor", _("Thay đổi xác thực hai lớp, dùng mã dự phòng")),
        ]

    def queryset(self, request, queryset):
        if self.value() in self.GROUPS:
            return queryset.filter(outcome__in=self.GROUPS[self.value()])
        return queryset


@admin.register(StaffLoginEvent)
class StaffLoginEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "username", "outcome", "ip_address", "detail"]
    list_filter = [FailuresFilter, "outcome", "at"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "at"
    list_per_page = 100
    show_full_result_count = False
