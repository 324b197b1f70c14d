"""What every public page tells search engines and social networks: title, description,
canonical address, Open Graph and Twitter card tags. Views build it with :func:`page_meta`."""

from __future__ import annotations

from django.conf import settings
from django.templatetags.static import static
from django.utils.text import Truncator
from django.utils.translation import gettext as _

DEFAULT_IMAGE = ("img/og-default.png", 1200, 630)


def page_meta(
    request,
    title: str,
    description: str = "",
    *,
    photo=None,
    kind: str = "website",
    page_number: int = 1,
    noindex: bool = False,
) -> dict:
    if page_number and page_number > 1:
        title = _("%(title)s – trang %(n)s") % {"title": title, "n": page_number}
    canonical = settings.SITE_URL + request.path
    if page_number and page_number > 1:
        canonical += f"?page={page_number}"
    if photo is not None and photo.image:
        image = (settings.SITE_URL + photo.rendition_url(1200), photo.width, photo.height)
        if photo.width > 1200:
            image = (image[0], 1200, round(photo.height * 1200 / photo.width))
        alt = photo.alt_text
    else:
        name, width, height = DEFAULT_IMAGE
        image = (settings.SITE_URL + static(name), width, height)
        alt = ""
    return {
        "title": title,
        "description": Truncator(" ".join((description or "").split())).chars(200),
        "canonical": canonical,
        "type": kind,
        "image": image[0],
        "image_width": image[1],
        "image_height": image[2],
        "image_alt": alt,
        "noindex": noindex,
    }
