"""Every content kind's public addresses, under the "news" namespace."""

from .articles import urls as articles
from .documents import urls as documents
from .events import urls as events

app_name = "news"

# The events' and documents' feeds first: /rss/tap-huan/ is not a category's feed.
urlpatterns = [*events.urlpatterns, *documents.urlpatterns, *articles.urlpatterns]
