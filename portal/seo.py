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


class Described:
    """Model mixin: what the page about an object tells search engines and social networks.
    Models override the ``meta_*`` methods; views call ``obj.page_meta(request)``."""

    meta_kind = "website"

    def meta_title(self) -> str:
        return str(self)

    def meta_description(self) -> str:
        return ""

    def meta_photo(self):
        return None

    def page_meta(self, request, **options) -> dict:
        return page_meta(
            request, self.meta_title(), self.meta_description(), photo=self.meta_photo(),
            kind=self.meta_kind, **options,
        )  # fmt: skip


class ListMeta:
    """View mixin for paginated lists: ``meta_title`` and ``meta_description`` (class
    attributes, or methods), the page number taken from the paginator."""

    meta_title = ""
    meta_description = ""

    def get_meta(self, page_number: int) -> dict:
        title = self.meta_title() if callable(self.meta_title) else self.meta_title
        text = self.meta_description() if callable(self.meta_description) else self.meta_description
        return page_meta(self.request, str(title), str(text), page_number=page_number)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["meta"] = self.get_meta(context["page_obj"].number)
        return context
