"""Admin of consultations: drafts and their reports through the editorial workflow, the
comments' moderation (approve or reject: ``news.moderate_comment``), e-mails masked for staff
without ``news.view_commenter``, and the XLSX of a consultation's comments for the drafting unit.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Count, Q, Value
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import privacy, workflow
from portal.admin.files import AttachmentsAdmin
from portal.admin.mixins import FoldedSearchAdmin, PrivateLookupsAdmin
from portal.admin.spreadsheets import XLSX
from portal.admin.workflow import WorkflowAdmin
from portal.spreadsheets import Column, to_xlsx

from .models import Comment, CommentStatus, Consultation, ConsultationReport, Phase

CONSULTATION_POLICY = workflow.Policy(Consultation, "news.publish_consultation")
REPORT_POLICY = workflow.Policy(ConsultationReport, "news.publish_consultation")


def may_see_email(user) -> bool:
    return user.has_perm("news.view_commenter")


def shown_email(user, comment: Comment) -> str:
    if comment.erased_at and not comment.email:
        return str(privacy.ERASED)
    return comment.email if may_see_email(user) else privacy.mask_email(comment.email)


# The XLSX for the drafting unit


EXPORT_COLUMNS = [
    Column(gettext_lazy("STT"), 6),
    Column(gettext_lazy("Gửi lúc"), 18, "dd/mm/yyyy hh:mm"),
    Column(gettext_lazy("Họ tên"), 24),
    Column(gettext_lazy("Cơ quan, tổ chức"), 28, wrap=True),
    Column(gettext_lazy("Thư điện tử"), 28),
    Column(gettext_lazy("Điều, khoản"), 20, wrap=True),
    Column(gettext_lazy("Nội dung góp ý"), 80, wrap=True),
    Column(gettext_lazy("Kiểm duyệt"), 16),
]


def comments_xlsx(consultation: Consultation, user) -> bytes:
    """Every comment on the draft, oldest first, as the drafting unit reads them (one query);
    the e-mail in full only for staff with ``view_commenter``."""
    comments = Comment.objects.filter(consultation=consultation).order_by("created", "pk")
    rows = (
        (
            number,
            timezone.localtime(c.created).replace(tzinfo=None),
            c.name,
            c.organisation,
            shown_email(user, c),
            c.reference,
            c.text,
            str(c.get_status_display()),
        )
        for number, c in enumerate(comments, start=1)
    )
    columns = [Column(str(c.header), c.width, c.number_format, c.wrap) for c in EXPORT_COLUMNS]
    return to_xlsx(_("Góp ý"), columns, rows)


class PhaseFilter(admin.SimpleListFilter):
    title = gettext_lazy("thời gian lấy ý kiến")
    parameter_name = "giai_doan"

    def lookups(self, request, model_admin):
        return Phase.choices

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == Phase.OPEN:
            return queryset.open_now(now)
        if self.value() == Phase.UPCOMING:
            return queryset.upcoming(now)
        if self.value() == Phase.CLOSED:
            return queryset.closed(now)
        return queryset


@admin.register(Consultation)
class ConsultationAdmin(AttachmentsAdmin, FoldedSearchAdmin, WorkflowAdmin):
    policy = CONSULTATION_POLICY
    list_display = [
        "title", "drafting_unit", "opens_at", "closes_at", "phase_badge", "received_count",
        "waiting_count", "approved_count", "export_link", "status",
    ]  # fmt: skip
    list_display_links = ["title"]
    list_filter = ["status", PhaseFilter, "publication"]
    search_fields = ["title"]  # the box; the search is folded on title, summary, unit, body
    date_hierarchy = "opens_at"
    fieldsets = [
        (None, {"fields": [
            "title", "summary", "drafting_unit", "opens_at", "closes_at", "attachments",
            "contact", "publication",
        ]}),
        (gettext_lazy("Xuất bản"), {"fields": [
            "status", "publish_at", "unpublish_at", "preview_link", "workflow_note", "edit_token",
        ]}),
        (gettext_lazy("Nội dung, thuyết minh, đường dẫn"), {
            "fields": ["body", "slug"], "classes": ["collapse"],
        }),
        (gettext_lazy("Ý kiến đã nhận"), {"fields": ["comment_summary"]}),
    ]  # fmt: skip
    preview_url_name = "news:consultation_preview"

    class Media:
        css = {"all": ["editor/css/admin-article.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "preview_link", "comment_summary"]
        if obj is not None and obj.publication_locked():
            fields.append("publication_shown")
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not obj.publication_locked():
            return fieldsets
        # Commenters were told how their comments would be published: that stays.
        return [
            (name, {**options, "fields": [
                "publication_shown" if field == "publication" else field
                for field in options["fields"]
            ]})
            for name, options in fieldsets
        ]  # fmt: skip

    @admin.display(description=gettext_lazy("cách công bố ý kiến"))
    def publication_shown(self, obj):
        return format_html(
            "<strong>{}</strong><br><small>{}</small>", obj.get_publication_display(),
            _("Không đổi được nữa: dự thảo đã có ý kiến góp ý, và trang góp ý đã báo cho người "
              "góp ý cách công bố này."),
        )  # fmt: skip

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/gop-y.xlsx",
                view(self.export_comments_view),
                name="news_consultation_comments_xlsx",
            ),
            *super().get_urls(),
        ]

    def export_comments_view(self, request, object_id):
        if not request.user.has_perm("news.view_comment"):
            raise PermissionDenied
        consultation = get_object_or_404(Consultation, pk=object_id)
        response = HttpResponse(comments_xlsx(consultation, request.user), content_type=XLSX)
        name = (slugify(consultation.slug) or "du-thao")[:80]
        response["Content-Disposition"] = f'attachment; filename="gop-y-{name}.xlsx"'
        response["Cache-Control"] = "private, no-store"
        return response

    @admin.display(description=gettext_lazy("thời gian"))
    def phase_badge(self, obj):
        return obj.phase_label()

    @admin.display(description=gettext_lazy("đã nhận"), ordering="received")
    def received_count(self, obj):
        return getattr(obj, "received", 0)

    @admin.display(description=gettext_lazy("chờ duyệt"), ordering="waiting")
    def waiting_count(self, obj):
        count = getattr(obj, "waiting", 0)
        if not count:
            return 0
        url = reverse("admin:news_comment_changelist")
        return format_html(
            '<a href="{}?consultation__id__exact={}&amp;status__exact={}">{}</a>',
            url, obj.pk, CommentStatus.PENDING, count,
        )  # fmt: skip

    @admin.display(description=gettext_lazy("đã duyệt"), ordering="approved")
    def approved_count(self, obj):
        return getattr(obj, "approved", 0)

    @admin.display(description=gettext_lazy("ý kiến (XLSX)"))
    def export_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:news_consultation_comments_xlsx", args=[obj.pk]),
            _("Xuất XLSX"),
        )

    @admin.display(description=gettext_lazy("ý kiến"))
    def comment_summary(self, obj):
        if not obj.pk:
            return _("Chưa có: lưu dự thảo trước.")
        counts = Comment.objects.filter(consultation=obj).aggregate(
            received=Count("pk", filter=~Q(status=CommentStatus.REJECTED)),
            waiting=Count("pk", filter=Q(status=CommentStatus.PENDING)),
            approved=Count("pk", filter=Q(status=CommentStatus.APPROVED)),
        )
        changelist = reverse("admin:news_comment_changelist")
        return format_html(
            '{} <a href="{}?consultation__id__exact={}">{}</a> · <a href="{}">{}</a>',
            _("Đã nhận %(received)s, chờ duyệt %(waiting)s, đã duyệt %(approved)s.") % counts,
            changelist, obj.pk, _("Xem ý kiến"),
            reverse("admin:news_consultation_comments_xlsx", args=[obj.pk]),
            _("Xuất ý kiến ra Excel (XLSX) cho đơn vị soạn thảo"),
        )  # fmt: skip

    @admin.display(description=gettext_lazy("xem trước"))
    def preview_link(self, obj):
        if not obj.pk:
            return _("Lưu dự thảo để xem trước.")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("news:consultation_preview", args=[obj.pk]),
            _("Xem trang dự thảo như người đọc sẽ thấy"),
        )


@admin.register(ConsultationReport)
class ConsultationReportAdmin(AttachmentsAdmin, WorkflowAdmin):
    policy = REPORT_POLICY
    list_display = ["__str__", "closes", "accepted", "explained", "status"]
    list_filter = ["status"]
    list_select_related = ["consultation"]
    search_fields = ["consultation__title"]
    autocomplete_fields = ["consultation"]
    fieldsets = [
        (None, {"fields": ["consultation", "body", "attachments", "accepted", "explained"]}),
        (gettext_lazy("Xuất bản"), {"fields": [
            "status", "publish_at", "unpublish_at", "workflow_note", "edit_token",
        ]}),
    ]  # fmt: skip
    preview_url_name = ""

    class Media:
        css = {"all": ["editor/css/admin-article.css"]}

    def get_view_on_site_url(self, obj=None):
        if obj is None or not obj.pk:
            return None
        if obj.is_public:
            return obj.get_absolute_url()
        return reverse("news:consultation_preview", args=[obj.consultation_id]) + "#bao-cao"

    @admin.display(description=gettext_lazy("kết thúc lấy ý kiến"))
    def closes(self, obj):
        return obj.consultation.closes_at


# Comments


class StatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("kiểm duyệt")
    parameter_name = "status__exact"

    def lookups(self, request, model_admin):
        return CommentStatus.choices

    def queryset(self, request, queryset):
        if self.value() in CommentStatus.values:
            return queryset.filter(status=self.value())
        return queryset


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["status"]


@admin.register(Comment)
class CommentAdmin(PrivateLookupsAdmin, admin.ModelAdmin):
    """What the public sent, as sent (read-only; shown escaped): moderators approve or reject
    it, here or from the list. Lookups on the e-mail are refused to staff who see it masked."""

    form = CommentForm
    private_fields = ("email",)
    private_permission = "news.view_commenter"
    list_display = ["short_text", "name", "organisation", "masked_email", "reference",
                    "consultation", "created", "status"]  # fmt: skip
    list_filter = [StatusFilter, "consultation"]
    list_select_related = ["consultation"]
    date_hierarchy = "created"
    actions = ["approve", "reject"]
    fields = [
        "consultation", "name", "organisation", "masked_email", "reference", "text", "created",
        "status", "moderated_by", "moderated_at", "erased_at",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False  # comments come from the public form only

    def get_search_fields(self, request):
        # Searching by e-mail would confirm an address to someone who may not see it.
        if may_see_email(request.user):
            return ["name", "organisation", "email", "text"]
        return ["name", "organisation", "text"]

    def get_readonly_fields(self, request, obj=None):
        fields = [
            "consultation", "name", "organisation", "masked_email", "reference", "text",
            "created", "moderated_by", "moderated_at", "erased_at",
        ]  # fmt: skip
        if not request.user.has_perm("news.moderate_comment"):
            fields.append("status")
        return fields

    def get_queryset(self, request):
        # Whether this person sees e-mails in full travels with the rows (thread-safe: the
        # admin object is shared by every request).
        return (
            super()
            .get_queryset(request)
            .annotate(may_see_email=Value(may_see_email(request.user), output_field=BooleanField()))
        )

    @admin.display(description=gettext_lazy("nội dung"))
    def short_text(self, obj):
        words = " ".join(obj.text.split())
        return words if len(words) <= 80 else words[:78].rsplit(" ", 1)[0] + "…"

    @admin.display(description=gettext_lazy("thư điện tử"))
    def masked_email(self, obj):
        if obj.erased_at and not obj.email:
            return str(privacy.ERASED)
        if getattr(obj, "may_see_email", False):
            return obj.email
        return privacy.mask_email(obj.email)

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            if not request.user.has_perm("news.moderate_comment"):
                raise PermissionDenied
            obj.moderated_by = request.user
            obj.moderated_at = timezone.now()
        super().save_model(request, obj, form, change)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("news.moderate_comment"):
            actions.pop("approve", None)
            actions.pop("reject", None)
        return actions

    def _moderate(self, request, queryset, status):
        if not request.user.has_perm("news.moderate_comment"):
            raise PermissionDenied
        count = 0
        for comment in queryset.exclude(status=status):
            comment.status = status
            comment.moderated_by = request.user
            comment.moderated_at = timezone.now()
            comment.save(update_fields=["status", "moderated_by", "moderated_at", "updated"])
            self.log_change(request, comment, str(CommentStatus(status).label))
            count += 1
        return count

    @admin.action(description=gettext_lazy("Duyệt các ý kiến đã chọn"))
    def approve(self, request, queryset):
        count = self._moderate(request, queryset, CommentStatus.APPROVED)
        self.message_user(request, _("Đã duyệt %(n)d ý kiến.") % {"n": count}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Không duyệt các ý kiến đã chọn"))
    def reject(self, request, queryset):
        count = self._moderate(request, queryset, CommentStatus.REJECTED)
        self.message_user(
            request, _("Đã không duyệt %(n)d ý kiến.") % {"n": count}, messages.SUCCESS
        )
