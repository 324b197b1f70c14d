"""Photos as pages print them: ``<picture>`` with the modern formats first, the original's format
in ``<img>`` (the fallback), and the ``sizes`` of every place a photo is shown.

One markup for the rendered bodies (portal/richtext.py builds the same elements) and for the
templates (``{% picture %}`` in portal_tags). ``sizes`` tells the browser how wide the photo
will be before the stylesheet arrives, so it picks the smallest file that fills it: they must
follow static/css/site.css, and tests/browser/test_photo_sizes.py measures the real layout at
several widths against them.

The layout they come from (site.css): ``.container`` is at most 1,180 px with 16 px padding on
each side (1,148 px inside); below 960 px one column (100vw - 32px); from 960 px the main
column beside a 320 px sidebar with a 32 px gap (100vw - 384px, at most 796 px).
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

SIZES = {
    # An article's (or a page's, an event's...) body: the main column.
    "body": "(min-width: 1180px) 796px, (min-width: 960px) calc(100vw - 384px), calc(100vw - 32px)",
    # The home page's featured article: 3/5 of the main column less the 12 px gap from 768 px.
    "featured": (
        "(min-width: 1180px) 471px, (min-width: 960px) calc(60vw - 237px), "
        "(min-width: 768px) calc(60vw - 26px), calc(100vw - 32px)"
    ),
    # A card in .card-grid (the home page's latest news): columns of at least 220 px with
    # 20 px gaps, as many as fit the main column (1 to 3).
    "card_grid": (
        "(min-width: 1180px) 252px, (min-width: 1084px) calc(33.34vw - 141px), "
        "(min-width: 960px) calc(50vw - 202px), (min-width: 732px) calc(33.34vw - 24px), "
        "(min-width: 492px) calc(50vw - 26px), calc(100vw - 32px)"
    ),
    # A card in a list: a 120 px thumbnail, 200 px from 600 px; a compact card's stays 120 px.
    "card": "(min-width: 600px) 200px, 120px",
    "card_compact": "120px",
    # Banners: across the container under the menu, or the sidebar's width.
    "banner_top": "(min-width: 1180px) 1148px, calc(100vw - 32px)",
    "banner_sidebar": "(min-width: 960px) 320px, calc(100vw - 32px)",
    # The sidebar's service icons and the header's logo (48 px squares), officials' portraits.
    "icon": "48px",
    "portrait": "(min-width: 600px) 120px, 96px",
}


# The widest a slot ever is, in CSS pixels, where that is small: files wider than three times it
# (a 3x phone) are left out of its srcset, so lists of thumbnails do not carry 1,600 px
# candidates no screen would pick. Slots not named here can be as wide as the screen.
LARGEST = {"card": 200, "card_compact": 120, "icon": 48, "portrait": 120}
MAX_DENSITY = 3


def useful(candidates, sizes: str) -> list[tuple[str, int]]:
    """The candidates a browser could pick for the slot ``sizes``: all but those wider than
    the first one that covers the slot's largest width at MAX_DENSITY."""
    ordered = sorted(candidates, key=lambda candidate: candidate[1])
    largest = LARGEST.get(sizes)
    if largest is None:
        return ordered
    kept = []
    for url, width in ordered:
        kept.append((url, width))
        if width >= largest * MAX_DENSITY:
            break
    return kept


def srcset(candidates) -> str:
    return ", ".join(f"{url} {width}w" for url, width in candidates)


def parts(data: dict, sizes: str, *, alt: str = "", **attrs) -> tuple[list[dict], dict]:
    """The attributes of each <source> and of the <img>. ``data`` is Photo.picture() (or the
    frame's cached copy of it); ``sizes`` a key of SIZES; ``attrs`` more attributes of the
    <img> (width and height replace the photo's; None leaves an attribute out)."""
    size = SIZES[sizes]
    sources = [
        {"type": mime, "srcset": srcset(useful(found, sizes)), "sizes": size}
        for mime, found in data.get("sources", ())
    ]
    if "candidates" in data:
        img = {"src": data["src"], "srcset": srcset(useful(data["candidates"], sizes))}
    else:  # a frame cached by the release before <picture> (its banners had a srcset)
        img = {"src": data["src"], "srcset": data.get("srcset", "")}
    if not img["srcset"]:
        del img["srcset"]
    img.update(sizes=size, alt=alt)
    if data.get("width") and data.get("height"):
        img.update(width=str(data["width"]), height=str(data["height"]))
    for name, value in attrs.items():
        if value is None:
            img.pop(name, None)
        else:
            img[name] = str(value)
    return sources, img


def _tag(name: str, attrs: dict) -> str:
    return f"<{name}" + "".join(f' {k}="{escape(v)}"' for k, v in attrs.items()) + ">"


def html(data: dict, sizes: str, **attrs) -> SafeString:
    """``<picture><source type=image/avif …><source type=image/webp …><img …></picture>``, or
    the <img> alone for a photo without modern formats."""
    sources, img = parts(data, sizes, **attrs)
    if not sources:
        return mark_safe(_tag("img", img))  # every value escaped by _tag
    inner = "".join(_tag("source", source) for source in sources) + _tag("img", img)
    return mark_safe(f"<picture>{inner}</picture>")
