"""Public pages of the consultations: the lists (open, upcoming, closed), a draft's page (cached;
no form on it, only a link to the comment page while open), the comment form (never cached)
and the page after sending; and the staff preview."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from portal import guard
from portal.models import files_prefetch
from portal.seo import page_meta

from . import mail
from .forms import FORM_BYTES, TEXT_MAX, CommentForm
from .models import Comment, Consultation, ConsultationReport, Phase

CLOSED_PER_PAGE = 20
COMMENTS_PER_PAGE = 50


def _listed(queryset):
    return queryset.with_counts().only(
        "title", "slug", "summary", "drafting_unit", "opens_at", "closes_at", "publication"
    )


def consultation_list(request):
    now = timezone.now()
    published = Consultation.objects.published()
    open_now = list(_listed(published.open_now(now)).order_by("closes_at", "pk"))
    upcoming = list(_listed(published.upcoming(now)).order_by("opens_at", "pk"))
    closed = _listed(published.closed(now)).order_by("-closes_at", "-pk")
    page = Paginator(closed, CLOSED_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/consultation_list.html",
        {
            "open_now": open_now,
            "upcoming": upcoming,
            "page_obj": page,
            "closed": page.object_list,
            "page_query": "",
            "meta": page_meta(
                request,
                _("Lấy ý kiến dự thảo"),
                _(
                    "Dự thảo văn bản, kế hoạch của Sở đang lấy ý kiến nhân dân, doanh nghiệp: đọc "
                    "dự thảo, gửi góp ý, xem báo cáo tiếp thu, giải trình sau khi kết thúc."
                ),
                page_number=page.number,
            ),
        },
    )


def consultation_detail(request, slug):
    consultation = get_object_or_404(_with_details(Consultation.objects.published()), slug=slug)
    return _render_detail(request, consultation)


@never_cache
@require_safe
@staff_member_required
def consultation_preview(request, pk):
    """Staff see a draft or scheduled consultation (and its report, approved or not) as readers
    will; never cached, never indexed."""
    if not request.user.has_perm("news.view_consultation"):
        raise PermissionDenied
    consultation = get_object_or_404(_with_details(Consultation.objects.all()), pk=pk)
    response = _render_detail(request, consultation, preview=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _with_details(queryset):
    return queryset.with_counts().prefetch_related(files_prefetch())


def _render_detail(request, consultation, *, preview=False):
    now = timezone.now()
    phase = consultation.phase(now)
    comments, page = [], None
    if consultation.publishes_each:
        shown = (
            Comment.objects.shown()
            .filter(consultation=consultation)
            .only("name", "organisation", "reference", "text", "created", "consultation_id")
        )
        paginator = Paginator(shown, COMMENTS_PER_PAGE)
        paginator.__dict__["count"] = consultation.approved  # counted with the draft already
        page = paginator.get_page(request.GET.get("page"))
        comments = page.object_list
    report = None
    if phase == Phase.CLOSED or preview:
        reports = ConsultationReport.objects.filter(consultation=consultation)
        if not preview:  # the public: approved, once closed
            reports = reports.published()
        report = reports.prefetch_related(files_prefetch()).first()
    return render(
        request,
        "consultations/consultation_detail.html",
        {
            "consultation": consultation,
            "phase": phase,
            "comments": comments,
            "page_obj": page,
            "page_query": "",
            "report": report,
            "preview": preview,
            "meta": consultation.page_meta(
                request, noindex=preview, page_number=page.number if page else 1
            ),
        },
    )


def _comment_page(request, consultation, form, status=200, unsent=""):
    return render(
        request,
        "consultations/comment_form.html",
        {
            "consultation": consultation,
            "form": form,
            "phase": consultation.phase(),
            "unsent": unsent,
            "meta": page_meta(
                request, _("Góp ý: %(title)s") % {"title": consultation.title}, noindex=True
            ),
        },
        status=status,
    )


def _sent_context(request, consultation):
    return {
        "consultation": consultation,
        "meta": page_meta(request, _("Đã gửi góp ý"), noindex=True),
    }


@never_cache
@guard.small_body(FORM_BYTES)
@require_http_methods(["GET", "HEAD", "POST"])
def comment(request, slug):
    """The comment form. Refused with a message outside the window; bots are told "received"
    and nothing is kept; a valid comment is stored in one transaction with its rate-limit
    record, then the visitor is sent to the thank-you page (POST, redirect, GET)."""
    consultation = get_object_or_404(Consultation.objects.published(), slug=slug)
    if request.method != "POST":
        form = CommentForm(consultation=consultation) if consultation.is_open else None
        return _comment_page(request, consultation, form)
    form = CommentForm(request.POST, consultation=consultation)
    if not consultation.is_open:
        # Before the opening or after the closing: nothing kept. The text typed is shown back
        # (as text) so that it is not lost: it can still go to the contact given.
        unsent = (request.POST.get("text") or "")[:TEXT_MAX]
        return _comment_page(request, consultation, None, status=403, unsent=unsent)
    if form.is_bot():
        return guard.dropped(
            request, "consultations/comment_sent.html", _sent_context(request, consultation)
        )
    if not form.is_valid():
        return _comment_page(request, consultation, form, status=400)
    if form.already_sent:
        return redirect("news:consultation_comment_sent", slug=consultation.slug)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            refusal = guard.admit(request, "comment")
            if refusal is None:
                comment = Comment.objects.create(
                    consultation=consultation,
                    name=data["name"],
                    organisation=data["organisation"],
                    email=data["email"],
                    reference=data["reference"],
                    text=data["text"],
                    consent_at=timezone.now(),
                    address_key=guard.address_key(request),
                    fingerprint=form.fingerprint,
                )
    except IntegrityError:
        # The same comment sent twice at once: the other request kept it (and its rate-limit
        # record went back with this one's transaction).
        return redirect("news:consultation_comment_sent", slug=consultation.slug)
    if refusal is not None:
        form.add_error(None, refusal)
        return _comment_page(request, consultation, form, status=429)
    mail.notify_moderators(comment)
    return redirect("news:consultation_comment_sent", slug=consultation.slug)


@never_cache
@require_safe
def comment_sent(request, slug):
    consultation = get_object_or_404(Consultation.objects.published(), slug=slug)
    return render(request, "consultations/comment_sent.html", _sent_context(request, consultation))
