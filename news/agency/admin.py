"""Cơ cấu tổ chức in the admin: units listed as their tree (indented by depth), positions by
rank, officials with filters (unit, position, in office or not) and folded search, and the
change of office as its own screen: the current record ends the day before, a new one starts,
so history stays. Administrators manage all three; editors may only look (portal/roles.py)."""

from __future__ import annotations

from datetime import timedelta

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.admin.mixins import FoldedSearchAdmin, PhotoUploadForm, thumbnail
from portal.admin.versions import VersionedAdmin

from .models import MAX_DEPTH, Official, Position, Unit, local_today


def unit_paths() -> dict[int, tuple]:
    """Each unit's place in the tree: the (order, name, pk) of its ancestors and itself, from
    the root (one query for all units)."""
    rows = {pk: (parent, order, name) for pk, parent, order, name in
            Unit.objects.values_list("pk", "parent_id", "order", "name")}  # fmt: skip
    paths: dict[int, tuple] = {}
    for pk in rows:
        trail, current, seen = [], pk, set()
        while current is not None and current in rows and current not in seen:
            seen.add(current)
            parent, order, name = rows[current]
            trail.append((order, name, current))
            current = parent
            if len(trail) > MAX_DEPTH + 1:
                break
        paths[pk] = tuple(reversed(trail))
    return paths


class UnitTreeChangeList(ChangeList):
    """The units in the order of the tree (each under its parent), unless a column is sorted."""

    def get_results(self, request):
        super().get_results(request)
        paths = unit_paths()
        if "o" not in request.GET:
            self.result_list = sorted(self.result_list, key=lambda u: paths.get(u.pk, ()))
        for unit in self.result_list:
            unit.tree_depth = max(0, len(paths.get(unit.pk, ())) - 1)


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "kind", "parent", "order", "active", "slug", "body",
                  "address", "phone", "fax", "email", "website", "name_en", "short_name_en",
                  "functions_en"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "parent" in self.fields:
            paths = unit_paths()
            self.fields["parent"].label_from_instance = lambda u: (
                "— " * max(0, len(paths.get(u.pk, ())) - 1) + u.name
            )
            units = {u.pk: u for u in Unit.objects.all()}
            self.fields["parent"].choices = [("", "---------")] + [
                (pk, "— " * (len(paths[pk]) - 1) + units[pk].name)
                for pk in sorted(units, key=lambda pk: paths[pk])
            ]


@admin.register(Unit)
class UnitAdmin(FoldedSearchAdmin, VersionedAdmin):
    form = UnitForm
    list_display = ["tree_name", "kind", "phone", "email", "order", "active"]
    list_display_links = ["tree_name"]
    list_filter = ["kind", "active"]
    list_per_page = 500  # an agency has tens of units: the whole tree on one page
    search_fields = ["name"]  # folded on search_text (FoldedSearchAdmin)
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "short_name", "kind", "parent", "order", "active", "slug"]}),
        (gettext_lazy("Chức năng, nhiệm vụ"), {"fields": ["body"]}),
        (gettext_lazy("Liên hệ"), {"fields": ["address", "phone", "fax", "email", "website"]}),
        (
            gettext_lazy("Tiếng Anh (trang /en/)"),
            {
                "fields": ["name_en", "short_name_en", "functions_en"],
                "description": gettext_lazy(
                    "Để trống thì trang tiếng Anh hiện bản tiếng Việt, có ghi chú “chưa có bản "
                    "tiếng Anh”."
                ),
            },
        ),
    ]

    def get_changelist(self, request, **kwargs):
        return UnitTreeChangeList

    @admin.display(description=gettext_lazy("tên đơn vị"), ordering="name")
    def tree_name(self, obj):
        depth = getattr(obj, "tree_depth", 0)
        return format_html("{}{}", "— " * depth, obj.name)


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "order"]
    list_editable = ["order"]
    search_fields = ["name", "name_en"]
    fields = ["name", "order", "name_en"]


class OfficeFilter(admin.SimpleListFilter):
    title = gettext_lazy("tình trạng")
    parameter_name = "tinh_trang"

    def lookups(self, request, model_admin):
        return [
            ("dang", gettext_lazy("Đang giữ chức vụ")),
            ("da_thoi", gettext_lazy("Đã thôi (lịch sử)")),
            ("sap", gettext_lazy("Sắp nhận chức vụ")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "dang":
            return queryset.current()
        if value == "da_thoi":
            return queryset.former()
        if value == "sap":
            return queryset.upcoming()
        return queryset


class OfficialForm(PhotoUploadForm):
    photo_field = "photo"
    photo_alt_field = "name"

    class Meta:
        model = Official
        fields = ["name", "position", "unit", "order", "active_from", "active_until", "phone",
                  "email", "duties", "responsible_for_portal", "portal_contact", "contact_for",
                  "photo", "duties_en", "contact_for_en"]  # fmt: skip


class ChangeOfficeForm(forms.Form):
    on = forms.DateField(
        label=gettext_lazy("Từ ngày"),
        help_text=gettext_lazy(
            "Ngày đầu tiên ở chức vụ hoặc đơn vị mới; bản ghi hiện tại kết thúc ngày hôm trước."
        ),
    )
    position = forms.ModelChoiceField(
        label=gettext_lazy("Chức vụ mới"), queryset=Position.objects.all(), required=False,
        help_text=gettext_lazy("Để trống nếu giữ nguyên chức vụ."),
    )  # fmt: skip
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Đơn vị mới"), queryset=Unit.objects.active(), required=False,
        help_text=gettext_lazy("Để trống nếu vẫn ở đơn vị cũ."),
    )  # fmt: skip
    end_only = forms.BooleanField(
        label=gettext_lazy("Chỉ kết thúc (nghỉ hưu, chuyển khỏi cơ quan)"), required=False,
        help_text=gettext_lazy(
            "Không tạo bản ghi mới; người này thôi hiện trên cổng từ ngày trên."
        ),
    )  # fmt: skip

    def __init__(self, *args, official: Official, **kwargs):
        super().__init__(*args, **kwargs)
        self.official = official

    def clean(self):
        cleaned = super().clean()
        on = cleaned.get("on")
        if on is None:
            return cleaned
        if on <= self.official.active_from:
            self.add_error(
                "on",
                _("Ngày này phải sau ngày bắt đầu của bản ghi hiện tại (%(start)s).")
                % {"start": self.official.active_from.strftime("%d/%m/%Y")},
            )
        if not cleaned.get("end_only") and not cleaned.get("position") and not cleaned.get("unit"):
            raise ValidationError(
                _("Chọn chức vụ mới hoặc đơn vị mới, hoặc đánh dấu “Chỉ kết thúc”.")
            )
        return cleaned


@admin.register(Official)
class OfficialAdmin(FoldedSearchAdmin, VersionedAdmin):
    form = OfficialForm
    list_display = ["name", "position", "unit", "active_from", "active_until", "in_office",
                    "responsible_for_portal", "portal_contact", "thumb"]  # fmt: skip
    list_filter = [OfficeFilter, "unit", "position", "responsible_for_portal", "portal_contact"]
    list_select_related = ["position", "unit", "photo"]
    search_fields = ["name"]  # folded on search_text (FoldedSearchAdmin)
    raw_id_fields = ["photo"]
    date_hierarchy = "active_from"
    readonly_fields = ["photo_preview", "office_history"]
    fieldsets = [
        (None, {"fields": ["name", "position", "unit", "order", "active_from", "active_until"]}),
        (
            gettext_lazy("Liên hệ và nhiệm vụ"),
            {
                "fields": [
                    "phone",
                    "email",
                    "duties",
                    "contact_for",
                    "responsible_for_portal",
                    "portal_contact",
                ]
            },
        ),
        (gettext_lazy("Ảnh"), {"fields": ["photo_preview", "photo", "upload"]}),
        (
            gettext_lazy("Tiếng Anh (trang /en/)"),
            {
                "fields": ["duties_en", "contact_for_en"],
                "description": gettext_lazy("Tên người không dịch; chức vụ dịch ở mục Chức vụ."),
            },
        ),
        (gettext_lazy("Chuyển công tác, đổi chức vụ"), {"fields": ["office_history"]}),
    ]

    @admin.display(description=gettext_lazy("đang giữ"), boolean=True)
    def in_office(self, obj):
        return obj.is_current()

    @admin.display(description=gettext_lazy("ảnh"))
    def thumb(self, obj):
        return thumbnail(obj.photo, 48)

    @admin.display(description=gettext_lazy("ảnh hiện tại"))
    def photo_preview(self, obj):
        return thumbnail(obj.photo, 96) if obj and obj.photo else "—"

    @admin.display(description=gettext_lazy("quá trình công tác"))
    def office_history(self, obj):
        if obj is None or obj.pk is None:
            return _("Lưu bản ghi trước; sau đó đổi chức vụ, đơn vị tại đây.")
        link = format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:news_official_change_office", args=[obj.pk]),
            _("Chuyển công tác / đổi chức vụ / kết thúc…"),
        )
        chain, record = [], obj.previous
        while record is not None and len(chain) < 20:
            chain.append(record)
            record = record.previous
        if not chain:
            return link
        items = format_html(
            "".join("<li>{}</li>" for _row in chain),
            *[f"{r.active_from:%d/%m/%Y}–{r.active_until:%d/%m/%Y}: {r.position}, {r.unit}"
              if r.active_until else f"{r.active_from:%d/%m/%Y}: {r.position}, {r.unit}"
              for r in chain],
        )  # fmt: skip
        return format_html("{}<p>{}</p><ul>{}</ul>", link, _("Trước đó:"), items)

    def get_urls(self):
        view = self.admin_site.admin_view(self.change_office_view)
        return [
            path("<path:object_id>/chuyen-cong-tac/", view, name="news_official_change_office"),
            *super().get_urls(),
        ]

    def change_office_view(self, request, object_id):
        if not (self.has_change_permission(request) and self.has_add_permission(request)):
            raise PermissionDenied
        official = get_object_or_404(
            Official.objects.select_related("position", "unit"),
            pk=object_id if str(object_id).isdigit() and len(str(object_id)) < 19 else 0,
        )
        form = ChangeOfficeForm(request.POST or None, official=official)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic(), reversion.create_revision():
                    reversion.set_user(request.user)
                    if data["end_only"]:
                        official.active_until = data["on"] - timedelta(days=1)
                        official.full_clean()
                        official.save()
                        reversion.set_comment(_("Kết thúc bản ghi."))
                        result = official
                    else:
                        result = official.change_office(
                            on=data["on"], position=data["position"], unit=data["unit"]
                        )
                        reversion.set_comment(_("Chuyển công tác / đổi chức vụ."))
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                self.log_change(request, official, _("Kết thúc ngày %(d)s.")
                                % {"d": official.active_until.strftime("%d/%m/%Y")})  # fmt: skip
                if result is not official:
                    self.log_addition(request, result, _("Chuyển từ bản ghi %(pk)s.")
                                      % {"pk": official.pk})  # fmt: skip
                messages.success(
                    request,
                    _("Đã lưu: %(name)s thôi giữ chức vụ cũ từ ngày %(d)s.")
                    % {"name": official.name, "d": data["on"].strftime("%d/%m/%Y")},
                )
                return redirect("admin:news_official_change", result.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": official,
            "title": _("Chuyển công tác, đổi chức vụ: %(name)s") % {"name": official.name},
            "form": form,
            "today": local_today(),
        }
        return TemplateResponse(request, "admin/agency/change_office.html", context)
