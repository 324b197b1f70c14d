"""sitemap.xml: every public page, with absolute links on SITE_URL."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse

from .models import Article, Category, TrainingEvent


class SiteUrlSitemap(Sitemap):
    """Absolute links on SITE_URL, whatever host the request came to."""

    limit = 5000

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(SiteUrlSitemap):
    def items(self):
        return Article.objects.published().select_related("category").order_by("-publish_at", "-pk")

    def lastmod(self, obj):
        return obj.updated


class CategorySitemap(SiteUrlSitemap):
    def items(self):
        published = Q(articles__in=Article.objects.published())
        latest = Max("articles__updated", filter=published)
        return Category.objects.annotate(latest=latest).order_by("order", "pk")

    def lastmod(self, obj):
        return obj.latest or obj.updated


class EventSitemap(SiteUrlSitemap):
    def items(self):
        return TrainingEvent.objects.public().order_by("-start", "-pk")

    def lastmod(self, obj):
        return obj.updated


class FixedPageSitemap(SiteUrlSitemap):
    def items(self):
        from portal.models import Page

        return Page.objects.published()

    def lastmod(self, obj):
        return obj.updated


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
