"""Cơ cấu tổ chức in the admin: units listed as their tree (indented by depth), positions by
rank, officials with filters (unit, position, in office or not) and folded search, and the
change of office as its own screen: the current record ends the day before, a new one starts,
so history stays. Administrators manage all three; editors may only look (portal/roles.py)."""

from __future__ import annotations

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.admin.mixins import (
    FoldedSearchAdmin,
    PhotoUploadForm,
    StorageFaultAdmin,
    VietnameseSlugs,
    thumbnail,
)
from portal.admin.versions import VersionedAdmin

from .models import MAX_DEPTH, Official, Position, Unit, local_today

# On an official's change page, ?sua_nham=1 opens position and unit for a correction.
CORRECTION = "sua_nham"


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
                  "address_en", "functions_en"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "parent" in self.fields:
            # In the tree's order, indented; never the unit itself or one of its sub-units.
            excluded = {self.instance.pk, *self.instance.descendant_ids()} - {None}
            self.fields["parent"].choices = [("", "---------")] + [
                (unit.pk, "— " * unit.tree_depth + unit.name)
                for unit in Unit.objects.in_tree_order()
                if unit.pk not in excluded
            ]


@admin.register(Unit)
class UnitAdmin(FoldedSearchAdmin, VietnameseSlugs, VersionedAdmin):
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
                "fields": ["name_en", "short_name_en", "address_en", "functions_en"],
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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "active" in form.changed_data and not obj.active:
            self.warn_about_contacts(request, obj)
            below = Unit.objects.filter(pk__in=obj.descendant_ids()).order_by("name")
            names = ", ".join(f"“{unit.name}”" for unit in below)
            if names:
                messages.info(
                    request,
                    _("Các đơn vị trực thuộc “%(unit)s” cũng thôi hiện trên cổng: %(names)s. Bật "
                      "lại đơn vị thì bật lại từng đơn vị trực thuộc cần hiện.")
                    % {"unit": obj.name, "names": names},
                )  # fmt: skip

    def warn_about_contacts(self, request, unit: Unit) -> None:
        """A unit switched off takes its people off the pages, the footer's contacts too:
        say who, so that someone else is marked."""
        units = {unit.pk, *unit.descendant_ids()}
        marked = (
            Official.objects.filter(unit__in=units)
            .filter(Q(portal_contact=True) | Q(responsible_for_portal=True))
            .filter(Q(active_until__isnull=True) | Q(active_until__gte=local_today()))
            .select_related("position", "unit")
        )
        for official in marked:
            role = (
                _("người chịu trách nhiệm cổng")
                if official.responsible_for_portal
                else _("đầu mối liên hệ của cổng")
            )
            messages.warning(
                request,
                _(
                    "“%(unit)s” không còn hoạt động: %(name)s (%(position)s, %(where)s), %(role)s, "
                    "không còn hiện ở chân trang và các trang cơ cấu tổ chức. Đánh dấu người khác "
                    "làm %(role)s, hoặc chuyển công tác người này sang đơn vị đang hoạt động."
                )
                % {"unit": unit.name, "name": official.name, "position": official.position,
                   "where": official.unit, "role": role},
            )  # fmt: skip


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "order"]
    list_editable = ["order"]
    search_fields = ["name", "name_en"]
    fields = ["name", "order", "name_en"]


class OfficeFilter(admin.SimpleListFilter):
    """In office, former, starting later or all: in office unless another is chosen, so that
    the list is today's organisation and history is one click away."""

    title = gettext_lazy("tình trạng")
    parameter_name = "tinh_trang"
    default = "dang"

    def lookups(self, request, model_admin):
        return [
            ("dang", gettext_lazy("Đang giữ chức vụ")),
            ("da_thoi", gettext_lazy("Đã thôi (lịch sử)")),
            ("sap", gettext_lazy("Sắp nhận chức vụ")),
            ("tat_ca", gettext_lazy("Tất cả (cả lịch sử)")),
        ]

    def value(self):
        value = super().value()
        return value if value in {"dang", "da_thoi", "sap", "tat_ca"} else self.default

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value == "dang":
            return queryset.current()
        if value == "da_thoi":
            return queryset.former()
        if value == "sap":
            return queryset.upcoming()
        return queryset


class UnitTreeFilter(admin.RelatedFieldListFilter):
    """The units in the tree's order, indented by depth."""

    def field_choices(self, field, request, model_admin):
        return [(u.pk, "— " * u.tree_depth + u.name) for u in Unit.objects.in_tree_order()]


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
        widget=AdminDateWidget(attrs={"placeholder": "dd/mm/yyyy"}),
        help_text=gettext_lazy(
            "Ngày đầu tiên ở chức vụ hoặc đơn vị mới, dạng ngày/tháng/năm (ví dụ 01/06/2026); "
            "bản ghi này kết thúc ngày hôm trước."
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
        units = Unit.objects.active().in_tree_order()
        self.fields["unit"].choices = [("", "---------")] + [
            (u.pk, "— " * u.tree_depth + u.name) for u in units
        ]

    def clean(self):
        cleaned = super().clean()
        on = cleaned.get("on")
        if on is None:
            return cleaned
        try:
            self.official.check_change_day(on)
        except ValidationError as error:
            for message in error.message_dict.get("on", error.messages):
                self.add_error("on", message)
        if not cleaned.get("end_only") and not cleaned.get("position") and not cleaned.get("unit"):
            raise ValidationError(
                _("Chọn chức vụ mới hoặc đơn vị mới, hoặc đánh dấu “Chỉ kết thúc”.")
            )
        return cleaned


@admin.register(Official)
class OfficialAdmin(StorageFaultAdmin, FoldedSearchAdmin, VersionedAdmin):
    form = OfficialForm
    list_display = ["name", "position", "unit", "active_from", "active_until", "in_office",
                    "responsible_for_portal", "portal_contact", "thumb"]  # fmt: skip
    list_filter = [OfficeFilter, ("unit", UnitTreeFilter), "position", "responsible_for_portal",
                   "portal_contact"]  # fmt: skip
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

    # Position and unit of a saved record: a change of office, not an edit (history stays).
    # An administrator corrects a wrong choice made when the record was entered through the
    # page's correction mode (?sua_nham=1), said so in the record's history.

    def correcting(self, request, obj) -> bool:
        return (
            obj is not None
            and request.GET.get(CORRECTION) == "1"
            and self.has_change_permission(request, obj)
        )

    def may_change_office(self, request) -> bool:
        return self.has_change_permission(request) and self.has_add_permission(request)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not self.correcting(request, obj):
            fields += ["position", "unit"]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        if obj is None:
            return fieldsets
        change_url = reverse("admin:news_official_change_office", args=[obj.pk])
        if self.correcting(request, obj):
            note = format_html(
                "<strong>{}</strong> {}",
                _("Sửa nhập nhầm chức vụ, đơn vị."),
                _(
                    "Chỉ dùng khi bản ghi được nhập nhầm ngay từ đầu: bản ghi sẽ ghi nhận chức vụ, "
                    "đơn vị mới cho cả thời gian từ ngày bắt đầu, và lịch sử sửa đổi ghi lại là "
                    "sửa nhập nhầm. Người này đổi chức vụ hoặc chuyển đơn vị thật thì dùng "
                    "“Chuyển công tác”."
                ),
            )
        elif self.has_change_permission(request, obj):
            note = format_html(
                '{} <a href="{}">{}</a>',
                _(
                    "Chức vụ và đơn vị của bản ghi đã lưu không sửa ở đây, để lịch sử và lịch "
                    "công tác cũ giữ đúng chức danh: đổi chức vụ, chuyển đơn vị bằng “Chuyển công "
                    "tác” bên dưới. Chọn nhầm khi nhập bản ghi?"
                ),
                f"?{CORRECTION}=1",
                _("Sửa nhập nhầm chức vụ, đơn vị"),
            )
        else:
            note = ""
        if note:
            fieldsets[0][1]["description"] = note
        if self.may_change_office(request) and obj.may_change_office():
            fieldsets[-1][1]["description"] = format_html(
                '<a class="button" href="{}">{}</a>',
                change_url,
                _("Chuyển công tác / đổi chức vụ / kết thúc…"),
            )
        elif obj.has_ended():
            current = obj.record_on(local_today())
            text = _("Bản ghi này đã kết thúc ngày %(until)s: là lịch sử, không chuyển công tác "
                     "từ đây.") % {"until": obj.active_until.strftime("%d/%m/%Y")}  # fmt: skip
            if current is not None:
                fieldsets[-1][1]["description"] = format_html(
                    '{} <a href="{}">{}</a>',
                    text,
                    reverse("admin:news_official_change", args=[current.pk]),
                    _("Bản ghi hiện tại của người này"),
                )
            else:
                fieldsets[-1][1]["description"] = text
        return fieldsets

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        corrected = [name for name in ("position", "unit") if name in form.changed_data]
        if not add and corrected and self.correcting(request, form.instance):
            old = {name: form.initial.get(name) for name in corrected}
            parts = []
            for name in corrected:
                model = Position if name == "position" else Unit
                before = model.objects.filter(pk=old[name]).first()
                parts.append(f"{before} → {form.cleaned_data[name]}")
            return _("Sửa nhập nhầm (không phải chuyển công tác): %(changes)s.") % {
                "changes": "; ".join(parts)
            }
        return message

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            return
        namesakes = (
            Official.objects.current().exclude(person=obj.person)
            .filter(search_title=obj.search_title).select_related("position", "unit")
        )  # fmt: skip
        for other in namesakes[:3]:
            messages.warning(
                request,
                _(
                    "Đã có “%(name)s” đang giữ chức %(position)s, %(unit)s. Nếu là cùng một "
                    "người, xoá bản ghi vừa thêm và dùng “Chuyển công tác” ở bản ghi đó (để "
                    "lịch sử liền mạch); nếu là người khác trùng tên, không cần làm gì."
                )
                % {"name": other.name, "position": other.position, "unit": other.unit},
            )

    def view_on_site(self, obj):
        """Only a record the public pages show has an anchor there (ended, later and
        switched-off records have none)."""
        if Official.objects.public().filter(pk=obj.pk).exists():
            return obj.get_absolute_url()
        return None

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
        records = list(obj.records()[:50])
        if len(records) <= 1:
            return _("Chưa có bản ghi nào khác của người này.")
        rows = []
        for record in records:
            text = f"{record.span()}: {record.position}, {record.unit}"
            if record.pk == obj.pk:
                rows.append(format_html("<li><strong>{} ({})</strong></li>", text,
                                        _("bản ghi này")))  # fmt: skip
            else:
                url = reverse("admin:news_official_change", args=[record.pk])
                rows.append(format_html('<li><a href="{}">{}</a></li>', url, text))
        return format_html("<ul>{}</ul>", format_html("".join(["{}"] * len(rows)), *rows))

    def get_urls(self):
        view = self.admin_site.admin_view(self.change_office_view)
        return [
            path("<path:object_id>/chuyen-cong-tac/", view, name="news_official_change_office"),
            *super().get_urls(),
        ]

    def change_office_view(self, request, object_id):
        if not self.may_change_office(request):
            raise PermissionDenied
        official = get_object_or_404(
            Official.objects.select_related("position", "unit"),
            pk=object_id if str(object_id).isdigit() and len(str(object_id)) < 19 else 0,
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": official,
            "title": _("Chuyển công tác, đổi chức vụ: %(name)s") % {"name": official.name},
            "today": local_today(),
        }
        if not official.may_change_office():
            # History: moving the end of an ended record would reopen it.
            current = official.record_on(local_today())
            context["refused"] = _(
                "Bản ghi này đã kết thúc ngày %(until)s: là lịch sử, không chuyển công tác hay "
                "kết thúc lại được. Chuyển công tác từ bản ghi đang giữ của người này."
            ) % {"until": official.active_until.strftime("%d/%m/%Y")}
            context["current"] = current
            return TemplateResponse(request, "admin/agency/change_office.html", context)
        form = ChangeOfficeForm(request.POST or None, official=official)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic(), reversion.create_revision():
                    reversion.set_user(request.user)
                    if data["end_only"]:
                        result = official.end_office(on=data["on"])
                        reversion.set_comment(_("Kết thúc bản ghi."))
                    else:
                        result = official.change_office(
                            on=data["on"], position=data["position"], unit=data["unit"]
                        )
                        reversion.set_comment(_("Chuyển công tác / đổi chức vụ."))
            except ValidationError as error:
                official.refresh_from_db()  # the end moved in memory only: show it as stored
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
        context["form"] = form
        context["media"] = self.media + form.media
        return TemplateResponse(request, "admin/agency/change_office.html", context)
