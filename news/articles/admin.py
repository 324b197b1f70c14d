"""The newsroom's admin: categories and articles, in Vietnamese."""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version

from portal import diffs
from portal.admin.mixins import AuthoredAdmin, FoldedSearchAdmin, VietnameseSlugs, thumbnail
from portal.admin.versions import VersionedAdmin
from portal.dates import short_datetime
from portal.models import PendingChange

from . import workflow
from .models import Article, Category


@admin.register(Category)
class CategoryAdmin(VietnameseSlugs, admin.ModelAdmin):
    list_display = ["name", "slug", "order", "show_in_menu", "article_count"]
    list_editable = ["order", "show_in_menu"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description=gettext_lazy("số bài"))
    def article_count(self, obj):
        return obj.articles.count()


def edit_token(article: Article, pending: PendingChange | None) -> str:
    """What the person editing started from: the article's last save and its pending change's.
    A different token at save time means someone saved meanwhile."""
    parts = [
        article.updated.isoformat() if article.updated else "",
        pending.updated.isoformat() if pending else "-",
    ]
    return "/".join(parts)


class ArticleForm(forms.ModelForm):
    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    workflow_note = forms.CharField(
        label=gettext_lazy("ghi chú cho tác giả"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Bắt buộc khi trả lại bài, gỡ bài hoặc từ chối bản sửa; tác giả sẽ đọc ghi chú này."
        ),
    )

    class Meta:
        model = Article
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk:
            self.fields["edit_token"].initial = edit_token(
                self.instance, getattr(self.instance, "_pending", None)
            )

    def clean(self):
        cleaned = super().clean()
        action = workflow.requested_action(self.data)
        if (
            action is not None
            and action.needs_note
            and not cleaned.get("workflow_note", "").strip()
        ):
            self.add_error("workflow_note", _("Hãy ghi lý do: tác giả sẽ đọc ghi chú này."))
        if self.instance.pk and "edit_token" in self.data:
            current = edit_token(self.instance, getattr(self.instance, "_pending", None))
            if self.data.get("edit_token") != current:
                self._refuse_conflict(current)
        return cleaned

    def _refuse_conflict(self, current: str) -> None:
        """Someone saved while this person was editing: refuse, name them, keep this person's
        text on the form, and show what the other saved (the form's values against the
        record's)."""
        pending = getattr(self.instance, "_pending", None)
        other = pending.author if pending else self.instance.updated_by
        when = pending.updated if pending else self.instance.updated
        fresh = Article.objects.get(pk=self.instance.pk)
        if pending:
            pending.apply_to(fresh)
        typed = {**workflow.values_of(fresh)}
        for name, value in self.cleaned_data.items():
            field = next((f for f in Article._meta.concrete_fields if f.name == name), None)
            if field is not None:
                typed[field.attname] = value.pk if isinstance(value, models.Model) else value
        self.conflict = [
            change
            for change in diffs.compare(
                workflow.snapshot(typed), workflow.snapshot(workflow.values_of(fresh))
            )
            if change.changed
        ]
        self.data = self.data.copy()
        self.data["edit_token"] = current  # the next save, once read, goes through
        self.add_error(
            None,
            _(
                "%(who)s đã lưu bài này lúc %(time)s, trong lúc bạn đang sửa. Bản của bạn chưa "
                "được lưu và vẫn còn nguyên trên trang này. Xem bên dưới những chỗ bản đã lưu "
                "khác bản của bạn, sửa lại cho đúng rồi bấm lưu lần nữa."
            )
            % {"who": workflow._name(other), "time": short_datetime(when)},
        )


@admin.register(Article)
class ArticleAdmin(FoldedSearchAdmin, VietnameseSlugs, AuthoredAdmin, VersionedAdmin):
    form = ArticleForm
    change_form_template = "admin/news/article/change_form.html"
    # Few columns, so titles stay readable at 1280 px with the admin's side menu open.
    list_display = ["title", "preview", "category", "status", "publish_at", "created_by"]
    # Drafts and articles awaiting approval (no publish time yet) first, on every database.
    ordering = [F("publish_at").desc(nulls_first=True), "-created"]
    list_display_links = ["title"]
    list_filter = ["status", "category", "is_featured", "created_by", "publish_at"]
    search_fields = ["title"]  # the box; the search itself is folded (FoldedSearchAdmin)
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["category", "lead_photo", "created_by"]
    autocomplete_fields = ["cover_photo", "event"]
    actions = ["publish_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "sapo", "body", "photos_used", "category", "byline"]}),
        (
            gettext_lazy("Xuất bản"),
            {
                "fields": [
                    "status", "publish_at", "unpublish_at", "is_featured", "preview_link",
                    "workflow_note", "edit_token",
                ]
            },
        ),
        (
            gettext_lazy("Ảnh đại diện, nguồn, lớp tập huấn"),
            {"fields": ["cover_photo", "source", "event"], "classes": ["collapse"]},
        ),
    ]  # fmt: skip

    class Media:
        css = {"all": ["editor/css/admin-article.css"]}

    def snapshot(self, values):
        return workflow.snapshot(values)

    def get_readonly_fields(self, request, obj=None):
        fields = [
            *super().get_readonly_fields(request, obj),
            "status",
            "preview_link",
            "photos_used",
        ]
        if not workflow.can_publish(request.user):
            fields += ["publish_at", "unpublish_at", "is_featured"]
        return fields

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or workflow.can_edit(request.user, obj)
        )

    def get_object(self, request, object_id, from_field=None):
        """The article as its editors see it: with its pending change, if it has one."""
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj._pending = PendingChange.of(obj)
            if obj._pending is not None and not getattr(request, "_reverting", False):
                obj._pending.apply_to(obj)
        return obj

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        pending = getattr(obj, "_pending", None)
        editable = self.has_change_permission(request, obj)
        form = context["adminform"].form if context.get("adminform") else None
        context.update(
            workflow_actions=workflow.available_actions(request.user, obj, pending)
            if editable
            else [],
            pending=pending,
            is_live=bool(obj and obj.status == Article.Status.PUBLISHED),
            can_publish=workflow.can_publish(request.user),
            conflict=getattr(form, "conflict", None),
            log_url=self._log_url(obj),
        )
        if pending is not None:
            live = workflow.snapshot(workflow.values_of(Article.objects.get(pk=obj.pk)))
            proposed = workflow.snapshot(workflow.values_of(obj))
            context["pending_changes"] = [c for c in diffs.compare(live, proposed) if c.changed]
        return super().render_change_form(request, context, add, change, form_url, obj)

    @staticmethod
    def _log_url(obj) -> str:
        if obj is None or obj.pk is None:
            return ""
        content_type = ContentType.objects.get_for_model(Article)
        query = f"?content_type__id__exact={content_type.pk}&object_id={obj.pk}"
        return reverse("admin:admin_logentry_changelist") + query

    @admin.display(description=gettext_lazy("ảnh trong bài (lấy từ nội dung)"))
    def photos_used(self, obj):
        uses = list(obj.photo_uses.select_related("photo")) if obj.pk else []
        if not uses:
            return _("Chưa có ảnh. Chèn ảnh bằng nút Hình ảnh của trình soạn thảo.")
        return format_html_join(
            "",
            '<figure class="photo-use">{}<figcaption>{}. {} · <a href="{}">{}</a></figcaption>'
            "</figure>",
            (
                (
                    thumbnail(use.photo),
                    use.position + 1,
                    use.caption or _("(chưa có chú thích)"),
                    reverse("admin:portal_photo_change", args=[use.photo_id]),
                    _("Sửa ảnh (tác giả, mô tả mặc định)"),
                )
                for use in uses
            ),
        )

    @admin.display(description=gettext_lazy("ảnh"))
    def preview(self, obj):
        return thumbnail(obj.lead_photo, 48)

    @admin.display(description=gettext_lazy("xem trước"))
    def preview_link(self, obj):
        if not obj.pk:
            return _("Lưu bài để xem trước.")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("news:preview", args=[obj.pk]),
            _("Xem trước bài viết như bạn đọc sẽ thấy"),
        )

    # Saving: the workflow decides what a save does.

    def save_model(self, request, obj, form, change):
        user = request.user
        pending = getattr(obj, "_pending", None)
        action = workflow.requested_action(request.POST)
        live = Article.objects.filter(pk=obj.pk).first() if change else None
        workflow.check_allowed(user, live or obj, action, pending)
        note = form.cleaned_data.get("workflow_note", "").strip()
        request._workflow_saved = True
        if getattr(request, "_recovering", False) and not workflow.can_publish(user):
            obj.status = Article.Status.REVIEW  # recovered: back on the site once approved
            request._workflow_message = _("Khôi phục bài đã xoá, chờ duyệt.")
        elif (
            live is not None
            and live.status == Article.Status.PUBLISHED
            and not workflow.can_publish(user)
        ):
            self._propose(request, obj, live, form)
            return
        elif action is not None and action.key == "_reject_change":
            request._workflow_message = workflow.apply(action, obj, user, note, pending)
            pending.delete()
            workflow.notify("change_rejected", live, user, note, recipient=pending.author)
            request._workflow_saved = False
            return
        else:
            request._workflow_message = workflow.apply(action, obj, user, note, pending)
        super().save_model(request, obj, form, change)
        if pending is not None:
            pending.delete()
            workflow.notify("change_published", obj, user, recipient=pending.author)
        if action is not None and action.key == "_submit":
            workflow.notify("submitted", obj, user)
        elif action is not None and action.key == "_publish":
            workflow.notify("published", obj, user)
        elif action is not None and action.key == "_return":
            workflow.notify("returned", obj, user, note)
        self._warn_about_photos(request, obj)

    def _propose(self, request, obj, live, form):
        """A change to a live article by someone who may not publish: kept aside."""
        fields = [
            f.name for f in Article._meta.concrete_fields
            if f.name in form.fields and f.value_from_object(obj) != f.value_from_object(live)
        ]  # fmt: skip
        if not fields and getattr(obj, "_pending", None) is None:
            request._workflow_message = _("Không có gì thay đổi.")
            request._workflow_saved = False
            return
        PendingChange.propose(obj, fields or list(obj._pending.data), request.user)
        request._workflow_message = _("Lưu bản sửa chờ duyệt.")
        request._workflow_saved = False
        workflow.notify("change_proposed", live, request.user)

    def _warn_about_photos(self, request, obj):
        report = obj.body_report
        uncaptioned = [p for p in report.placements if not p.caption]
        if uncaptioned:
            messages.warning(
                request,
                _(
                    "%(count)d ảnh trong bài chưa có chú thích. Ảnh tin bài thường cần một dòng "
                    "chú thích: bật “Có chú thích dưới ảnh” rồi gõ chú thích dưới ảnh."
                )
                % {"count": len(uncaptioned)},
            )
        if report.removed:
            messages.warning(
                request,
                _(
                    "Đã bỏ %(count)d ảnh không thuộc kho ảnh của cổng (ảnh dán từ trang khác "
                    "hoặc địa chỉ lạ). Hãy tải ảnh lên bằng nút Hình ảnh."
                )
                % {"count": len(report.removed)},
            )
        if (
            obj.status == Article.Status.PUBLISHED
            and obj.publish_at
            and obj.publish_at > timezone.now()
        ):
            messages.info(
                request,
                _("Bài sẽ tự hiện trên cổng lúc %(time)s.")
                % {"time": short_datetime(obj.publish_at)},
            )

    def construct_change_message(self, request, form, formsets, add=False):
        message = getattr(request, "_workflow_message", "")
        if not message:
            return super().construct_change_message(request, form, formsets, add)
        changed = [str(form.fields[name].label or name) for name in form.changed_data
                   if name not in ("edit_token", "workflow_note")]  # fmt: skip
        if changed:
            message += " " + _("Đã sửa: %(fields)s.") % {"fields": ", ".join(changed)}
        return message

    def response_change(self, request, obj):
        if getattr(request, "_workflow_saved", True) is False:
            self.message_user(request, getattr(request, "_workflow_message", ""), messages.INFO)
            if obj.pk and "_reject_change" not in request.POST:
                messages.info(
                    request,
                    _("Trang công khai vẫn hiện bản đã duyệt cho đến khi lãnh đạo duyệt bản sửa."),
                )
            return redirect(reverse("admin:news_article_change", args=[obj.pk]))
        return super().response_change(request, obj)

    # Versions: an old version restored, or a deleted article recovered, by someone who may not
    # publish waits for approval like any other change.

    def revision_view(self, request, object_id, version_id, extra_context=None):
        request._reverting = True
        article = Article.objects.filter(pk=object_id).first()
        if (
            request.method == "POST"
            and article is not None
            and article.status == Article.Status.PUBLISHED
            and not workflow.can_publish(request.user)
        ):
            if not workflow.can_edit(request.user, article):
                raise PermissionDenied
            version = get_object_or_404(Version.objects.get_for_object(article), pk=version_id)
            old = Article(**{k: v for k, v in version.field_dict.items() if k in self._attnames()})
            kept = ("status", "publish_at", "unpublish_at", "is_featured")
            fields = [
                f.name
                for f in Article._meta.concrete_fields
                if f.editable
                and f.name not in kept
                and f.value_from_object(old) != f.value_from_object(article)
            ]
            PendingChange.propose(old, fields, request.user)
            workflow.log(
                request.user, article, _("Khôi phục phiên bản cũ thành bản sửa chờ duyệt.")
            )
            workflow.notify("change_proposed", article, request.user)
            self.message_user(
                request, _("Đã lưu phiên bản cũ thành bản sửa chờ duyệt."), messages.INFO
            )
            return redirect(reverse("admin:news_article_change", args=[article.pk]))
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        request._recovering = True
        request._reverting = True
        return super().recover_view(request, version_id, extra_context)

    @staticmethod
    def _attnames():
        return {f.attname for f in Article._meta.concrete_fields}

    @admin.action(description=gettext_lazy("Xuất bản các bài đã chọn"))
    def publish_selected(self, request, queryset):
        if not workflow.can_publish(request.user):
            raise PermissionDenied
        count = 0
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            with reversion.create_revision():
                article.status = Article.Status.PUBLISHED
                article.review_note = ""
                article.updated_by = request.user
                article.save()
                reversion.set_user(request.user)
                reversion.set_comment(_("Xuất bản (thao tác hàng loạt)."))
            workflow.log(request.user, article, _("Xuất bản (thao tác hàng loạt)."))
            workflow.notify("published", article, request.user)
            count += 1
        self.message_user(request, _("Đã xuất bản %(count)d bài.") % {"count": count})

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not workflow.can_publish(request.user):
            actions.pop("publish_selected", None)
        return actions
