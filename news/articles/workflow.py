"""The newsroom's workflow: reporters write, leaders approve, nothing live changes without them.

    draft ──submit──▶ review ──publish──▶ published ──unpublish──▶ unpublished
      ▲                 │                    │   ▲
      └── (edit) ◀─ returned ◀──send back────┘   └── publish again

- An editor (no ``news.publish_article``) writes drafts of their own and submits them; a change
  they make to a published article is kept as a pending change (portal.PendingChange): the site
  shows the approved version until an approver publishes the change.
- An approver publishes (now or at ``publish_at``), sends back with a required comment that the
  author sees, unpublishes with a reason, and approves or rejects pending changes.
- ``unpublish_at`` ends a publication by itself, at query time (Article.objects.published()).

Every transition is written to Django's admin log (who, when, why: one mechanism, read in the
admin under "Nhật ký") and tells the people concerned by e-mail.
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

from portal import richtext
from portal.dates import short_datetime
from portal.models import PendingChange
from portal.registry import Panel, Task

from .models import Article

PUBLISH = "news.publish_article"
Status = Article.Status


def can_publish(user) -> bool:
    return user.has_perm(PUBLISH)


def can_edit(user, article: Article | None) -> bool:
    """Editors change their own articles; approvers anyone's."""
    if article is None or article.pk is None:
        return user.has_perm("news.add_article")
    if not user.has_perm("news.change_article"):
        return False
    return can_publish(user) or article.created_by_id == user.pk


@dataclass(frozen=True)
class Action:
    key: str  # the submit button's name
    label: str
    needs_publish: bool = False
    needs_note: bool = False
    from_statuses: tuple[str, ...] = ()  # () = any
    needs_pending: bool = False


EDITABLE = (Status.DRAFT, Status.REVIEW, Status.RETURNED, Status.UNPUBLISHED)
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
        gettext_lazy("Gỡ bài khỏi cổng"),
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


def available_actions(user, article: Article | None, pending: PendingChange | None) -> list:
    """The buttons this person sees on this article."""
    status = article.status if article is not None and article.pk else Status.DRAFT
    actions = []
    for action in ACTIONS:
        if action.needs_publish and not can_publish(user):
            continue
        if action.needs_pending != bool(pending):
            continue
        if action.from_statuses and status not in action.from_statuses:
            continue
        actions.append(action)
    return actions


def check_allowed(user, article: Article, action: Action | None, pending) -> None:
    """The server's own check of a posted action (a forged POST gets 403)."""
    if action is None:
        return
    if action not in available_actions(user, article, pending):
        raise PermissionDenied(_("Bạn không được thực hiện thao tác này."))


def apply(action: Action | None, article: Article, user, note: str, pending) -> str:
    """Put the article in the state the action leads to (not saved); the log message."""
    if action is None:
        if pending is not None:
            return _("Lưu và xuất bản bản sửa của %(who)s.") % {"who": _name(pending.author)}
        return ""
    if action.key == "_submit":
        article.status = Status.REVIEW
        return _("Gửi duyệt.")
    if action.key in ("_publish", "_approve_change"):
        article.status = Status.PUBLISHED
        article.review_note = ""
        if action.key == "_approve_change":
            return _("Duyệt và xuất bản bản sửa của %(who)s.") % {"who": _name(pending.author)}
        if article.publish_at and article.publish_at > timezone.now():
            return _("Hẹn giờ xuất bản lúc %(time)s.") % {
                "time": short_datetime(article.publish_at)
            }
        return _("Xuất bản.")
    if action.key == "_return":
        article.status = Status.RETURNED
        article.review_note = note
        return _("Trả lại cho tác giả: %(note)s") % {"note": note}
    if action.key == "_unpublish":
        article.status = Status.UNPUBLISHED
        article.review_note = note
        return _("Gỡ bài: %(note)s") % {"note": note}
    if action.key == "_reject_change":
        return _("Từ chối bản sửa của %(who)s: %(note)s") % {
            "who": _name(pending.author),
            "note": note,
        }
    return ""


def log(user, article: Article, message: str) -> None:
    """One line of the admin log (what bulk actions, which have no form, write too)."""
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[article],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


def _name(user) -> str:
    if user is None:
        return _("(không rõ)")
    return user.get_full_name() or user.username


# E-mail


def approvers():
    permission = Permission.objects.get(content_type__app_label="news", codename="publish_article")
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


def _admin_url(article: Article) -> str:
    return settings.SITE_URL + reverse("admin:news_article_change", args=[article.pk])


def notify(event: str, article: Article, actor, note: str = "", recipient=None) -> None:
    """Tell the people concerned: approvers of a submission or a pending change, the author of
    a send-back, a publication or an answer to their pending change."""
    subjects = {
        "submitted": _("[Chờ duyệt] %(title)s"),
        "change_proposed": _("[Bản sửa chờ duyệt] %(title)s"),
        "returned": _("[Bị trả lại] %(title)s"),
        "published": _("[Đã xuất bản] %(title)s"),
        "change_published": _("[Bản sửa đã được duyệt] %(title)s"),
        "change_rejected": _("[Bản sửa bị từ chối] %(title)s"),
    }
    if event in ("submitted", "change_proposed"):
        to = [u.email for u in approvers() if u.pk != actor.pk]
    else:
        person = recipient or article.created_by
        to = [person.email] if person is not None and person.email and person.pk != actor.pk else []
    if not to:
        return
    lines = [
        _("%(who)s: %(what)s")
        % {"who": _name(actor), "what": subjects[event] % {"title": article.title}},
        "",
        _("Bài: %(title)s") % {"title": article.title},
    ]
    if note:
        lines += ["", _("Ghi chú: %(note)s") % {"note": note}]
    lines += ["", _("Mở bài trong trang quản trị: %(url)s") % {"url": _admin_url(article)}]
    send_mail(
        subjects[event] % {"title": article.title[:120]},
        "\n".join(lines),
        settings.DEFAULT_FROM_EMAIL,
        to,
        fail_silently=True,
    )


# What changed


def snapshot(values: dict) -> list[tuple[str, str]]:
    """The fields a reader sees, as text, from an article's field values by attribute name
    (a model's or a stored version's: ``{"title": ..., "category_id": 3, ...}``)."""
    from portal.models import Photo

    from .models import Category

    body = values.get("body") or ""
    keys = [key for key, _caption, _alt in richtext.photo_references(body)]
    photos = {p.key: p for p in Photo.objects.filter(key__in=keys)}
    category = Category.objects.filter(pk=values.get("category_id")).first()
    cover = Photo.objects.filter(pk=values.get("cover_photo_id")).first()
    photo_lines = [
        f"{photos[key]} ({caption})" if caption else str(photos[key])
        for key, caption, _alt in richtext.photo_references(body)
        if key in photos
    ]
    return [
        (_("Tiêu đề"), values.get("title") or ""),
        (_("Chuyên mục"), str(category) if category else ""),
        (_("Sapo"), values.get("sapo") or ""),
        (_("Nội dung"), richtext.to_text(body)),
        (_("Ảnh trong bài"), "\n".join(photo_lines)),
        (_("Ảnh đại diện"), str(cover) if cover else ""),
        (_("Tác giả"), values.get("byline") or ""),
        (_("Nguồn"), values.get("source") or ""),
    ]


def values_of(article: Article) -> dict:
    return {f.attname: getattr(article, f.attname) for f in Article._meta.concrete_fields}


# The admin's home page


def _tasks(articles, note) -> list[Task]:
    return [
        Task(a.title, reverse("admin:news_article_change", args=[a.pk]), note(a))
        for a in articles[:20]
    ]


def work(request) -> list[Panel]:
    """The admin home page's panels for this person: what waits for them."""
    user = request.user
    if not user.has_perm("news.view_article"):
        return []
    mine = Article.objects.filter(created_by=user)
    changelist = reverse("admin:news_article_changelist")
    panels = []
    if can_publish(user):
        waiting = Article.objects.filter(status=Status.REVIEW).select_related("created_by")
        panels.append(
            Panel(
                _("Chờ tôi duyệt"),
                _tasks(waiting, lambda a: _("của %(who)s") % {"who": _name(a.created_by)}),
                f"{changelist}?status__exact={Status.REVIEW}",
            )
        )
        article_type = ContentType.objects.get_for_model(Article)
        changes = list(
            PendingChange.objects.filter(content_type=article_type).select_related("author")[:20]
        )
        titles = dict(
            Article.objects.filter(pk__in=[c.object_id for c in changes]).values_list("pk", "title")
        )
        panels.append(
            Panel(
                _("Bản sửa chờ duyệt"),
                [
                    Task(
                        titles.get(c.object_id, "?"),
                        reverse("admin:news_article_change", args=[c.object_id]),
                        _("của %(who)s, %(time)s")
                        % {"who": _name(c.author), "time": short_datetime(c.updated)},
                    )
                    for c in changes
                ],
            )
        )
    returned = mine.filter(status=Status.RETURNED).order_by("-updated")
    panels.append(Panel(_("Bị trả lại cho tôi"), _tasks(returned, lambda a: a.review_note[:120])))
    drafts = mine.filter(status=Status.DRAFT).order_by("-updated")
    panels.append(Panel(_("Bản nháp của tôi"), _tasks(drafts, lambda a: short_datetime(a.updated))))
    scheduled = Article.objects.filter(status=Status.PUBLISHED, publish_at__gt=timezone.now())
    if not can_publish(user):
        scheduled = scheduled.filter(created_by=user)
    panels.append(
        Panel(
            _("Hẹn giờ xuất bản"),
            _tasks(scheduled.order_by("publish_at"), lambda a: short_datetime(a.publish_at)),
        )
    )
    return panels
