from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import chrome


def site(request):
    """The frame's data, fetched only when a template uses it (the admin never does)."""
    from news.views_count import most_read

    return {
        "chrome": SimpleLazyObject(chrome.get_chrome),
        "most_read": SimpleLazyObject(most_read),
        "SITE_URL": settings.SITE_URL,
    }
