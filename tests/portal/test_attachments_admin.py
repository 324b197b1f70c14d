"""Attaching files in the admin, as editors do it: upload with the record, keep what was
uploaded when the form comes back, changes to a live record's files wait for approval, versions
name the files."""

from __future__ import annotations

import pytest
from reversion.models import Version

from news.models import Article
from portal import roles
from portal.models import Attachment, PendingChange
from tests import files as make
from tests.factories import ArticleFactory, AttachmentFactory, attached
from tests.helpers import person, shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter():
    return person("phongvien", roles.EDITOR)


@pytest.fixture
def leader():
    return person("lanhdao", roles.APPROVER)


def change_url(article):
    return f"/admin/news/article/{article.pk}/change/"


def form_of(client, article) -> dict:
    page = client.get(change_url(article))
    assert page.status_code == 200
    return shown(page.context["adminform"].form)


def test_an_editor_attaches_files_while_writing(client, reporter):
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None, created_by=reporter)
    client.force_login(reporter)
    data = form_of(client, article)
    data["attachments-new"] = [
        make.uploaded("Kế hoạch 2328.pdf", make.pdf_bytes()),
        make.uploaded("Phụ lục.docx", make.docx_bytes()),
    ]
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    names = [Attachment.objects.get(key=row["key"]).original_name for row in article.attachments]
    assert names == ["Kế hoạch 2328.pdf", "Phụ lục.docx"]
    assert article.attachment_uses.count() == 2
    assert {a.uploaded_by for a in Attachment.objects.all()} == {reporter}


def test_labels_order_and_removal(client, leader):
    first, second, third = (AttachmentFactory(name=f"Tệp {i}.pdf") for i in range(3))
    article = ArticleFactory(attachments=attached(first, second, third))
    client.force_login(leader)
    data = form_of(client, article)
    data["attachments-label"] = ["Bản ký số", "", ""]
    data["attachments-order"] = ["2", "1", "3"]
    data["attachments-remove"] = [third.key]
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.attachments == [
        {"key": second.key, "label": ""},
        {"key": first.key, "label": "Bản ký số"},
    ]
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.index("Tệp 1") < html.index("Bản ký số") and "Tệp 2" not in html


def test_a_bad_file_is_explained_and_the_good_one_stays_on_the_form(client, leader):
    article = ArticleFactory()
    client.force_login(leader)
    data = form_of(client, article)
    data["attachments-new"] = [
        make.uploaded("Tốt.pdf", make.pdf_bytes()),
        make.uploaded("Giả.pdf", make.docx_bytes()),
    ]
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "“Giả.pdf”: Tên tệp có đuôi “.pdf” nhưng nội dung là tệp Word" in html
    good = Attachment.objects.get(original_name="Tốt.pdf")
    assert f'value="{good.key}"' in html  # on the form again: saving keeps it
    again = shown(response.context["adminform"].form)
    assert client.post(change_url(article), again).status_code == 302
    article.refresh_from_db()
    assert article.attachments == attached(good)


def test_a_file_added_to_a_live_article_waits_for_approval(client, reporter, leader):
    article = ArticleFactory(created_by=reporter)
    client.force_login(reporter)
    data = form_of(client, article)
    data["attachments-new"] = [make.uploaded("Bổ sung.pdf", make.pdf_bytes())]
    assert client.post(change_url(article), data).status_code == 302
    added = Attachment.objects.get()
    article.refresh_from_db()
    assert article.attachments == [] and PendingChange.of(article) is not None
    client.logout()
    assert "Bổ sung" not in client.get(article.get_absolute_url()).content.decode()
    assert client.get(added.get_absolute_url()).status_code == 404  # not public yet

    client.force_login(leader)
    page = client.get(change_url(article)).content.decode()
    assert "Bổ sung (Bổ sung.pdf)" in page  # the change, shown to the approver
    data = form_of(client, article)
    assert client.post(change_url(article), {**data, "_approve_change": "1"}).status_code == 302
    client.logout()
    assert "Bổ sung" in client.get(article.get_absolute_url()).content.decode()
    assert client.get(added.get_absolute_url()).status_code == 200


def test_versions_name_the_files(client, leader):
    attachment = AttachmentFactory(name="Kế hoạch.pdf")
    client.force_login(leader)
    article = ArticleFactory()
    client.post(change_url(article), form_of(client, article))
    data = form_of(client, article)
    data["attachments-link"] = attachment.get_absolute_url()  # a file already on the portal
    client.post(change_url(article), data)
    article.refresh_from_db()
    assert article.attachments == attached(attachment)
    first, second = Version.objects.get_for_object(article).order_by("pk")
    page = client.get(
        f"/admin/news/article/{article.pk}/history/so-sanh/", {"a": first.pk, "b": second.pk}
    )
    assert "Kế hoạch (Kế hoạch.pdf)" in page.content.decode()


def test_an_unknown_address_is_explained(client, leader):
    article = ArticleFactory()
    client.force_login(leader)
    data = {**form_of(client, article), "attachments-link": "/tai-lieu/khong-co/"}
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert "Không tìm thấy tệp theo địa chỉ" in response.content.decode()


def test_the_file_library_uploads_and_lists(client, leader):
    client.force_login(person("quantri", roles.ADMINISTRATOR))
    response = client.post(
        "/admin/portal/attachment/add/",
        {"upload": make.uploaded("Báo cáo ngân sách.xlsx", make.xlsx_bytes("Ngân sách 2026"))},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    listing = client.get("/admin/portal/attachment/", {"q": "ngan sach"}).content.decode()
    assert "Báo cáo ngân sách.xlsx" in listing
    refused = client.post(
        "/admin/portal/attachment/add/", {"upload": make.uploaded("x.xlsx", make.pdf_bytes())}
    )
    assert refused.status_code == 200 and "nội dung là tệp PDF" in refused.content.decode()
    assert Attachment.objects.get() == attachment
