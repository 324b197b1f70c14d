"""RSS 2.0 feed of the training events."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.chrome import get_chrome
from portal.dates import short_datetime
from portal.feeds import CleanRssFeed

from .models import TrainingEvent

FEED_SIZE = 30


def absolute(path: str) -> str:
    return settings.SITE_URL + path


class EventFeed(Feed):
    feed_type = CleanRssFeed
    language = "vi"

    def title(self):
        return _("%(site)s – Tập huấn") % {"site": get_chrome()["site_name"]}

    def link(self):
        return absolute(reverse("news:events"))

    def feed_url(self):
        return absolute(reverse("news:event_feed"))

    def description(self):
        return _("Các lớp tập huấn mới nhất và sắp diễn ra.")

    def items(self):
        return TrainingEvent.objects.public().order_by("-start", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        start = short_datetime(item.start)
        return _("%(start)s tại %(place)s. %(status)s.") % {
            "start": start,
            "place": item.place,
            "status": item.get_status_display(),
        }

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.created

    def item_updateddate(self, item):
        return item.updated
