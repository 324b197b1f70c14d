"""RSS 2.0 feed of the newest published answers (nothing about the askers but the name they
chose to show)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.chrome import get_chrome
from portal.feeds import CleanRssFeed

from .models import Question

FEED_SIZE = 30


class QuestionFeed(Feed):
    feed_type = CleanRssFeed
    language = "vi"

    def title(self):
        return _("%(site)s – Hỏi đáp") % {"site": get_chrome()["site_name"]}

    def link(self):
        return settings.SITE_URL + reverse("news:questions")

    def feed_url(self):
        return settings.SITE_URL + reverse("news:question_feed")

    def description(self):
        return _("Câu hỏi của người dân và câu trả lời mới nhất của cơ quan.")

    def items(self):
        return (
            Question.objects.published()
            .select_related("topic")
            .order_by("-answered_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.question

    def item_link(self, item):
        return settings.SITE_URL + item.get_absolute_url()

    def item_pubdate(self, item):
        return item.answered_at

    def item_categories(self, item):
        return [item.topic.name]
