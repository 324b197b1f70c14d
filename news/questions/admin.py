"""Hỏi đáp in the admin: every open question with who holds it and how long it has waited, the
steps of handling as buttons (each checked against the person's permissions, whatever the form
posts), merging duplicates, spam closed in bulk, and an XLSX export. Contact data is masked
for staff without ``news.view_contact``."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import privacy, richtext, spreadsheets, workflow
from portal.admin.files import AttachmentsAdmin
from portal.admin.mixins import FoldedSearchAdmin, PrivateLookupsAdmin
from portal.dates import short_datetime

from . import mail
from .models import ANSWERED, CloseReason, Question, Status, Topic

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    fields = ["name", "slug", "order"]
    readonly_fields = ["slug"]


# The steps: (button name, label, who may, from which statuses, what it needs)
STEPS = {
    "_submit_answer": (gettext_lazy("Gửi duyệt câu trả lời"), "news.change_question"),
    "_publish": (gettext_lazy("Duyệt và đăng công khai"), "news.approve_answer"),
    "_private": (gettext_lazy("Duyệt, chỉ gửi riêng người hỏi"), "news.approve_answer"),
    "_return": (gettext_lazy("Trả lại để sửa"), "news.approve_answer"),
    "_withdraw": (gettext_lazy("Gỡ khỏi trang Hỏi đáp"), "news.approve_answer"),
    "_close": (gettext_lazy("Đóng câu hỏi"), "news.change_question"),
}
NEEDS_ANSWER = {"_submit_answer", "_publish", "_private"}


def available_steps(user, question: Question) -> list[tuple[str, str]]:
    status = question.status
    possible = {
        "_submit_answer": status in (Status.RECEIVED, Status.ASSIGNED),
        "_publish": status in (Status.RECEIVED, Status.ASSIGNED, Status.DRAFTED, Status.ANSWERED),
        # Questions merged into this one wait for its answer: it can only be public.
        "_private": status in (Status.RECEIVED, Status.ASSIGNED, Status.DRAFTED)
        and not question.duplicates.exists(),
        "_return": status == Status.DRAFTED,
        "_withdraw": status == Status.PUBLISHED,
        "_close": question.is_open,
    }
    return [
        (key, label) for key, (label, permission) in STEPS.items()
        if possible[key] and user.has_perm(permission)
    ]  # fmt: skip


def requested_step(data) -> str | None:
    return next((key for key in STEPS if key in data), None)


class QuestionForm(forms.ModelForm):
    step_note = forms.CharField(
        label=gettext_lazy("Ghi chú cho bước xử lý"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Bắt buộc khi trả lại câu trả lời hoặc đóng câu hỏi (lý do)."),
    )  # fmt: skip
    step_reason = forms.ChoiceField(
        label=gettext_lazy("Lý do đóng"), required=False,
        choices=[("", "—"), *CloseReason.choices],
    )  # fmt: skip

    class Meta:
        model = Question
        fields = ["topic", "title", "question", "name_shown", "unit", "assignee", "body",
                  "attachments"]  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        step = requested_step(self.data)
        body = cleaned.get("body", getattr(self.instance, "body", ""))
        if step in NEEDS_ANSWER and not richtext.to_text(body or "").strip():
            self.add_error("body", _("Chưa có nội dung trả lời."))
        if step == "_return" and not cleaned.get("step_note", "").strip():
            self.add_error("step_note", _("Ghi rõ cần sửa gì trước khi trả lại."))
        if step == "_close":
            if not cleaned.get("step_reason"):
                self.add_error("step_reason", _("Chọn lý do đóng câu hỏi."))
            elif not cleaned.get("step_note", "").strip():
                self.add_error(
                    "step_note", _("Ghi giải thích ngắn (người hỏi sẽ thấy khi tra cứu).")
                )
        return cleaned


class DueFilter(admin.SimpleListFilter):
    title = gettext_lazy("hạn trả lời")
    parameter_name = "han"

    def lookups(self, request, model_admin):
        return [("qua_han", _("Quá hạn")), ("sap_den_han", _("Đến hạn trong 2 ngày")),
                ("con_han", _("Còn hạn"))]  # fmt: skip

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "qua_han":
            return queryset.overdue(today)
        if self.value() == "sap_den_han":
            return queryset.open().filter(due_on__gte=today, due_on__lte=today + timedelta(days=2))
        if self.value() == "con_han":
            return queryset.open().filter(due_on__gte=today)
        return queryset


class MineFilter(admin.SimpleListFilter):
    title = gettext_lazy("người xử lý")
    parameter_name = "cua_toi"

    def lookups(self, request, model_admin):
        return [("1", _("Giao cho tôi")), ("0", _("Chưa giao ai"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(assignee=request.user)
        if self.value() == "0":
            return queryset.filter(assignee__isnull=True, unit="")
        return queryset


@admin.register(Question)
class QuestionAdmin(PrivateLookupsAdmin, AttachmentsAdmin, FoldedSearchAdmin, admin.ModelAdmin):
    form = QuestionForm
    private_fields = ("email", "phone", "address")
    private_permission = "news.view_contact"
    change_form_template = "admin/questions/question/change_form.html"
    list_display = ["code", "title", "topic", "status_shown", "handler", "received", "due"]
    list_display_links = ["code", "title"]
    list_filter = ["status", DueFilter, MineFilter, "topic"]
    list_select_related = ["topic", "assignee"]
    search_fields = ["title"]
    search_help_text = gettext_lazy("Tìm theo mã (HD-2026-00123) hoặc theo từ, gõ có dấu hay "
                                    "không dấu đều được.")  # fmt: skip
    date_hierarchy = "created"
    autocomplete_fields = ["topic"]
    actions = ["take", "merge_duplicates", "close_as_spam", "export_xlsx"]
    readonly_fields = ["code", "status_shown", "asker", "received", "due", "handling"]
    list_per_page = 50

    def get_fieldsets(self, request, obj=None):
        return self.swap_attached_files(request, obj, [
            (_("Câu hỏi"), {"fields": ["code", "status_shown", "received", "due", "asker",
                                       "topic", "title", "question", "name_shown"]}),
            (_("Xử lý"), {"fields": ["unit", "assignee", "handling"]}),
            (_("Trả lời"), {"fields": ["body", "attachments"]}),
            (_("Bước xử lý"), {"fields": ["step_reason", "step_note"]}),
        ])  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None and not obj.is_open and not request.user.has_perm("news.approve_answer"):
            # What was answered or closed changes only with a leader's approval.
            fields += ["topic", "title", "question", "name_shown", "unit", "assignee", "body",
                       "attachments"]  # fmt: skip
        return self.with_attached_files(request, obj, fields)

    def get_search_results(self, request, queryset, search_term):
        from .forms import normalise_code

        code = normalise_code(search_term)
        if code:
            return queryset.filter(code=code), False
        return super().get_search_results(request, queryset, search_term)

    def has_add_permission(self, request):
        return False  # questions come from the public form

    def get_view_on_site_url(self, obj=None):
        # Only a question answered in public has a page.
        return obj.get_absolute_url() if obj is not None and obj.is_public else None

    # Columns and read-only fields

    @admin.display(description=gettext_lazy("trạng thái"), ordering="status")
    def status_shown(self, obj):
        return obj.get_status_display()

    @admin.display(description=gettext_lazy("người / đơn vị xử lý"))
    def handler(self, obj):
        names = [obj.assignee.get_full_name() or obj.assignee.username] if obj.assignee else []
        return ", ".join([*names, obj.unit] if obj.unit else names) or "—"

    @admin.display(description=gettext_lazy("nhận lúc"), ordering="created")
    def received(self, obj):
        return short_datetime(obj.created)

    @admin.display(description=gettext_lazy("hạn / số ngày chờ"), ordering="due_on")
    def due(self, obj):
        days = obj.days_waiting()
        text = _("hạn %(due)s · %(n)s ngày làm việc") % {"due": f"{obj.due_on:%d/%m/%Y}",
                                                          "n": days}  # fmt: skip
        if obj.is_overdue:
            return format_html('<strong class="overdue">{} ({})</strong>', text, _("quá hạn"))
        return text

    @admin.display(description=gettext_lazy("người hỏi"))
    def asker(self, obj):
        if obj.erased_at:
            return privacy.ERASED
        shown = obj.shown_name or _("(ẩn danh khi công bố)")
        return _("%(name)s — khi công bố hiện: %(shown)s") % {"name": obj.asker_name,
                                                              "shown": shown}  # fmt: skip

    @staticmethod
    def contact_text(user, obj) -> str:
        """The asker's contact data, masked for staff without ``news.view_contact``."""
        if obj.erased_at:
            return str(privacy.ERASED)
        full = user.has_perm("news.view_contact")
        email = obj.email if full else privacy.mask_email(obj.email)
        phone = obj.phone if full else privacy.mask_phone(obj.phone)
        address = obj.address if full else ("***" if obj.address else "")
        parts = [part for part in (email, phone, address) if part]
        return " · ".join(parts) or "—"

    @admin.display(description=gettext_lazy("quá trình"))
    def handling(self, obj):
        lines = []
        if obj.answered_by:
            lines.append(_("Soạn trả lời: %(who)s") % {"who": workflow.name_of(obj.answered_by)})
        if obj.approved_by:
            lines.append(_("Duyệt: %(who)s, %(time)s") % {
                "who": workflow.name_of(obj.approved_by), "time": short_datetime(obj.answered_at)
            })  # fmt: skip
        if obj.review_note and obj.status == Status.ASSIGNED:
            lines.append(_("Bị trả lại: %(note)s") % {"note": obj.review_note})
        if obj.status == Status.CLOSED:
            lines.append(_("Đóng (%(reason)s): %(note)s") % {
                "reason": obj.get_close_reason_display(), "note": obj.close_note
            })  # fmt: skip
            if obj.duplicate_of:
                lines.append(_("Trùng với %(code)s") % {"code": obj.duplicate_of.code})
        return "\n".join(lines) or "—"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id) if object_id else None
        if obj is not None:
            extra_context["steps"] = available_steps(request.user, obj)
            extra_context["asker_contact"] = self.contact_text(request.user, obj)
        return super().changeform_view(request, object_id, form_url, extra_context)

    # Saving: the field changes, then the requested step

    def save_model(self, request, obj, form, change):
        step = requested_step(request.POST)
        if step and step not in dict(available_steps(request.user, obj)):
            raise PermissionDenied  # a forged or stale button
        obj.assign(unit=obj.unit, assignee=obj.assignee)
        note = form.cleaned_data.get("step_note", "").strip()
        if step == "_submit_answer":
            obj.submit_answer(request.user)
        elif step in ("_publish", "_private"):
            obj.approve(request.user, public=step == "_publish")
        elif step == "_return":
            obj.return_answer(note)
        elif step == "_withdraw":
            obj.withdraw()
        elif step == "_close":
            obj.close(form.cleaned_data["step_reason"], note)
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if step:
                workflow.log(request.user, obj, f"{STEPS[step][0]}. {note}".strip())
        if step in ("_publish", "_private"):
            transaction.on_commit(lambda: mail.send_answer(obj))
        elif step == "_close":
            transaction.on_commit(lambda: mail.send_closed(obj))
        if step:
            self.message_user(request, _("%(step)s: %(code)s.") % {"step": STEPS[step][0],
                                                                  "code": obj.code})  # fmt: skip
        if step == "_private" and not obj.email:
            self.message_user(
                request,
                _("Người hỏi không ghi thư điện tử nên câu trả lời không được gửi đi: người hỏi "
                  "chỉ đọc được khi tra cứu bằng mã %(code)s và số điện thoại. Nếu cần, hãy gọi "
                  "điện báo cho người hỏi.") % {"code": obj.code},
                messages.WARNING,
            )  # fmt: skip
        elif step == "_close" and not obj.email:
            self.message_user(
                request,
                _("Người hỏi không ghi thư điện tử: lý do đóng chỉ hiện khi tra cứu bằng mã."),
                messages.WARNING,
            )

    # Bulk actions

    @admin.action(description=gettext_lazy("Nhận xử lý (giao cho tôi)"),
                  permissions=["change"])  # fmt: skip
    def take(self, request, queryset):
        count = 0
        for question in queryset.open().filter(assignee__isnull=True):
            question.assign(unit=question.unit, assignee=request.user)
            question.save()
            workflow.log(request.user, question, _("Nhận xử lý."))
            count += 1
        self.message_user(request, _("Đã nhận %(n)s câu hỏi.") % {"n": count})

    @admin.action(description=gettext_lazy("Gộp các câu hỏi trùng"), permissions=["change"])
    def merge_duplicates(self, request, queryset):
        """Close the open questions among those selected as duplicates of the one kept: the
        oldest answered in public, else the oldest still open. Never into a private answer
        (one person's alone) nor into a closed question (no answer will come); into an answered
        one only with the approver's right, since its answer goes to the others' askers."""
        questions = list(queryset.order_by("created", "pk"))
        if len(questions) < 2:
            self.message_user(request, _("Chọn ít nhất hai câu hỏi để gộp."), messages.WARNING)
            return
        public = [q for q in questions if q.status == Status.PUBLISHED]
        private = [q for q in questions if q.status == Status.ANSWERED]
        if private and not public:
            self.message_user(request, _(
                "Không gộp được: %(codes)s đã được trả lời riêng cho người hỏi, câu trả lời đó "
                "không gửi cho người khác. Bỏ chọn câu hỏi đó để gộp các câu còn lại, hoặc trả "
                "lời từng câu hỏi."
            ) % {"codes": ", ".join(q.code for q in private)}, messages.ERROR)  # fmt: skip
            return
        kept = next((q for q in [*public, *questions] if q.may_merge_into()), None)
        if kept is None:
            self.message_user(request, _(
                "Không gộp được: không có câu hỏi nào còn đang xử lý hoặc đã trả lời công khai "
                "để giữ lại. Câu hỏi đã đóng sẽ không có câu trả lời."
            ), messages.ERROR)  # fmt: skip
            return
        if kept.status in ANSWERED and not request.user.has_perm("news.approve_answer"):
            self.message_user(request, _(
                "Không gộp được: %(code)s đã được trả lời; gộp vào đó sẽ gửi câu trả lời đã "
                "duyệt cho những người hỏi khác, việc này cần quyền duyệt câu trả lời (lãnh đạo)."
            ) % {"code": kept.code}, messages.ERROR)  # fmt: skip
            return
        merged = [q for q in questions if q.pk != kept.pk and q.is_open]
        left = [q.code for q in questions if q.pk != kept.pk and not q.is_open]
        if not merged:
            self.message_user(
                request, _("Không có câu hỏi nào đang xử lý để gộp vào %(code)s.")
                % {"code": kept.code}, messages.WARNING,
            )  # fmt: skip
            return
        with transaction.atomic():
            for question in merged:
                note = _("Trùng với câu hỏi %(code)s.") % {"code": kept.code}
                question.close(CloseReason.DUPLICATE, note, kept)
                question.save()
                workflow.log(request.user, question, _("Gộp vào %(code)s.") % {"code": kept.code})
            # What was merged into the questions now closed waits for the kept one's answer.
            Question.objects.filter(duplicate_of__in=merged).update(duplicate_of=kept)
        if kept.status == Status.PUBLISHED:
            transaction.on_commit(lambda: mail.send_answer(kept))
            text = _("Đã gộp %(n)s câu hỏi vào %(code)s; người hỏi sẽ nhận câu trả lời đã đăng "
                     "của câu hỏi đó.")  # fmt: skip
        else:
            text = _("Đã gộp %(n)s câu hỏi vào %(code)s; người hỏi sẽ nhận câu trả lời của câu "
                     "hỏi đó khi được duyệt và đăng công khai.")  # fmt: skip
        self.message_user(request, text % {"n": len(merged), "code": kept.code})
        if left:
            self.message_user(request, _(
                "Không gộp %(codes)s: đã trả lời hoặc đã đóng từ trước."
            ) % {"codes": ", ".join(left)}, messages.WARNING)  # fmt: skip

    @admin.action(description=gettext_lazy("Đóng: thư rác"), permissions=["change"])
    def close_as_spam(self, request, queryset):
        count = 0
        for question in queryset.open():
            question.close(CloseReason.SPAM, _("Nội dung không phù hợp."))
            question.save()
            workflow.log(request.user, question, _("Đóng: thư rác."))
            count += 1
        self.message_user(request, _("Đã đóng %(n)s câu hỏi.") % {"n": count})

    @admin.action(description=gettext_lazy("Xuất tệp Excel (XLSX)"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        full = request.user.has_perm("news.view_contact")
        columns = [
            spreadsheets.Column(_("Mã"), 16), spreadsheets.Column(_("Nhận lúc"), 18),
            spreadsheets.Column(_("Lĩnh vực"), 24), spreadsheets.Column(_("Tiêu đề"), 40),
            spreadsheets.Column(_("Câu hỏi"), 60, wrap=True),
            spreadsheets.Column(_("Người hỏi"), 24), spreadsheets.Column(_("Thư điện tử"), 28),
            spreadsheets.Column(_("Điện thoại"), 14), spreadsheets.Column(_("Trạng thái"), 20),
            spreadsheets.Column(_("Đơn vị xử lý"), 24), spreadsheets.Column(_("Hạn"), 12),
            spreadsheets.Column(_("Số ngày làm việc chờ"), 12),
            spreadsheets.Column(_("Trả lời"), 60, wrap=True),
        ]  # fmt: skip
        rows = [
            [q.code, short_datetime(q.created), q.topic.name, q.title, q.question,
             q.asker_name, q.email if full else privacy.mask_email(q.email),
             q.phone if full else privacy.mask_phone(q.phone), q.get_status_display(), q.unit,
             f"{q.due_on:%d/%m/%Y}", q.days_waiting(), richtext.to_text(q.body_html)]
            for q in queryset.select_related("topic").order_by("created")
        ]  # fmt: skip
        body = spreadsheets.to_xlsx(_("Câu hỏi"), columns, rows)
        response = HttpResponse(body, content_type=XLSX)
        stamp = timezone.localdate().strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="hoi-dap-{stamp}.xlsx"'
        return response
