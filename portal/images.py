"""The one place photos are validated and resized.

An upload becomes a photo in one pass, at upload time: Pillow identifies the file from its
content (not its name), refuses anything but JPEG, PNG and WebP, refuses pixel bombs before
decoding, decodes the whole image (truncated files fail here), applies the EXIF orientation,
drops every metadata block but the ICC colour profile, stores the original at most
``MAX_STORED_SIDE`` pixels wide and writes the renditions the pages use. Pages never resize.

Renditions come in the original's format (the fallback every browser reads: JPEG for photos,
PNG for graphics) at ``RENDITION_WIDTHS``, and in the modern formats (``variants``): AVIF when
this machine's Pillow can write it, and WebP, each at the same widths plus the original's, so
``<picture>`` offers every width in every format (portal/pictures.py). A modern format is kept
only when it is smaller in all than the format after it (AVIF than WebP, WebP than the fallback):
a browser that prefers it never downloads more. Everything is written through the storage API
(``default_storage``: a folder or a bucket), never a local path; ``manage.py photo_renditions``
makes them again for photos stored before.
"""

from __future__ import annotations

import contextlib
import io
import secrets
import warnings
from dataclasses import dataclass, field
from functools import cache, lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError, features

from . import media_storage

# Renditions made for every photo (widths in pixels); the original is the largest size. 160 and
# 320 for icons, portraits and list thumbnails (48 to 200 CSS pixels, at 1× to 3×); 1600 for the
# article column (796 CSS pixels at most, portal/pictures.py) on 2× screens.
RENDITION_WIDTHS = (160, 320, 480, 800, 1200, 1600)
MAX_STORED_SIDE = 2400

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

# The modern formats, in the order browsers are offered them (the first they read wins).
MODERN_FORMATS = ("avif", "webp")
PILLOW_FORMATS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP", "avif": "AVIF"}
MIME_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "avif": "image/avif"}

# Quality: measured on the demo photos (README, "Photos"), WebP 80 and AVIF 55 come out at about
# the PSNR of JPEG 84 and a third of its bytes or less. AVIF's speed 7 (of 0-10) encodes about a
# third faster than the default 6 for some 3 % more bytes: the editor waits for the upload.
JPEG_QUALITY = 84
WEBP_QUALITY = 80
AVIF_QUALITY = 55
AVIF_SPEED = 7

# Pillow warns above this many pixels and refuses above twice as many; we refuse above it.
Image.MAX_IMAGE_PIXELS = settings.PHOTO_MAX_PIXELS


def max_bytes() -> int:
    return settings.PHOTO_MAX_BYTES


def max_pixels() -> int:
    return settings.PHOTO_MAX_PIXELS


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def too_large_message(size: int) -> str:
    return _("Ảnh quá lớn (%(size)s MB). Dung lượng tối đa là %(limit)s MB.") % {
        "size": _megabytes(size),
        "limit": max_bytes() // (1024 * 1024),
    }


def max_decoded_bytes() -> int:
    return settings.PHOTO_MAX_DECODED_BYTES


def decoded_bytes(image: Image.Image) -> int:
    """Memory Pillow needs for the decoded image: one byte a pixel for single-band 8-bit modes
    ("1", "L", "P"), two for 16-bit grey, four for every multi-band mode (RGB is stored in 32
    bits) and for 32-bit modes, twice that with transparency; as the JPEG decoder will produce
    it after ``draft``."""
    width, height = image.size
    if image.mode in ("1", "L", "P"):
        per_pixel = 1
    elif image.mode.startswith("I;16"):
        per_pixel = 2
    elif image.mode in ("LA", "RGBA", "PA"):
        per_pixel = 8  # reducing transparent images works on a premultiplied copy
    else:
        per_pixel = 4
    return width * height * per_pixel


def too_heavy_message(image: Image.Image) -> str:
    return _(
        "Ảnh quá lớn để xử lý (%(w)s × %(h)s điểm ảnh). Hãy thu nhỏ ảnh, ví dụ xuống dưới "
        "6000 × 4000 điểm ảnh, hoặc lưu dưới dạng JPEG rồi tải lên lại."
    ) % {"w": image.size[0], "h": image.size[1]}


def _reduce(image: Image.Image) -> Image.Image:
    """A copy between one and two times MAX_STORED_SIDE on its longer side (box average;
    nearest neighbour for bilevel and palette images, which cannot be averaged), or the image
    itself when it is already smaller than twice that."""
    factor = max(image.size) // MAX_STORED_SIDE
    if factor < 2:
        return image
    if image.mode in ("1", "P") or image.mode.startswith("I;16"):
        size = (max(1, image.width // factor), max(1, image.height // factor))
        return image.resize(size, Image.Resampling.NEAREST)
    return image.reduce(factor)


def _rotated(image: Image.Image) -> bool:
    return image.getexif().get(ExifTags.Base.Orientation, 1) not in (0, 1)


def _sniff_unsupported(head: bytes) -> str | None:
    """A specific message for common formats Pillow cannot (or must not) take."""
    if head[4:12] in {b"ftypheic", b"ftypheix", b"ftyphevc", b"ftypmif1", b"ftypmsf1", b"ftypavif"}:
        return _(
            "Ảnh HEIC/HEIF (thường chụp từ iPhone) chưa được hỗ trợ. "
            "Hãy xuất ảnh sang định dạng JPEG rồi tải lên lại."
        )
    if head.startswith((b"GIF87a", b"GIF89a")):
        return _("Ảnh GIF không được hỗ trợ. Hãy xuất ảnh sang định dạng JPEG hoặc PNG.")
    return None


@cache
def avif_supported() -> bool:
    """Whether this machine's Pillow writes AVIF (built in on Pillow 11.3+ wheels)."""
    return bool(features.check("avif"))


def modern_formats(extension: str) -> tuple[str, ...]:
    """The modern formats made for a photo whose original is ``extension``: AVIF when supported,
    WebP unless the original is WebP already. A PNG (graphics: logos, icons, text) gets only
    lossless WebP: lossy formats blur its edges, and lossless AVIF is larger than PNG."""
    found = [f for f in MODERN_FORMATS if f != extension and (f != "avif" or avif_supported())]
    if extension == "png":
        found = [f for f in found if f == "webp"]
    return tuple(found)


def variant_widths(width: int) -> list[int]:
    """The widths of a photo ``width`` pixels wide in each modern format: its renditions' and
    its own."""
    return [w for w in RENDITION_WIDTHS if w < width] + [width]


@dataclass
class ProcessedPhoto:
    """An upload turned into files ready to store."""

    extension: str
    width: int
    height: int
    original: bytes
    renditions: dict[int, bytes]
    # {"avif": {width: bytes}, "webp": {...}}; an empty mapping: made, and dropped as larger.
    variants: dict[str, dict[int, bytes]] = field(default_factory=dict)


def _encode(image: Image.Image, fmt: str, icc: bytes | None, lossless: bool = False) -> bytes:
    buffer = io.BytesIO()
    options: dict = {}
    if icc:
        options["icc_profile"] = icc
    if fmt == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        options.update(quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif fmt == "WEBP" and lossless:
        options.update(lossless=True, quality=80, method=4)
    elif fmt == "WEBP":
        options.update(quality=WEBP_QUALITY, method=6)
    elif fmt == "AVIF":
        options.update(quality=AVIF_QUALITY, speed=AVIF_SPEED)
    elif fmt == "PNG":
        options.update(optimize=False, compress_level=6)
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _resized(image: Image.Image, width: int) -> Image.Image:
    if width >= image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def make_renditions(image: Image.Image, extension: str, icc: bytes | None) -> ProcessedPhoto:
    """The original and every rendition of a decoded, upright, metadata-free image."""
    fmt = PILLOW_FORMATS[extension]
    sizes = {width: _resized(image, width) for width in variant_widths(image.width)}
    original = _encode(image, fmt, icc)
    renditions = {w: _encode(sized, fmt, icc) for w, sized in sizes.items() if w < image.width}
    variants: dict[str, dict[int, bytes]] = {}
    # From the last (compared with the fallback) to the first (compared with the one after it).
    after = len(original) + sum(len(data) for data in renditions.values())
    for modern in reversed(modern_formats(extension)):
        made = {
            w: _encode(sized, PILLOW_FORMATS[modern], icc, lossless=extension == "png")
            for w, sized in sizes.items()
        }
        total = sum(len(data) for data in made.values())
        variants[modern] = made if total < after else {}
        after = total if total < after else after
    return ProcessedPhoto(
        extension=extension,
        width=image.width,
        height=image.height,
        original=original,
        renditions=renditions,
        variants={name: variants[name] for name in modern_formats(extension)},
    )


def process(upload) -> ProcessedPhoto:
    """Validate and convert an uploaded file; raise ValidationError with a Vietnamese message."""
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size == 0:
        raise ValidationError(_("Tệp tải lên rỗng."), code="empty")
    if size > max_bytes():
        raise ValidationError(too_large_message(size), code="too_large")

    upload.seek(0)
    head = upload.read(32)
    upload.seek(0)
    specific = _sniff_unsupported(head)
    if specific:
        raise ValidationError(specific, code="unsupported_format")

    not_an_image = _("Tệp này không phải là ảnh JPEG, PNG hoặc WebP hợp lệ.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            fmt = image.format
            if fmt not in FORMATS:
                raise ValidationError(
                    _("Định dạng %(format)s không được hỗ trợ. Hãy dùng ảnh JPEG, PNG hoặc WebP.")
                    % {"format": fmt or "?"},
                    code="unsupported_format",
                )
            width, height = image.size
            if width * height > max_pixels():
                raise ValidationError(
                    _("Ảnh có quá nhiều điểm ảnh (%(mp)s megapixel); tối đa %(limit)s megapixel.")
                    % {"mp": round(width * height / 1e6), "limit": round(max_pixels() / 1e6)},
                    code="too_many_pixels",
                )
            if getattr(image, "n_frames", 1) > 1:
                raise ValidationError(
                    _("Ảnh động không được hỗ trợ. Hãy dùng một ảnh tĩnh JPEG, PNG hoặc WebP."),
                    code="animated",
                )
            # Decode large JPEGs at a reduced scale: far less memory, same stored result.
            scale = min(1.0, MAX_STORED_SIDE / max(width, height))
            if fmt == "JPEG" and scale < 1.0:
                image.draft(image.mode, (int(width * scale), int(height * scale)))
            if decoded_bytes(image) > max_decoded_bytes():
                raise ValidationError(too_heavy_message(image), code="too_many_pixels")
            icc = image.info.get("icc_profile")
            image.load()  # full decode: truncated or corrupt data fails here
            # At once down to less than twice the stored size, so that every later step
            # (rotation, colour conversion, resizing) works on a small copy and the big one is
            # freed.
            image = _reduce(image)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            _("Ảnh có quá nhiều điểm ảnh; tối đa %(limit)s megapixel.")
            % {"limit": round(max_pixels() / 1e6)},
            code="too_many_pixels",
        ) from exc
    except UnidentifiedImageError as exc:
        raise ValidationError(not_an_image, code="not_an_image") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ValidationError(
            _("Tệp ảnh bị hỏng hoặc không đầy đủ. Hãy lưu lại ảnh rồi tải lên lần nữa."),
            code="corrupt",
        ) from exc

    image = ImageOps.exif_transpose(image, in_place=False) if _rotated(image) else image
    if image.mode == "CMYK":
        image = image.convert("RGB")
        icc = None  # the profile described CMYK values that are gone
    elif image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    # Nothing of the original's metadata is carried over (EXIF with GPS, XMP, IPTC, comments).
    image.info = {}

    if max(image.size) > MAX_STORED_SIDE:
        image.thumbnail((MAX_STORED_SIDE, MAX_STORED_SIDE), Image.Resampling.LANCZOS)

    return make_renditions(image, FORMATS[fmt], icc)


def new_key() -> str:
    return secrets.token_hex(8)


@dataclass
class StoredFiles:
    """The names of a photo's files in the storage, as Photo records them."""

    renditions: dict[str, str]  # {"480": name, ...}: the original's format
    variants: dict[str, dict[str, str]]  # {"avif": {"480": name, ..., "1600": name}, ...}

    def names(self) -> list[str]:
        found = list(self.renditions.values())
        for files in self.variants.values():
            found.extend(files.values())
        return found


def rendition_names(stem: str, processed: ProcessedPhoto) -> dict[tuple[str, int], str]:
    """Where each rendition goes: ``<stem>-<width>.<format>`` beside the original."""
    base = processed.extension
    names = {(base, w): f"{stem}-{w}.{base}" for w in processed.renditions}
    for modern, files in processed.variants.items():
        names.update({(modern, w): f"{stem}-{w}.{modern}" for w in files})
    return names


def write_renditions(
    processed: ProcessedPhoto, stem: str, *, replace: bool = False, keep: frozenset = frozenset()
) -> StoredFiles:
    """Write the renditions next to the original ``<stem>.<ext>``. ``replace``: a file already
    stored under a rendition's name is replaced (rendering again; the storage would otherwise
    pick another name); ``keep``: names already stored that are left as they are."""
    stored = StoredFiles(renditions={}, variants={m: {} for m in processed.variants})
    data_of = {(processed.extension, w): d for w, d in processed.renditions.items()}
    for modern, files in processed.variants.items():
        data_of.update({(modern, w): d for w, d in files.items()})
    written: list[str] = []
    try:
        for (extension, width), wanted in rendition_names(stem, processed).items():
            if wanted in keep:
                name = wanted
            else:
                if replace and default_storage.exists(wanted):
                    default_storage.delete(wanted)
                name = default_storage.save(wanted, ContentFile(data_of[extension, width]))
                written.append(name)
            if extension == processed.extension:
                stored.renditions[str(width)] = name
            else:
                stored.variants[extension][str(width)] = name
    except Exception:
        if not replace:  # a new photo's files: none stays behind
            for name in written:
                default_storage.delete(name)
        raise
    return stored


def store(processed: ProcessedPhoto, key: str) -> tuple[str, StoredFiles]:
    """Write the original and the renditions; return the original's name and the renditions'."""
    folder = timezone.localtime().strftime("photos/%Y/%m")
    try:
        name = default_storage.save(
            f"{folder}/{key}.{processed.extension}", ContentFile(processed.original)
        )
    except OSError as error:
        raise media_storage.unavailable(error) from error
    try:
        return name, write_renditions(processed, name.rsplit(".", 1)[0])
    except Exception as error:
        # A storage that cannot write may not delete either; prune_photos finds what is left.
        with contextlib.suppress(OSError):
            default_storage.delete(name)
        if isinstance(error, OSError):
            raise media_storage.unavailable(error) from error
        raise


@lru_cache(maxsize=50_000)
def _url(name: str) -> str:
    return default_storage.url(name)


def file_url(name: str) -> str:
    """A stored photo file's address. Pages print some twenty per photo (every width in every
    format), and a storage's url() is not free (FileSystemStorage joins and quotes, about 20 µs
    here): addresses are remembered per process, except from a storage that signs them (they
    expire)."""
    return default_storage.url(name) if _signs() else _url(name)


@lru_cache(maxsize=1)
def _signs() -> bool:
    return bool(getattr(default_storage, "querystring_auth", False))


@receiver(setting_changed)
def _forget_urls(*, setting, **kwargs):
    if setting in {"MEDIA_URL", "STORAGES", "MEDIA_ROOT"}:
        _url.cache_clear()
        _signs.cache_clear()


def delete_files(name: str, renditions: dict[str, str], variants: dict | None = None) -> None:
    names = [name, *renditions.values()]
    for files in (variants or {}).values():
        names.extend(files.values())
    for file_name in names:
        if file_name:
            default_storage.delete(file_name)
