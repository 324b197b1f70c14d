"""The e-mail moderators get when comments wait for them: plain text only (whatever the
commenter typed is shown as typed, never interpreted), nothing the commenter wrote in a header,
the e-mail masked, and at most one e-mail per consultation an hour (a flood of comments is not
a flood of e-mails; the admin's home page lists every waiting comment)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from portal import privacy

from .models import Comment, CommentStatus

logger = logging.getLogger(__name__)

QUIET_SECONDS = 3600
EXCERPT_CHARS = 500


def moderators():
    permission = Permission.objects.get(content_type__app_label="news", codename="moderate_comment")
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


def comment_body(comment: Comment) -> str:
    consultation = comment.consultation
    site = settings.SITE_URL.rstrip("/")
    waiting = reverse("admin:news_comment_changelist")
    query = f"?consultation__id__exact={consultation.pk}&status__exact={CommentStatus.PENDING}"
    text = (
        comment.text if len(comment.text) <= EXCERPT_CHARS else comment.text[:EXCERPT_CHARS] + "…"
    )
    lines = [
        _("Có ý kiến góp ý mới chờ kiểm duyệt cho dự thảo:"),
        consultation.title,
        "",
        _("Người gửi: %(name)s") % {"name": comment.name},
    ]
    if comment.organisation:
        lines.append(_("Cơ quan, tổ chức: %(org)s") % {"org": comment.organisation})
    lines.append(_("Thư điện tử: %(email)s") % {"email": privacy.mask_email(comment.email)})
    if comment.reference:
        lines.append(_("Góp ý cho: %(ref)s") % {"ref": comment.reference})
    lines += [
        "",
        text,
        "",
        _("Có thể còn ý kiến khác gửi sau thư này. Kiểm duyệt tại: %(url)s")
        % {"url": f"{site}{waiting}{query}"},
    ]
    return "\n".join(lines)


def notify_moderators(comment: Comment) -> bool:
    """Tell the moderators (once an hour per consultation) that comments wait."""
    if not cache.add(f"consultation-mail:{comment.consultation_id}", 1, QUIET_SECONDS):
        return False
    to = list(moderators().values_list("email", flat=True))
    if not to:
        return False
    try:
        send_mail(_("[Góp ý dự thảo] Ý kiến mới chờ kiểm duyệt"), comment_body(comment), None, to)
    except Exception:  # an SMTP fault must not lose the comment
        logger.exception("Could not tell the moderators of comment %s", comment.pk)
        return False
    return True
