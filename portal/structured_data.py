"""schema.org structured data that every kind's pages share (JSON-LD, printed through the
json_script-style escaping of the ``|jsonld`` filter). Kinds build their own types (NewsArticle,
Event, Legislation...) in their own jsonld module and use these pieces."""

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone

from .chrome import get_chrome


def publisher() -> dict:
    """The agency, as the publisher or organiser of what the portal shows."""
    chrome = get_chrome()
    logo = chrome["logo"]["src"] if chrome["logo"] else static("img/apple-touch-icon.png")
    return {
        "@type": "GovernmentOrganization",
        "name": chrome["site_name"],
        "logo": {"@type": "ImageObject", "url": settings.SITE_URL + logo},
    }


def local_iso(value) -> str:
    return timezone.localtime(value).isoformat()
