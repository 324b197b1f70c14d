"""Peak memory of processing the heaviest photo the pipeline accepts, in a fresh process.

Run by tests/test_security_content.py (and by hand:
``python tests/security/measure_upload_memory.py colour|bilevel``).
Prints ``accepted=yes|no refused_heavier=yes|no peak_mb=N``.
"""

from __future__ import annotations

import os
import resource
import struct
import sys
import zlib
from pathlib import Path


def flat_png(width: int, height: int, *, colour_type: int, bit_depth: int) -> bytes:
    """A valid PNG of one flat colour, made without Pillow (so without its memory)."""
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour_type]
    row = b"\x00" + b"\x00" * ((width * channels * bit_depth + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    palette = chunk(b"PLTE", b"\x00\x00\x00\xff\xff\xff") if colour_type == 3 else b""
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + palette + chunk(b"IDAT", data)
        + chunk(b"IEND", b"")
    )  # fmt: skip


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings_test")
    import django

    django.setup()
    from django.conf import settings
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal import images

    # The heaviest uploads accepted: a colour PNG as big as the decoding budget allows (RGB is
    # decoded at 4 bytes a pixel), and a bilevel PNG at the pixel limit (127.7 megapixels).
    side = int((settings.PHOTO_MAX_DECODED_BYTES / 4) ** 0.5)
    cases = {
        "colour": flat_png(side, side, colour_type=2, bit_depth=8),
        "bilevel": flat_png(11_300, 11_300, colour_type=0, bit_depth=1),
    }
    which = sys.argv[1] if len(sys.argv) > 1 else "colour"
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        images.process(SimpleUploadedFile("nang.png", cases[which]))
        accepted = "yes"
    except ValidationError:
        accepted = "no"
    peak_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    heavier = flat_png(side + 200, side + 200, colour_type=2, bit_depth=8)
    try:
        images.process(SimpleUploadedFile("nang-hon.png", heavier))
        refused = "no"
    except ValidationError:
        refused = "yes"
    print(f"accepted={accepted} refused_heavier={refused} peak_mb={peak_mb:.0f}")


if __name__ == "__main__":
    main()
