"""The schedules in the admin: a week with its items as inline rows (day, times, who, what,
where...), through the editorial workflow; "copy last week" (into an empty draft week, or
from the list: the selected weeks into the weeks after them), filters by week, folded search
in the items.

Once a week is on the site, only someone who may publish schedules changes its items (each
change is then marked on the public page), and items are not deleted but called off (Hoãn,
Hủy) so that readers and subscribed calendars see it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta

import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import diffs, search, workflow
from portal.admin.workflow import WorkflowAdmin, WorkflowForm
from portal.dates import WEEKDAYS

from ..agency.models import Official, Unit
from .models import (
    ScheduleItem,
    ScheduleWeek,
    copy_week,
    official_label,
    officials_in_office,
)
from .weeks import Week

SCHEDULE_POLICY = workflow.Policy(ScheduleWeek, "news.publish_schedule")

DAY_CHOICES = [("", "---------"), *((str(i), name) for i, name in enumerate(WEEKDAYS))]


# Times as the office writes them: 08:00, 8:30, 8h, 8h30, 8g30, 8 giờ, 8 giờ 30 (phút).
SPOKEN_TIME = re.compile(
    r"^\s*(\d{1,2})\s*(?:h|g|giờ|:)\s*(?:(\d{1,2})\s*(?:phút|p|')?)?\s*$", re.IGNORECASE
)


class ScheduleTimeField(forms.TimeField):
    """A time typed as the office writes it ("8h", "11 giờ 30"), or in the site's formats."""

    def to_python(self, value):
        if isinstance(value, str):
            found = SPOKEN_TIME.match(unicodedata.normalize("NFC", value))
            if found:
                value = f"{int(found[1]):02d}:{int(found[2] or 0):02d}"
        return super().to_python(value)


class OfficialChoice(forms.ModelChoiceField):
    """Any record may be posted (the item's rules say clearly when it is the wrong one); the
    list offers the people in office in the item's week (ItemFormSet)."""

    def label_from_instance(self, obj):
        return official_label(obj)


def _office_label(official: Official, week: Week | None) -> str:
    """ "Vũ Thị Lan – Phó Giám đốc (từ 02/12)": the dates when they fall inside the week, or
    the whole time in office of a record that is not in office that week."""
    label = official_label(official)
    if week is None:
        return label
    starts = official.active_from > week.monday
    ends = official.active_until is not None and official.active_until < week.sunday
    if official.active_from > week.sunday or (ends and official.active_until < week.monday):
        until = f"{official.active_until:%d/%m/%Y}" if official.active_until else "…"
        return _("%(label)s (%(start)s–%(until)s, không giữ chức vụ này trong tuần)") % {
            "label": label, "start": f"{official.active_from:%d/%m/%Y}", "until": until,
        }  # fmt: skip
    if starts and ends:
        return _("%(label)s (%(start)s–%(until)s)") % {
            "label": label, "start": f"{official.active_from:%d/%m}",
            "until": f"{official.active_until:%d/%m}",
        }  # fmt: skip
    if starts:
        return _("%(label)s (từ %(start)s)") % {
            "label": label, "start": f"{official.active_from:%d/%m}"
        }  # fmt: skip
    if ends:
        return _("%(label)s (đến %(until)s)") % {
            "label": label, "until": f"{official.active_until:%d/%m}"
        }  # fmt: skip
    return label


class ItemForm(forms.ModelForm):
    """One item of the week: the day is chosen by its name (thứ Hai…), the date follows from
    the week; the officials offered are those in office that week."""

    date = forms.TypedChoiceField(
        label=gettext_lazy("Ngày"), choices=DAY_CHOICES, coerce=int, empty_value=None,
        error_messages={"required": gettext_lazy("Hãy chọn ngày trong tuần.")},
    )  # fmt: skip
    official = OfficialChoice(
        queryset=Official.objects.select_related("position"),
        required=False,
        label=gettext_lazy("Lãnh đạo, cán bộ"),
    )

    class Meta:
        model = ScheduleItem
        fields = [
            "date", "start_time", "end_time", "official", "unit", "person", "content", "place",
            "participants", "host", "preparing", "state",
        ]  # fmt: skip
        widgets = {
            "content": forms.Textarea(attrs={"rows": 2, "cols": 40}),
            "participants": forms.Textarea(attrs={"rows": 2, "cols": 40}),
            "person": forms.TextInput(attrs={"size": 22}),
            "place": forms.TextInput(attrs={"size": 30}),
            "host": forms.TextInput(attrs={"size": 24}),
            "preparing": forms.TextInput(attrs={"size": 24}),
        }
        # The week's page says it once above the items (change_form.html).
        help_texts = dict.fromkeys(["end_time", "official", "person", "content", "state"], "")
        error_messages = {
            "start_time": {
                "required": gettext_lazy("Hãy nhập giờ bắt đầu, ví dụ 08:00."),
                "invalid": gettext_lazy("Giờ bắt đầu viết dạng 08:00, 8h, 8h30 hoặc 8 giờ 30."),
            },
            "end_time": {
                "invalid": gettext_lazy("Giờ kết thúc viết dạng 11:30, 11h, 11h30 hoặc 11 giờ.")
            },
        }

    def __init__(self, *args, week_officials=None, week=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.date:
            self.initial["date"] = str(self.instance.date.weekday())
        self.fields["unit"].queryset = Unit.objects.order_by("order", "name")
        if week_officials is not None:
            self._offer(list(week_officials), week)

    def _offer(self, offered: list[tuple[int, str]], week: Week | None) -> None:
        """The officials' list: the week's, and the record this row names (or was sent with)
        when it is not among them, so that the row shows it and its message explains."""
        listed = {pk for pk, _label in offered}
        named = {self.instance.official_id}
        if self.is_bound:
            named.add(self.data.get(self.add_prefix("official")))
        extra = {int(pk) for pk in named if pk and str(pk).isdigit()} - listed
        if extra:
            others = Official.objects.select_related("position").filter(pk__in=extra)
            offered = [*offered, *((o.pk, _office_label(o, week)) for o in others)]
        self.fields["official"].widget.choices = [("", "---------"), *offered]

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


class ItemFormSet(BaseInlineFormSet):
    """The week's items; every row offers the officials in office that week (one query for
    the page)."""

    default_monday = None  # the add page's week, before one is saved (ItemInline.get_formset)

    @cached_property
    def week(self) -> Week | None:
        monday = self.instance.starts_on or self.default_monday
        return Week.of(monday) if monday else None

    @cached_property
    def week_officials(self) -> list[tuple[int, str]]:
        if self.week is None:
            officials = Official.objects.current()
        else:
            officials = officials_in_office(self.week)
        officials = officials.select_related("position").in_rank_order()
        return [(o.pk, _office_label(o, self.week)) for o in officials]

    def get_form_kwargs(self, index):
        return {
            **super().get_form_kwargs(index),
            "week_officials": self.week_officials,
            "week": self.week,
        }


class ItemInline(admin.StackedInline):
    """Each item a compact block that fits 1280 px (editor/css/admin-schedule.css): the day,
    times and state on one line, who on the next, what and where on the third; participants,
    host and preparing unit folded below (open when they have an error)."""

    model = ScheduleItem
    form = ItemForm
    formset = ItemFormSet
    classes = ["schedule-items"]
    readonly_fields = ["change_mark"]
    verbose_name = gettext_lazy("mục lịch")
    verbose_name_plural = gettext_lazy("Các mục trong tuần")

    def get_fieldsets(self, request, obj=None):
        first = ["date", "start_time", "end_time", "state"]
        if obj is not None and obj.pk and obj.status == ScheduleWeek.Status.PUBLISHED:
            first.append("change_mark")
        return [
            (None, {"fields": [
                tuple(first), ("official", "unit", "person"), ("content", "place"),
            ]}),
            (gettext_lazy("Thành phần, chủ trì, chuẩn bị"), {
                "fields": ["participants", ("host", "preparing")], "classes": ["collapse"],
            }),
        ]  # fmt: skip

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("start_time", "end_time"):
            kwargs["form_class"] = ScheduleTimeField
            field = super().formfield_for_dbfield(db_field, request, **kwargs)
            field.widget.format = "%H:%M"  # a schedule's times are to the minute: 08:30
            return field
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is None or not obj.starts_on:
            parent = self.admin_site._registry.get(ScheduleWeek)
            initial = parent.get_changeform_initial_data(request) if parent else {}
            formset.default_monday = _as_date(initial.get("starts_on"))
        return formset

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
        return (item.change_note() if item.pk else "") or "—"


def _as_date(value):
    """The add page's week: a date, or one typed in the address (?starts_on=15/12/2026)."""
    if value is None or hasattr(value, "weekday"):
        return value
    try:
        return forms.DateField().clean(value)
    except forms.ValidationError:
        return None


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


def week_text(monday) -> str:
    """ "Tuần 51/2026 (14/12–20/12/2026)" """
    week = Week.of(monday)
    return _("Tuần %(number)d/%(year)d (%(start)s–%(end)s)") % {
        "number": week.number, "year": week.year,
        "start": f"{week.monday:%d/%m}", "end": f"{week.sunday:%d/%m/%Y}",
    }  # fmt: skip


FIXED_HELP = gettext_lazy(
    "Tuần và loại lịch đã cố định vì tuần đã có mục hoặc đã công bố: đổi tuần thì các mục "
    "nằm lại tuần cũ, không hiện ở đâu cả. Để lập lịch tuần khác, thêm tuần mới, hoặc chọn "
    "tuần này trong danh sách rồi dùng “Lập lịch tuần kế tiếp từ tuần đã chọn”."
)


class ScheduleWeekForm(WorkflowForm):
    def clean(self):
        cleaned = super().clean()
        day, kind = cleaned.get("starts_on"), cleaned.get("kind", self.instance.kind)
        if day and kind and "starts_on" in self.fields:
            other = (
                ScheduleWeek.objects.filter(kind=kind, starts_on=Week.of(day).monday)
                .exclude(pk=self.instance.pk)
                .first()
            )
            if other is not None:
                self.add_error("starts_on", format_html(
                    '{} <a href="{}">{}</a>',
                    _("%(week)s đã có trong danh sách.") % {"week": other},
                    reverse("admin:news_scheduleweek_change", args=[other.pk]),
                    _("Mở tuần đã có để sửa"),
                ))  # fmt: skip
        return cleaned


@admin.register(ScheduleWeek)
class ScheduleWeekAdmin(WorkflowAdmin):
    policy = SCHEDULE_POLICY
    form = ScheduleWeekForm
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

    class Media:
        css = {"all": ["editor/css/admin-article.css", "editor/css/admin-schedule.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_total=Count("items"))

    # The week and the schedule are fixed once the week has items or is published (see
    # ScheduleWeek.move_errors): read-only, with the reason and the way to another week.

    def _fixed(self, obj) -> bool:
        return obj is not None and obj.pk is not None and obj.is_fixed()

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._fixed(obj):
            return fieldsets
        swap = {"starts_on": "week_fixed"}
        return [
            (name, {**opts, "fields": [swap.get(f, f) for f in opts["fields"]]})
            for name, opts in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self._fixed(obj):
            fields += ["kind", "week_fixed"]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        labels = {"unpublish_at": _("Gỡ lịch lúc")}
        help_texts = {
            "unpublish_at": _(
                "Nếu có: đến thời điểm này lịch tuần tự rời khỏi cổng (trang lịch, bản in, "
                "iCalendar, sơ đồ)."
            ),
        }
        if self._fixed(obj):
            help_texts["week_fixed"] = FIXED_HELP
            help_texts["kind"] = _("Cố định cùng với tuần.")
        return super().get_form(
            request, obj, change,
            labels={**labels, **kwargs.pop("labels", {})},
            help_texts={**help_texts, **kwargs.pop("help_texts", {})},
            **kwargs,
        )  # fmt: skip

    @admin.display(description=gettext_lazy("tuần"))
    def week_fixed(self, obj):
        return week_text(obj.starts_on) if obj.starts_on else ""

    def get_object(self, request, object_id, from_field=None):
        """A pending change made before the week was fixed does not move it when approved."""
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and getattr(obj, "_pending", None) is not None:
            stored = obj.stored()
            if obj.is_fixed(stored):
                obj.kind, obj.starts_on = stored.kind, stored.starts_on
        return obj

    def snapshot(self, values):
        """The week as its label ("Tuần 51/2026 (14/12–20/12/2026)"), compared whole; the
        end of publication named for a week."""
        field = ScheduleWeek._meta.get_field
        week_label = str(field("starts_on").verbose_name).capitalize()
        monday = field("starts_on").to_python(values.get("starts_on"))
        names = {str(field("unpublish_at").verbose_name).capitalize(): _("Gỡ lịch lúc")}
        return [
            (names.get(name, name),
             diffs.Whole(week_text(monday)) if name == week_label and monday else text)
            for name, text in super().snapshot(values)
        ]  # fmt: skip

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
        return week_text(obj.starts_on)

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
                result = copy_week(previous, week.starts_on, request.user)
                count = result.count
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
        self._say_offices(request, result)
        return redirect(change_url)

    def _say_offices(self, request, result) -> None:
        """Who changed office on the way: their items name the new post, or their name."""
        if result.repointed:
            messages.info(request, _(
                "Đã đổi sang chức vụ đang giữ trong %(week)s: %(people)s."
            ) % {"week": result.week, "people": "; ".join(result.repointed)})  # fmt: skip
        if result.unlisted:
            messages.warning(request, _(
                "Không còn giữ chức vụ trong %(week)s: %(people)s. Các mục của họ đã bỏ chọn "
                "cán bộ, tên ghi ở ô “người, đơn vị khác”: kiểm tra lại."
            ) % {"week": result.week, "people": "; ".join(result.unlisted)})  # fmt: skip

    @admin.action(description=gettext_lazy("Lập lịch tuần kế tiếp từ tuần đã chọn (bản nháp)"))
    def copy_to_next_week(self, request, queryset):
        if not self._may_copy(request):
            raise PermissionDenied
        made = []
        for source in queryset.order_by("starts_on"):
            target_monday = source.starts_on + timedelta(days=7)
            try:
                with transaction.atomic(), reversion.create_revision():
                    result = copy_week(source, target_monday, request.user)
                    target, count = result.week, result.count
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
            self._say_offices(request, result)
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
