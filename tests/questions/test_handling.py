"""Staff handle questions: assign, answer, approve and publish or answer privately, close,
merge duplicates; the asker follows it by code; contact data stays private, masked from staff
without the right and erased after the retention period."""

import io
import json
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from openpyxl import load_workbook

from news.questions.models import CloseReason, Question, Status
from portal import roles
from tests.factories import AttachmentFactory, attached
from tests.helpers import count_queries, person

from .factories import TopicFactory, question

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return person("bientap", roles.EDITOR)


@pytest.fixture
def approver():
    return person("lanhdao", roles.APPROVER)


def send(client, url, data):
    """A post whose after-commit work (the e-mails) runs, as it does outside a test."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data)


def change_url(q):
    return f"/admin/news/question/{q.pk}/change/"


def form_data(q, **changes):
    data = {
        "topic": str(q.topic_id), "title": q.title, "question": q.question,
        "name_shown": q.name_shown, "unit": q.unit, "assignee": str(q.assignee_id or ""),
        "body": q.body, "attachments-present": "1", "step_reason": "", "step_note": "",
    }  # fmt: skip
    data.update(changes)
    return data


def test_the_whole_life_of_a_question(client, editor, approver):
    q = question(name_shown="full", asker_name="Lê Văn Cường")
    client.force_login(editor)
    # The editor takes it, writes the answer and sends it for approval.
    response = client.post(change_url(q), form_data(
        q, unit="Phòng Bưu chính", assignee=str(editor.pk),
        body="<p>Hộ nghèo được hỗ trợ một ti vi theo <a href='/van-ban/2328-kh-ubnd-2017/'>"
             "Kế hoạch 2328/KH-UBND</a>.</p>",
        _submit_answer="1",
    ))  # fmt: skip
    assert response.status_code == 302, response.context and response.context["errors"]
    q.refresh_from_db()
    assert q.status == Status.DRAFTED and q.answered_by == editor and q.unit == "Phòng Bưu chính"
    # Not public yet, and the editor has no approve button (a forged one is refused).
    assert client.get(q.get_absolute_url()).status_code == 404
    page = client.get(change_url(q)).content.decode()
    assert "_publish" not in page
    assert client.post(change_url(q), form_data(q, _publish="1")).status_code == 403
    # The approver publishes: the asker gets the answer, the public sees it.
    client.force_login(approver)
    assert send(client, change_url(q), form_data(q, _publish="1")).status_code == 302
    q.refresh_from_db()
    assert q.status == Status.PUBLISHED and q.approved_by == approver and q.answered_at
    client.logout()
    public = client.get(q.get_absolute_url()).content.decode()
    assert "Hộ nghèo được hỗ trợ một ti vi" in public and "Lê Văn Cường" in public
    assert q.email not in public and q.phone not in public
    assert q.title in client.get("/hoi-dap/").content.decode()
    (answer,) = [m for m in mail.outbox if "Trả lời" in m.subject]
    assert answer.to == [q.email] and "Hộ nghèo được hỗ trợ một ti vi" in answer.body
    assert q.get_absolute_url() in answer.body
    # The lookup by code shows the same answer.
    lookup = client.post("/hoi-dap/tra-cuu/", {"code": q.code.lower(), "contact": q.phone})
    assert "Hộ nghèo được hỗ trợ một ti vi" in lookup.content.decode()


def test_an_approver_sends_back_with_a_note(client, approver):
    q = question(status=Status.DRAFTED, answer="Trả lời còn thiếu")
    client.force_login(approver)
    refused = client.post(change_url(q), form_data(q, _return="1"))
    assert refused.status_code == 200 and "Ghi rõ cần sửa gì" in refused.content.decode()
    client.post(change_url(q), form_data(q, _return="1", step_note="Dẫn thêm văn bản."))
    q.refresh_from_db()
    assert q.status == Status.ASSIGNED and q.review_note == "Dẫn thêm văn bản."


def test_an_answer_cannot_be_sent_empty(client, approver):
    q = question()
    client.force_login(approver)
    response = client.post(change_url(q), form_data(q, _publish="1"))
    assert "Chưa có nội dung trả lời" in response.content.decode()
    q.refresh_from_db()
    assert q.status == Status.RECEIVED


def test_a_private_answer_reaches_only_the_asker(client, approver):
    q = question(answer="Thông tin riêng cho gia đình bạn")
    client.force_login(approver)
    send(client, change_url(q), form_data(q, _private="1"))
    q.refresh_from_db()
    assert q.status == Status.ANSWERED
    client.logout()
    assert client.get(q.get_absolute_url()).status_code == 404
    assert q.title not in client.get("/hoi-dap/").content.decode()
    assert "/hoi-dap/tra-cuu/" in mail.outbox[-1].body
    shown = client.post("/hoi-dap/tra-cuu/", {"code": q.code, "contact": q.email.upper()})
    assert "Thông tin riêng cho gia đình bạn" in shown.content.decode()


@pytest.mark.parametrize(
    ("code", "contact"),
    [
        ("HD-2026-00001", "khac@example.com"),
        ("HD-2026-99999", "an.nguyen@example.com"),
        ("HD-2026-00001", "0900000000"),
    ],
)
def test_a_wrong_code_or_contact_finds_nothing_and_says_so(client, code, contact):
    with time_machine.travel("2026-06-01 09:00 +07:00"):
        question(answer="Bí mật")
    response = client.post("/hoi-dap/tra-cuu/", {"code": code, "contact": contact})
    html = response.content.decode()
    assert "Không tìm thấy câu hỏi với mã và thông tin liên hệ này" in html
    assert "Bí mật" not in html


def test_lookups_are_limited(client, settings):
    settings.SUBMISSION_LIMITS = {**settings.SUBMISSION_LIMITS, "lookup": (3, 10, 100)}
    statuses = [
        client.post("/hoi-dap/tra-cuu/", {"code": f"HD-2026-0000{i}", "contact": "a@b.vn"})
        .status_code for i in range(5)
    ]  # fmt: skip
    assert statuses == [404, 404, 404, 429, 429]
    refused = client.post("/hoi-dap/tra-cuu/", {"code": "HD-2026-00001", "contact": "a@b.vn"})
    assert "Bạn đã tra cứu 3 lần trong một giờ qua" in refused.content.decode()
    assert "Bạn đã gửi" not in refused.content.decode()


def test_closing_needs_a_reason_and_the_asker_sees_it(client, editor):
    q = question()
    client.force_login(editor)
    refused = client.post(change_url(q), form_data(q, _close="1"))
    assert "Chọn lý do đóng câu hỏi" in refused.content.decode()
    client.post(change_url(q), form_data(q, _close="1", step_reason=CloseReason.OUT_OF_SCOPE,
                                         step_note="Thuộc thẩm quyền UBND huyện."))  # fmt: skip
    q.refresh_from_db()
    assert q.status == Status.CLOSED and q.settled_at
    client.logout()
    html = client.post("/hoi-dap/tra-cuu/", {"code": q.code, "contact": q.email}).content.decode()
    assert "Không thuộc thẩm quyền" in html and "UBND huyện" in html


def test_duplicates_are_merged_and_every_asker_gets_the_answer(client, approver):
    first = question(email="mot@example.com")
    second = question(email="hai@example.com", title="Hỗ trợ ti vi cho hộ nghèo?")
    client.force_login(approver)
    client.post("/admin/news/question/", {"action": "merge_duplicates",
                                          "_selected_action": [first.pk, second.pk]})  # fmt: skip
    second.refresh_from_db()
    assert second.status == Status.CLOSED and second.duplicate_of == first
    send(client, change_url(first), form_data(first, body="<p>Trả lời chung</p>", _publish="1"))
    recipients = sorted(m.to[0] for m in mail.outbox if "Trả lời" in m.subject)
    assert recipients == ["hai@example.com", "mot@example.com"]
    client.logout()
    html = client.post("/hoi-dap/tra-cuu/", {"code": second.code, "contact": "hai@example.com"})
    assert "Trả lời chung" in html.content.decode()


def test_an_editor_cannot_change_a_published_answer(client, editor):
    q = question(status=Status.PUBLISHED, answer="Đã duyệt")
    client.force_login(editor)
    client.post(change_url(q), form_data(q, body="<p>Sửa lén</p>"))
    q.refresh_from_db()
    assert "Đã duyệt" in q.body_html and "Sửa lén" not in q.body_html


def test_waiting_and_overdue_are_shown_and_filtered(client, editor):
    with time_machine.travel("2026-11-02 09:00 +07:00"):  # a Monday
        late = question(title="Câu hỏi đã lâu")
    with time_machine.travel("2026-11-20 09:00 +07:00"):
        fresh = question(title="Câu hỏi mới gửi", email="moi@example.com")
    with time_machine.travel("2026-11-23 10:00 +07:00"):
        client.force_login(editor)
        listed = client.get("/admin/news/question/?han=qua_han").content.decode()
        assert "Câu hỏi đã lâu" in listed and "Câu hỏi mới gửi" not in listed
        assert "quá hạn" in listed and "15 ngày làm việc" in listed
        home = client.get("/admin/").content.decode()
        assert "Câu hỏi quá hạn" in home and late.code in home
        assert fresh.code in home  # new, not assigned yet


def test_staff_without_the_right_see_contacts_masked(client, editor, approver):
    q = question(email="an.nguyen@example.com", phone="0912345678")
    client.force_login(editor)
    page = client.get(change_url(q)).content.decode()
    assert "an.nguyen@example.com" not in page and "0912345678" not in page
    assert "an***@example.com" in page and "09******78" in page
    client.force_login(approver)
    page = client.get(change_url(q)).content.decode()
    assert "an.nguyen@example.com" in page and "0912345678" in page


def test_the_export_is_a_spreadsheet_masked_by_permission(client, editor):
    q = question(title='=HYPERLINK("http://x")')
    client.force_login(editor)
    response = client.post("/admin/news/question/", {"action": "export_xlsx",
                                                     "_selected_action": [q.pk]})  # fmt: skip
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = [cell.value for cell in sheet[2]]
    assert row[0] == q.code and row[3].startswith("=HYPERLINK") and sheet["D2"].data_type == "s"
    assert "an***@example.com" in row


def test_contact_data_never_reaches_public_pages_feeds_or_search(client):
    q = question(status=Status.PUBLISHED, answer="Trả lời công khai", name_shown="anonymous",
                 asker_name="Phạm Thị Dung", address="12 Trần Hưng Đạo")  # fmt: skip
    pages = [q.get_absolute_url(), "/hoi-dap/", "/rss/hoi-dap/", "/tim-kiem/?q=ho+tro+nghe+xem",
             "/sitemap-questions.xml", "/hoi-dap/?q=ti+vi"]  # fmt: skip
    for url in pages:
        html = client.get(url).content.decode()
        for secret in ("Phạm Thị Dung", q.email, q.phone, "Trần Hưng Đạo"):
            assert secret not in html, (url, secret)
    assert "Người hỏi giấu tên" in client.get(q.get_absolute_url()).content.decode()
    assert q.get_absolute_url() in client.get("/tim-kiem/?q=ho+tro+nghe+xem").content.decode()
    assert q.get_absolute_url() in client.get("/sitemap-questions.xml").content.decode()


def test_the_public_list_is_searched_folded_and_filtered_by_field(client):
    tv = TopicFactory(name="Thông tin cơ sở")
    post = TopicFactory(name="Bưu chính")
    question(status=Status.PUBLISHED, answer="a", topic=tv, title="Hỗ trợ ti vi")
    question(status=Status.PUBLISHED, answer="b", topic=post, title="Giấy phép bưu chính",
             email="b@x.vn", question="Xin giấy phép bưu chính cần những gì?")  # fmt: skip
    question(status=Status.ASSIGNED, topic=tv, title="Hỗ trợ đang xử lý", email="c@x.vn")
    html = client.get("/hoi-dap/?q=ho+tro").content.decode()
    assert "Hỗ trợ ti vi" in html and "đang xử lý" not in html and "Giấy phép" not in html
    html = client.get(f"/hoi-dap/?linh_vuc={post.slug}").content.decode()
    assert "Giấy phép bưu chính" in html and "Hỗ trợ ti vi" not in html


def test_retention_erases_contacts_and_keeps_the_published_answer(client, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    old = question(status=Status.PUBLISHED, answer="Vẫn còn", name_shown="initials")
    Question.objects.filter(pk=old.pk).update(settled_at=timezone.now() - timedelta(days=31))
    open_one = question(email="dang.cho@example.com")
    Question.objects.filter(pk=open_one.pk).update(created=timezone.now() - timedelta(days=90))
    out = io.StringIO()
    call_command("personal_data", "erase", "--dry-run", stdout=out)
    assert "questions: would erase 1" in out.getvalue()
    assert Question.objects.get(pk=old.pk).email
    call_command("personal_data", "erase", stdout=io.StringIO())
    old.refresh_from_db()
    assert (old.asker_name, old.email, old.phone, old.address) == ("", "", "", "")
    assert old.erased_at and old.shown_name == "N.V.A."
    assert Question.objects.get(pk=open_one.pk).email == "dang.cho@example.com"
    assert "Vẫn còn" in client.get(old.get_absolute_url()).content.decode()


def test_one_persons_data_is_exported_on_request():
    question(email="yeu.cau@example.com", title="Câu hỏi của tôi")
    question(email="nguoi.khac@example.com", title="Của người khác")
    out = io.StringIO()
    call_command("personal_data", "export", "--email", "YEU.CAU@example.com", stdout=out)
    found = json.loads(out.getvalue())["questions"]
    assert [row["title"] for row in found] == ["Câu hỏi của tôi"]


@pytest.mark.parametrize("n", [1, 20])
def test_the_public_pages_make_a_fixed_number_of_queries(client, n):
    topics = [TopicFactory(name=f"Lĩnh vực {i}") for i in range(n)]
    files = attached(*(AttachmentFactory() for _ in range(n)))
    questions = [
        question(status=Status.PUBLISHED, answer="Trả lời", topic=topics[i],
                 email=f"{i}@x.vn", title=f"Câu hỏi {i}", attachments=files)
        for i in range(n)
    ]  # fmt: skip
    assert count_queries(client, "/hoi-dap/") == 3  # fields, count, page
    assert count_queries(client, questions[0].get_absolute_url()) == 2


@pytest.mark.parametrize(
    "query",
    [
        "email__startswith=an", "email=an.nguyen@example.com",
        "email__iexact=AN.NGUYEN@example.com",
        "phone__startswith=0912", "phone=0912345678", "address__icontains=Hưng",
        "email__regex=^a.n", "duplicate_of__email__startswith=an", "duplicates__phone__contains=12",
    ],
)  # fmt: skip
def test_masked_contacts_cannot_be_guessed_through_the_list_filters(client, editor, query):
    question(email="an.nguyen@example.com", phone="0912345678", address="12 Trần Hưng Đạo")
    client.force_login(editor)
    response = client.get(f"/admin/news/question/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bạn không được lọc hay tìm danh sách theo thư điện tử" in html
    assert "HD-" not in html  # no row, so no yes-or-no answer about the address


def test_staff_who_see_contacts_may_filter_by_them(client, editor, approver):
    q = question(email="an.nguyen@example.com")
    client.force_login(approver)
    response = client.get("/admin/news/question/?email__startswith=an")
    assert response.status_code == 200 and q.code in response.content.decode()
    client.force_login(editor)  # the editor's ordinary filters still work
    assert client.get(f"/admin/news/question/?status__exact={q.status}").status_code == 200


def merge(client, *questions):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            "/admin/news/question/",
            {"action": "merge_duplicates", "_selected_action": [q.pk for q in questions]},
            follow=True,
        )


def answers_to(address):
    return [m for m in mail.outbox if "Trả lời" in m.subject and m.to == [address]]


def test_nothing_is_merged_into_a_private_answer(client, editor, approver):
    private = question(status=Status.ANSWERED, answer="Thông tin riêng của gia đình bạn",
                       email="rieng@example.com")  # fmt: skip
    other = question(email="khac@example.com", title="Hỗ trợ ti vi cho hộ nghèo?")
    for user in (editor, approver):
        client.force_login(user)
        html = merge(client, private, other).content.decode()
        assert "Không gộp được" in html and "đã được trả lời riêng" in html
    other.refresh_from_db()
    assert other.status == Status.RECEIVED and other.duplicate_of is None
    assert mail.outbox == []
    # Even a merge made before this rule never shows one person's private answer to another.
    Question.objects.filter(pk=other.pk).update(status=Status.CLOSED, duplicate_of=private,
                                                close_reason=CloseReason.DUPLICATE)  # fmt: skip
    client.logout()
    html = client.post("/hoi-dap/tra-cuu/", {"code": other.code, "contact": "khac@example.com"})
    assert "Thông tin riêng của gia đình bạn" not in html.content.decode()


def test_merging_into_an_answered_question_takes_an_approver(client, editor, approver):
    answered = question(answer="Trả lời đã đăng", email="mot@example.com")
    client.force_login(approver)
    send(client, change_url(answered), form_data(answered, _publish="1"))
    assert len(answers_to("mot@example.com")) == 1
    mail.outbox.clear()
    later = question(email="hai@example.com", title="Hỗ trợ ti vi cho hộ nghèo?")
    client.force_login(editor)
    html = merge(client, answered, later).content.decode()
    assert "cần quyền duyệt câu trả lời" in html
    later.refresh_from_db()
    assert later.status == Status.RECEIVED and mail.outbox == []
    client.force_login(approver)
    html = merge(client, answered, later).content.decode()
    assert f"Đã gộp 1 câu hỏi vào {answered.code}" in html
    later.refresh_from_db()
    assert later.status == Status.CLOSED and later.duplicate_of == answered
    (sent,) = [m for m in mail.outbox if "Trả lời" in m.subject]  # the new asker only
    assert sent.to == ["hai@example.com"] and "Trả lời đã đăng" in sent.body


def test_nothing_is_merged_into_a_closed_question(client, approver):
    spam = question(email="rac@example.com", title="Quảng cáo")
    spam.close(CloseReason.SPAM, "Nội dung không phù hợp.")
    spam.save()
    first = question(email="mot@example.com")
    second = question(email="hai@example.com", title="Hỗ trợ ti vi cho hộ nghèo?")
    client.force_login(approver)
    html = merge(client, spam, first, second).content.decode()
    assert f"Đã gộp 1 câu hỏi vào {first.code}" in html and spam.code in html  # left out, said
    second.refresh_from_db()
    spam.refresh_from_db()
    assert second.duplicate_of == first and spam.duplicate_of is None
    html = merge(client, spam, second).content.decode()  # nothing open or public to keep
    assert "Không gộp được" in html and "Câu hỏi đã đóng sẽ không có câu trả lời" in html


def test_a_question_others_were_merged_into_is_answered_only_in_public(client, approver):
    kept = question(email="mot@example.com", answer="Trả lời chung")
    other = question(email="hai@example.com", title="Hỗ trợ ti vi cho hộ nghèo?")
    client.force_login(approver)
    merge(client, kept, other)
    page = client.get(change_url(kept)).content.decode()
    assert 'name="_publish"' in page and 'name="_private"' not in page
    assert client.post(change_url(kept), form_data(kept, _private="1")).status_code == 403
    kept.refresh_from_db()
    assert kept.status == Status.RECEIVED


def test_an_answer_reaches_each_asker_once_per_version(client, approver):
    kept = question(email="mot@example.com")
    client.force_login(approver)
    send(client, change_url(kept), form_data(kept, body="<p>Bản trả lời đầu</p>", _publish="1"))
    assert len(answers_to("mot@example.com")) == 1
    kept.refresh_from_db()
    assert kept.answer_sent_at is not None
    # A merge sends the answer to the new asker, not again to the kept one's.
    for n in range(2):
        merge(client, kept, question(email=f"trung{n}@example.com", title=f"Hỏi lại lần {n}"))
    assert len(answers_to("mot@example.com")) == 1
    assert len(answers_to("trung0@example.com")) == len(answers_to("trung1@example.com")) == 1
    # Taken off the page and published again unchanged: nobody is e-mailed again.
    send(client, change_url(kept), form_data(kept, body=kept.body, _withdraw="1"))
    kept.refresh_from_db()
    send(client, change_url(kept), form_data(kept, body=kept.body, _publish="1"))
    assert len(answers_to("mot@example.com")) == 1 and len(answers_to("trung0@example.com")) == 1
    # A changed answer goes to everyone once more.
    kept.refresh_from_db()
    send(client, change_url(kept), form_data(kept, _withdraw="1"))
    kept.refresh_from_db()
    send(client, change_url(kept), form_data(kept, body="<p>Bản trả lời đã sửa</p>", _publish="1"))
    for address in ("mot@example.com", "trung0@example.com", "trung1@example.com"):
        sent = answers_to(address)
        assert len(sent) == 2 and "Bản trả lời đã sửa" in sent[-1].body


def test_a_private_answer_to_a_phone_only_asker_warns_that_nothing_was_sent(client, approver):
    q = question(email="", phone="0912345678", answer="Trả lời riêng")
    client.force_login(approver)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(change_url(q), form_data(q, _private="1"), follow=True)
    html = response.content.decode()
    assert "không ghi thư điện tử nên câu trả lời không được gửi đi" in html
    assert f"tra cứu bằng mã {q.code}" in html
    assert mail.outbox == []


def test_closing_tells_the_asker_why_by_email(client, editor):
    q = question(email="an.nguyen@example.com")
    client.force_login(editor)
    send(client, change_url(q), form_data(q, _close="1", step_reason=CloseReason.OUT_OF_SCOPE,
                                          step_note="Thuộc thẩm quyền UBND huyện."))  # fmt: skip
    (message,) = mail.outbox
    assert message.to == ["an.nguyen@example.com"] and q.code in message.subject
    assert "Không thuộc thẩm quyền" in message.body and "UBND huyện" in message.body
    assert "/hoi-dap/tra-cuu/" in message.body
    phone_only = question(email="", phone="0987654321", title="Câu hỏi khác")
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(change_url(phone_only), form_data(
            phone_only, _close="1", step_reason=CloseReason.OUT_OF_SCOPE, step_note="Không thuộc."
        ), follow=True)  # fmt: skip
    assert "lý do đóng chỉ hiện khi tra cứu bằng mã" in response.content.decode()
    assert len(mail.outbox) == 1


def test_view_on_site_only_for_a_question_on_the_site(client, approver):
    waiting = question()
    public = question(status=Status.PUBLISHED, answer="Đã đăng", email="b@example.com")
    client.force_login(approver)
    assert 'class="viewsitelink"' not in client.get(change_url(waiting)).content.decode()
    page = client.get(change_url(public)).content.decode()
    assert 'class="viewsitelink"' in page and public.get_absolute_url() in page


def test_an_answered_question_shows_its_files_as_a_list_to_an_editor(client, editor):
    files = attached(AttachmentFactory(name="Hướng dẫn hỗ trợ.pdf"))
    q = question(status=Status.PUBLISHED, answer="Đã duyệt", attachments=files)
    client.force_login(editor)
    html = client.get(change_url(q)).content.decode()
    assert "Hướng dẫn hỗ trợ.pdf" in html and '"key"' not in html
    assert 'name="attachments-present"' not in html  # read-only: no widget


@pytest.mark.parametrize(
    "typed",
    ["HD 2026 00001", "HD202600001", "hd2026 1", "HD\u20112026\u201100001",
     "HD\u20102026\u201000001", "hd\u20132026\u20131", " HD - 2026 - 00001 ", "HD-2026-00001"],
)  # fmt: skip
def test_a_tracking_code_is_found_however_it_is_typed(client, typed):
    with time_machine.travel("2026-06-01 09:00 +07:00"):
        q = question(status=Status.ANSWERED, answer="Câu trả lời")
    assert q.code == "HD-2026-00001"
    response = client.post("/hoi-dap/tra-cuu/", {"code": typed, "contact": q.email})
    assert response.status_code == 200 and "Câu trả lời" in response.content.decode()
