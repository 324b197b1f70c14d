"""The editorial workflow in the admin, for any Publishable kind (portal/workflow.py).

A kind's admin inherits :class:`WorkflowAdmin`, names its ``policy`` and, where readers see
more than plain fields, overrides ``snapshot``. It then gets: the buttons of the workflow,
checked on the server; changes to live records kept as pending changes for whoever may not
publish; edits refused when someone saved meanwhile, with nothing lost; versions, comparison,
restore and recovery (VersionedAdmin) that respect the same rules; the admin log as the audit
trail; the bulk "Xuất bản"; each person's work on the admin's home page.
"""

from __future__ import annotations

from datetime import datetime

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version

from .. import diffs, workflow
from ..dates import short_datetime
from ..models import PendingChange
from .mixins import AuthoredAdmin
from .versions import VersionedAdmin

PUBLISHING_FIELDS = ("publish_at", "unpublish_at", "is_featured")
# What a restored version does not bring back: where the record stands in the workflow.
WORKFLOW_FIELDS = ("status", "publish_at", "unpublish_at", "review_note", "is_featured")


def edit_token(obj, pending: PendingChange | None) -> str:
    """What the person editing started from: the record's last save and its pending change's.
    A different token at save time means someone saved meanwhile."""
    saved = obj.updated.isoformat() if obj.updated else ""
    return f"{saved}/{pending.updated.isoformat() if pending else '-'}"


class WorkflowForm(forms.ModelForm):
    """The base of a workflow kind's admin form: the edit token and the approver's note."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    workflow_note = forms.CharField(
        label=gettext_lazy("Ghi chú cho tác giả"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Bắt buộc khi trả lại, gỡ khỏi cổng hoặc từ chối bản sửa; tác giả sẽ đọc ghi chú này."
        ),
    )
    # Set by WorkflowAdmin.get_form: the kind's admin (for its snapshot of what readers see),
    # and whether this save restores a version.
    workflow_admin = None
    restoring = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk:
            pending = getattr(self.instance, "_pending", None)
            self.fields["edit_token"].initial = edit_token(self.instance, pending)

    def clean(self):
        cleaned = super().clean()
        action = workflow.requested_action(self.data)
        note = cleaned.get("workflow_note", "").strip()
        if action is not None and action.needs_note and not note:
            self.add_error("workflow_note", _("Hãy ghi lý do: tác giả sẽ đọc ghi chú này."))
        if self.instance.pk and "edit_token" in self.data and not self.restoring:
            current = edit_token(self.instance, getattr(self.instance, "_pending", None))
            if self.data.get("edit_token") != current:
                self._refuse_conflict(current)
        return cleaned

    def _refuse_conflict(self, current: str) -> None:
        """Someone saved while this person was editing: refuse, name them, keep this person's
        text on the form. What only the other person changed is brought into the form (a
        three-way merge against the version this person started from), so that saving again
        loses neither; what both changed is shown side by side to decide."""
        model = type(self.instance)
        pending = getattr(self.instance, "_pending", None)
        other = pending.author if pending else self.instance.updated_by
        when = pending.updated if pending else self.instance.updated
        saved = model._base_manager.get(pk=self.instance.pk)
        if pending:
            pending.apply_to(saved)
        base = self._base_values(model, self.data.get("edit_token", ""))
        typed = workflow.values_of(saved)
        self.data = self.data.copy()
        merged = []
        for name, value in self.cleaned_data.items():
            field = next((f for f in model._meta.concrete_fields if f.name == name), None)
            if field is None:
                continue
            mine = value.pk if isinstance(value, models.Model) else value
            theirs = getattr(saved, field.attname)
            if base is not None and name in self.data and mine == base.get(field.attname) != theirs:
                self.data[name] = self.fields[name].prepare_value(theirs)  # theirs alone
                merged.append(str(self.fields[name].label or name))
                mine = theirs
            typed[field.attname] = mine
        snapshot = self.workflow_admin.snapshot
        changes = diffs.compare(snapshot(typed), snapshot(workflow.values_of(saved)))
        self.conflict = [change for change in changes if change.changed]
        self.data["edit_token"] = current  # the next save, once read, goes through
        message = _(
            "%(who)s đã lưu lúc %(time)s, trong lúc bạn đang sửa. Bản của bạn chưa được lưu và "
            "vẫn còn trên trang này."
        ) % {"who": workflow.name_of(other), "time": short_datetime(when)}
        if merged:
            message += " " + _("Những mục chỉ người kia sửa đã được đưa vào form: %(fields)s.") % {
                "fields": ", ".join(merged)
            }
        if self.conflict:
            message += " " + _(
                "Bảng dưới đây cho thấy những chỗ bản đã lưu còn khác bản của bạn; sửa cho đúng "
                "rồi bấm lưu lần nữa."
            )
        self.add_error(None, message)

    def _base_values(self, model, token: str) -> dict | None:
        """The field values of the version this person started from (its save time is in the
        edit token), or None when no such version was kept."""
        try:
            saved_at = datetime.fromisoformat(token.split("/", 1)[0])
        except ValueError:
            return None
        # Versions are serialised to the millisecond.
        saved_at = saved_at.replace(microsecond=saved_at.microsecond // 1000 * 1000)
        versions = Version.objects.get_for_object(self.instance).order_by("-pk")[:50]
        for version in versions:
            values = version.field_dict
            if values.get("updated") == saved_at:
                return values
        return None


class WorkflowAdmin(AuthoredAdmin, VersionedAdmin):
    """The admin of a kind that goes through the workflow; set ``policy``."""

    policy: workflow.Policy
    form = WorkflowForm
    change_form_template = "admin/portal/workflow/change_form.html"
    actions = ["publish_selected"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.workflow_admin = self
        # Restoring a version is saving on top of what is there now, on purpose.
        form.restoring = getattr(request, "_restoring", False)
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.policy.can_publish(request.user):
            return fieldsets
        # The note goes with send-backs and unpublications: not the author's to write.
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != "workflow_note"]})
            for name, opts in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "status"]
        if not self.policy.can_publish(request.user):
            model_fields = {f.name for f in self.model._meta.fields}
            fields += [f for f in PUBLISHING_FIELDS if f in model_fields]
        return fields

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or self.policy.can_edit(request.user, obj)
        )

    def get_object(self, request, object_id, from_field=None):
        """The record as its editors see it: with its pending change, if it has one; while a
        version is being restored, the version's content where the record stands now."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            return obj
        obj._pending = PendingChange.of(obj)
        current = getattr(request, "_current_workflow", None)
        if current is not None:
            for name, value in current.items():
                setattr(obj, name, value)
        elif obj._pending is not None and not getattr(request, "_reverting", False):
            obj._pending.apply_to(obj)
        return obj

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        pending = getattr(obj, "_pending", None)
        editable = self.has_change_permission(request, obj)
        form = context["adminform"].form if context.get("adminform") else None
        actions = self.policy.available_actions(request.user, obj, pending) if editable else []
        context.update(
            workflow_actions=actions,
            pending=pending,
            is_live=bool(obj and obj.status == workflow.Status.PUBLISHED),
            can_publish=self.policy.can_publish(request.user),
            conflict=getattr(form, "conflict", None),
            # Only for those who may read the log (administrators): a link to a 403 helps nobody.
            log_url=self._log_url(obj) if request.user.has_perm("admin.view_logentry") else "",
        )
        if pending is not None:
            live = self.snapshot(workflow.values_of(self.model._base_manager.get(pk=obj.pk)))
            proposed = self.snapshot(workflow.values_of(obj))
            context["pending_changes"] = [c for c in diffs.compare(live, proposed) if c.changed]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _log_url(self, obj) -> str:
        if obj is None or obj.pk is None:
            return ""
        content_type = ContentType.objects.get_for_model(self.model)
        query = f"?content_type__id__exact={content_type.pk}&object_id={obj.pk}"
        return reverse("admin:admin_logentry_changelist") + query

    # Saving: the workflow decides what a save does.

    def save_model(self, request, obj, form, change):
        user, policy = request.user, self.policy
        pending = getattr(obj, "_pending", None)
        action = workflow.requested_action(request.POST)
        live = self.model._base_manager.filter(pk=obj.pk).first() if change else None
        policy.check_allowed(user, live or obj, action, pending)
        note = form.cleaned_data.get("workflow_note", "").strip()
        request._workflow_saved = True
        request._workflow_title = str(obj)
        if getattr(request, "_recovering", False):
            message = _("Khôi phục bản đã xoá.")
            if obj.status == workflow.Status.PUBLISHED and not policy.can_publish(user):
                obj.status = workflow.Status.REVIEW  # back on the site once approved
                message = _("Khôi phục bản đã xoá, chờ duyệt.")
            request._workflow_message = message
        elif (
            live is not None
            and live.status == workflow.Status.PUBLISHED
            and not policy.can_publish(user)
        ):
            self._propose(request, obj, live, form)
            return
        elif action is not None and action.key == "_reject_change":
            request._workflow_message = workflow.apply(action, obj, note, pending)
            pending.delete()
            policy.notify("change_rejected", live, user, note, recipient=pending.author)
            request._workflow_saved = False
            return
        else:
            request._workflow_message = workflow.apply(action, obj, note, pending)
            if action is not None and action.key == "_approve_change" and live is not None:
                # What the approved change changes on the site, not what the approver retyped.
                request._workflow_changed = self._changed_fields(obj, live, form)
            restored = getattr(request, "_restored_version", None)
            if restored is not None:
                message = self._restore_message(restored)
                request._workflow_message = f"{message} {request._workflow_message}".strip()
        super().save_model(request, obj, form, change)
        if pending is not None:
            pending.delete()
            policy.notify("change_published", obj, user, recipient=pending.author)
        events = {"_submit": "submitted", "_publish": "published", "_return": "returned"}
        if action is not None and action.key in events:
            policy.notify(events[action.key], obj, user, note)
        if (
            obj.status == workflow.Status.PUBLISHED
            and obj.publish_at
            and obj.publish_at > timezone.now()
        ):
            messages.info(
                request,
                _("Sẽ tự hiện trên cổng lúc %(time)s.") % {"time": short_datetime(obj.publish_at)},
            )

    def _changed_fields(self, obj, live, form) -> list[str]:
        """The form's fields whose value on ``obj`` differs from the saved record's."""
        return [
            f.name
            for f in self.model._meta.concrete_fields
            if f.name in form.fields and f.value_from_object(obj) != f.value_from_object(live)
        ]

    def _propose(self, request, obj, live, form):
        """A change to a live record by someone who may not publish: kept aside."""
        fields = self._changed_fields(obj, live, form)
        request._workflow_saved = False
        pending = getattr(obj, "_pending", None)
        if not fields and pending is None:
            request._workflow_message = _("Không có gì thay đổi.")
            return
        PendingChange.propose(obj, fields or list(pending.data), request.user)
        restored = getattr(request, "_restored_version", None)
        request._workflow_message = (
            _("Đã lưu phiên bản cũ thành bản sửa chờ duyệt.")
            if restored is not None
            else _("Lưu bản sửa chờ duyệt.")
        )
        self.policy.notify("change_proposed", live, request.user)

    def construct_change_message(self, request, form, formsets, add=False):
        message = getattr(request, "_workflow_message", "")
        if not message:
            return super().construct_change_message(request, form, formsets, add)
        names = getattr(request, "_workflow_changed", None)
        changed = [
            str(form.fields[name].label or name)
            for name in (form.changed_data if names is None else names)
            if name not in ("edit_token", "workflow_note")
        ]
        if changed:
            message += " " + _("Đã sửa: %(fields)s.") % {"fields": ", ".join(changed)}
        return message

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        said = getattr(request, "_workflow_message", "")
        if said and level == messages.SUCCESS and getattr(request, "_workflow_saved", True):
            message = f"“{request._workflow_title}”: {said}"
        return super().message_user(request, message, level, *args, **kwargs)

    def get_view_on_site_url(self, obj=None):
        """Django's "view on site" for a public record; the staff preview for the others."""
        if obj is not None and obj.pk and not obj.is_public and self.preview_url_name:
            return reverse(self.preview_url_name, args=[obj.pk])
        return super().get_view_on_site_url(obj)

    preview_url_name = ""  # e.g. "news:preview"

    def response_change(self, request, obj):
        if getattr(request, "_workflow_saved", True) is False:
            self.message_user(request, getattr(request, "_workflow_message", ""), messages.INFO)
            if "_reject_change" not in request.POST:
                messages.info(
                    request,
                    _("Trang công khai vẫn hiện bản đã duyệt cho đến khi lãnh đạo duyệt bản sửa."),
                )
            return redirect(self.policy.admin_url(obj))
        return super().response_change(request, obj)

    # Versions: an old version restored, or a deleted record recovered, by someone who may not
    # publish waits for approval like any other change.

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restoring a version brings back its content, not its place in the workflow: a live
        record stays live (and for someone who may not publish, the restored content waits as
        a pending change); the form shows the record's status as it is now."""
        obj = self.model._base_manager.filter(pk=object_id).first()
        if obj is None:
            return super().revision_view(request, object_id, version_id, extra_context)
        version = get_object_or_404(Version.objects.get_for_object(obj), pk=version_id)
        request._reverting = True
        fields = {f.name: f for f in self.model._meta.concrete_fields}
        request._current_workflow = {
            fields[name].attname: getattr(obj, fields[name].attname)
            for name in WORKFLOW_FIELDS
            if name in fields
        }
        request._restored_version = version
        if request.method != "POST":
            return super().revision_view(request, object_id, version_id, extra_context)
        # Saved against the record as it is, not against a reverted copy (reversion's way):
        # the posted form holds the version's content, the workflow fields are read-only.
        request._current_workflow = None
        request._reverting = False
        request._restoring = True
        with self.create_revision(request):
            response = self.changeform_view(request, object_id, request.path, extra_context)
            reversion.set_comment(self._restore_message(version))
        return response

    def _restore_message(self, version) -> str:
        return _("Khôi phục phiên bản lưu lúc %(time)s.") % {
            "time": short_datetime(version.revision.date_created)
        }

    def recover_view(self, request, version_id, extra_context=None):
        request._recovering = True
        request._reverting = True
        request._recovered_version = get_object_or_404(Version, pk=version_id)
        return super().recover_view(request, version_id, extra_context)

    @admin.action(description=gettext_lazy("Xuất bản các mục đã chọn"))
    def publish_selected(self, request, queryset):
        if not self.policy.can_publish(request.user):
            raise PermissionDenied
        message = _("Xuất bản (thao tác hàng loạt).")
        count = 0
        for obj in queryset.exclude(status=workflow.Status.PUBLISHED):
            with reversion.create_revision():
                obj.status = workflow.Status.PUBLISHED
                obj.review_note = ""
                obj.updated_by = request.user
                obj.save()
                reversion.set_user(request.user)
                reversion.set_comment(message)
            workflow.log(request.user, obj, message)
            self.policy.notify("published", obj, request.user)
            count += 1
        self.message_user(request, _("Đã xuất bản %(count)d mục.") % {"count": count})

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.policy.can_publish(request.user):
            actions.pop("publish_selected", None)
        return actions
