"""Admin of the training registry: inlines, filters, export of the filtered list, import."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.admin.files import AttachmentsAdmin
from portal.admin.mixins import AuthoredAdmin, FoldedSearchAdmin, VietnameseSlugs
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


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp CSV hoặc XLSX"),
        help_text=gettext_lazy("Dùng đúng các cột của tệp xuất; tối đa 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise ValidationError(_("Tệp quá lớn (tối đa 5 MB)."))
        try:
            self.rows = spreadsheet.read_table(upload)
        except spreadsheet.ImportFileError as exc:
            raise ValidationError(str(exc)) from exc
        return upload


@admin.register(TrainingEvent)
class TrainingEventAdmin(
    AttachmentsAdmin, FoldedSearchAdmin, VietnameseSlugs, AuthoredAdmin, VersionedAdmin
):
    change_list_template = "admin/news/trainingevent/change_list.html"
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
        from django.utils.html import format_html, format_html_join

        if not obj.pk:
            return "—"
        articles = obj.articles.all()
        if not articles:
            return _("Chưa có. Chọn lớp này ở ô “Lớp tập huấn” của bài viết.")
        return format_html_join(
            format_html("<br>"),
            '<a href="{}">{}</a>',
            ((reverse("admin:news_article_change", args=[a.pk]), a.title) for a in articles),
        )

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "xuat/<str:fmt>/",
                self.admin_site.admin_view(self.export_view),
                name="{}_{}_export".format(*info),
            ),
            path(
                "nhap/",
                self.admin_site.admin_view(self.import_view),
                name="{}_{}_import".format(*info),
            ),
            *super().get_urls(),
        ]

    def export_view(self, request, fmt):
        """The list as filtered in the admin (same query string), as CSV or XLSX."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if fmt not in ("csv", "xlsx"):
            return redirect("admin:news_trainingevent_changelist")
        try:
            queryset = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            queryset = self.get_queryset(request)
        if fmt == "csv":
            response = HttpResponse(
                spreadsheet.to_csv(queryset), content_type="text/csv; charset=utf-8"
            )
        else:
            response = HttpResponse(
                spreadsheet.to_xlsx(queryset),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{spreadsheet.filename(fmt)}"'
        return response

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            parsed, errors = importing.parse_rows(form.rows)
            if not errors:
                created, updated = importing.import_events(parsed, request.user)
                self.message_user(
                    request,
                    _("Đã nhập %(n)d lớp: %(c)d lớp mới, %(u)d lớp được cập nhật.")
                    % {"n": created + updated, "c": created, "u": updated},
                    messages.SUCCESS,
                )
                return redirect("admin:news_trainingevent_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Nhập sổ tập huấn từ tệp"),
            "opts": self.model._meta,
            "form": form,
            "row_errors": errors,
            "headers": spreadsheet.HEADERS,
            "now": timezone.now(),
        }
        return TemplateResponse(request, "admin/news/trainingevent/import.html", context)
