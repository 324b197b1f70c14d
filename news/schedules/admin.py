"""The schedules in the admin: a week with its items as inline rows (day, times, who, what,
where...), through the editorial workflow; "copy last week" (into an empty draft week, or
from the list: the selected weeks into the weeks after them), filters by week, folded search
in the items.

Once a week is on the site, only someone who may publish schedules changes its items (each
change is then marked on the public page), and items are not deleted but called off (Hoãn,
Hủy) so that readers and subscribed calendars see it.
"""

from __future__ import annotations

from datetime import timedelta

import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import search, workflow
from portal.admin.workflow import WorkflowAdmin
from portal.dates import WEEKDAYS

from ..agency.models import Official, Unit
from .models import ScheduleItem, ScheduleWeek, copy_week
from .weeks import Week

SCHEDULE_POLICY = workflow.Policy(ScheduleWeek, "news.publish_schedule")

DAY_CHOICES = [("", "---------"), *((str(i), name) for i, name in enumerate(WEEKDAYS))]


class OfficialChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.position.name}"


class ItemForm(forms.ModelForm):
    """One row of the week: the day is chosen by its name (thứ Hai…), the date follows from
    the week."""

    date = forms.TypedChoiceField(
        label=gettext_lazy("ngày"), choices=DAY_CHOICES, coerce=int, empty_value=None,
        error_messages={"required": gettext_lazy("Hãy chọn ngày trong tuần.")},
    )  # fmt: skip
    official = OfficialChoice(
        queryset=Official.objects.select_related("position").order_by(
            "position__order", "order", "name"
        ),
        required=False,
        label=gettext_lazy("lãnh đạo, cán bộ"),
    )

    class Meta:
        model = ScheduleItem
        fields = [
            "date", "start_time", "end_time", "official", "unit", "person", "content", "place",
            "participants", "host", "preparing", "state",
        ]  # fmt: skip
        widgets = {
            "content": forms.Textarea(attrs={"rows": 2, "cols": 32}),
            "participants": forms.Textarea(attrs={"rows": 2, "cols": 20}),
            "person": forms.TextInput(attrs={"size": 16}),
            "place": forms.TextInput(attrs={"size": 18}),
            "host": forms.TextInput(attrs={"size": 14}),
            "preparing": forms.TextInput(attrs={"size": 14}),
        }
        error_messages = {
            "start_time": {
                "required": gettext_lazy("Hãy nhập giờ bắt đầu, ví dụ 08:00."),
                "invalid": gettext_lazy("Giờ bắt đầu viết dạng 08:00 hoặc 8h00."),
            },
            "end_time": {"invalid": gettext_lazy("Giờ kết thúc viết dạng 11:30 hoặc 11h30.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.date:
            self.initial["date"] = str(self.instance.date.weekday())
        self.fields["unit"].queryset = Unit.objects.order_by("order", "name")

    def clean_date(self):
        offset = self.cleaned_data.get("date")
        # The week the row belongs to: the one being added or changed on this page (the
        # inline formset's parent), saved or not.
        parent = getattr(self.fields.get("week"), "parent_instance", None)
        try:
            week = parent or self.instance.week
        except ScheduleWeek.DoesNotExist:
            week = None
        if offset is None:
            return None
        if week is None or not week.starts_on:
            raise forms.ValidationError(_("Chọn tuần ở phần trên trước."))
        return Week.of(week.starts_on).monday + timedelta(days=offset)


class ItemInline(admin.TabularInline):
    model = ScheduleItem
    form = ItemForm
    fields = [*ItemForm.Meta.fields, "change_mark"]
    readonly_fields = ["change_mark"]
    verbose_name = gettext_lazy("mục lịch")
    verbose_name_plural = gettext_lazy(
        "Các mục trong tuần (giờ bắt đầu bắt buộc; giờ kết thúc nếu có phải sau giờ bắt đầu)"
    )

    def get_extra(self, request, obj=None, **kwargs):
        if obj is not None and obj.pk and obj.items.exists():
            return 1
        return 6

    def _locked(self, request, obj) -> bool:
        """A week on the site: its items are the approvers' to change."""
        return bool(
            obj is not None and obj.pk and obj.shows_publicly()
            and not SCHEDULE_POLICY.can_publish(request.user)
        )  # fmt: skip

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._locked(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._locked(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Published items are called off (Hoãn, Hủy), not removed: readers must see it.
        published = obj is not None and obj.pk and obj.shows_publicly()
        return super().has_delete_permission(request, obj) and not published

    @admin.display(description=gettext_lazy("đánh dấu trên cổng"))
    def change_mark(self, item):
        return item.change_note() if item.pk else ""


class WeekFilter(admin.SimpleListFilter):
    title = gettext_lazy("tuần")
    parameter_name = "tuan"

    def lookups(self, request, model_admin):
        return [
            ("nay", _("Tuần này")),
            ("sau", _("Tuần sau")),
            ("truoc", _("Tuần trước")),
            ("sap-toi", _("Từ tuần này trở đi")),
            ("da-qua", _("Các tuần đã qua")),
        ]

    def queryset(self, request, queryset):
        monday = Week.current().monday
        value = self.value()
        if value == "nay":
            return queryset.filter(starts_on=monday)
        if value == "sau":
            return queryset.filter(starts_on=monday + timedelta(days=7))
        if value == "truoc":
            return queryset.filter(starts_on=monday - timedelta(days=7))
        if value == "sap-toi":
            return queryset.filter(starts_on__gte=monday)
        if value == "da-qua":
            return queryset.filter(starts_on__lt=monday)
        return queryset


@admin.register(ScheduleWeek)
class ScheduleWeekAdmin(WorkflowAdmin):
    policy = SCHEDULE_POLICY
    change_form_template = "admin/news/scheduleweek/change_form.html"
    inlines = [ItemInline]
    list_display = ["week_label", "kind", "item_count", "status", "public_link"]
    list_display_links = ["week_label"]
    list_filter = ["kind", WeekFilter, "status"]
    date_hierarchy = "starts_on"
    search_fields = ["note"]  # the box; the search is folded on the items' words
    actions = ["publish_selected", "copy_to_next_week"]
    fieldsets = [
        (None, {"fields": ["kind", "starts_on", "note"]}),
        (gettext_lazy("Xuất bản"), {"fields": [
            "status", "publish_at", "unpublish_at", "workflow_note", "edit_token",
        ]}),
    ]  # fmt: skip

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_total=Count("items"))

    def get_search_results(self, request, queryset, search_term):
        _shown, words = search.parse_query(search_term)
        if not words:
            return queryset, False
        for word in words:
            queryset = queryset.filter(items__search_text__contains=f" {word}")
        return queryset, True

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("starts_on", Week.current().monday + timedelta(days=7))
        return initial

    @admin.display(description=gettext_lazy("tuần"), ordering="starts_on")
    def week_label(self, obj):
        week = obj.week
        return _("Tuần %(number)d/%(year)d (%(start)s–%(end)s)") % {
            "number": week.number, "year": week.year,
            "start": f"{week.monday:%d/%m}", "end": f"{week.sunday:%d/%m/%Y}",
        }  # fmt: skip

    @admin.display(description=gettext_lazy("số mục"), ordering="item_total")
    def item_count(self, obj):
        return obj.item_total

    @admin.display(description=gettext_lazy("trên cổng"))
    def public_link(self, obj):
        if not obj.is_public:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("Xem"))

    # Saving: changes to a week already on the site are marked for readers.

    def save_model(self, request, obj, form, change):
        live = ScheduleWeek.objects.filter(pk=obj.pk).first() if change else None
        request._week_was_public = bool(live is not None and live.is_public)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for item_form in formset.forms:
            item_form.instance._after_publication = getattr(request, "_week_was_public", False)
        super().save_formset(request, form, formset, change)

    # Copying last week

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/chep-tuan-truoc/",
                view(self.copy_previous_view),
                name="news_scheduleweek_copy_previous",
            ),
            *super().get_urls(),
        ]

    def _may_copy(self, request, week=None) -> bool:
        user = request.user
        return user.has_perm("news.add_scheduleitem") and (
            self.has_change_permission(request, week)
            if week is not None
            else user.has_perm("news.add_scheduleweek")
        )

    def copy_previous_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        week = self.get_object(request, object_id)
        if week is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self._may_copy(request, week):
            raise PermissionDenied
        change_url = reverse("admin:news_scheduleweek_change", args=[week.pk])
        previous = ScheduleWeek.objects.filter(
            kind=week.kind, starts_on=week.starts_on - timedelta(days=7)
        ).first()
        if previous is None or not previous.items.exists():
            messages.error(request, _("Tuần trước chưa có lịch để chép."))
            return redirect(change_url)
        try:
            with transaction.atomic(), reversion.create_revision():
                _target, count = copy_week(previous, week.starts_on, request.user)
                message = _("Chép %(count)d mục từ lịch tuần trước.") % {"count": count}
                week.updated_by = request.user
                week.save()
                reversion.set_user(request.user)
                reversion.set_comment(message)
        except ValueError as refusal:
            messages.error(request, str(refusal))
            return redirect(change_url)
        workflow.log(request.user, week, message)
        messages.success(
            request,
            _("Đã chép %(count)d mục từ tuần trước, ngày đã dời sang tuần này. Tuần vẫn là bản "
              "nháp: sửa những gì khác đi rồi gửi duyệt.") % {"count": count},
        )  # fmt: skip
        return redirect(change_url)

    @admin.action(description=gettext_lazy("Lập lịch tuần kế tiếp từ tuần đã chọn (bản nháp)"))
    def copy_to_next_week(self, request, queryset):
        if not self._may_copy(request):
            raise PermissionDenied
        made = []
        for source in queryset.order_by("starts_on"):
            target_monday = source.starts_on + timedelta(days=7)
            try:
                with transaction.atomic(), reversion.create_revision():
                    target, count = copy_week(source, target_monday, request.user)
                    message = _("Chép %(count)d mục từ %(week)s.") % {
                        "count": count,
                        "week": source,
                    }
                    reversion.set_user(request.user)
                    reversion.set_comment(message)
            except ValueError as refusal:
                messages.warning(request, str(refusal))
                continue
            workflow.log(request.user, target, message)
            made.append((target, count))
        for target, count in made:
            messages.success(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("Đã lập bản nháp %(week)s với %(count)d mục.")
                    % {"week": target, "count": count},
                    reverse("admin:news_scheduleweek_change", args=[target.pk]),
                    _("Mở để sửa"),
                ),
            )
        if len(made) == 1:
            return redirect(reverse("admin:news_scheduleweek_change", args=[made[0][0].pk]))
        return None

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self._may_copy(request):
            actions.pop("copy_to_next_week", None)
        return actions

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["copy_previous_url"] = ""
        if obj is not None and obj.pk and not obj.shows_publicly() and self._may_copy(
            request, obj
        ) and not obj.items.exists():  # fmt: skip
            previous = ScheduleWeek.objects.filter(
                kind=obj.kind, starts_on=obj.starts_on - timedelta(days=7)
            ).first()
            if previous is not None and previous.items.exists():
                context["copy_previous_url"] = reverse(
                    "admin:news_scheduleweek_copy_previous", args=[obj.pk]
                )
                context["copy_previous_week"] = previous
        context["items_locked"] = bool(
            obj is not None and obj.pk and obj.shows_publicly()
            and not SCHEDULE_POLICY.can_publish(request.user)
        )  # fmt: skip
        return super().render_change_form(request, context, add, change, form_url, obj)
