"""The one place rich text is sanitised.

Every rich text (article bodies, fixed pages, event descriptions) passes through
:func:`sanitise` in the model layer on save, whatever wrote it: the admin, an import or the shell.
Only what this module returns is ever marked safe in templates.

Article bodies go one step further (:func:`process_body`): after nh3 has removed everything
dangerous, each ``<img>`` must be one of the portal's own photos. Unknown or outside images are
removed (and reported), the photos used are returned in order, and a second, rendered copy of the
body is produced with ``srcset``, ``sizes``, ``width``, ``height`` and lazy loading from each
photo's record, plus the credit under the caption. Both copies are stored; pages print the
rendered one without further work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape, unescape
from html.parser import HTMLParser

import nh3
from django.conf import settings
from django.utils.translation import gettext as _

from portal.links import unsafe_link_reason
from portal.text import clean_multiline, nfc

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
PHOTO_PATH = re.compile(r"photos/\d{4}/\d{2}/(?P<key>[a-f0-9]{12,32})(?:-\d+)?\.(?:jpg|png|webp)$")

VOID_TAGS = {"br", "hr", "img"}

# CKEditor's image2 puts its placeholder in a new caption ("Nhãn" in Vietnamese); an editor who
# never typed a caption leaves it there. It is not a caption.
CAPTION_PLACEHOLDERS = {"Nhãn", "Caption", "Chú thích"}

# The article column is at most 760 px wide; on phones the photo takes the full width.
BODY_IMAGE_SIZES = "(min-width: 1100px) 760px, (min-width: 768px) 70vw, 100vw"


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


def _drop_empty_paragraphs(node: Element) -> None:
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
            _drop_empty_paragraphs(child)


def _drop_placeholder_captions(node: Element) -> None:
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
            _drop_placeholder_captions(child)


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


def photo_key(src: str) -> str | None:
    """The photo key in an image address of our own media, or None for anything else."""
    media_url = settings.MEDIA_URL
    path = src.split("?", 1)[0].split("#", 1)[0]
    site = getattr(settings, "SITE_URL", "")
    if site and path.startswith(site):
        path = path[len(site) :]
    if not path.startswith(media_url):
        return None
    match = PHOTO_PATH.fullmatch(path[len(media_url) :])
    return match.group("key") if match else None


@dataclass
class BodyResult:
    """What :func:`process_body` made of an article body."""

    source: str  # sanitised HTML, as it goes back into the editor
    rendered: str  # the same with responsive images and credits, as the page prints it
    photos: list  # Photo records in the order they appear
    captions: list[str]  # the caption (plain text) of each use, same order
    alts: list[str]  # the alt text of each use, same order
    removed: list[str] = field(default_factory=list)  # image addresses that were removed
    missing_alt: list = field(default_factory=list)  # photos used without any alt text


def process_body(html: str, photo_lookup) -> BodyResult:
    """Sanitise an article body and resolve its images against the portal's photos.

    ``photo_lookup`` takes a set of photo keys and returns ``{key: Photo}`` (one query).
    """
    clean = sanitise(html)
    tree = _parse(clean)

    images = _all_images(tree)
    keys = {key for img in images if (key := photo_key(img.attrs.get("src", "")))}
    photos = photo_lookup(keys) if keys else {}

    removed: list[str] = []

    def known(img: Element):
        key = photo_key(img.attrs.get("src", ""))
        return photos.get(key) if key else None

    # Pass 1, the source: drop unknown images (with their figure), canonicalise known ones.
    def prune(node: Element):
        kept: list[Element | str] = []
        for child in node.children:
            if isinstance(child, Element):
                if child.tag == "figure":
                    img = child.find("img")
                    if img is None:
                        kept.extend(child.children)  # a figure without a photo: keep its text
                        continue
                    if known(img) is None:
                        removed.append(img.attrs.get("src", ""))
                        continue
                elif child.tag == "img" and known(child) is None:
                    removed.append(child.attrs.get("src", ""))
                    continue
                prune(child)
            kept.append(child)
        node.children = kept

    prune(tree)
    _drop_placeholder_captions(tree)
    _drop_empty_paragraphs(tree)

    used: list = []
    captions: list[str] = []
    alts: list[str] = []
    missing_alt: list = []

    def canonicalise(node: Element, in_figure: Element | None):
        for child in node.children:
            if not isinstance(child, Element):
                continue
            if child.tag == "img":
                photo = known(child)
                alt = nfc(child.attrs.get("alt", "")).strip()
                attrs = {"src": photo.url, "alt": alt}
                if photo.width and photo.height:
                    attrs["width"] = str(photo.width)
                    attrs["height"] = str(photo.height)
                child.attrs = attrs
                used.append(photo)
                effective_alt = alt or photo.alt_text
                alts.append(effective_alt)
                if not effective_alt and photo not in missing_alt:
                    missing_alt.append(photo)
                caption = in_figure.find("figcaption") if in_figure is not None else None
                captions.append(_text_of(caption).strip() if caption is not None else "")
            else:
                canonicalise(child, child if child.tag == "figure" else in_figure)

    canonicalise(tree, None)
    source = _serialise(tree)

    # Pass 2, the rendering: responsive images, credits, wide tables that scroll on phones.
    rendered_tree = _parse(source)
    position = 0

    def render_img(img: Element) -> Element:
        nonlocal position
        photo = used[position]
        alt = alts[position]
        position += 1
        attrs = {
            "src": photo.display_url,
            "srcset": photo.srcset,
            "sizes": BODY_IMAGE_SIZES,
            "alt": alt,
        }
        if photo.width and photo.height:
            attrs["width"] = str(photo.width)
            attrs["height"] = str(photo.height)
        if position == 1:
            attrs["fetchpriority"] = "high"
        else:
            attrs["loading"] = "lazy"
        attrs["decoding"] = "async"
        img.attrs = attrs
        return photo

    def credit_node(photo) -> Element:
        return Element(
            "span",
            {"class": "photo-credit"},
            [escape(_("Ảnh: %(credit)s") % {"credit": photo.credit})],
        )

    def render(node: Element):
        new_children: list[Element | str] = []
        for child in node.children:
            if isinstance(child, Element):
                if child.tag == "figure":
                    first, *others = _all_images(child)
                    photo = render_img(first)
                    for other in others:
                        render_img(other)
                    caption = child.find("figcaption")
                    if photo.credit:
                        if caption is None:
                            caption = Element("figcaption")
                            child.children.append(caption)
                        else:
                            caption.children.append(" ")
                        caption.children.append(credit_node(photo))
                    classes = set(child.attrs.get("class", "").split()) | {"image"}
                    child.attrs = {"class": " ".join(sorted(classes))}
                    new_children.append(child)
                    continue
                if child.tag == "p" and _only_image(child):
                    child = Element("figure", {"class": "image"}, [child.find("img")])
                    photo = render_img(child.children[0])
                    if photo.credit:
                        child.children.append(Element("figcaption", {}, [credit_node(photo)]))
                    new_children.append(child)
                    continue
                if child.tag == "img" and node.tag != "root":
                    render_img(child)  # inline in text: responsive, without a figure
                    new_children.append(child)
                    continue
                if child.tag == "img":
                    photo = render_img(child)
                    figure = Element("figure", {"class": "image"}, [child])
                    if photo.credit:
                        figure.children.append(Element("figcaption", {}, [credit_node(photo)]))
                    new_children.append(figure)
                    continue
                if child.tag == "table":
                    render(child)
                    new_children.append(Element("div", {"class": "table-scroll"}, [child]))
                    continue
                render(child)
            new_children.append(child)
        node.children = new_children

    render(rendered_tree)
    rendered = _serialise(rendered_tree)
    return BodyResult(
        source=source,
        rendered=rendered,
        photos=used,
        captions=captions,
        alts=alts,
        removed=removed,
        missing_alt=missing_alt,
    )
