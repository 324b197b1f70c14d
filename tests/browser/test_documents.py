"""Files in the real admin and the real site: staff upload the signed PDF of a new document and
attach a file to an article; a visitor finds both (the document by its number in the search
box of any page) and downloads them under their Vietnamese names."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from news.models import Document
from portal import roles
from tests import files as make
from tests.factories import (
    ArticleFactory,
    DocumentTypeFactory,
    FieldFactory,
    IssuerFactory,
    UserFactory,
)

from .tools import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def office(transactional_db):
    user = UserFactory(username="lanhdao", is_staff=True, email="lanhdao@example.gov.vn")
    user.groups.add(Group.objects.get(name=roles.APPROVER))
    return {
        "type": DocumentTypeFactory(name="Kế hoạch"),
        "issuer": IssuerFactory(name="Ủy ban nhân dân tỉnh Hải Dương"),
        "field": FieldFactory(name="Phát thanh, truyền hình"),
        "article": ArticleFactory(title="Đài Truyền thanh cấp xã được trang bị lại"),
    }


def file_payload(name: str, data: bytes, mime: str) -> dict:
    return {"name": name, "mimeType": mime, "buffer": data}


def test_staff_attach_files_and_a_visitor_finds_and_downloads_them(new_context, office):
    staff = log_in(new_context(), "lanhdao")

    # A new document with its signed PDF, published at once.
    staff.goto("/admin/news/document/add/")
    staff.locator("#id_number").fill("2328/KH-UBND")
    staff.locator("#id_doc_type").select_option(label="Kế hoạch")
    staff.locator("#id_issuer").select_option(label="Ủy ban nhân dân tỉnh Hải Dương")
    staff.locator("#id_issued_on").fill("09/08/2017")
    staff.locator("#id_summary").fill("Đầu tư trang thiết bị cho Đài Truyền thanh cấp xã")
    staff.get_by_label("Thêm tệp (chọn được nhiều tệp):").set_input_files(
        file_payload("Kế hoạch số 2328.pdf", make.pdf_bytes("Trang thiết bị"), "application/pdf")
    )
    staff.get_by_role("button", name="Xuất bản").click()
    expect(staff.locator("ul.messagelist")).to_be_visible()
    document = Document.objects.get()
    assert document.is_public and len(document.attachments) == 1

    # A file attached to an existing article.
    staff.goto(f"/admin/news/article/{office['article'].pk}/change/")
    staff.wait_for_function(
        "() => window.CKEDITOR && CKEDITOR.instances.id_body"
        " && CKEDITOR.instances.id_body.status === 'ready'"
    )
    staff.get_by_label("Thêm tệp (chọn được nhiều tệp):").set_input_files(
        file_payload(
            "Danh sách xã được trang bị.docx", make.docx_bytes("Danh sách xã"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    )  # fmt: skip
    staff.locator("input[name=_save]").click()
    expect(staff.locator("ul.messagelist")).to_be_visible()

    # A visitor types the number in the header's search box and downloads the plan.
    visitor = new_context().new_page()
    visitor.goto("/")
    header_search = visitor.locator("header [role=search] input[type=search]")
    header_search.fill("2328")
    header_search.press("Enter")
    hit = visitor.locator(".hit-link a, .search-result a[download]").first
    expect(hit).to_contain_text("PDF")
    with visitor.expect_download() as download:
        hit.click()
    assert download.value.suggested_filename == "Kế hoạch số 2328.pdf"
    assert download.value.path().read_bytes().startswith(b"%PDF-")

    # And the article's file, listed under its body.
    visitor.goto(office["article"].get_absolute_url())
    link = visitor.locator(".attachments a", has_text="Danh sách xã được trang bị")
    expect(link).to_be_visible()
    with visitor.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "Danh sách xã được trang bị.docx"
