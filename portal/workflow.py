"""The editorial workflow, for every kind of content that goes through it (portal.Publishable):
reporters write, leaders approve, nothing live changes without them.

    draft ──submit──▶ review ──publish──▶ published ──unpublish──▶ unpublished
      ▲                 │                    │   ▲
      └── (edit) ◀─ returned ◀──send back────┘   └── publish again

- Someone without the kind's publish permission writes drafts of their own and submits them;
  a change they make to something published is kept as a pending change
  (portal.PendingChange): the site shows the approved version until an approver publishes it.
- An approver publishes (now or at ``publish_at``), sends back with a required comment that the
  author sees, unpublishes with a reason, and approves or rejects pending changes.
- ``unpublish_at`` ends a publication by itself, at query time (``published()``).

Every transition is written to Django's admin log (who, when, why: one mechanism, read in the
admin under "Nhật ký") and tells the people concerned by e-mail. A kind describes itself with a
:class:`Policy` (its model and its publish permission); portal/admin/workflow.py puts it in the
admin.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .dates import short_datetime
from .models import PendingChange, PublicationStatus
from .registry import Panel, Task

Status = PublicationStatus
EDITABLE = (Status.DRAFT, Status.REVIEW, Status.RETURNED, Status.UNPUBLISHED)


@dataclass(frozen=True)
class Action:
    key: str  # the submit button's name
    label: str
    needs_publish: bool = False
    needs_note: bool = False
    from_statuses: tuple[str, ...] = ()  # () = any
    needs_pending: bool = False


ACTIONS = [
    Action("_submit", gettext_lazy("Gửi duyệt"), from_statuses=(Status.DRAFT, Status.RETURNED)),
    Action("_publish", gettext_lazy("Xuất bản"), needs_publish=True, from_statuses=EDITABLE),
    Action(
        "_return",
        gettext_lazy("Trả lại cho tác giả"),
        needs_publish=True,
        needs_note=True,
        from_statuses=(Status.REVIEW,),
    ),
    Action(
        "_unpublish",
        gettext_lazy("Gỡ khỏi cổng"),
        needs_publish=True,
        needs_note=True,
        from_statuses=(Status.PUBLISHED,),
    ),
    Action(
        "_approve_change",
        gettext_lazy("Duyệt và xuất bản bản sửa"),
        needs_publish=True,
        needs_pending=True,
    ),
    Action(
        "_reject_change",
        gettext_lazy("Từ chối bản sửa"),
        needs_publish=True,
        needs_note=True,
        needs_pending=True,
    ),
]
BY_KEY = {action.key: action for action in ACTIONS}


def requested_action(data) -> Action | None:
    """The workflow button pressed, if any (plain "Lưu" is None)."""
    return next((BY_KEY[key] for key in BY_KEY if key in data), None)


def name_of(user) -> str:
    if user is None:
        return _("(không rõ)")
    return user.get_full_name() or user.username


@dataclass(frozen=True)
class Policy:
    """How one kind of content goes through the workflow."""

    model: type
    publish_permission: str  # e.g. "news.publish_article"

    @property
    def opts(self):
        return self.model._meta

    def can_publish(self, user) -> bool:
        return user.has_perm(self.publish_permission)

    def can_edit(self, user, obj) -> bool:
        """Authors change their own records; approvers anyone's."""
        if obj is None or obj.pk is None:
            return user.has_perm(f"{self.opts.app_label}.add_{self.opts.model_name}")
        if not user.has_perm(f"{self.opts.app_label}.change_{self.opts.model_name}"):
            return False
        return self.can_publish(user) or obj.created_by_id == user.pk

    def available_actions(self, user, obj, pending) -> list[Action]:
        """The buttons this person sees on this record."""
        status = obj.status if obj is not None and obj.pk else Status.DRAFT
        return [
            action
            for action in ACTIONS
            if not (action.needs_publish and not self.can_publish(user))
            and action.needs_pending == bool(pending)
            and (not action.from_statuses or status in action.from_statuses)
        ]

    def check_allowed(self, user, obj, action: Action | None, pending) -> None:
        """The server's own check of a posted action (a forged POST gets 403)."""
        if action is not None and action not in self.available_actions(user, obj, pending):
            raise PermissionDenied(_("Bạn không được thực hiện thao tác này."))

    # E-mail

    def approvers(self):
        app_label, codename = self.publish_permission.split(".")
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        return (
            get_user_model()
            .objects.filter(is_active=True, is_staff=True)
            .filter(
                Q(is_superuser=True)
                | Q(user_permissions=permission)
                | Q(groups__permissions=permission)
            )
            .exclude(email="")
            .distinct()
        )

    def admin_url(self, obj) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])

    def notify(self, event: str, obj, actor, note: str = "", recipient=None) -> None:
        """Tell the people concerned: approvers of a submission or a pending change, the
        author of a send-back, a publication or an answer to their pending change."""
        subject = SUBJECTS[event] % {"title": str(obj)[:120]}
        if event in ("submitted", "change_proposed"):
            to = [u.email for u in self.approvers() if u.pk != actor.pk]
        else:
            person = recipient or obj.created_by
            to = [person.email] if person and person.email and person.pk != actor.pk else []
        if not to:
            return
        lines = [
            _("%(who)s: %(what)s") % {"who": name_of(actor), "what": subject},
            "",
            _("%(kind)s: %(title)s")
            % {"kind": str(self.opts.verbose_name).capitalize(), "title": obj},
        ]
        if note:
            lines += ["", _("Ghi chú: %(note)s") % {"note": note}]
        url = settings.SITE_URL + self.admin_url(obj)
        lines += ["", _("Mở trong trang quản trị: %(url)s") % {"url": url}]
        send_mail(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, to, fail_silently=True)

    # The admin's home page

    def panels(self, request) -> list[Panel]:
        """What waits for this person: to review, pending changes, sent back, drafts,
        scheduled."""
        user = request.user
        opts = self.opts
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            return []
        kind = str(opts.verbose_name_plural)
        records = self.model._default_manager
        mine = records.filter(created_by=user)
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        panels = []
        if self.can_publish(user):
            waiting = records.filter(status=Status.REVIEW).select_related("created_by")
            panels.append(
                Panel(
                    _("Chờ tôi duyệt: %(kind)s") % {"kind": kind},
                    self._tasks(
                        waiting, lambda o: _("của %(who)s") % {"who": name_of(o.created_by)}
                    ),
                    f"{changelist}?status__exact={Status.REVIEW}",
                )
            )
            changes = list(
                PendingChange.objects.filter(
                    content_type=ContentType.objects.get_for_model(self.model)
                ).select_related("author")[:20]
            )
            owners = records.in_bulk([c.object_id for c in changes])
            panels.append(
                Panel(
                    _("Bản sửa chờ duyệt: %(kind)s") % {"kind": kind},
                    [
                        Task(
                            str(owners.get(c.object_id, "?")),
                            self.admin_url(owners[c.object_id]),
                            _("của %(who)s, %(time)s")
                            % {"who": name_of(c.author), "time": short_datetime(c.updated)},
                        )
                        for c in changes
                        if c.object_id in owners
                    ],
                )
            )
        returned = mine.filter(status=Status.RETURNED).order_by("-updated")
        panels.append(
            Panel(
                _("Bị trả lại cho tôi: %(kind)s") % {"kind": kind},
                self._tasks(returned, lambda o: o.review_note[:120]),
            )
        )
        drafts = mine.filter(status=Status.DRAFT).order_by("-updated")
        panels.append(
            Panel(
                _("Bản nháp của tôi: %(kind)s") % {"kind": kind},
                self._tasks(drafts, lambda o: short_datetime(o.updated)),
            )
        )
        scheduled = records.filter(status=Status.PUBLISHED, publish_at__gt=timezone.now())
        if not self.can_publish(user):
            scheduled = scheduled.filter(created_by=user)
        panels.append(
            Panel(
                _("Hẹn giờ xuất bản: %(kind)s") % {"kind": kind},
                self._tasks(
                    scheduled.order_by("publish_at"), lambda o: short_datetime(o.publish_at)
                ),
            )
        )
        return panels

    def _tasks(self, records, note) -> list[Task]:
        return [Task(str(o), self.admin_url(o), note(o)) for o in records[:20]]


SUBJECTS = {
    "submitted": gettext_lazy("[Chờ duyệt] %(title)s"),
    "change_proposed": gettext_lazy("[Bản sửa chờ duyệt] %(title)s"),
    "returned": gettext_lazy("[Bị trả lại] %(title)s"),
    "published": gettext_lazy("[Đã xuất bản] %(title)s"),
    "change_published": gettext_lazy("[Bản sửa đã được duyệt] %(title)s"),
    "change_rejected": gettext_lazy("[Bản sửa bị từ chối] %(title)s"),
}


def apply(action: Action | None, obj, note: str, pending) -> str:
    """Put the record in the state the action leads to (not saved); the log message."""
    if action is None:
        if pending is not None:
            return _("Lưu và xuất bản bản sửa của %(who)s.") % {"who": name_of(pending.author)}
        return ""
    if action.key == "_submit":
        obj.status = Status.REVIEW
        return _("Gửi duyệt.")
    if action.key in ("_publish", "_approve_change"):
        obj.status = Status.PUBLISHED
        obj.review_note = ""
        if action.key == "_approve_change":
            return _("Duyệt và xuất bản bản sửa của %(who)s.") % {"who": name_of(pending.author)}
        if obj.publish_at and obj.publish_at > timezone.now():
            return _("Hẹn giờ xuất bản lúc %(time)s.") % {"time": short_datetime(obj.publish_at)}
        return _("Xuất bản.")
    if action.key == "_return":
        obj.status = Status.RETURNED
        obj.review_note = note
        return _("Trả lại cho tác giả: %(note)s") % {"note": note}
    if action.key == "_unpublish":
        obj.status = Status.UNPUBLISHED
        obj.review_note = note
        return _("Gỡ khỏi cổng: %(note)s") % {"note": note}
    if action.key == "_reject_change":
        return _("Từ chối bản sửa của %(who)s: %(note)s") % {
            "who": name_of(pending.author),
            "note": note,
        }
    return ""


def log(user, obj, message: str) -> None:
    """One line of the admin log (what bulk actions, which have no form, write too)."""
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[obj],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


def values_of(obj) -> dict:
    """A record's field values by attribute name (as stored versions keep them)."""
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
