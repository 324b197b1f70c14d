from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import chrome


def site(request):
    """The frame's data, fetched only when a template uses it (the admin never does)."""
    return {"chrome": SimpleLazyObject(chrome.get_chrome), "SITE_URL": settings.SITE_URL}
