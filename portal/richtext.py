"""The one place rich text is sanitised, and the body pipeline.

Every rich text (article bodies, fixed pages, event descriptions, and what later kinds add)
passes through :func:`sanitise` in the model layer on save, whatever wrote it: the admin, an
import or the shell. Only what this module returns is ever marked safe in templates.

Rich bodies go through :func:`process_body`, a pipeline of small steps: sanitise (nh3) → parse
into a small tree → resolve the images against the portal's photos (one query) → drop unknown or
outside images and editor leftovers → canonicalise the photos and record their placements →
render a second copy with each photo as ``<picture>`` (AVIF and WebP ``<source>``s, the JPEG
``<img>`` with ``srcset``, ``sizes``, ``width``, ``height``, lazy loading; portal/pictures.py)
and the credit under the caption. Both copies are stored; pages print the rendered one without
further work.

``<picture>`` and ``<source>`` are not in the sanitiser's allow-list: editors cannot paste them
(a pasted one loses its tags and its addresses). Only the renderer writes them, after
sanitising, from the photo's own record: ``type``, ``srcset`` and ``sizes``, nothing else.

The tree is our own (about sixty lines) rather than lxml or html5lib: it only ever reads nh3's
output, which is already well-formed HTML5, and lxml's HTML parser (libxml2, HTML 4 rules)
moves HTML5 elements such as <figure> around, while html5lib is pure Python and barely kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape, unescape
from html.parser import HTMLParser

import nh3
from django.conf import settings
from django.utils.translation import gettext as _

from . import pictures
from .links import unsafe_link_reason
from .text import clean_multiline, nfc

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6",
    "strong", "b", "em", "i", "u", "s", "sub", "sup", "span", "blockquote", "q", "abbr",
    "ul", "ol", "li", "dl", "dt", "dd",
    "a", "figure", "figcaption", "img",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
# "class" is allowed only with these values (nh3 refuses "class" in ALLOWED_ATTRIBUTES as well).

ALIGN_CLASSES = {"text-left", "text-center", "text-right", "text-justify"}
ALLOWED_CLASSES = {
    "p": ALIGN_CLASSES,
    "h2": ALIGN_CLASSES,
    "h3": ALIGN_CLASSES,
    "h4": ALIGN_CLASSES,
    "figure": {"image", "image-left", "image-center", "image-right"},
}

URL_SCHEMES = {"http", "https", "mailto"}

# h1 is the page title's; headings typed in the body start at h2.
_H1 = re.compile(r"<(/?)h1(\s|>)", re.IGNORECASE)

# A photo's files: photos/<year>/<month>/<key>.<ext> and its renditions <key>-<width>.<ext>.
PHOTO_PATH = re.compile(
    r"photos/\d{4}/\d{2}/(?P<key>[a-f0-9]{12,32})(?:-\d+)?\.(?:jpg|png|webp|avif)$"
)

VOID_TAGS = {"br", "hr", "img", "source"}

# CKEditor's image2 puts its placeholder in a new caption ("Nhãn" in Vietnamese); an editor who
# never typed a caption leaves it there. It is not a caption.
CAPTION_PLACEHOLDERS = {"Nhãn", "Caption", "Chú thích"}


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    """Drop link addresses a browser would open on another site than they seem to name."""
    if element == "a" and attribute == "href":
        # A space typed in a pasted address is only a space: encode it, as browsers do.
        candidate = unescape(value).strip().replace(" ", "%20")
        if candidate.startswith("#") or not unsafe_link_reason(candidate):
            return candidate
        if "://" not in candidate and not candidate.startswith(("/", "mailto:")):
            # relative addresses ("tin-tuc/...") are fine unless they hide a "\\" or a control
            return None if "\\" in candidate or not candidate.isprintable() else value
        return None
    return value


def sanitise(html: str) -> str:
    """Clean untrusted rich text: allowed tags and attributes only, safe URL schemes only."""
    html = _H1.sub(r"<\1h2\2", clean_multiline(html or ""))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=_attribute_filter,
    ).strip()


def to_text(html: str) -> str:
    """Plain text of (sanitised) HTML, for search and descriptions."""
    # Block ends become spaces so that words of adjacent paragraphs do not run together.
    html = re.sub(r"</(p|h[1-6]|li|td|th|figcaption|blockquote)>|<br\s*/?>", " ", html or "")
    text = nh3.clean(html, tags=set(), attributes={})
    # nh3 escapes the text it keeps; undo that for plain text.
    return re.sub(r"\s+", " ", unescape(text)).strip()


# A tiny tree of the sanitised HTML, so figures can be inspected and rewritten as a whole.


@dataclass
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)

    def find(self, tag: str) -> Element | None:
        for child in self.children:
            if isinstance(child, Element):
                if child.tag == tag:
                    return child
                found = child.find(tag)
                if found is not None:
                    return found
        return None


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.root = Element("root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID_TAGS:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                break

    # Text arrives escaped (nh3 escapes it and convert_charrefs is off): keep it as it is.
    def handle_data(self, data):
        self.stack[-1].children.append(data)

    def handle_entityref(self, name):
        self.stack[-1].children.append(f"&{name};")

    def handle_charref(self, name):
        self.stack[-1].children.append(f"&#{name};")


def _parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def _serialise(node: Element | str) -> str:
    if isinstance(node, str):
        return node
    attrs = "".join(f' {name}="{escape(value, quote=True)}"' for name, value in node.attrs.items())
    if node.tag in VOID_TAGS:
        return f"<{node.tag}{attrs}>"
    inner = "".join(_serialise(child) for child in node.children)
    if node.tag == "root":
        return inner
    return f"<{node.tag}{attrs}>{inner}</{node.tag}>"


def _text_of(node: Element | str) -> str:
    if isinstance(node, str):
        return node
    return "".join(_text_of(child) for child in node.children)


def _all_images(node: Element) -> list[Element]:
    found: list[Element] = []
    for child in node.children:
        if isinstance(child, Element):
            if child.tag == "img":
                found.append(child)
            found.extend(_all_images(child))
    return found


def _only_image(node: Element) -> bool:
    """True for a paragraph that holds one image and nothing else (as CKEditor pastes it)."""
    elements = [c for c in node.children if isinstance(c, Element) and c.tag != "br"]
    text = "".join(c for c in node.children if isinstance(c, str))
    return (
        len(elements) == 1 and elements[0].tag == "img" and not text.replace("&nbsp;", "").strip()
    )


# Where photos were when they lived in MEDIA_ROOT: bodies written before a move to S3 storage
# still name them so, and are given the new addresses when rendered again.
FOLDER_MEDIA_URL = "/media/"


def photo_key(src: str) -> str | None:
    """The photo key in an image address of our own media (MEDIA_URL, which may be a bucket's
    or a CDN's absolute address), or None for anything else."""
    path = src.split("?", 1)[0].split("#", 1)[0]
    site = getattr(settings, "SITE_URL", "")
    if site and path.startswith(site):
        path = path[len(site) :]
    for media_url in (settings.MEDIA_URL, FOLDER_MEDIA_URL):
        if path.startswith(media_url):
            match = PHOTO_PATH.fullmatch(path[len(media_url) :])
            return match.group("key") if match else None
    return None


@dataclass
class Placement:
    """One use of a photo in a body, in reading order."""

    photo: object  # portal.models.Photo
    caption: str  # plain text of the figure's caption ("" without one)
    alt: str  # the alt text in effect: the body's own, else the photo's default


@dataclass
class Body:
    """What :func:`process_body` made of a rich body."""

    source: str  # sanitised HTML, as it goes back into the editor
    rendered: str  # the same with responsive images and credits, as the page prints it
    placements: list[Placement] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # image addresses that were removed
    missing_alt: list = field(default_factory=list)  # photos used without any alt text

    @property
    def photos(self) -> list:
        return [p.photo for p in self.placements]


def process_body(html: str, photo_lookup) -> Body:
    """The body pipeline: sanitise → parse → resolve photos → tidy → record → render.

    ``photo_lookup`` takes a set of photo keys and returns ``{key: Photo}`` (one query).
    """
    tree = _parse(sanitise(html))
    photos = resolve_photos(tree, photo_lookup)
    removed = drop_unknown_images(tree, photos)
    drop_placeholder_captions(tree)
    drop_empty_paragraphs(tree)
    placements = canonicalise_images(tree, photos)
    source = _serialise(tree)
    return Body(
        source=source,
        rendered=render(_parse(source), placements),
        placements=placements,
        removed=removed,
        missing_alt=list(dict.fromkeys(p.photo for p in placements if not p.alt)),
    )


def photo_references(html: str) -> list[tuple[str, str, str]]:
    """(photo key, caption, alt) of each of our own images in a sanitised body, in order; for
    code that has no Photo records at hand (data migrations)."""
    tree = _parse(html)
    found = []
    for img, figure in _images_with_figures(tree):
        key = photo_key(img.attrs.get("src", ""))
        if key:
            caption = figure.find("figcaption") if figure is not None else None
            text = _text_of(caption).strip() if caption is not None else ""
            found.append((key, unescape(text), img.attrs.get("alt", "")))
    return found


# The steps, each on the tree in place.


def resolve_photos(tree: Element, photo_lookup) -> dict:
    """The portal's photos the body's images point at, by key (one lookup for all)."""
    keys = {key for img in _all_images(tree) if (key := photo_key(img.attrs.get("src", "")))}
    return photo_lookup(keys) if keys else {}


def _known(img: Element, photos: dict):
    key = photo_key(img.attrs.get("src", ""))
    return photos.get(key) if key else None


def drop_unknown_images(node: Element, photos: dict) -> list[str]:
    """Remove images that are not the portal's photos (a figure goes with its image; a
    figure without any image keeps its text). Returns the addresses removed."""
    removed: list[str] = []
    kept: list[Element | str] = []
    for child in node.children:
        if isinstance(child, Element):
            if child.tag == "figure":
                img = child.find("img")
                if img is None:
                    kept.extend(child.children)
                    continue
                if _known(img, photos) is None:
                    removed.append(img.attrs.get("src", ""))
                    continue
            elif child.tag == "img" and _known(child, photos) is None:
                removed.append(child.attrs.get("src", ""))
                continue
            removed.extend(drop_unknown_images(child, photos))
        kept.append(child)
    node.children = kept
    return removed


def drop_placeholder_captions(node: Element) -> None:
    """CKEditor's caption placeholder ("Nhãn") and empty captions are not captions."""
    node.children = [
        child
        for child in node.children
        if not (
            isinstance(child, Element)
            and child.tag == "figcaption"
            and _text_of(child).replace("&nbsp;", " ").strip() in CAPTION_PLACEHOLDERS | {""}
        )
    ]
    for child in node.children:
        if isinstance(child, Element):
            drop_placeholder_captions(child)


def drop_empty_paragraphs(node: Element) -> None:
    """Pressing Enter twice in CKEditor leaves <p>&nbsp;</p>: a gap, not a paragraph."""

    def empty(child) -> bool:
        if not (isinstance(child, Element) and child.tag == "p"):
            return False
        if any(isinstance(c, Element) and c.tag != "br" for c in child.children):
            return False
        return not _text_of(child).replace("&nbsp;", " ").replace("\xa0", " ").strip()

    node.children = [child for child in node.children if not empty(child)]
    for child in node.children:
        if isinstance(child, Element):
            drop_empty_paragraphs(child)


def canonicalise_images(tree: Element, photos: dict) -> list[Placement]:
    """Give each image its photo's original address and size (whatever the editor sent) and
    return the placements in reading order."""
    placements = []
    for img, figure in _images_with_figures(tree):
        photo = _known(img, photos)
        alt = nfc(img.attrs.get("alt", "")).strip()
        img.attrs = {"src": photo.url, "alt": alt}
        if photo.width and photo.height:
            img.attrs.update(width=str(photo.width), height=str(photo.height))
        caption = figure.find("figcaption") if figure is not None else None
        text = _text_of(caption).strip() if caption is not None else ""
        placements.append(Placement(photo, unescape(text), alt or photo.alt_text))
    return placements


def _images_with_figures(node: Element, figure: Element | None = None):
    for child in node.children:
        if isinstance(child, Element):
            if child.tag == "img":
                yield child, figure
            else:
                yield from _images_with_figures(child, child if child.tag == "figure" else figure)


def render(tree: Element, placements: list[Placement]) -> str:
    """The page's copy: responsive images (the first one fetched early, the rest lazily),
    credits under captions, lone images in figures, wide tables that scroll on phones."""
    _Renderer(placements).visit(tree)
    return _serialise(tree)


class _Renderer:
    def __init__(self, placements: list[Placement]):
        self.placements = iter(placements)
        self.first = True

    def image(self, img: Element) -> Placement:
        """The photo as <picture> (the element becomes it, in place), or as <img> alone when
        the photo has no modern formats."""
        placement = next(self.placements)
        early = {"fetchpriority": "high"} if self.first else {"loading": "lazy"}
        sources, attrs = pictures.parts(
            placement.photo.picture(), "body", alt=placement.alt, **early, decoding="async"
        )
        self.first = False
        if sources:
            img.tag, img.attrs = "picture", {}
            img.children = [Element("source", source) for source in sources]
            img.children.append(Element("img", attrs))
        else:
            img.attrs = attrs
        return placement

    @staticmethod
    def credit(photo) -> Element:
        text = escape(_("Ảnh: %(credit)s") % {"credit": photo.credit})
        return Element("span", {"class": "photo-credit"}, [text])

    def figure(self, children: list, classes: set[str] = frozenset()) -> Element:
        figure = Element("figure", {"class": " ".join(sorted({"image", *classes}))}, children)
        first, *others = _all_images(figure)
        photo = self.image(first).photo
        for other in others:
            self.image(other)
        if photo.credit:
            caption = figure.find("figcaption")
            if caption is None:
                caption = Element("figcaption")
                figure.children.append(caption)
            else:
                caption.children.append(" ")
            caption.children.append(self.credit(photo))
        return figure

    def visit(self, node: Element) -> None:
        children: list[Element | str] = []
        for child in node.children:
            if not isinstance(child, Element):
                children.append(child)
            elif child.tag == "figure":
                classes = set(child.attrs.get("class", "").split())
                children.append(self.figure(child.children, classes))
            elif child.tag == "p" and _only_image(child):
                children.append(self.figure([child.find("img")]))
            elif child.tag == "img" and node.tag == "root":
                children.append(self.figure([child]))
            elif child.tag == "img":
                self.image(child)  # inline in text: responsive, without a figure
                children.append(child)
            elif child.tag == "table":
                self.visit(child)
                children.append(Element("div", {"class": "table-scroll"}, [child]))
            else:
                self.visit(child)
                children.append(child)
        node.children = children
