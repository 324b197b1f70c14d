"""Template helpers every page kind uses: dates, structured data, breadcrumbs."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from portal import dates, pictures

register = template.Library()


@register.filter
def dateline(value):
    """The date line of Vietnamese portals: "Thứ sáu, 29/09/2017 10:02" (local time)."""
    return dates.dateline(value)


@register.filter
def short_date(value):
    """ "29/09/2017", for lists."""
    return dates.short_date(value)


@register.filter
def thumb_height(photo, width):
    """The height of a photo shown ``width`` pixels wide (for width/height attributes)."""
    return photo.thumbnail_height(int(width)) if photo else 0


@register.simple_tag
def picture(image, sizes, src_width=800, alt="", **attrs):
    """A photo as <picture> (AVIF, WebP, then the original's format in <img>; portal/pictures.py):
    ``{% picture photo "card" src_width=480 loading="lazy" %}``. ``image`` is a Photo or the
    frame's cached ``Photo.picture()``; ``sizes`` a key of ``pictures.SIZES``; ``src_width``
    chooses the <img>'s src for browsers that read no srcset; ``attrs`` go on the <img>."""
    if not image:
        return ""
    data = image.picture(int(src_width)) if hasattr(image, "picture") else image
    return pictures.html(data, sizes, alt=alt, **attrs)


# The escapes of Django's json_script: no "</script>" or "<!--" can end the block early.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(value):
    """Structured data as <script type="application/ld+json">, escaped like json_script."""
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*steps, current=""):
    """The trail from the home page: ``{% breadcrumbs name1 url1 name2 url2 current=title %}``;
    the current page comes last, not linked."""
    home = reverse("site:home")  # "/" in Vietnamese, "/en/" in English
    trail = [(_("Trang chủ"), home), *zip(steps[::2], steps[1::2], strict=True)]
    return {"trail": trail, "current": current}


@register.simple_tag
def translated(obj, field, html=False, note=True):
    """``obj.<field>`` in the active language (portal/i18n.py). A Vietnamese fallback on an
    English page is wrapped in ``lang="vi"`` and followed by a visible "(in Vietnamese)" note.
    ``html=True`` only for fields the model layer has sanitised (rendered rich bodies);
    ``note=False`` where the page already says, once, that it is shown in Vietnamese."""
    from portal.i18n import translated as pick

    text = pick(obj, field)
    value = mark_safe(text.value) if html else text.value  # sanitised on save only
    if not text.fallback:
        return format_html("{}", value)
    tag = "div" if html else "span"
    if not note:
        return format_html('<{} lang="vi">{}</{}>', tag, value, tag)
    return format_html(
        '<{} lang="vi" class="untranslated">{}</{}> <small class="untranslated-note">{}</small>',
        tag, value, tag, _("(chưa có bản tiếng Anh, đang hiển thị tiếng Việt)"),
    )  # fmt: skip


@register.filter
def tr(obj, field):
    """The plain text of ``obj.<field>`` in the active language, for attributes and trails."""
    from portal.i18n import translated as pick

    return pick(obj, field).value
