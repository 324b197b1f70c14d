"""Real files of every kind the portal accepts, made in memory for tests: PDF (with text,
encrypted, broken), Office Open XML, OpenDocument, ZIP (and bombs), and Office 97-2003 files
(a minimal compound file written here, since no library writes one)."""

from __future__ import annotations

import io
import struct
import zipfile
from functools import cache
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

FONT = Path(__file__).resolve().parent.parent / "news" / "demo" / "fonts" / "DejaVuSans.ttf"


def uploaded(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@cache
def pdf_bytes(text: str = "Kế hoạch đầu tư trang thiết bị", pages: int = 1) -> bytes:
    """A PDF with real (extractable) Vietnamese text on each page."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=14)
    for number in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 10, f"{text} (trang {number + 1})")
    return bytes(pdf.output())


def encrypted_pdf_bytes() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt("mat-khau")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def scanned_pdf_bytes() -> bytes:
    """A PDF holding only a picture (like a scan): valid, with no text."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(out, format="PDF")
    return out.getvalue()


def docx_bytes(text: str = "Quyết định về chuyển đổi số") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(text: str = "Danh sách thủ tục hành chính") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = text
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def zip_bytes(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def odt_bytes(text: str = "Thông báo lịch tiếp công dân") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text"
        )  # stored first and uncompressed, as OpenDocument requires
        archive.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
            f"<office:text><text:p>{text}</text:p></office:text></office:body>"
            "</office:document-content>",
        )
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    return out.getvalue()


def docm_bytes() -> bytes:
    """A Word file with macros: a DOCX package whose main part is macro-enabled."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    b".main+xml",
                    b"application/vnd.ms-word.document.macroEnabled.main+xml",
                )
            archive.writestr(item, data)
        archive.writestr("word/vbaProject.bin", b"\0" * 64)
    return out.getvalue()


def zip_bomb_bytes() -> bytes:
    """10 MB of zeros in about 10 KB: far past any honest compression ratio."""
    return zip_bytes({"zeros.txt": b"\0" * (10 * 1024 * 1024)})


def many_members_zip_bytes(count: int = 5001) -> bytes:
    return zip_bytes({f"f{i}.txt": b"x" for i in range(count)}, compression=zipfile.ZIP_STORED)


# Office 97-2003: a compound file (CFB, version 3, 512-byte sectors)

ENDOFCHAIN, FREESECT, FATSECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF


def _entry(name: str, kind: int, start: int, size: int, *, child=NOSTREAM, right=NOSTREAM):
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)  # black
        + struct.pack("<III", NOSTREAM, right, child)
        + b"\0" * 16  # class id
        + b"\0" * 4  # state bits
        + b"\0" * 16  # created, modified
        + struct.pack("<IQ", start, size)
    )


def ole_bytes(streams: dict[str, bytes]) -> bytes:
    """A compound file holding ``streams`` at its root; each stream is padded to 4096 bytes or
    more, so that it lives in the normal sectors (no mini stream to write)."""
    names = list(streams)
    datas = [streams[n].ljust(4096, b"\0") for n in names]
    data_sectors = [(len(d) + 511) // 512 for d in datas]
    entries = len(names) + 1
    dir_sectors = (entries * 128 + 511) // 512
    total = 1 + dir_sectors + sum(data_sectors)  # one FAT sector is enough for 128 sectors
    assert total <= 128
    fat = [FATSECT] + [i + 2 if i + 1 < dir_sectors else ENDOFCHAIN for i in range(dir_sectors)]
    starts, sector = [], 1 + dir_sectors
    for count in data_sectors:
        starts.append(sector)
        fat += [sector + i + 1 if i + 1 < count else ENDOFCHAIN for i in range(count)]
        sector += count
    fat += [FREESECT] * (128 - len(fat))
    directory = _entry("Root Entry", 5, ENDOFCHAIN, 0, child=1)
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else NOSTREAM
        directory += _entry(name, 2, starts[index], len(datas[index]), right=right)
    directory = directory.ljust(dir_sectors * 512, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
        + struct.pack("<I", 0) + struct.pack("<I", FREESECT) * 108
    )  # fmt: skip
    assert len(header) == 512
    fat_sector = struct.pack(f"<{len(fat)}I", *fat)
    return (
        header
        + fat_sector
        + directory
        + b"".join(d.ljust(c * 512, b"\0") for d, c in zip(datas, data_sectors, strict=True))
    )


def doc_bytes(*, macros: bool = False) -> bytes:
    streams = {"WordDocument": b"\xec\xa5" + b"\0" * 100, "1Table": b"\0" * 10}
    if macros:
        streams["Macros"] = b"\0" * 10  # a stream here, a storage in Word's files: same name
    return ole_bytes(streams)


def xls_bytes() -> bytes:
    return ole_bytes({"Workbook": b"\x09\x08" + b"\0" * 100})
