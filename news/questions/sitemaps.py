"""Published questions in the sitemap."""

from django.db.models import Max

from portal.sitemaps import SiteUrlSitemap

from .models import Question


class QuestionSitemap(SiteUrlSitemap):
    def items(self):
        return Question.objects.published().only("slug", "updated").order_by("-answered_at", "-pk")

    def lastmod(self, obj):
        return obj.updated

    def get_latest_lastmod(self):
        return Question.objects.published().aggregate(latest=Max("updated"))["latest"]
