"""Hỏi đáp's public pages: the answered questions (cached), asking and looking up (never cached:
they hold a form and, for the lookup, one person's answer)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal import guard, search
from portal.models import files_prefetch
from portal.pagination import ArchivePaginator
from portal.seo import page_meta

from . import mail
from .forms import AskForm, LookupForm, QuestionFilterForm
from .models import AlreadyAsked, Question, Topic

QUESTIONS_PER_PAGE = 20
SENT_SALT = "news.questions.sent"
FORM_BYTES = 32 * 1024


def question_list(request):
    form = QuestionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    answered = Question.objects.published().filter(topic=OuterRef("pk"))
    topics = list(Topic.objects.filter(Exists(answered)))
    topic = next((t for t in topics if t.slug == data.get("linh_vuc")), None)
    questions = Question.objects.published().select_related("topic")
    if topic is not None:
        questions = questions.filter(topic=topic)
    _shown, words = search.parse_query(data.get("q") or "")
    if words:
        questions = search.matching(questions, words, newest=("-answered_at", "-pk"))
    else:
        questions = questions.order_by("-answered_at", "-pk")
    page = ArchivePaginator(questions, QUESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    filters = {k: v for k, v in data.items() if v}
    return render(
        request,
        "questions/list.html",
        {
            "form": form,
            "topics": topics,
            "topic": topic,
            "query": data.get("q") or "",
            "page_obj": page,
            "questions": page.object_list,
            "searched": bool(filters),
            "page_query": (urlencode(filters) + "&") if filters else "",
            "meta": page_meta(
                request,
                _("Hỏi đáp"),
                _("Câu hỏi của người dân, doanh nghiệp và câu trả lời của cơ quan."),
                page_number=page.number,
                noindex=bool(filters),
            ),
        },
    )


def question_detail(request, slug, pk):
    questions = Question.objects.published().select_related("topic")
    question = get_object_or_404(questions.prefetch_related(files_prefetch()), pk=pk)
    if slug != question.slug:
        return redirect(question, permanent=True)
    return render(
        request,
        "questions/detail.html",
        {"question": question,
         "meta": page_meta(request, question.title, question.question[:200], kind="article")},
    )  # fmt: skip


@never_cache
@guard.small_body(FORM_BYTES)
@require_http_methods(["GET", "HEAD", "POST"])
def ask(request):
    if request.method != "POST":
        form = AskForm(request=request)
        return _ask_page(request, form)
    form = AskForm(request.POST, request=request)
    if form.is_bot():
        return guard.dropped(request, "questions/sent.html", {"meta": _sent_meta(request)})
    if not form.is_valid():
        return _ask_page(request, form, status=400)
    if form.already_asked is not None:
        # The same person's second post of a moment ago (a double tap, a reload): the page
        # with the code the first one got, whether or not they gave an e-mail.
        return _sent_redirect(form.already_asked)
    refusal = guard.admit(request, "question")
    if refusal:
        form.add_error(None, refusal)
        return _ask_page(request, form, status=429)
    try:
        with transaction.atomic():
            question = form.save()
    except AlreadyAsked as twin:
        # Posts racing each other past the form's check: the database kept the first.
        if form.is_replay_of(twin.question):
            return _sent_redirect(twin.question)
        form.add_error(None, form.duplicate_error())
        return _ask_page(request, form, status=400)
    return _sent_redirect(question, mailed=mail.send_received(question))


def _sent_redirect(question, mailed: bool | None = None):
    """To the page with the code, signed in the address with whether the e-mail with it went
    out (None: not known, a second tap shown the first post's code)."""
    mailed = mailed if question.email else None  # no address: nothing to say about mail
    token = signing.dumps({"code": question.code, "mailed": mailed}, salt=SENT_SALT)
    return redirect(f"{reverse('news:question_sent')}?{urlencode({'ma': token})}")


def _ask_page(request, form, status=200):
    return render(
        request, "questions/ask.html",
        {"form": form, "answer_days": settings.QUESTION_ANSWER_DAYS,
         "meta": page_meta(request, _("Đặt câu hỏi"), noindex=True)},
        status=status,
    )  # fmt: skip


def _sent_meta(request):
    return page_meta(request, _("Đã gửi câu hỏi"), noindex=True)


@never_cache
def sent(request):
    """After asking: the tracking code (signed in the address, so only the asker's own
    redirect shows one)."""
    try:
        signed = signing.loads(request.GET.get("ma", ""), salt=SENT_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        signed = {}
    if isinstance(signed, str):  # an address signed before the e-mail's state was in it
        signed = {"code": signed}
    code, mailed = str(signed.get("code", "")), signed.get("mailed")
    question = Question.objects.filter(code=code).only("code", "email", "due_on").first()
    return render(
        request, "questions/sent.html",
        {"question": question, "mailed": mailed, "meta": _sent_meta(request)},
    )  # fmt: skip


@never_cache
@guard.small_body(FORM_BYTES)
@require_http_methods(["GET", "HEAD", "POST"])
def lookup(request):
    """A question's status by its code and the asker's e-mail or phone (POST: neither appears
    in addresses or logs); a wrong pair says only "not found"; attempts are limited."""
    form = LookupForm(request.POST or None)
    question = None
    status = 200
    if request.method == "POST" and form.is_valid():
        refusal = guard.admit(request, "lookup", lookup=True)
        if refusal:
            form.add_error(None, refusal)
            status = 429
        else:
            question = form.question()
            if question is None:
                form.add_error(
                    None,
                    _("Không tìm thấy câu hỏi với mã và thông tin liên hệ này. Hãy kiểm tra "
                      "lại mã trong thư xác nhận."),
                )  # fmt: skip
                status = 404
    elif request.method == "POST":
        status = 400
    source = question.readable_answer if question is not None else None
    return render(
        request, "questions/lookup.html",
        {"form": form, "question": question, "source": source,
         "meta": page_meta(request, _("Tra cứu câu hỏi"), noindex=True)},
        status=status,
    )  # fmt: skip
