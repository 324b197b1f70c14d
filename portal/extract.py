"""Opening an attached file, run as its own process by portal/files.py:

    python -I portal/extract.py <kind> < file > report.json

It imports no Django and nothing of the portal and limits its own memory and CPU time first.
The report is {"pages": n, "text": "..."} or {"problem": "encrypted" | "broken"} (a PDF that
pypdf cannot open); for the other kinds a failure is only an empty text.
"""

from __future__ import annotations

import io
import json
import logging
import re
import sys
import zipfile

KINDS = ("pdf", "docx", "xlsx", "odt")
MAX_TEXT_CHARS = 300_000
MAX_PAGES = 500
MAX_ROWS = 5_000
MAX_COLUMNS = 50
MAX_XML_BYTES = 20_000_000
MEMORY_BYTES = 768 * 1024 * 1024
CPU_SECONDS = 15


def limit_resources() -> None:
    try:
        import resource
    except ImportError:  # not on this system: the caller's timeout still holds
        return
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def pdf_report(data: bytes) -> dict:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return {"problem": "encrypted"}
        pages = len(reader.pages)
    except Exception:  # pypdf's errors, and whatever a hostile file provokes
        return {"problem": "broken"}
    if pages == 0:
        return {"problem": "broken"}
    parts, total = [], 0
    try:
        for page in reader.pages[:MAX_PAGES]:
            text = page.extract_text() or ""
            parts.append(text)
            total += len(text)
            if total > MAX_TEXT_CHARS:
                break
    except Exception:  # the pages open but some text does not: keep what was read
        parts.append("")
    return {"pages": pages, "text": "\n".join(parts)}


def docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    parts = []
    for sheet in workbook.worksheets:
        rows = sheet.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLUMNS, values_only=True)
        parts.extend(" ".join(str(v) for v in row if v is not None) for row in rows)
    return "\n".join(parts)


def odt_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as member:
        xml = member.read(MAX_XML_BYTES).decode("utf-8", "replace")
    xml = re.sub(r"</text:(p|h)>", "\n", xml)
    return re.sub(r"<[^>]+>", " ", xml)


TEXTS = {"docx": docx_text, "xlsx": xlsx_text, "odt": odt_text}


def main(argv: list[str]) -> int:
    limit_resources()
    logging.disable(logging.CRITICAL)  # pypdf's warnings about odd files are not a report
    if len(argv) != 2 or argv[1] not in KINDS:
        return 2
    data = sys.stdin.buffer.read()
    if argv[1] == "pdf":
        report = pdf_report(data)
    else:
        try:
            report = {"text": TEXTS[argv[1]](data)}
        except Exception:  # a broken or hostile file: no text, never a crash upstream
            report = {"text": ""}
    if "text" in report:
        report["text"] = report["text"][:MAX_TEXT_CHARS]
    sys.stdout.write(json.dumps(report, ensure_ascii=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
