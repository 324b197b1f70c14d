"""Every content kind's public addresses, under the "news" namespace."""

from .articles import urls as articles
from .events import urls as events

app_name = "news"

# The events' feed first: /rss/tap-huan/ is not a category's feed.
urlpatterns = [*events.urlpatterns, *articles.urlpatterns]
