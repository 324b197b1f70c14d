"""RSS 2.0 feeds: the latest articles and each category's.

Links are absolute with SITE_URL (not the request's host), cover photos go out as enclosures.
"""

import mimetypes

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Enclosure
from django.utils.translation import gettext as _

from portal.chrome import get_chrome
from portal.feeds import CleanRssFeed

from .models import Article, Category

FEED_SIZE = 30


def absolute(path: str) -> str:
    return settings.SITE_URL + path


class ArticleFeed(Feed):
    feed_type = CleanRssFeed
    language = "vi"

    def title(self, obj=None):
        return _("%(site)s – Tin mới") % {"site": get_chrome()["site_name"]}

    def link(self, obj=None):
        return absolute(reverse("news:all"))

    def feed_url(self, obj=None):
        return absolute(reverse("news:feed"))

    def description(self, obj=None):
        return _("Các bài viết mới nhất trên cổng thông tin.")

    def items(self, obj=None):
        return Article.objects.published().for_lists()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.sapo

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_guid(self, item):
        return absolute(reverse("news:article_short", args=[item.pk]))

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        return [item.category.name]

    def item_enclosures(self, item):
        photo = item.lead_photo
        if photo is None:
            return []
        name = photo.renditions.get("800") or photo.image.name
        try:
            length = photo.image.storage.size(name)
        except OSError:
            return []
        mime = mimetypes.guess_type(name)[0] or "image/jpeg"
        return [Enclosure(absolute(photo.image.storage.url(name)), str(length), mime)]


class CategoryFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, obj=None):
        return f"{get_chrome()['site_name']} – {obj.name}"

    def link(self, obj=None):
        return absolute(obj.get_absolute_url())

    def feed_url(self, obj=None):
        return absolute(reverse("news:category_feed", args=[obj.slug]))

    def description(self, obj=None):
        return obj.description or obj.name

    def items(self, obj=None):
        return Article.objects.published().for_lists().filter(category=obj)[:FEED_SIZE]
