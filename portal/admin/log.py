"""The admin log as the agency's audit trail: who did what, when and why (publications,
send-backs, unpublications, restorations, deletions, single and bulk), read-only, filtered by
person, by kind and by record."""

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .mixins import ReadOnlyAdmin


class KindFilter(admin.SimpleListFilter):
    """The kinds of the portal's own records (not the libraries' internal tables)."""

    title = _("loại nội dung")
    parameter_name = "content_type__id__exact"

    def lookups(self, request, model_admin):
        kinds = ContentType.objects.filter(app_label__in=("news", "portal", "auth"))
        return sorted(
            ((str(k.pk), str(k.model_class()._meta.verbose_name_plural).capitalize())
             for k in kinds if k.model_class() is not None),
            key=lambda item: item[1],
        )  # fmt: skip

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(content_type_id=self.value())
        return queryset


class ObjectFilter(admin.SimpleListFilter):
    """?object_id=… (the link "Nhật ký của bài này" on a record's page)."""

    title = _("bản ghi")
    parameter_name = "object_id"

    def lookups(self, request, model_admin):
        value = self.value()
        return [(value, value)] if value else []

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(object_id=self.value())
        return queryset


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdmin):
    list_display = ["action_time", "user", "record", "action", "message"]
    list_filter = ["user", KindFilter, "action_flag", ObjectFilter, "action_time"]
    search_fields = ["object_repr", "change_message", "user__username"]
    date_hierarchy = "action_time"
    list_select_related = ["user", "content_type"]
    list_per_page = 50

    class Media:
        css = {"all": ["editor/css/admin-article.css"]}

    @admin.display(description=_("bản ghi"), ordering="object_repr")
    def record(self, entry):
        url = entry.get_admin_url()
        return (
            format_html('<a href="{}">{}</a>', url, entry.object_repr) if url else entry.object_repr
        )

    @admin.display(description=_("thao tác"), ordering="action_flag")
    def action(self, entry):
        return {1: _("Thêm"), 2: _("Sửa"), 3: _("Xoá")}.get(entry.action_flag, "")

    @admin.display(description=_("nội dung"))
    def message(self, entry):
        return Truncator(entry.get_change_message()).chars(160)
