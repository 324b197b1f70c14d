"""The public comment form: a person's comment is kept waiting for moderation (POST, redirect,
GET); every bad input gets a Vietnamese message with nothing kept; bots are told "received"
and nothing is kept; floods are refused; markup is text everywhere."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from news.consultations.models import Comment
from portal import roles
from portal.models import Submission
from tests.consultations.conftest import CommentFactory, ConsultationFactory, comment_data
from tests.helpers import human, person

pytestmark = pytest.mark.django_db

MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def draft():
    return ConsultationFactory(title="Dự thảo Quy định mở dữ liệu")


def nothing_kept():
    return Comment.objects.count() == 0 and Submission.objects.count() == 0


def test_a_comment_is_kept_waiting_and_the_visitor_thanked_after_a_redirect(client, draft):
    response = client.post(draft.get_comment_url(), comment_data())
    assert response.status_code == 302
    assert response["Location"] == f"/lay-y-kien/{draft.slug}/gop-y/da-gui/"
    thanks = client.get(response["Location"]).content.decode()
    assert "Cảm ơn bạn đã góp ý" in thanks and "sau khi được kiểm duyệt" in thanks
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert (comment.name, comment.organisation, comment.email, comment.reference) == (
        "Trần Thị Bình", "Hợp tác xã Thanh Hà", "binh.tran@example.com", "Điều 3, khoản 2",
    )  # fmt: skip
    assert comment.consent_at is not None and comment.fingerprint and comment.address_key
    assert Submission.objects.filter(kind="comment").count() == 1
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Đề nghị bổ sung hướng dẫn" not in page  # not before moderation


def test_the_form_needs_the_csrf_token(draft):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(draft.get_comment_url(), comment_data()).status_code == 403
    assert nothing_kept()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Hãy ghi họ và tên."),
        ({"name": "   "}, "name", "Hãy ghi họ và tên."),
        ({"email": ""}, "email", "Hãy ghi thư điện tử"),
        ({"email": "binh.tran@"}, "email", "Thư điện tử chưa đúng"),
        ({"email": "binh tran@example.com"}, "email", "Thư điện tử chưa đúng"),
        ({"email": "a" * 250 + "@example.com"}, "email", "Thư điện tử"),
        ({"text": ""}, "text", "Hãy ghi nội dung góp ý."),
        ({"text": "Ừ."}, "text", "Nội dung góp ý ngắn quá: cần ít nhất 10 ký tự"),
        (
            {"text": "ý" * 5001},
            "text",
            "Nội dung góp ý dài quá: tối đa 5.000 ký tự (bạn đã ghi 5001)",
        ),
        ({"name": "A" * 101}, "name", "Họ và tên dài quá: tối đa 100 ký tự"),
        ({"organisation": "B" * 201}, "organisation", "Cơ quan, tổ chức dài quá: tối đa 200 ký tự"),
        ({"reference": "C" * 201}, "reference", "Điều, khoản dài quá: tối đa 200 ký tự"),
        ({"consent": ""}, "consent", "Cần đồng ý với việc xử lý dữ liệu cá nhân"),
        ({"text": "Nội dung có ký tự \x00 rỗng ở giữa."}, "text", ""),
    ],
)
def test_bad_input_gets_a_vietnamese_message_and_nothing_is_kept(
    client, draft, changes, field, message
):
    response = client.post(draft.get_comment_url(), comment_data(**changes))
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert "Vui lòng sửa các ô được đánh dấu bên dưới" in html
    assert nothing_kept()


def test_a_form_without_its_start_time_or_with_a_forged_one_is_sent_again(client, draft):
    data = comment_data()
    for started in ("", "forged-token"):
        response = client.post(draft.get_comment_url(), {**data, "started": started})
        assert response.status_code == 400
        assert "Biểu mẫu đã quá hạn hoặc không hợp lệ" in response.content.decode()
    assert nothing_kept()


def test_the_same_comment_twice_is_kept_once_and_thanked_again(client, draft):
    assert client.post(draft.get_comment_url(), comment_data()).status_code == 302
    again = comment_data(email="BINH.TRAN@example.com", text="Đề nghị  bổ sung hướng dẫn nộp hồ "
                         "sơ trực tuyến cho người cao tuổi.")  # fmt: skip
    response = client.post(draft.get_comment_url(), again)  # a double tap, a reload
    assert response.status_code == 302
    assert response["Location"] == f"/lay-y-kien/{draft.slug}/gop-y/da-gui/"
    assert "Cảm ơn bạn đã góp ý" in client.get(response["Location"]).content.decode()
    assert Comment.objects.count() == 1 and Submission.objects.count() == 1
    # Another person may say the same thing; the same person may say it on another draft.
    assert (
        client.post(draft.get_comment_url(), comment_data(email="an@example.com")).status_code
        == 302
    )
    other = ConsultationFactory()
    assert client.post(other.get_comment_url(), comment_data()).status_code == 302
    assert Comment.objects.count() == 3


def test_a_duplicate_racing_past_the_check_is_stopped_by_the_database(client, draft, monkeypatch):
    assert client.post(draft.get_comment_url(), comment_data()).status_code == 302
    from news.consultations import forms

    monkeypatch.setattr(forms.Comment.objects, "filter", lambda **kw: Comment.objects.none())
    response = client.post(draft.get_comment_url(), comment_data())
    assert response.status_code == 302
    assert response["Location"] == f"/lay-y-kien/{draft.slug}/gop-y/da-gui/"
    assert Comment.objects.count() == 1
    assert Submission.objects.count() == 1  # the second one's record rolled back with it


def dropped(client, draft, data):
    response = client.post(draft.get_comment_url(), data)
    assert response.status_code == 200
    assert "Cảm ơn bạn đã góp ý" in response.content.decode()
    assert nothing_kept()
    assert mail.outbox == []


def test_a_filled_honeypot_is_told_received_and_nothing_is_kept(client, draft):
    person("lanhdao", roles.APPROVER)
    dropped(client, draft, comment_data(website="http://spam.example"))


def test_a_form_sent_faster_than_a_person_types_is_shown_again_with_everything(client, draft):
    person("lanhdao", roles.APPROVER)
    response = client.post(
        draft.get_comment_url(), {**comment_data(), **human({}, seconds_ago=0.5)}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vui lòng kiểm tra lại rồi bấm gửi lần nữa." in html
    assert "Đề nghị bổ sung hướng dẫn nộp hồ sơ trực tuyến cho người cao tuổi." in html
    assert 'value="binh.tran@example.com"' in html and 'value="Hợp tác xã Thanh Hà"' in html
    assert nothing_kept() and mail.outbox == []


def test_rate_limits_refuse_the_sixth_comment_in_an_hour_from_one_address(client, draft, settings):
    settings.SUBMISSION_LIMITS = {**settings.SUBMISSION_LIMITS, "comment": (5, 20, 300)}
    for n in range(5):
        data = comment_data(text=f"Ý kiến thứ {n + 1} về điều {n + 1} của dự thảo.")
        assert client.post(draft.get_comment_url(), data).status_code == 302
    data = comment_data(text="Ý kiến thứ sáu về điều sáu của dự thảo.")
    response = client.post(draft.get_comment_url(), data)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Bạn đã gửi 5 lần trong một giờ qua. Vui lòng thử lại sau." in html
    assert "Ý kiến thứ sáu về điều sáu của dự thảo." in html  # kept on the page, not lost
    assert Comment.objects.count() == 5


def test_everyone_together_is_limited_too(client, draft, settings):
    settings.SUBMISSION_LIMITS = {**settings.SUBMISSION_LIMITS, "comment": (5, 20, 2)}
    for n, address in enumerate(["10.0.0.1", "10.0.0.2"]):
        data = comment_data(text=f"Ý kiến số {n} từ máy khác nhau.")
        assert client.post(draft.get_comment_url(), data, REMOTE_ADDR=address).status_code == 302
    response = client.post(draft.get_comment_url(), comment_data(), REMOTE_ADDR="10.0.0.3")
    assert response.status_code == 429
    assert "Cổng đang nhận quá nhiều lượt gửi" in response.content.decode()
    assert Comment.objects.count() == 2


def test_an_oversized_request_is_refused_before_it_is_read(client, draft):
    data = comment_data(text="x" * 40_000)
    response = client.post(draft.get_comment_url(), data)
    assert response.status_code == 413
    assert "32" in response.content.decode()
    assert nothing_kept()


def test_other_methods_are_refused(client, draft):
    assert client.put(draft.get_comment_url()).status_code == 405
    assert client.post(draft.get_absolute_url(), comment_data()).status_code == 405
    assert nothing_kept()


def test_markup_in_every_field_is_text_on_the_page_in_the_admin_and_in_the_email(client, draft):
    leader = person("lanhdao", roles.APPROVER)
    data = comment_data(
        name=f"Bình {MARKUP}", organisation=f"HTX {MARKUP}", reference=f"Điều 1 {MARKUP}",
        text=f"Nội dung {MARKUP} hết.",
    )  # fmt: skip
    assert client.post(draft.get_comment_url(), data).status_code == 302
    comment = Comment.objects.get()
    assert comment.text == f"Nội dung {MARKUP} hết."  # kept as typed

    # The moderators' e-mail: plain text, as typed, no HTML part, nothing typed in the subject.
    (message,) = mail.outbox
    assert message.content_subtype == "plain" and not getattr(message, "alternatives", [])
    assert f"Bình {MARKUP}" in message.body and f"Nội dung {MARKUP} hết." in message.body
    assert "<" not in message.subject and "binh.tran@example.com" not in message.body
    assert message.to == [leader.email]

    client.force_login(leader)
    for url in ("/admin/news/comment/", f"/admin/news/comment/{comment.pk}/change/"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<script>alert" not in client.get("/admin/").content.decode()  # the work panel

    comment.status = Comment.Status.APPROVED
    comment.save()
    client.logout()
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<script>alert" not in html and "<img src=x" not in html
    for text in ("Bình", "HTX", "Điều 1", "Nội dung"):
        assert f"{text} &lt;script&gt;" in html


def test_moderators_get_one_email_an_hour_per_draft(client, draft):
    person("lanhdao", roles.APPROVER)
    person("bientap", roles.EDITOR)  # may not moderate: not told
    for n in range(3):
        data = comment_data(text=f"Ý kiến số {n} về dự thảo mở dữ liệu.")
        assert client.post(draft.get_comment_url(), data).status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lanhdao@example.gov.vn"]
    assert "/admin/news/comment/?consultation__id__exact=" in mail.outbox[0].body


def test_a_mail_failure_does_not_lose_the_comment(client, draft, monkeypatch):
    person("lanhdao", roles.APPROVER)

    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("news.consultations.mail.send_mail", broken)
    assert client.post(draft.get_comment_url(), comment_data()).status_code == 302
    assert Comment.objects.count() == 1


def test_counts_are_shown_on_the_page_and_in_the_list(client, draft):
    # Sent before the approved ones: only moderation decides what shows, not the order.
    CommentFactory(consultation=draft, status=Comment.Status.REJECTED, text="Quảng cáo rác.")
    CommentFactory(consultation=draft, status=Comment.Status.PENDING, text="Ý kiến chưa duyệt.")
    CommentFactory.create_batch(2, consultation=draft)
    html = client.get(draft.get_absolute_url()).content.decode()
    # The 3 include the one waiting for moderation, and the page says so.
    assert "<td>3 <small>(kể cả chờ kiểm duyệt; 2 ý kiến đã công bố bên dưới)</small></td>" in html
    assert "Quảng cáo rác." not in html and "Ý kiến chưa duyệt." not in html
    assert html.count('<li class="comment">') == 2
    listed = client.get("/lay-y-kien/").content.decode()
    assert "3 ý kiến đã nhận (kể cả chờ kiểm duyệt)" in listed


def test_aggregate_drafts_show_counts_but_never_a_comment(client):
    draft = ConsultationFactory(publication="aggregate")
    CommentFactory(consultation=draft, text="Ý kiến chỉ để tổng hợp, không công bố riêng.")
    assert client.post(draft.get_comment_url(), comment_data()).status_code == 302
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "Ý kiến chỉ để tổng hợp" not in html and "Trần Thị Bình" not in html
    assert "không công bố riêng từng ý kiến" in html
    assert "<td>2 <small>(kể cả chờ kiểm duyệt)</small></td>" in html
    thanks = client.get(f"/lay-y-kien/{draft.slug}/gop-y/da-gui/").content.decode()
    assert "tổng hợp vào báo cáo tiếp thu, giải trình" in thanks


def test_published_comments_are_paged_fifty_at_a_time(client, draft):
    CommentFactory.create_batch(51, consultation=draft)
    first = client.get(draft.get_absolute_url()).content.decode()
    assert first.count('<li class="comment">') == 50 and "?page=2" in first
    second = client.get(draft.get_absolute_url(), {"page": 2}).content.decode()
    assert second.count('<li class="comment">') == 1


def test_the_form_helps_phones_and_puts_the_consent_box_before_its_sentence(client, draft):
    html = client.get(draft.get_comment_url()).content.decode()
    assert 'name="name" autocomplete="name"' in html
    assert 'type="email" name="email" autocomplete="email"' in html
    assert 'name="organisation" autocomplete="organization"' in html
    consent = html.split('<div class="consent-box">', 1)[1].split("</div>", 1)[0]
    assert consent.startswith('<input type="checkbox" name="consent"')
    assert (
        'for="id_consent"' in consent
        and "chính sách bảo vệ dữ liệu cá nhân</a>.</label>" in consent
    )
    assert "data-send-once" in html
