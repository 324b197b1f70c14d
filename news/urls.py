"""Every content kind's public addresses, under the "news" namespace."""

from .agency import urls as agency
from .articles import urls as articles
from .consultations import urls as consultations
from .documents import urls as documents
from .events import urls as events
from .questions import urls as questions
from .schedules import urls as schedules

app_name = "news"

# The events' and documents' feeds first: /rss/tap-huan/ is not a category's feed.
urlpatterns = [
    *events.urlpatterns, *documents.urlpatterns, *questions.urlpatterns,
    *consultations.urlpatterns, *schedules.urlpatterns,
    *articles.urlpatterns,
]  # fmt: skip

# The kinds' pages in Vietnamese and English (portal/i18n.py), composed by the root URLconf.
bilingual_urlpatterns = [*agency.bilingual_urlpatterns]
