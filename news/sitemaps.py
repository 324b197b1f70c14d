"""sitemap.xml: every public page, with absolute links on SITE_URL."""

from django.db.models import Max, Q
from django.urls import reverse

from portal.sitemaps import SiteUrlSitemap

from .models import Article, Category, TrainingEvent


class ArticleSitemap(SiteUrlSitemap):
    def items(self):
        return (
            Article.objects.published()
            .select_related("category")
            .only("pk", "slug", "updated", "category__slug")
            .order_by("-publish_at", "-pk")
        )

    def lastmod(self, obj):
        return obj.updated

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max("updated"))["latest"]


class CategorySitemap(SiteUrlSitemap):
    def items(self):
        published = Q(articles__in=Article.objects.published())
        latest = Max("articles__updated", filter=published)
        return Category.objects.annotate(latest=latest).order_by("order", "pk")

    def lastmod(self, obj):
        return obj.latest or obj.updated


class EventSitemap(SiteUrlSitemap):
    def items(self):
        return TrainingEvent.objects.public().only("slug", "updated").order_by("-start", "-pk")

    def lastmod(self, obj):
        return obj.updated

    def get_latest_lastmod(self):
        return TrainingEvent.objects.public().aggregate(latest=Max("updated"))["latest"]


class FixedPageSitemap(SiteUrlSitemap):
    def items(self):
        from portal.models import Page

        return Page.objects.published().only("slug", "updated")

    def lastmod(self, obj):
        return obj.updated

    def get_latest_lastmod(self):
        from portal.models import Page

        return Page.objects.published().aggregate(latest=Max("updated"))["latest"]


class SectionSitemap(SiteUrlSitemap):
    """The home page and the lists that are not categories."""

    def items(self):
        return ["news:home", "news:all", "news:events", "news:event_statistics"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        if item == "news:home" or item == "news:all":
            return Article.objects.published().aggregate(latest=Max("updated"))["latest"]
        return TrainingEvent.objects.public().aggregate(latest=Max("updated"))["latest"]


SITEMAPS = {
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "events": EventSitemap,
    "pages": FixedPageSitemap,
}
