"""Documents and procedures in the admin: entered through the workflow, imported and exported
in the registers' all-or-nothing way."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from news.documents.registers import DOCUMENT_LAYOUT, PROCEDURE_LAYOUT
from news.models import Document, Procedure, Signer
from portal import roles
from portal.models import Attachment
from tests import files as make
from tests.factories import (
    DocumentFactory,
    DocumentTypeFactory,
    FieldFactory,
    IssuerFactory,
    ProcedureFactory,
)
from tests.helpers import person, shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter():
    return person("vanthu", roles.EDITOR)


@pytest.fixture
def leader():
    return person("lanhdao", roles.APPROVER)


@pytest.fixture
def catalogues():
    return {"type": DocumentTypeFactory(), "issuer": IssuerFactory(), "field": FieldFactory()}


def test_an_editor_enters_a_document_with_its_signed_pdf_and_a_leader_publishes_it(
    client, reporter, leader, catalogues
):
    client.force_login(reporter)
    form = shown(client.get("/admin/news/document/add/").context["adminform"].form)
    form.update({
        "number": "2328/KH-UBND", "doc_type": catalogues["type"].pk,
        "issuer": catalogues["issuer"].pk, "issued_on": "09/08/2017",
        "summary": "Đầu tư trang thiết bị cho hệ thống truyền thanh cơ sở",
        "fields": [catalogues["field"].pk], "_submit": "1",
        "attachments-new": [make.uploaded("Kế hoạch 2328.pdf", make.pdf_bytes("Truyền thanh"))],
        "relations-TOTAL_FORMS": "0", "relations-INITIAL_FORMS": "0",
    })  # fmt: skip
    response = client.post("/admin/news/document/add/", form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    document = Document.objects.get()
    assert document.status == Document.Status.REVIEW and document.created_by == reporter
    assert client.get(document.get_absolute_url()).status_code == 404  # not yet
    assert client.get(f"/xem-truoc/van-ban/{document.pk}/").status_code == 200

    client.force_login(leader)
    page = client.get(f"/admin/news/document/{document.pk}/change/")
    data = {**shown(page.context["adminform"].form), "_publish": "1",
            "relations-TOTAL_FORMS": "0", "relations-INITIAL_FORMS": "0"}  # fmt: skip
    assert client.post(f"/admin/news/document/{document.pk}/change/", data).status_code == 302
    client.logout()
    html = client.get("/van-ban/", {"q": "truyen thanh"}).content.decode()
    assert "2328/KH-UBND" in html  # found by the words of its summary and of its PDF
    attachment = Attachment.objects.get()
    assert client.get(attachment.get_absolute_url()).status_code == 200


def test_the_admin_explains_a_duplicate_number(client, leader, catalogues):
    DocumentFactory(number="2328/KH-UBND", issued_on=date(2017, 8, 9))
    client.force_login(leader)
    form = shown(client.get("/admin/news/document/add/").context["adminform"].form)
    form.update({
        "number": "2328/kh-ubnd", "doc_type": catalogues["type"].pk,
        "issuer": catalogues["issuer"].pk, "issued_on": "01/12/2017", "summary": "Trùng",
        "relations-TOTAL_FORMS": "0", "relations-INITIAL_FORMS": "0",
    })  # fmt: skip
    response = client.post("/admin/news/document/add/", form)
    assert response.status_code == 200
    assert "Đã có văn bản số 2328/kh-ubnd" in response.content.decode()
    assert Document.objects.count() == 1


def test_admin_search_by_number_and_folded_words(client, leader):
    DocumentFactory(number="2328/KH-UBND", summary="Đài Truyền thanh cấp xã")
    DocumentFactory(number="42/2022/NĐ-CP", summary="Cung cấp thông tin trên cổng")
    client.force_login(leader)
    for query, expected in (("2328", "2328/KH-UBND"), ("nd-cp", "42/2022/NĐ-CP"),
                            ("dai truyen thanh", "2328/KH-UBND")):  # fmt: skip
        html = client.get("/admin/news/document/", {"q": query}).content.decode()
        assert expected in html, query


# Import and export


def csv_upload(layout, rows) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(layout.headers)
    writer.writerows(rows)
    return SimpleUploadedFile("van-ban.csv", buffer.getvalue().encode("utf-8"))


def row(**values) -> list:
    keys = [key for key, _header in DOCUMENT_LAYOUT.columns]
    defaults = {
        "number": "2328/KH-UBND", "doc_type": "Kế hoạch", "issuer": "UBND tỉnh",
        "issued_on": "09/08/2017", "summary": "Đầu tư trang thiết bị",
        "signer": "Nguyễn Văn A | Phó Chủ tịch UBND tỉnh",
        "field_list": "Thông tin và truyền thông",
    }  # fmt: skip
    defaults.update(values)
    return [defaults.get(key, "") for key in keys]


def test_documents_import_all_or_nothing_with_every_error_listed(client, leader, catalogues):
    client.force_login(leader)
    bad = csv_upload(DOCUMENT_LAYOUT, [
        row(),
        row(number="5/KH-UBND", issuer="Sở Không Có"),
        row(number="6/KH-UBND", issued_on="31/02/2017"),
        row(number="7/KH-UBND", issued_on="01/05/2020", effective_on="01/04/2020"),
        row(),  # the first row again
    ])  # fmt: skip
    response = client.post("/admin/news/document/nhap/", {"file": bad})
    html = response.content.decode()
    assert response.status_code == 200 and not Document.objects.exists()
    assert "“Sở Không Có” không có trong danh mục Cơ quan ban hành" in html
    assert "Ngày ban hành: không đúng dạng ngày/tháng/năm" in html
    assert "không thể trước ngày ban hành" in html
    assert "trùng với dòng 2" in html

    good = csv_upload(DOCUMENT_LAYOUT, [row(status="Đã xuất bản"), row(number="8/KH-UBND")])
    assert client.post("/admin/news/document/nhap/", {"file": good}).status_code == 302
    plan = Document.objects.get(number="2328/KH-UBND")
    assert plan.is_public and plan.signer == Signer.objects.get(name="Nguyễn Văn A")
    assert list(plan.fields.all()) == [catalogues["field"]]
    assert Document.objects.get(number="8/KH-UBND").status == Document.Status.DRAFT

    again = csv_upload(DOCUMENT_LAYOUT, [row(summary="Trích yếu đã sửa", status="Đã xuất bản")])
    assert client.post("/admin/news/document/nhap/", {"file": again}).status_code == 302
    assert Document.objects.count() == 2  # updated, not duplicated
    assert Document.objects.get(number="2328/KH-UBND").summary == "Trích yếu đã sửa"


def test_an_editor_imports_drafts_only(client, reporter, catalogues):
    DocumentFactory(number="9/KH-UBND", issuer=catalogues["issuer"], issued_on=date(2017, 8, 9))
    client.force_login(reporter)
    upload = csv_upload(DOCUMENT_LAYOUT, [row(status="Đã xuất bản"), row(number="9/KH-UBND")])
    html = client.post("/admin/news/document/nhap/", {"file": upload}).content.decode()
    assert "bạn không có quyền xuất bản" in html
    assert "mục này đang xuất bản: chỉ người duyệt được cập nhật bằng tệp" in html
    assert Document.objects.count() == 1


def test_documents_export_and_import_back(client, leader, catalogues):
    DocumentFactory(number="2328/KH-UBND", summary="=HYPERLINK(\"x\")",
                    effective_on=date(2017, 9, 1))  # fmt: skip
    client.force_login(leader)
    exported = client.get("/admin/news/document/xuat/xlsx/")
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.content)).active
    values = [c.value for c in sheet[2]]
    assert values[0] == "2328/KH-UBND" and values[3].date() == date(2017, 8, 9)
    assert sheet.cell(row=2, column=7).data_type == "s"  # a formula stays text
    upload = SimpleUploadedFile("van-ban.xlsx", exported.content)
    assert client.post("/admin/news/document/nhap/", {"file": upload}).status_code == 302
    document = Document.objects.get()
    assert document.summary == '=HYPERLINK("x")' and document.effective_on == date(2017, 9, 1)


def test_procedures_import_with_their_legal_basis(client, leader, catalogues):
    plan = DocumentFactory(number="2328/KH-UBND")
    client.force_login(leader)
    keys = [key for key, _header in PROCEDURE_LAYOUT.columns]
    values = {
        "code": "1.004227", "name": "Cấp giấy phép hoạt động đài truyền thanh",
        "field": "Thông tin và truyền thông", "level": "Cấp tỉnh",
        "agency": "Sở Thông tin và Truyền thông", "processing_time": "10 ngày làm việc",
        "steps": "Nộp hồ sơ\nThẩm định\nTrả kết quả",
        "online_service": "Dịch vụ công trực tuyến một phần",
        "online_url": "https://dichvucong.gov.vn/", "legal_basis": "2328/kh-ubnd",
        "status": "Đã xuất bản",
    }  # fmt: skip
    upload = csv_upload(PROCEDURE_LAYOUT, [[values.get(k, "") for k in keys]])
    response = client.post("/admin/news/procedure/nhap/", {"file": upload})
    assert response.status_code == 302
    procedure = Procedure.objects.get()
    assert list(procedure.legal_basis.all()) == [plan]
    assert procedure.step_lines() == ["Nộp hồ sơ", "Thẩm định", "Trả kết quả"]
    html = client.get(procedure.get_absolute_url()).content.decode()
    assert "Nộp hồ sơ trực tuyến" in html and "2328/KH-UBND" in html

    exported = client.get("/admin/news/procedure/xuat/csv/").content.decode("utf-8-sig")
    assert "1.004227" in exported and "2328/KH-UBND" in exported
    values["legal_basis"] = "999/XX"
    upload = csv_upload(PROCEDURE_LAYOUT, [[values.get(k, "") for k in keys]])
    html = client.post("/admin/news/procedure/nhap/", {"file": upload}).content.decode()
    assert "không tìm thấy một văn bản duy nhất có số “999/XX”" in html


def test_a_procedure_online_without_an_address_is_explained(client, leader):
    procedure = ProcedureFactory()
    client.force_login(leader)
    page = client.get(f"/admin/news/procedure/{procedure.pk}/change/")
    data = {**shown(page.context["adminform"].form), "online_service": "full", "online_url": ""}
    response = client.post(f"/admin/news/procedure/{procedure.pk}/change/", data)
    assert response.status_code == 200
    assert "Hãy ghi địa chỉ nộp hồ sơ trực tuyến" in response.content.decode()
