"""Public news pages: home, category listings, article detail, and the staff preview."""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from portal import pagecache
from portal.pagination import ArchivePaginator
from portal.seo import ListMeta, page_meta

from .jsonld import article_jsonld
from .models import Article, Category

HOME_PER_CATEGORY = 4
RELATED_COUNT = 6


def newest_of_each(published, categories, count: int):
    """The ``count`` newest articles of each category, in one query.

    PostgreSQL: one short index scan per category, glued with UNION ALL, so the cost does not
    grow with the archive (a window over every article of the menu's categories read them all:
    EXPLAIN in `make bench`). SQLite cannot slice the parts of a compound query, so it numbers the
    rows with a window instead (embedded sites are small)."""
    if not categories:
        return []
    newest = ("-publish_at", "-pk")
    if connection.features.supports_slicing_ordering_in_compound:
        parts = [published.filter(category=c).order_by(*newest)[:count] for c in categories]
        rows = list(parts[0].union(*parts[1:], all=True)) if len(parts) > 1 else list(parts[0])
        # UNION ALL promises no order: each category's newest first again.
        return sorted(rows, key=lambda a: (a.category_id, -a.publish_at.timestamp(), -a.pk))
    ranked = published.filter(category__in=categories).annotate(
        rank=Window(
            RowNumber(),
            partition_by=F("category_id"),
            order_by=[F("publish_at").desc(), F("pk").desc()],
        )
    )
    return list(ranked.filter(rank__lte=count).order_by("category_id", "rank"))


def home(request):
    """The featured article, the latest articles, and the latest of each menu category."""
    published = Article.objects.published().for_lists()
    featured = published.filter(is_featured=True).first() or published.first()
    latest = list(published.exclude(pk=getattr(featured, "pk", None))[:6])
    # The menu's categories (kept while the content is unchanged: a category's save changes it).
    categories = pagecache.per_content(
        "home:categories", lambda: list(Category.objects.filter(show_in_menu=True))
    )
    by_category: dict[int, list[Article]] = {}
    for article in newest_of_each(published, categories, HOME_PER_CATEGORY):
        by_category.setdefault(article.category_id, []).append(article)
    sections = [(c, by_category[c.pk]) for c in categories if by_category.get(c.pk)]
    meta = page_meta(request, "", photo=getattr(featured, "lead_photo", None))
    return render(
        request,
        "articles/home.html",
        {"featured": featured, "latest": latest, "sections": sections, "meta": meta},
    )


class PublicArticleList(ListView):
    """Shared by every public listing: published articles only, paginated."""

    paginate_by = 12
    paginator_class = ArchivePaginator
    template_name = "articles/article_list.html"
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_lists()


class AllNewsView(ListMeta, PublicArticleList):
    meta_title = _("Tin tức")
    meta_description = _("Tất cả tin bài mới nhất của cổng thông tin.")


class CategoryView(PublicArticleList):
    template_name = "articles/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(category=self.category)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(category=self.category, **kwargs)
        context["meta"] = self.category.page_meta(
            self.request, page_number=context["page_obj"].number
        )
        return context


def _render_article(request, article, *, preview=False):
    related = (
        Article.objects.published()
        .for_lists()
        .filter(category_id=article.category_id)
        .exclude(pk=article.pk)[:RELATED_COUNT]
    )
    meta = article.page_meta(request, noindex=preview)
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "related": related,
            "preview": preview,
            "meta": meta,
            "jsonld": article_jsonld(article, meta),
        },
    )


def article_detail(request, category, slug, pk):
    article = get_object_or_404(
        Article.objects.published().select_related("category", "lead_photo", "event"), pk=pk
    )
    if article.slug != slug or article.category.slug != category:
        # Old addresses (renamed title or moved category) keep working.
        return redirect(article, permanent=True)
    return _render_article(request, article)


@require_safe
def article_short(request, pk):
    """A short, permanent address (/bai-viet/<id>/): the feeds' GUID, and safe to share."""
    article = get_object_or_404(Article.objects.published().select_related("category"), pk=pk)
    return redirect(article, permanent=True)


@never_cache
@require_safe
@staff_member_required
def article_preview(request, pk):
    """Staff see a draft or scheduled article as readers will; never cached, never indexed."""
    if not request.user.has_perm("news.view_article"):
        raise PermissionDenied
    article = get_object_or_404(
        Article.objects.select_related("category", "lead_photo", "event"), pk=pk
    )
    response = _render_article(request, article, preview=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
