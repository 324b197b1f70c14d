"""Consultations in the admin: drafts through the workflow, moderation (approve or reject only
with ``moderate_comment``), e-mails masked without ``view_commenter``, the list's counts, the
dashboard, the XLSX for the drafting unit."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from news.consultations.models import Comment, Consultation
from tests.consultations.conftest import CommentFactory, ConsultationFactory
from tests.factories import AttachmentFactory, attached
from tests.helpers import shown

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/news/comment/"


@pytest.fixture
def draft():
    return ConsultationFactory(title="Dự thảo Quy định mở dữ liệu")


@pytest.fixture
def waiting(draft):
    return CommentFactory(
        consultation=draft, status=Comment.Status.PENDING, name="Trần Thị Bình",
        email="binh.tran@example.com", text="Đề nghị công bố dữ liệu giao thông.",
    )  # fmt: skip


def act(client, action, *comments):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [c.pk for c in comments]})


def test_an_editor_prepares_a_draft_and_a_leader_publishes_it(client, reporter, leader):
    client.force_login(reporter)
    form = shown(client.get("/admin/news/consultation/add/").context["adminform"].form)
    now = timezone.localtime()
    start, end = now - timedelta(hours=1), now + timedelta(days=20)
    file = AttachmentFactory(name="Dự thảo quy định.pdf")
    form.update({
        "title": "Dự thảo Quy định mở dữ liệu", "summary": "Dữ liệu nào được mở, cho ai.",
        "drafting_unit": "Phòng Công nghệ thông tin", "publication": "each",
        "opens_at_0": f"{start:%d/%m/%Y}", "opens_at_1": f"{start:%H:%M:%S}",
        "closes_at_0": f"{end:%d/%m/%Y}", "closes_at_1": f"{end:%H:%M:%S}",
        "attachments-present": "1", "attachments-key": [file.key], "attachments-label": [""],
        "attachments-order": ["1"], "_submit": "1",
    })  # fmt: skip
    response = client.post("/admin/news/consultation/add/", form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    draft = Consultation.objects.get()
    assert draft.status == Consultation.Status.REVIEW and draft.created_by == reporter
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/xem-truoc/lay-y-kien/{draft.pk}/").status_code == 200

    client.force_login(leader)
    page = client.get(f"/admin/news/consultation/{draft.pk}/change/")
    data = {**shown(page.context["adminform"].form), "_publish": "1"}
    assert client.post(f"/admin/news/consultation/{draft.pk}/change/", data).status_code == 302
    client.logout()
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "Dự thảo quy định" in html and file.get_absolute_url() in html
    assert client.get(file.get_absolute_url()).status_code == 200


def test_a_window_that_closes_before_it_opens_is_refused(client, leader):
    client.force_login(leader)
    form = shown(client.get("/admin/news/consultation/add/").context["adminform"].form)
    form.update({
        "title": "Dự thảo sai thời gian", "summary": "Tóm tắt.", "drafting_unit": "Phòng A",
        "publication": "each", "opens_at_0": "10/03/2026", "opens_at_1": "08:00:00",
        "closes_at_0": "01/03/2026", "closes_at_1": "08:00:00",
    })  # fmt: skip
    response = client.post("/admin/news/consultation/add/", form)
    assert response.status_code == 200
    assert "Thời điểm kết thúc phải sau thời điểm bắt đầu nhận ý kiến." in response.content.decode()
    assert Consultation.objects.count() == 0


def test_a_leader_approves_and_the_comment_appears(client, leader, waiting):
    client.force_login(leader)
    assert act(client, "approve", waiting).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.APPROVED and waiting.moderated_by == leader
    client.logout()
    html = client.get(waiting.consultation.get_absolute_url()).content.decode()
    assert "Đề nghị công bố dữ liệu giao thông." in html and "Trần Thị Bình" in html


def test_a_leader_rejects_and_the_comment_never_appears(client, leader, waiting):
    client.force_login(leader)
    act(client, "reject", waiting)
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.REJECTED
    client.logout()
    html = client.get(waiting.consultation.get_absolute_url()).content.decode()
    assert "Đề nghị công bố dữ liệu giao thông." not in html


def test_a_leader_moderates_from_the_comment_page(client, leader, waiting):
    client.force_login(leader)
    url = f"{CHANGELIST}{waiting.pk}/change/"
    assert client.post(url, {"status": "approved"}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.APPROVED and waiting.moderated_at is not None


def test_an_editor_reads_comments_but_cannot_moderate_even_with_a_forged_post(
    client, reporter, waiting
):
    client.force_login(reporter)
    page = client.get(CHANGELIST)
    assert page.status_code == 200
    action_form = page.context["action_form"]
    assert action_form is None or "approve" not in dict(action_form.fields["action"].choices)
    act(client, "approve", waiting)
    url = f"{CHANGELIST}{waiting.pk}/change/"
    assert client.post(url, {"status": "approved"}).status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.PENDING


def test_changing_comments_is_not_moderating_them(client, waiting):
    from tests.factories import UserFactory, permissions

    clerk = UserFactory(username="vanthu", is_staff=True)
    clerk.user_permissions.set(permissions("news.view_comment", "news.change_comment"))
    client.force_login(clerk)
    page = client.get(CHANGELIST)
    action_form = page.context["action_form"]
    assert action_form is None or "approve" not in dict(action_form.fields["action"].choices)
    act(client, "approve", waiting)
    client.post(f"{CHANGELIST}{waiting.pk}/change/", {"status": "approved"})
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.PENDING


def test_nobody_adds_a_comment_in_the_admin(client, leader):
    client.force_login(leader)
    assert client.get(f"{CHANGELIST}add/").status_code == 403


def test_emails_are_masked_for_staff_without_view_commenter(client, reporter, leader, waiting):
    client.force_login(reporter)
    for url in (CHANGELIST, f"{CHANGELIST}{waiting.pk}/change/"):
        html = client.get(url).content.decode()
        assert "binh.tran@example.com" not in html and "bi***@example.com" in html
    # Nor can the search box confirm an address.
    found = client.get(CHANGELIST, {"q": "binh.tran@example.com"})
    assert found.context["cl"].result_count == 0
    client.force_login(leader)
    for url in (CHANGELIST, f"{CHANGELIST}{waiting.pk}/change/"):
        assert "binh.tran@example.com" in client.get(url).content.decode()
    assert client.get(CHANGELIST, {"q": "binh.tran@example.com"}).context["cl"].result_count == 1


def test_filters_by_draft_and_moderation(client, leader, draft, waiting):
    other = ConsultationFactory()
    CommentFactory(consultation=other, status=Comment.Status.PENDING)
    CommentFactory(consultation=draft, status=Comment.Status.APPROVED)
    client.force_login(leader)
    page = client.get(CHANGELIST, {"consultation__id__exact": draft.pk, "status__exact": "pending"})
    assert list(page.context["cl"].result_list) == [waiting]


def test_the_list_shows_phase_and_counts_and_the_export_link(client, reporter, draft, waiting):
    CommentFactory.create_batch(2, consultation=draft)
    CommentFactory(consultation=draft, status=Comment.Status.REJECTED)
    client.force_login(reporter)
    html = client.get("/admin/news/consultation/").content.decode()
    assert "Đang lấy ý kiến" in html
    assert '<td class="field-received_count">3</td>' in html
    assert f'consultation__id__exact={draft.pk}&amp;status__exact=pending">1</a>' in html
    assert '<td class="field-approved_count">2</td>' in html
    assert f"/admin/news/consultation/{draft.pk}/gop-y.xlsx" in html


def test_the_dashboard_lists_waiting_comments_and_drafts_closing_soon(client, reporter, waiting):
    ConsultationFactory(
        title="Dự thảo sắp hết hạn", opens_at=timezone.now() - timedelta(days=20),
        closes_at=timezone.now() + timedelta(days=2),
    )  # fmt: skip
    client.force_login(reporter)
    html = client.get("/admin/").content.decode()
    assert "Ý kiến góp ý chờ kiểm duyệt" in html and "1 ý kiến chờ kiểm duyệt" in html
    assert "Sắp hết hạn lấy ý kiến" in html and "Dự thảo sắp hết hạn" in html


def read_xlsx(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_the_drafting_unit_gets_every_comment_as_xlsx(client, reporter, leader, draft, waiting):
    CommentFactory(
        consultation=draft, name="=HYPERLINK(\"http://x\")", organisation="HTX Thanh Hà",
        reference="Điều 2", text="+1 đồng ý", email="an@example.com",
    )  # fmt: skip
    url = f"/admin/news/consultation/{draft.pk}/gop-y.xlsx"
    client.force_login(leader)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"gop-y-{draft.slug}" in response["Content-Disposition"]
    rows = read_xlsx(response.content)
    assert rows[0] == ("STT", "Gửi lúc", "Họ tên", "Cơ quan, tổ chức", "Thư điện tử",
                       "Điều, khoản", "Nội dung góp ý", "Kiểm duyệt")  # fmt: skip
    assert rows[1][2:] == ("Trần Thị Bình", None, "binh.tran@example.com", None,
                           "Đề nghị công bố dữ liệu giao thông.", "Chờ kiểm duyệt")  # fmt: skip
    assert rows[2][2] == '=HYPERLINK("http://x")'  # text, never a formula
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["C3"].data_type == "s" and sheet["C3"].quotePrefix
    # Staff who may not see e-mails get them masked.
    client.force_login(reporter)
    rows = read_xlsx(client.get(url).content)
    assert rows[1][4] == "bi***@example.com" and rows[2][4] == "an***@example.com"


def test_staff_without_view_comment_get_no_export(client, draft):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="khach", is_staff=True))
    assert client.get(f"/admin/news/consultation/{draft.pk}/gop-y.xlsx").status_code == 403


def test_a_draft_with_files_can_be_listed_with_a_report(client, leader):
    draft = ConsultationFactory(attachments=attached(AttachmentFactory()))
    client.force_login(leader)
    assert client.get(f"/admin/news/consultation/{draft.pk}/change/").status_code == 200


@pytest.mark.parametrize(
    "query",
    ["email__startswith=bi", "email=binh.tran@example.com", "email__regex=^b.n",
     "consultation__comments__email__startswith=bi"],
)  # fmt: skip
def test_masked_emails_cannot_be_guessed_through_the_list_filters(client, reporter, waiting, query):
    client.force_login(reporter)
    response = client.get(f"{CHANGELIST}?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bạn không được lọc hay tìm danh sách theo thư điện tử" in html
    assert "Đề nghị công bố dữ liệu" not in html


def test_moderators_who_see_emails_may_filter_by_them(client, leader, waiting):
    client.force_login(leader)
    response = client.get(f"{CHANGELIST}?email__startswith=bi")
    assert response.status_code == 200 and "Đề nghị công bố dữ liệu" in response.content.decode()


def change_page(client, draft):
    return client.get(f"/admin/news/consultation/{draft.pk}/change/")


def test_how_comments_are_published_is_locked_once_anyone_commented(client, leader, draft):
    client.force_login(leader)
    response = change_page(client, draft)
    assert 'name="publication"' in response.content.decode()  # no comment yet: a choice
    form = shown(response.context["adminform"].form)
    CommentFactory(consultation=draft, status=Comment.Status.PENDING)
    response = change_page(client, draft)
    html = response.content.decode()
    assert 'name="publication"' not in html and "Không đổi được nữa" in html
    assert "Công bố từng ý kiến sau khi kiểm duyệt" in html
    # A form opened before the first comment, sent after it: refused, nothing changed.
    form.update(publication="aggregate", _save="1")
    response = client.post(f"/admin/news/consultation/{draft.pk}/change/", form)
    draft.refresh_from_db()
    assert draft.publication == "each"
    # And in the model itself, whatever saves it through validation.
    draft.publication = "aggregate"
    with pytest.raises(ValidationError) as refused:
        draft.full_clean()
    assert "không đổi được cách công bố nữa" in str(refused.value.message_dict["publication"])


def test_a_view_only_draft_shows_its_files_as_a_list_and_no_pending_change_note(
    client, reporter, leader
):
    files = attached(AttachmentFactory(name="Dự thảo quy định.pdf"))
    draft = ConsultationFactory(title="Dự thảo Quy định mở dữ liệu", attachments=files,
                                created_by=leader)  # fmt: skip
    client.force_login(reporter)
    response = change_page(client, draft)
    assert response.status_code == 200
    html = response.content.decode()
    if 'name="_save"' in html:
        pytest.skip("editors may edit this draft")
    assert '"key"' not in html and "[{" not in html  # not the data behind the field
    assert "Dự thảo quy định.pdf" in html and "/tai-lieu/" in html
    assert "Thay đổi của bạn sẽ được lưu thành bản sửa chờ duyệt" not in html
