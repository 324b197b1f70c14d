"""Attached files: what the pipeline accepts and refuses (nothing stored when it refuses), the
text kept for search, the download as the public and staff get it, and the list under a body."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from urllib.parse import quote

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from news.models import Article
from portal import files
from portal.models import Attachment, AttachmentUse, Page
from tests import files as make
from tests.factories import (
    ArticleFactory,
    AttachmentFactory,
    EventFactory,
    UserFactory,
    attached,
    editor,
)

pytestmark = pytest.mark.django_db


def stored_files(media_root) -> list:
    folder = media_root / files.FOLDER
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


# What is accepted, and what is kept


@pytest.mark.parametrize(
    ("name", "data", "kind", "label"),
    [
        ("Kế hoạch 2328.pdf", make.pdf_bytes, "pdf", "PDF"),
        ("Quyết định.docx", make.docx_bytes, "docx", "Word"),
        ("Danh sách.xlsx", make.xlsx_bytes, "xlsx", "Excel"),
        ("Thông báo.odt", make.odt_bytes, "odt", "OpenDocument"),
        ("Công văn cũ.doc", make.doc_bytes, "doc", "Word"),
        ("Bảng cũ.xls", make.xls_bytes, "xls", "Excel"),
        ("Hồ sơ.zip", lambda: make.zip_bytes({"a.txt": b"x"}), "zip", "ZIP"),
    ],
)
def test_each_kind_is_recognised_by_its_content(media_root, name, data, kind, label):
    content = data()
    attachment = Attachment.create_from_upload(make.uploaded(name, content))
    assert attachment.kind == kind and attachment.kind_info.label == label
    assert attachment.original_name == name
    assert attachment.size == len(content)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert stored_files(media_root) == [media_root / files.FOLDER / attachment.file.name]


def test_a_pdf_keeps_its_pages_text_and_a_readable_stored_name(media_root):
    data = make.pdf_bytes("Đầu tư trang thiết bị cho Đài Truyền thanh cấp xã", pages=3)
    attachment = Attachment.create_from_upload(make.uploaded("Kế hoạch số 2328.pdf", data))
    assert attachment.pages == 3
    assert "Đài Truyền thanh cấp xã" in attachment.text
    assert " dai truyen thanh " in attachment.search_text  # found without diacritics
    stored = attachment.file.name
    assert stored.endswith(f"ke-hoach-so-2328-{attachment.key}.pdf") and "/" in stored


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("a.docx", lambda: make.docx_bytes("Quyết định về chuyển đổi số"), "chuyen doi so"),
        ("b.xlsx", lambda: make.xlsx_bytes("Danh sách thủ tục"), "thu tuc"),
        ("c.odt", lambda: make.odt_bytes("Lịch tiếp công dân"), "tiep cong dan"),
    ],
)
def test_office_text_is_kept_for_search(name, data, words):
    attachment = Attachment.create_from_upload(make.uploaded(name, data()))
    assert f" {words} " in attachment.search_text


def test_a_scanned_pdf_is_accepted_without_text():
    attachment = Attachment.create_from_upload(
        make.uploaded("ban-quet.pdf", make.scanned_pdf_bytes())
    )
    assert attachment.kind == "pdf" and attachment.pages == 1 and attachment.text == ""


def test_text_that_takes_too_long_is_left_out_but_the_file_kept(monkeypatch):
    monkeypatch.setattr(files, "EXTRACTION_SECONDS", 0.001)
    attachment = Attachment.create_from_upload(make.uploaded("a.docx", make.docx_bytes()))
    assert attachment.kind == "docx" and attachment.text == ""


# What is refused, with nothing stored


REFUSED = [
    ("not what its name says", "ke-hoach.pdf", make.docx_bytes,
     "đuôi “.pdf” nhưng nội dung là tệp Word"),
    ("an Office file that is a zip of something else", "bao-cao.docx",
     lambda: make.zip_bytes({"readme.txt": b"x"}), "nội dung là tệp ZIP"),
    ("an encrypted PDF", "mat-khau.pdf", make.encrypted_pdf_bytes, "PDF có mật khẩu"),
    ("a broken PDF", "hong.pdf", lambda: make.pdf_bytes()[:400], "PDF bị hỏng"),
    ("a zip bomb", "bom.zip", make.zip_bomb_bytes, "giải nén ra quá lớn"),
    ("too many members", "nhieu.zip", make.many_members_zip_bytes, "quá nhiều tệp con"),
    ("Word with macros", "macro.docm", make.docm_bytes, "có thể chứa macro"),
    ("Word 97-2003 with macros", "macro.doc", lambda: make.doc_bytes(macros=True), "có macro"),
    ("a program", "chay.pdf", lambda: b"MZ\x90\x00" + b"\0" * 200, "Loại tệp này không được nhận"),
    ("a web page", "trang.pdf", lambda: b"<html><script>alert(1)</script>", "không được nhận"),
    ("an empty file", "rong.pdf", lambda: b"", "rỗng"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "name", "data", "message"), REFUSED, ids=[c[0] for c in REFUSED])
def test_a_bad_file_is_refused_in_vietnamese_and_nothing_is_stored(
    media_root, case, name, data, message
):
    with pytest.raises(ValidationError) as refused:
        Attachment.create_from_upload(make.uploaded(name, data()))
    assert message in " ".join(refused.value.messages), refused.value.messages
    assert not Attachment.objects.exists() and stored_files(media_root) == []


def test_a_file_over_the_limit_is_refused(settings, media_root):
    settings.ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as refused:
        Attachment.create_from_upload(make.uploaded("lon.pdf", make.pdf_bytes(pages=3)))
    assert (
        "Tệp quá lớn" in refused.value.messages[0]
        and "tối đa 0 MB" not in refused.value.messages[0]
    )
    assert stored_files(media_root) == []


def test_an_upload_declared_over_the_limit_is_refused_unread(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024

    class Unreadable(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("the body was read")

    upload = Unreadable("lon.pdf", make.pdf_bytes(pages=3))
    with pytest.raises(ValidationError, match="Tệp quá lớn"):
        Attachment.create_from_upload(upload)


def test_macros_are_accepted_when_the_setting_allows_them(settings):
    settings.ATTACHMENT_ALLOW_MACROS = True
    assert Attachment.create_from_upload(make.uploaded("m.docm", make.docm_bytes())).kind == "docm"


def test_a_request_over_the_limit_is_refused_before_it_is_read(client, settings):
    settings.MAX_REQUEST_BYTES = 1000
    response = client.generic(
        "POST", "/admin/login/", b"x" * 2000, content_type="application/octet-stream"
    )
    assert response.status_code == 413
    assert "Tệp gửi lên quá lớn" in response.content.decode()


# Downloads


def test_a_public_file_downloads_under_its_vietnamese_name(client):
    attachment = AttachmentFactory(name="Kế hoạch số 2328/KH-UBND.pdf".replace("/", "-"))
    ArticleFactory(attachments=attached(attachment))
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('Kế hoạch số 2328-KH-UBND.pdf')}" in disposition
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_file_only_a_draft_lists_is_for_staff_only(client):
    attachment = AttachmentFactory()
    ArticleFactory(status=Article.Status.DRAFT, publish_at=None, attachments=attached(attachment))
    assert client.get(attachment.get_absolute_url()).status_code == 404
    client.force_login(UserFactory(is_staff=False))
    assert client.get(attachment.get_absolute_url()).status_code == 404
    client.force_login(editor())
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_a_scheduled_articles_file_waits_for_the_article(client):
    attachment = AttachmentFactory()
    ArticleFactory(publish_at=timezone.now() + timedelta(hours=2), attachments=attached(attachment))
    assert client.get(attachment.get_absolute_url()).status_code == 404
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        assert client.get(attachment.get_absolute_url()).status_code == 200


def test_a_file_nothing_lists_is_not_public(client):
    attachment = AttachmentFactory()
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_files_are_never_served_from_media(client, media_root):
    attachment = AttachmentFactory()
    ArticleFactory(attachments=attached(attachment))
    assert client.get(f"/media/{files.FOLDER}/{attachment.file.name}").status_code == 404


def test_a_download_whose_file_is_gone_is_a_404(client):
    attachment = AttachmentFactory()
    ArticleFactory(attachments=attached(attachment))
    files.storage.delete(attachment.file.name)
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert client.get("/tai-lieu/0123456789abcdef/x.pdf").status_code == 404
    assert client.get("/tai-lieu/not-a-key/x.pdf").status_code == 404


def test_behind_nginx_the_download_is_handed_to_it(client, settings):
    settings.DOWNLOAD_ACCEL_PREFIX = "/protected-files/"
    attachment = AttachmentFactory()
    ArticleFactory(attachments=attached(attachment))
    response = client.get(attachment.get_absolute_url())
    assert response["X-Accel-Redirect"] == f"/protected-files/{attachment.file.name}"
    assert response.content == b""


# Listed under a body


@pytest.mark.parametrize("make_owner", [
    lambda files: ArticleFactory(attachments=files),
    lambda files: EventFactory(is_public=True, attachments=files),
    lambda files: Page.objects.create(title="Giới thiệu", slug="gioi-thieu", attachments=files),
], ids=["article", "event", "page"])  # fmt: skip
def test_files_are_listed_under_the_body_with_type_and_size(client, make_owner):
    plan, annex = AttachmentFactory(name="Kế hoạch.pdf"), AttachmentFactory(name="Phụ lục.pdf")
    owner = make_owner([{"key": annex.key, "label": "Phụ lục kèm theo"}, *attached(plan)])
    html = client.get(owner.get_absolute_url()).content.decode()
    assert "Tệp đính kèm" in html
    assert html.index("Phụ lục kèm theo") < html.index(">Kế hoạch<")  # in the chosen order
    assert f'href="{plan.get_absolute_url()}"' in html
    assert f"PDF · {plan.human_size} · 1 trang" in html


def test_the_record_of_uses_follows_the_field():
    first, second = AttachmentFactory(), AttachmentFactory()
    article = ArticleFactory(attachments=attached(first, second))
    assert [u.attachment for u in article.attachment_uses.order_by("position")] == [first, second]
    article.attachments = attached(second)
    article.save()
    assert [u.attachment for u in article.attachment_uses.all()] == [second]
    assert list(Attachment.objects.unused()) == [first]
    article.delete()
    assert not AttachmentUse.objects.exists()


def test_a_file_in_use_cannot_be_deleted(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    attachment = AttachmentFactory(name="Đang dùng.pdf")
    article = ArticleFactory(title="Bài có tệp", attachments=attached(attachment))
    url = f"/admin/portal/attachment/{attachment.pk}/delete/"
    page = admin_client.get(url).content.decode()
    assert "Bài có tệp" in page
    admin_client.post(url, {"post": "yes"})
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    article.delete()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"post": "yes"})
    assert not Attachment.objects.exists() and stored_files(media_root) == []


def test_a_file_only_a_pending_change_lists_cannot_be_deleted(admin_client):
    from portal.models import PendingChange

    article = ArticleFactory(title="Bài đang hiện", status="published")
    annex = AttachmentFactory(name="Phụ lục.pdf")
    article.attachments = attached(annex)
    PendingChange.propose(article, ["attachments"], author=None)
    url = f"/admin/portal/attachment/{annex.pk}/delete/"
    page = admin_client.get(url).content.decode()
    assert "Bài đang hiện" in page and "bản sửa chờ duyệt" in page
    admin_client.post(url, {"post": "yes"})
    assert Attachment.objects.filter(pk=annex.pk).exists()
