"""How articles plug into the site layer: menu, search, sitemap, caches, scheduled changes."""

from __future__ import annotations

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from portal import registry, search
from portal.dates import short_date
from portal.registry import MenuItem
from portal.richtext import to_text

from . import statistics
from .models import Article, Category
from .sitemaps import ArticleSitemap, CategorySitemap


def category_menu() -> list[MenuItem]:
    return [
        MenuItem(category.name, category.get_absolute_url(), 100 + category.order)
        for category in Category.objects.filter(show_in_menu=True)
    ]


def site_map() -> list[MenuItem]:
    """Tin tức, with every category (the menu shows only some)."""
    from django.urls import reverse

    categories = tuple(
        MenuItem(category.name, category.get_absolute_url(), category.order)
        for category in Category.objects.all()
    )
    return [MenuItem(_("Tin tức"), reverse("news:all"), 90, categories)]


def next_scheduled(now):
    """The next moment an article goes live or leaves the site by itself."""
    return Article.objects.next_change(now)


def _panels(request):
    from .admin import POLICY

    return POLICY.panels(request)


def latest_change():
    return Article.objects.published().aggregate(latest=Max("updated"))["latest"]


def _search(words):
    return Article.objects.published().select_related("category", "lead_photo").matching(words)


def _hit(article, words) -> search.Hit:
    return search.Hit(
        url=article.get_absolute_url(),
        title=search.highlight(article.title, words),
        snippet=search.snippet([article.sapo, to_text(article.body)], words),
        meta=f"{short_date(article.publish_at)} · {article.category.name}",
    )


def register() -> None:
    registry.watch(Article)
    registry.watch(Category, frame=True)  # the menu shows categories
    registry.add_menu(category_menu)
    registry.add_site_map(site_map)
    registry.add_feed(_("Tin mới"), "news:feed", order=10)
    registry.add_dashboard(_panels)
    registry.add_report(statistics.report)  # views by category and article, in Thống kê truy cập
    registry.add_next_change(next_scheduled)
    registry.add_section("news:all", latest_change, order=10)
    registry.add_sitemap("articles", ArticleSitemap)
    registry.add_sitemap("categories", CategorySitemap)
    search.register(
        search.Provider("bai-viet", _("Bài viết"), _search, _hit, order=10, model=Article)
    )
