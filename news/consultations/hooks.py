"""How consultations plug into the site layer: menu, search, feed, sitemap, caches, the next
opening or closing moment, the admin's home page, personal data."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Max
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import pagecache, privacy, registry, search
from portal.dates import short_datetime
from portal.registry import MenuItem, Panel, Task

from . import personal
from .models import Comment, CommentStatus, Consultation, ConsultationReport
from .sitemaps import ConsultationSitemap

CLOSING_SOON_DAYS = 7


def menu() -> list[MenuItem]:
    return [MenuItem(_("Lấy ý kiến dự thảo"), reverse("news:consultations"), 420)]


def next_change(now: datetime):
    """The next publication or end of one, and the next opening or closing: the lists, the
    page's link to the form and the report change then."""
    moments = [
        Consultation.objects.next_change(now),
        Consultation.objects.next_moment(now),
        ConsultationReport.objects.next_change(now),
    ]
    moments = [m for m in moments if m is not None and m > now]
    return min(moments) if moments else None


def latest_change():
    return Consultation.objects.published().aggregate(latest=Max("updated"))["latest"]


def _search(words):
    return search.matching(Consultation.objects.published(), words, newest=("-opens_at", "-pk"))


def _hit(consultation, words) -> search.Hit:
    return search.Hit(
        url=consultation.get_absolute_url(),
        title=search.highlight(consultation.title, words),
        snippet=search.snippet([consultation.summary], words),
        meta=_("%(unit)s · %(phase)s, nhận góp ý đến %(end)s") % {
            "unit": consultation.drafting_unit, "phase": consultation.phase_label(),
            "end": short_datetime(consultation.closes_at),
        },
    )  # fmt: skip


def _panels(request):
    from .admin import CONSULTATION_POLICY, REPORT_POLICY

    user = request.user
    panels = [*CONSULTATION_POLICY.panels(request), *REPORT_POLICY.panels(request)]
    if user.has_perm("news.view_comment"):
        waiting = (
            Consultation.objects.with_counts().filter(waiting__gt=0).order_by("closes_at", "pk")
        )
        changelist = reverse("admin:news_comment_changelist")
        tasks = [
            Task(
                str(c),
                f"{changelist}?consultation__id__exact={c.pk}&status__exact={CommentStatus.PENDING}",
                _("%(n)s ý kiến chờ kiểm duyệt") % {"n": c.waiting},
            )
            for c in waiting[:20]
        ]
        panels.append(
            Panel(
                _("Ý kiến góp ý chờ kiểm duyệt"),
                tasks,
                f"{changelist}?status__exact={CommentStatus.PENDING}",
            )
        )
    if user.has_perm("news.view_consultation"):
        now = timezone.now()
        soon = (
            Consultation.objects.published()
            .open_now(now)
            .filter(closes_at__lte=now + timedelta(days=CLOSING_SOON_DAYS))
            .order_by("closes_at", "pk")
        )
        panels.append(
            Panel(
                _("Sắp hết hạn lấy ý kiến (trong %(days)s ngày)") % {"days": CLOSING_SOON_DAYS},
                [
                    Task(
                        str(c),
                        reverse("admin:news_consultation_change", args=[c.pk]),
                        _("kết thúc %(time)s") % {"time": short_datetime(c.closes_at)},
                    )
                    for c in soon[:20]
                ],
            )
        )
    return panels


def _comment_saved(sender, instance, created, raw=False, **kwargs):
    """Moderation changes what pages show; a new comment waiting for it does not (the count
    of comments received on cached pages follows within the page cache's lifetime, so that a
    flood of comments cannot empty the whole site's cache)."""
    if raw:
        return
    if not created or instance.status != CommentStatus.PENDING:
        pagecache.bump_content_version()


def _comment_deleted(sender, instance, **kwargs):
    pagecache.bump_content_version()


def register() -> None:
    registry.watch(Consultation, ConsultationReport)
    post_save.connect(_comment_saved, sender=Comment, dispatch_uid="consultation-comment-saved")
    post_delete.connect(
        _comment_deleted, sender=Comment, dispatch_uid="consultation-comment-deleted"
    )
    registry.add_menu(menu)
    registry.add_feed(gettext_lazy("Lấy ý kiến dự thảo"), "news:consultation_feed", order=40)
    registry.add_dashboard(_panels)
    registry.add_next_change(next_change)
    registry.add_section("news:consultations", latest_change, order=42)
    registry.add_sitemap("consultations", ConsultationSitemap)
    search.register(
        search.Provider(
            "lay-y-kien",
            gettext_lazy("Lấy ý kiến dự thảo"),
            _search,
            _hit,
            order=35,
            model=Consultation,
        )
    )
    privacy.register(personal.SOURCE)
