"""The training registry in the sitemap."""

from django.db.models import Max

from portal.sitemaps import SiteUrlSitemap

from .models import TrainingEvent


class EventSitemap(SiteUrlSitemap):
    def items(self):
        return TrainingEvent.objects.public().only("slug", "updated").order_by("-start", "-pk")

    def lastmod(self, obj):
        return obj.updated

    def get_latest_lastmod(self):
        return TrainingEvent.objects.public().aggregate(latest=Max("updated"))["latest"]
