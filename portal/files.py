"""The one place uploaded files (tệp đính kèm) are checked, described and stored.

A file is recognised by its content, never by its name: PDF by its header, Word, Excel and
PowerPoint 97–2003 by the streams of their OLE2 container, Office Open XML and OpenDocument by
the manifest inside their ZIP container, ZIP as itself; the name's extension must then agree.
Archives are opened only within bounds (members, uncompressed size, ratio: no zip bomb), Office
files with macros are refused unless ``ATTACHMENT_ALLOW_MACROS``, encrypted or broken files are
refused with a Vietnamese message. What is kept: the SHA-256 checksum, the size, the number of
pages where the format says it, and the text (PDF, DOCX, XLSX, ODT) for search, extracted in a
separate process with time and memory limits (portal/extract.py), so that a hostile file cannot
hold a worker.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import secrets
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext as _

from . import extract, media_storage
from .text import clean_multiline, slugify_vi


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # shown beside the file: "PDF", "Word"...
    mime: str
    extensions: tuple[str, ...]
    macros: bool = False


KINDS = {
    kind.key: kind
    for kind in [
        Kind("pdf", "PDF", "application/pdf", (".pdf",)),
        Kind("doc", "Word", "application/msword", (".doc",)),
        Kind("xls", "Excel", "application/vnd.ms-excel", (".xls",)),
        Kind("ppt", "PowerPoint", "application/vnd.ms-powerpoint", (".ppt",)),
        Kind("docx", "Word", "application/vnd.openxmlformats-officedocument."
             "wordprocessingml.document", (".docx",)),
        Kind("xlsx", "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml."
             "sheet", (".xlsx",)),
        Kind("pptx", "PowerPoint", "application/vnd.openxmlformats-officedocument."
             "presentationml.presentation", (".pptx",)),
        Kind("docm", "Word", "application/vnd.ms-word.document.macroEnabled.12", (".docm",),
             macros=True),
        Kind("xlsm", "Excel", "application/vnd.ms-excel.sheet.macroEnabled.12", (".xlsm",),
             macros=True),
        Kind("pptm", "PowerPoint", "application/vnd.ms-powerpoint.presentation."
             "macroEnabled.12", (".pptm",), macros=True),
        Kind("odt", "OpenDocument", "application/vnd.oasis.opendocument.text", (".odt",)),
        Kind("ods", "OpenDocument", "application/vnd.oasis.opendocument.spreadsheet", (".ods",)),
        Kind("odp", "OpenDocument", "application/vnd.oasis.opendocument.presentation",
             (".odp",)),
        Kind("zip", "ZIP", "application/zip", (".zip",)),
    ]
}  # fmt: skip

# The main part's content type in an Office Open XML package: which kind it is.
OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "docm",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": "xlsm",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml": "pptm",
}
ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}

MAX_MEMBERS = 5000
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, per member
MAX_TEXT_CHARS = extract.MAX_TEXT_CHARS
EXTRACTION_SECONDS = 20


def max_bytes() -> int:
    return settings.ATTACHMENT_MAX_BYTES


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def too_large_message(size: int) -> str:
    return _("Tệp quá lớn (%(size)s MB). Dung lượng tối đa là %(limit)s MB.") % {
        "size": megabytes(size),
        "limit": max_bytes() // (1024 * 1024),
    }


def upload_help() -> str:
    return _(
        "PDF, Word, Excel, PowerPoint (cả bản 97–2003), OpenDocument hoặc ZIP; tối đa "
        "%(mb)s MB mỗi tệp. Tệp PDF nên là bản có chữ (không phải ảnh quét) để tìm được."
    ) % {"mb": max_bytes() // (1024 * 1024)}


def accepted_extensions() -> list[str]:
    return [e for k in KINDS.values() if allowed(k) for e in k.extensions]


def allowed(kind: Kind) -> bool:
    return not kind.macros or settings.ATTACHMENT_ALLOW_MACROS


@dataclass
class ProcessedFile:
    kind: Kind
    size: int
    sha256: str
    pages: int | None
    text: str
    data: bytes


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def process(upload) -> ProcessedFile:
    """Check an uploaded file and describe it; raise ValidationError in Vietnamese."""
    size = getattr(upload, "size", None)
    if size == 0:
        raise _refuse(_("Tệp tải lên rỗng."), "empty")
    if size is not None and size > max_bytes():
        raise _refuse(too_large_message(size), "too_large")
    upload.seek(0)
    data = upload.read(max_bytes() + 1)
    if len(data) > max_bytes():
        raise _refuse(too_large_message(len(data)), "too_large")
    if not data:
        raise _refuse(_("Tệp tải lên rỗng."), "empty")
    kind, pages = identify(data)
    extension = PurePath(getattr(upload, "name", "") or "").suffix.lower()
    if extension not in kind.extensions:
        raise _refuse(
            _("Tên tệp có đuôi “%(ext)s” nhưng nội dung là tệp %(kind)s (%(expected)s). Hãy "
              "đặt đúng đuôi tệp hoặc chọn đúng tệp.")
            % {"ext": extension or _("(không có)"), "kind": kind.label,
               "expected": ", ".join(kind.extensions)},
            "extension_mismatch",
        )  # fmt: skip
    if not allowed(kind):
        raise _refuse(
            _("Tệp %(ext)s có thể chứa macro và không được nhận. Hãy lưu lại dưới dạng %(safe)s.")
            % {"ext": extension, "safe": kind.extensions[0].replace("m", "x", 1)},
            "macros",
        )
    report = inspect(kind.key, data)
    return ProcessedFile(
        kind=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        pages=report.get("pages") or pages,
        text=clean_multiline(report.get("text") or "")[:MAX_TEXT_CHARS],
        data=data,
    )


def identify(data: bytes) -> tuple[Kind, int | None]:
    """The kind of a file from its content (and its page count when that is cheap)."""
    if data.startswith(b"%PDF-"):
        return KINDS["pdf"], None  # opened in the child process (inspect)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _identify_ole(data), None
    if data.startswith(b"PK\x03\x04"):
        return _identify_zip(data)
    raise _refuse(
        _("Loại tệp này không được nhận. Chỉ nhận PDF, Word, Excel, PowerPoint (cả bản 97–2003), "
          "OpenDocument và ZIP."),
        "unsupported",
    )  # fmt: skip


def _identify_ole(data: bytes) -> Kind:
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError) as exc:
        raise _refuse(_("Tệp Office bị hỏng."), "corrupt") from exc
    with ole:
        streams = {"/".join(entry) for entry in ole.listdir(streams=True, storages=True)}
    if {"EncryptionInfo", "EncryptedPackage"} <= streams:
        raise _refuse(_("Tệp Office có mật khẩu. Hãy gỡ mật khẩu rồi tải lên lại."), "encrypted")
    if "WordDocument" in streams:
        kind = KINDS["doc"]
    elif "Workbook" in streams or "Book" in streams:
        kind = KINDS["xls"]
    elif "PowerPoint Document" in streams:
        kind = KINDS["ppt"]
    else:
        raise _refuse(
            _("Tệp Office 97–2003 này không phải Word, Excel hay PowerPoint."), "unsupported"
        )
    has_macros = any(s.split("/")[0] in ("Macros", "_VBA_PROJECT_CUR", "VBA") for s in streams)
    if has_macros and not settings.ATTACHMENT_ALLOW_MACROS:
        raise _refuse(
            _("Tệp %(kind)s này có macro và không được nhận. Hãy lưu lại không có macro.")
            % {"kind": kind.label},
            "macros",
        )
    return kind


def _identify_zip(data: bytes) -> tuple[Kind, int | None]:
    broken = _("Tệp nén bị hỏng hoặc không đầy đủ.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _refuse(broken, "corrupt") from exc
    bomb = _("Tệp nén giải nén ra quá lớn hoặc quá nhiều tệp con; không nhận.")
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise _refuse(bomb, "zip_bomb")
    for member in members:
        if member.file_size > MAX_RATIO * max(member.compress_size, 1) + 4096:
            raise _refuse(bomb, "zip_bomb")
        if member.flag_bits & 0x1:
            raise _refuse(_("Tệp nén có mật khẩu; không nhận."), "encrypted")
    names = {m.filename for m in members}
    with archive:
        if "[Content_Types].xml" in names:
            return _ooxml_kind(archive, names), _ooxml_pages(archive, names)
        if "mimetype" in names:
            mimetype = _read(archive, "mimetype", 200).decode("ascii", "replace").strip()
            if mimetype in ODF_MIMETYPES:
                return KINDS[ODF_MIMETYPES[mimetype]], None
    return KINDS["zip"], None


def _read(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    with archive.open(name) as member:
        return member.read(limit)


def _ooxml_kind(archive, names) -> Kind:
    types = _read(archive, "[Content_Types].xml", 1_000_000).decode("utf-8", "replace")
    found = [OOXML_MAIN[t] for t in re.findall(r'ContentType="([^"]+)"', types) if t in OOXML_MAIN]
    if not found:
        raise _refuse(_("Tệp Office này không phải Word, Excel hay PowerPoint."), "unsupported")
    kind = KINDS[found[0]]
    if any(name.endswith("vbaProject.bin") for name in names) and not kind.macros:
        kind = KINDS[{"docx": "docm", "xlsx": "xlsm", "pptx": "pptm"}[kind.key]]
    return kind


def _ooxml_pages(archive, names) -> int | None:
    if "docProps/app.xml" not in names:
        return None
    app = _read(archive, "docProps/app.xml", 200_000).decode("utf-8", "replace")
    match = re.search(r"<Pages>(\d{1,6})</Pages>", app) or re.search(
        r"<Slides>(\d{1,6})</Slides>", app
    )
    return int(match.group(1)) if match else None


# Text for search, extracted in a separate process with limits


def inspect(kind: str, data: bytes) -> dict:
    """Open the file in a separate process (portal/extract.py) with time and memory limits:
    its pages and text; a PDF that is encrypted, broken or too costly to open is refused here.
    For the other kinds a failure only means no text to search."""
    if kind not in extract.KINDS:
        return {}
    try:
        result = subprocess.run(  # noqa: S603 - our interpreter, our script, a fixed kind
            [sys.executable, "-I", extract.__file__, kind],
            input=data, capture_output=True, timeout=EXTRACTION_SECONDS, check=False,
        )  # fmt: skip
        report = json.loads(result.stdout or b"{}") if result.returncode == 0 else {}
    except (subprocess.TimeoutExpired, OSError, ValueError):
        report = {"problem": "costly"}
    if not isinstance(report, dict):
        report = {}
    if kind == "pdf":
        _refuse_pdf(report)
    return report


def _refuse_pdf(report: dict) -> None:
    problem = report.get("problem") or ("" if report.get("pages") else "broken")
    if problem == "encrypted":
        raise _refuse(
            _("Tệp PDF có mật khẩu. Hãy gỡ mật khẩu (hoặc in ra PDF mới) rồi tải lên lại."),
            "encrypted",
        )
    if problem == "costly":
        raise _refuse(
            _("Tệp PDF này quá phức tạp để kiểm tra trong thời gian cho phép. Hãy xuất lại "
              "(in ra PDF mới) rồi tải lên lần nữa."),
            "costly",
        )  # fmt: skip
    if problem:
        raise _refuse(
            _("Tệp PDF bị hỏng hoặc không đầy đủ. Hãy xuất lại tệp rồi tải lên lần nữa."),
            "corrupt",
        )


# Storage


def new_key() -> str:
    return secrets.token_hex(8)


class AttachmentStorage(FileSystemStorage):
    """MEDIA_ROOT/files/, never served as /media/: every download goes through the download
    view, which checks that something public lists the file (portal/views.py). The backend of
    ``STORAGES["attachments"]`` with MEDIA_STORAGE=filesystem (portal/media_storage.py)."""

    @property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, FOLDER)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


FOLDER = media_storage.FILES_PREFIX
STORAGE_ALIAS = "attachments"


class ConfiguredStorage(LazyObject):
    """``STORAGES["attachments"]`` (a folder or a private bucket), looked up on first use and
    again whenever the setting changes; the folder when a settings module names none."""

    def _setup(self):
        if STORAGE_ALIAS in settings.STORAGES:
            self._wrapped = storages[STORAGE_ALIAS]
        else:
            self._wrapped = AttachmentStorage()


storage = ConfiguredStorage()


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        storage._wrapped = empty


def get_storage():
    return storage  # a callable, so that migrations do not name the class


def storage_name(original_name: str, kind: Kind, key: str) -> str:
    """<year>/<month>/<readable-slug>-<key>.<ext>: safe, unique, still readable."""
    stem = slugify_vi(PurePath(original_name).stem, max_length=80) or "tep"
    folder = timezone.localtime().strftime("%Y/%m")
    return f"{folder}/{stem}-{key}{kind.extensions[0]}"


def store(processed: ProcessedFile, original_name: str, key: str) -> str:
    try:
        return storage.save(
            storage_name(original_name, processed.kind, key), ContentFile(processed.data)
        )
    except OSError as error:
        raise media_storage.unavailable(error) from error


def delete_file(name: str) -> None:
    if name:
        storage.delete(name)


def human_size(size: int) -> str:
    """ "820 KB", "1,2 MB" (Vietnamese decimal comma)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{megabytes(size)} MB"
