"""What articles add to the admin's visit report (portal/admin/visits.py, through
``registry.add_report``): views by category and the most read articles over the report's days,
from the daily rows the view beacon writes (``ArticleViewDay``). Three queries whatever the
number of days, categories or articles."""

from __future__ import annotations

from datetime import date

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from portal.registry import ReportTable

from .models import Article, ArticleViewDay, Category


def by_category(start: date, end: date) -> ReportTable:
    """Every category with its article views over the days (0 included: a category nobody
    reads is worth seeing), most read first, with its share of all article views."""
    views = dict(
        ArticleViewDay.objects.filter(day__gte=start, day__lte=end)
        .values("article__category")
        .annotate(views=Sum("count"))
        .order_by()
        .values_list("article__category", "views")
    )
    total = sum(views.values())
    categories = sorted(Category.objects.all(), key=lambda c: (-views.get(c.pk, 0), c.order))
    rows, links = [], []
    for category in categories:
        count = views.get(category.pk, 0)
        share = f"{number_format(count * 100 / total, 1)} %" if total else "–"
        rows.append((category.name, count, share))
        links.append(reverse("admin:news_category_change", args=[category.pk]))
    return ReportTable(
        key="categories",
        title=_("Lượt xem bài viết theo chuyên mục"),
        sheet=_("Theo chuyên mục"),
        headers=(_("Chuyên mục"), _("Lượt xem"), _("Tỉ lệ")),
        rows=rows,
        links=tuple(links),
        chart=1,
        note=_("Tổng lượt xem bài viết: %(total)s.") % {"total": intcomma(total)},
    )


def top_articles(start: date, end: date, top: int) -> ReportTable:
    """The ``top`` most viewed articles over the days, whatever their status today (a taken
    down article's readers still happened)."""
    articles = (
        Article.objects.filter(view_days__day__gte=start, view_days__day__lte=end)
        .annotate(views=Sum("view_days__count"))
        .select_related("category")
        .only("title", "publish_at", "category__name")
        .order_by("-views", "-publish_at", "-pk")[:top]
    )
    rows, links = [], []
    for article in articles:
        published = timezone.localdate(article.publish_at) if article.publish_at else ""
        rows.append((article.title, article.category.name, published, article.views))
        links.append(reverse("admin:news_article_change", args=[article.pk]))
    return ReportTable(
        key="articles",
        title=_("%(n)s bài viết được xem nhiều nhất") % {"n": top},
        sheet=_("Theo bài viết"),
        headers=(_("Bài viết"), _("Chuyên mục"), _("Ngày đăng"), _("Lượt xem")),
        rows=rows,
        links=tuple(links),
        chart=3,
    )


def report(start: date, end: date, top: int) -> list[ReportTable]:
    return [by_category(start, end), top_articles(start, end, top)]
