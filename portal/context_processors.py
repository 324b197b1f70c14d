from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import chrome


def site(request):
    """The frame's data, fetched only when a template uses it (the admin never does)."""
    return {
        "chrome": SimpleLazyObject(chrome.get_chrome),
        "SITE_URL": settings.SITE_URL,
        # The national monitoring script and its badge, when configured (settings, EMC_*).
        "emc": {
            "script_url": settings.EMC_SCRIPT_URL,
            "label": settings.EMC_LABEL,
            "badge_url": settings.EMC_BADGE_URL,
        },
    }
