"""Reading <picture> markup and ``sizes`` back as a browser would (tests of photo formats)."""

from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass
from html import unescape

from PIL import Image, ImageDraw, ImageFilter


def _length(text: str, viewport: float) -> float:
    text = text.strip()
    if match := re.fullmatch(r"calc\(([\d.]+)vw - ([\d.]+)px\)", text):
        return float(match[1]) * viewport / 100 - float(match[2])
    if match := re.fullmatch(r"([\d.]+)vw", text):
        return float(match[1]) * viewport / 100
    if match := re.fullmatch(r"([\d.]+)px", text):
        return float(match[1])
    raise ValueError(f"a length these tests do not read: {text!r}")


def slot_width(sizes: str, viewport: float) -> float:
    """The width in CSS pixels that ``sizes`` gives the photo at a ``viewport`` px wide window
    (the first entry whose (min-width) matches, else the last)."""
    for entry in sizes.split(", "):
        if match := re.fullmatch(r"\(min-width: (\d+)px\) (.+)", entry):
            if viewport >= int(match[1]):
                return _length(match[2], viewport)
            continue
        return _length(entry, viewport)
    raise ValueError(f"no default length in {sizes!r}")


def needed(widths: list[int], slot: float, density: float) -> int:
    """The narrowest candidate that fills ``slot`` CSS pixels at ``density`` device pixels per
    CSS pixel (the widest when none does): what a browser needs to download, at most."""
    fitting = [w for w in sorted(widths) if w >= slot * density]
    return fitting[0] if fitting else max(widths)


@dataclass
class Picture:
    sources: list[dict]  # attributes of each <source>, in order
    img: dict  # attributes of the <img>

    @property
    def types(self) -> list[str]:
        return [s["type"] for s in self.sources]


def _attrs(tag: str) -> dict:
    return {k: unescape(v) for k, v in re.findall(r'([a-z-]+)="([^"]*)"', tag)}


def srcset_widths(srcset: str) -> list[int]:
    return [int(part.rsplit(" ", 1)[1][:-1]) for part in srcset.split(", ")]


def srcset_urls(srcset: str) -> list[str]:
    return [part.rsplit(" ", 1)[0] for part in srcset.split(", ")]


def pictures_in(html: str) -> list[Picture]:
    found = []
    for inner in re.findall(r"<picture>(.*?)</picture>", html, re.S):
        sources = [_attrs(tag) for tag in re.findall(r"<source [^>]*>", inner)]
        img = _attrs(re.search(r"<img [^>]*>", inner)[0])
        found.append(Picture(sources, img))
    return found


def scene_bytes(size=(900, 600), seed=1) -> bytes:
    """A JPEG that compresses like the demo photos (gradient, shapes, a little blur)."""
    rng = random.Random(seed)
    width, height = size
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y, r = rng.randint(0, width), rng.randint(0, height), rng.randint(20, width // 5)
        colour = (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
    buffer = io.BytesIO()
    image.filter(ImageFilter.GaussianBlur(1.5)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()
