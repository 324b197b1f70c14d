"""Admin of the training registry: inlines, filters, export of the filtered list, import."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.admin.files import AttachmentsAdmin
from portal.admin.mixins import AuthoredAdmin, FoldedSearchAdmin, VietnameseSlugs
from portal.admin.spreadsheets import SpreadsheetAdmin
from portal.admin.versions import VersionedAdmin

from . import importing, spreadsheet
from .models import (
    EventSpeaker,
    EventTopic,
    ParticipantGroup,
    Programme,
    TrainingEvent,
    check_group_counts,
)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "period", "order", "event_count"]
    list_editable = ["order"]
    search_fields = ["name", "short_name"]

    @admin.display(description=gettext_lazy("số lớp"))
    def event_count(self, obj):
        return obj.events.count()


COMPACT_TEXT = {models.CharField: {"widget": forms.TextInput(attrs={"size": 26})}}
COMPACT_ORDER = {
    models.PositiveSmallIntegerField: {"widget": forms.NumberInput(attrs={"style": "width: 4em"})}
}


class SpeakerInline(admin.TabularInline):
    model = EventSpeaker
    extra = 0
    fields = ["order", "name", "position", "organisation", "role"]
    formfield_overrides = {**COMPACT_TEXT, **COMPACT_ORDER}


class TopicInline(admin.TabularInline):
    model = EventTopic
    extra = 0
    fields = ["order", "title"]
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"size": 70})},
        **COMPACT_ORDER,
    }


class GroupFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        counts = [
            form.cleaned_data.get("count")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        message = check_group_counts(self.instance.participants_total, counts)
        if message:
            raise ValidationError(message)


class GroupInline(admin.TabularInline):
    model = ParticipantGroup
    formset = GroupFormSet
    extra = 0
    fields = ["order", "name", "count"]
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"size": 50})},
        **COMPACT_ORDER,
    }


class YearFilter(admin.SimpleListFilter):
    title = gettext_lazy("năm")
    parameter_name = "nam"

    def lookups(self, request, model_admin):
        years = TrainingEvent.objects.dates("start", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        year = importing.year_or_none(self.value())
        if year is not None:
            return queryset.filter(start__year=year)
        return queryset  # a hand-typed or stale year ("0", "10000", "²") filters nothing


@admin.register(TrainingEvent)
class TrainingEventAdmin(
    SpreadsheetAdmin,
    AttachmentsAdmin,
    FoldedSearchAdmin,
    VietnameseSlugs,
    AuthoredAdmin,
    VersionedAdmin,
):
    layout = spreadsheet.LAYOUT
    import_notes = (
        gettext_lazy("Ngày giờ dạng 28/09/2017 08:00; danh sách trong một ô cách nhau bằng dấu "
                     "chấm phẩy (;)."),
        gettext_lazy("Báo cáo viên: Họ tên | Chức vụ | Cơ quan | Vai trò. Nhóm học viên: Tên "
                     "nhóm: số người."),
        gettext_lazy("Chương trình phải có sẵn trong danh mục Chương trình (ghi tên ngắn)."),
        gettext_lazy("Lớp đã có (cùng đường dẫn, hoặc cùng ngày bắt đầu và tên) được cập nhật, "
                     "không tạo trùng."),
    )  # fmt: skip
    list_display = ["title", "start", "place", "status", "participants_total", "is_public"]
    list_filter = [YearFilter, "programmes", "status", "is_public"]
    empty_value_display = gettext_lazy("(chưa có)")
    search_fields = ["title"]  # the box; the search is folded on title, place, speakers
    date_hierarchy = "start"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["programmes"]
    inlines = [SpeakerInline, TopicInline, GroupInline]
    readonly_fields = ["linked_articles"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "start", "end", "place", "organiser", "programmes"]}),
        (
            gettext_lazy("Kết quả"),
            {
                "fields": [
                    "status",
                    "participants_total",
                    "is_public",
                    "body",
                    "attachments",
                    "linked_articles",
                ]
            },
        ),
    ]

    @admin.display(description=gettext_lazy("bài viết liên quan"))
    def linked_articles(self, obj):
        from django.utils.html import format_html_join
        from django.utils.safestring import mark_safe

        if not obj.pk:
            return "—"
        articles = obj.articles.all()
        if not articles:
            return _("Chưa có. Chọn lớp này ở ô “Lớp tập huấn” của bài viết.")
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{}</a>',
            ((reverse("admin:news_article_change", args=[a.pk]), a.title) for a in articles),
        )

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    def export_rows(self, queryset, *, excel):
        return spreadsheet.export_rows(queryset, excel=excel)

    def check_import(self, request, rows):
        return importing.parse_rows(rows)

    def write_import_row(self, row, user):
        return importing.write_event(row, user)
