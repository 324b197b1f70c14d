"""The e-mails askers get: the tracking code when the question arrives, and the answer. Plain
text (whatever the asker typed is shown as typed, never interpreted); the subject holds only
the code, so nothing the asker wrote reaches a header."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
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


def send_answer(question: Question) -> int:
    """Send the answer to the asker and to the askers of the questions merged into it."""
    answer = to_text(question.body_html)
    public_url = ""
    if question.status == Status.PUBLISHED:
        public_url = settings.SITE_URL.rstrip("/") + question.get_absolute_url()
    sent = 0
    for asker in [question, *question.duplicates.all()]:
        sent += _send(
            asker, _("[%(code)s] Trả lời câu hỏi của bạn") % {"code": asker.code},
            "questions/email/answered.txt",
            {"answered": question, "answer": answer, "public_url": public_url},
        )  # fmt: skip
    return sent
