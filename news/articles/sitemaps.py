"""Articles and categories in the sitemap (portal/sitemaps.py makes the index)."""

from django.db.models import Max, Q

from portal.sitemaps import SiteUrlSitemap

from .models import Article, Category


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
