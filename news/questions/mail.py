"""The e-mails askers get: the tracking code when the question arrives, and the answer. Plain
text (whatever the asker typed is shown as typed, never interpreted); the subject holds only
the code, so nothing the asker wrote reaches a header."""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.richtext import to_text

from .models import Question, Status

logger = logging.getLogger(__name__)


def _send(question: Question, subject: str, template: str, context: dict) -> bool:
    if not question.email:
        return False
    context = {
        "question": question, "site_url": settings.SITE_URL.rstrip("/"),
        "lookup_url": settings.SITE_URL.rstrip("/") + reverse("news:question_lookup"),
        **context,
    }  # fmt: skip
    try:
        send_mail(subject, render_to_string(template, context), None, [question.email])
    except Exception:  # an SMTP fault must not lose the question or the answer
        logger.exception("Could not send %s to the asker of %s", template, question.code)
        return False
    return True


def send_received(question: Question) -> bool:
    return _send(
        question, _("[%(code)s] Cơ quan đã nhận câu hỏi của bạn") % {"code": question.code},
        "questions/email/received.txt", {},
    )  # fmt: skip


def answer_digest(question: Question) -> str:
    """What identifies one version of the answer: a digest of its text."""
    return hashlib.sha256(to_text(question.body_html).strip().encode()).hexdigest()


def send_answer(question: Question) -> int:
    """Send the answer to the asker and, once it is public, to the askers of the questions
    merged into it: each of them once per version of the answer (again only when its text
    changed). Returns how many e-mails went out."""
    answer = to_text(question.body_html)
    digest = answer_digest(question)
    public_url = ""
    askers = [question]
    if question.status == Status.PUBLISHED:
        public_url = settings.SITE_URL.rstrip("/") + question.get_absolute_url()
        askers += list(question.duplicates.all())
    sent = 0
    for asker in askers:
        if asker.answer_sent_digest == digest:
            continue  # this answer has reached this asker already
        if _send(
            asker, _("[%(code)s] Trả lời câu hỏi của bạn") % {"code": asker.code},
            "questions/email/answered.txt",
            {"answered": question, "answer": answer, "public_url": public_url},
        ):  # fmt: skip
            now = timezone.now()
            Question.objects.filter(pk=asker.pk).update(answer_sent_digest=digest,
                                                        answer_sent_at=now)  # fmt: skip
            asker.answer_sent_digest, asker.answer_sent_at = digest, now
            sent += 1
    return sent


def send_closed(question: Question) -> bool:
    """Tell the asker their question was closed, why, and the note written for them."""
    return _send(
        question, _("[%(code)s] Câu hỏi của bạn đã được đóng") % {"code": question.code},
        "questions/email/closed.txt", {},
    )  # fmt: skip
