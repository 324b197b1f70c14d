"""The one place photos are validated and resized.

An upload becomes a photo in one pass, at upload time: Pillow identifies the file from its
content (not its name), refuses anything but JPEG, PNG and WebP, refuses pixel bombs before
decoding, decodes the whole image (truncated files fail here), applies the EXIF orientation,
drops every metadata block but the ICC colour profile, stores the original at most
``MAX_STORED_SIDE`` pixels wide and writes the renditions the pages use. Pages never resize.
"""

from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

# Renditions made for every photo (widths in pixels); the original is the largest size.
RENDITION_WIDTHS = (480, 800, 1200)
MAX_STORED_SIDE = 2400

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

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


@dataclass
class ProcessedPhoto:
    """An upload turned into files ready to store."""

    extension: str
    width: int
    height: int
    original: bytes
    renditions: dict[int, bytes]


def _encode(image: Image.Image, fmt: str, icc: bytes | None) -> bytes:
    buffer = io.BytesIO()
    options: dict = {}
    if icc:
        options["icc_profile"] = icc
    if fmt == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        options.update(quality=84, optimize=True, progressive=True)
    elif fmt == "WEBP":
        options.update(quality=82, method=4)
    elif fmt == "PNG":
        options.update(optimize=False, compress_level=6)
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


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

    original = _encode(image, fmt, icc)
    renditions: dict[int, bytes] = {}
    for target in RENDITION_WIDTHS:
        if target >= image.width:
            break
        resized = image.resize(
            (target, max(1, round(image.height * target / image.width))), Image.Resampling.LANCZOS
        )
        renditions[target] = _encode(resized, fmt, icc)

    return ProcessedPhoto(
        extension=FORMATS[fmt],
        width=image.width,
        height=image.height,
        original=original,
        renditions=renditions,
    )


def new_key() -> str:
    return secrets.token_hex(8)


def store(processed: ProcessedPhoto, key: str) -> tuple[str, dict[str, str]]:
    """Write the original and the renditions; return the original's name and the renditions'."""
    folder = timezone.localtime().strftime("photos/%Y/%m")
    name = default_storage.save(
        f"{folder}/{key}.{processed.extension}", ContentFile(processed.original)
    )
    renditions = {}
    for width, data in processed.renditions.items():
        renditions[str(width)] = default_storage.save(
            f"{folder}/{key}-{width}.{processed.extension}", ContentFile(data)
        )
    return name, renditions


def delete_files(name: str, renditions: dict[str, str]) -> None:
    for file_name in [name, *renditions.values()]:
        if file_name:
            default_storage.delete(file_name)
