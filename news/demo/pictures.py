"""Generated demo photos: simple drawn scenes, so the demo needs no photo files and no network."""

from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

WIDTH, HEIGHT = 1600, 1067
FONT_PATHS = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
]


def _font(size: int):
    for path in FONT_PATHS:
        if path.exists():
            return ImageFont.truetype(str(path), size)
    return None


def _gradient(top: tuple, bottom: tuple) -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    for y in range(HEIGHT):
        t = y / HEIGHT
        colour = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (WIDTH, y)], fill=colour)
    return image


def _person(draw: ImageDraw.ImageDraw, x: int, y: int, scale: float, shirt: tuple, rng) -> None:
    head = int(34 * scale)
    skin = rng.choice([(233, 196, 160), (214, 170, 130), (240, 205, 170)])
    hair = (30, 26, 24)
    draw.ellipse([x - head, y - head, x + head, y + head], fill=skin)
    draw.chord([x - head, y - head, x + head, y + int(head * 0.2)], 180, 360, fill=hair)
    draw.rounded_rectangle(
        [x - int(head * 1.9), y + head, x + int(head * 1.9), y + int(head * 5.5)],
        radius=int(head * 0.9),
        fill=shirt,
    )


def _backdrop(draw: ImageDraw.ImageDraw, text: str) -> None:
    draw.rectangle([120, 70, WIDTH - 120, 330], fill=(163, 22, 33))
    draw.rectangle([120, 330, WIDTH - 120, 350], fill=(246, 196, 69))
    size = 64
    font = _font(size)
    while font is not None and draw.textbbox((0, 0), text, font=font)[2] > WIDTH - 320:
        size -= 4
        font = _font(size)  # shrink until the text fits the backdrop
    if font is not None:
        box = draw.textbbox((0, 0), text, font=font)
        top = 200 - (box[3] - box[1]) / 2 - box[1]
        draw.text(((WIDTH - (box[2] - box[0])) / 2, top), text, font=font, fill=(255, 235, 160))


def opening_speech(seed: int = 1) -> Image.Image:
    rng = random.Random(seed)
    image = _gradient((228, 232, 238), (150, 120, 95))
    draw = ImageDraw.Draw(image)
    _backdrop(draw, "HỘI NGHỊ TẬP HUẤN")
    # podium with the speaker behind it
    _person(draw, 800, 470, 2.1, (35, 45, 70), rng)
    draw.polygon([(640, 640), (960, 640), (920, 1000), (680, 1000)], fill=(120, 72, 40))
    draw.rectangle([700, 700, 900, 760], fill=(246, 196, 69))
    draw.line([(790, 560), (770, 640)], fill=(20, 20, 20), width=8)
    # flowers
    for i in range(9):
        cx = 690 + i * 27
        draw.ellipse(
            [cx - 22, 600, cx + 22, 644],
            fill=rng.choice([(220, 40, 60), (250, 180, 40), (240, 90, 120)]),
        )
    return image.filter(ImageFilter.GaussianBlur(1.2))


def speaker_presenting(seed: int = 2) -> Image.Image:
    rng = random.Random(seed)
    image = _gradient((205, 215, 228), (120, 100, 85))
    draw = ImageDraw.Draw(image)
    # projection screen with a chart
    draw.rectangle([880, 90, 1500, 520], fill=(250, 250, 252), outline=(60, 60, 60), width=6)
    for i, h in enumerate([120, 220, 170, 300, 260]):
        draw.rectangle([940 + i * 110, 480 - h, 1010 + i * 110, 480], fill=(11, 74, 139))
    # the speaker at a table
    _person(draw, 420, 560, 2.0, (240, 240, 245), rng)
    draw.rectangle([160, 760, 800, 1067], fill=(25, 70, 120))
    draw.rectangle([160, 760, 800, 790], fill=(246, 196, 69))
    draw.rectangle([520, 700, 640, 770], fill=(60, 60, 60))  # laptop
    return image.filter(ImageFilter.GaussianBlur(1.2))


def hall_overview(seed: int = 3) -> Image.Image:
    rng = random.Random(seed)
    image = _gradient((235, 236, 240), (170, 140, 110))
    draw = ImageDraw.Draw(image)
    _backdrop(draw, "TRUYỀN THÔNG VÀ GIẢM NGHÈO VỀ THÔNG TIN")
    draw.rectangle([300, 360, 1300, 430], fill=(120, 72, 40))
    for row in range(6):
        y = 520 + row * 95
        scale = 0.55 + row * 0.12
        count = 11 - row // 2
        for col in range(count):
            x = int(90 + (WIDTH - 180) * (col + 0.5) / count + rng.randint(-12, 12))
            shirt = rng.choice([(235, 235, 240), (40, 60, 100), (200, 200, 210), (90, 110, 150)])
            _person(draw, x, y, scale, shirt, rng)
    return image.filter(ImageFilter.GaussianBlur(1.0))


def simple_scene(seed: int, palette: tuple) -> Image.Image:
    """A generic illustration for the shorter demo articles."""
    rng = random.Random(seed)
    image = _gradient(palette[0], palette[1])
    draw = ImageDraw.Draw(image)
    for _ in range(14):
        x, y = rng.randint(0, WIDTH), rng.randint(0, HEIGHT)
        r = rng.randint(60, 240)
        colour = tuple(min(255, c + rng.randint(-30, 30)) for c in palette[2])
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
    for i in range(3):
        _person(draw, 500 + i * 300, 620, 1.6, rng.choice([(35, 45, 70), (240, 240, 245)]), rng)
    return image.filter(ImageFilter.GaussianBlur(2))


def banner(text: str) -> Image.Image:
    image = Image.new("RGB", (960, 360), (11, 74, 139))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 300, 960, 360], fill=(179, 18, 31))
    for i in range(12):
        draw.ellipse([700 + i * 12, 40 + i * 18, 940, 280], outline=(90, 140, 200), width=3)
    font = _font(52)
    if font is not None:
        draw.text((40, 120), text, font=font, fill=(255, 255, 255))
    return image


def to_jpeg(image: Image.Image, name: str) -> io.BytesIO:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    buffer.seek(0)
    buffer.name = name
    return buffer
