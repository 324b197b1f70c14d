"""A citizen asks: the form, the tracking code and its e-mail, and everything the form refuses
(bad input, bots, floods, the same question twice) with nothing half-saved."""

import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.core import mail, signing
from django.utils import timezone
from django.utils.html import escape

from news.questions import views
from news.questions.forms import AskForm
from news.questions.models import AlreadyAsked, Question
from portal.models import Submission
from tests.helpers import human

from .factories import TopicFactory

pytestmark = pytest.mark.django_db

ASK = "/hoi-dap/dat-cau-hoi/"


@pytest.fixture
def topic():
    return TopicFactory(name="Bưu chính, viễn thông")


def asked(topic_, **changes):
    data = {
        "asker_name": "Trần Thị Bình",
        "email": "binh@example.com",
        "phone": "",
        "address": "",
        "topic": str(topic_.pk),
        "title": "Thủ tục cấp phép bưu chính",
        "question": "Doanh nghiệp của tôi cần giấy tờ gì để xin giấy phép bưu chính?",
        "name_shown": "initials",
        "consent": "on",
    }
    data.update(changes)
    return human(data)


def test_the_form_is_there_with_its_consent_link(client, topic):
    response = client.get(ASK)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="started"' in html and 'class="hp-field"' in html
    assert 'href="/chinh-sach-du-lieu-ca-nhan/"' in html
    assert "Bưu chính, viễn thông" in html
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    # Phones offer the right keyboard and what the browser knows of the person.
    assert 'type="tel" name="phone" autocomplete="tel"' in html
    assert 'name="asker_name" autocomplete="name"' in html
    assert 'type="email" name="email" autocomplete="email"' in html
    # The consent: the box, then one sentence (its link inside) as the box's label.
    consent = html.split('<div class="consent-box">', 1)[1].split("</div>", 1)[0]
    assert consent.startswith('<input type="checkbox" name="consent"')
    label = consent.split("<label", 1)[1]
    assert 'for="id_consent"' in label and "Tôi đồng ý để cơ quan" in label
    assert (
        'href="/chinh-sach-du-lieu-ca-nhan/">chính sách bảo vệ dữ liệu cá nhân</a>.</label>'
        in label
    )
    assert "data-send-once" in html  # the send button is disabled after the first tap


@time_machine.travel("2026-12-04 09:00 +07:00")  # a Friday
def test_asking_gives_a_code_shown_and_mailed(client, topic):
    response = client.post(ASK, asked(topic))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    question = Question.objects.get()
    assert question.code == "HD-2026-00001"
    assert "HD-2026-00001" in page
    # Ten working days from Friday 4 December: Friday 18 December.
    assert question.due_on == date(2026, 12, 18)
    assert "18/12/2026" in page
    assert question.shown_name == "T.T.B." and question.consent_at is not None
    (message,) = mail.outbox
    assert message.to == ["binh@example.com"]
    assert "HD-2026-00001" in message.subject and "HD-2026-00001" in message.body
    assert "/hoi-dap/tra-cuu/" in message.body
    assert "Mã này cũng đã được gửi tới thư điện tử của bạn." in page


def test_when_the_mail_server_fails_the_page_says_the_code_was_not_mailed(client, topic, settings):
    settings.EMAIL_BACKEND = "tests.questions.test_asking.BrokenMailBackend"
    response = client.post(ASK, asked(topic))
    assert response.status_code == 302 and Question.objects.count() == 1  # nothing lost
    page = client.get(response["Location"]).content.decode()
    assert Question.objects.get().code in page
    assert "Chưa gửi được thư xác nhận tới thư điện tử của bạn" in page
    assert "đã được gửi tới thư điện tử của bạn" not in page


class BrokenMailBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the SMTP server is down")


def test_codes_follow_each_other_and_restart_each_year(client, topic):
    with time_machine.travel("2026-12-30 09:00 +07:00"):
        client.post(ASK, asked(topic, email="a@example.com"))
        client.post(ASK, asked(topic, email="b@example.com"))
    with time_machine.travel("2027-01-04 09:00 +07:00"):
        client.post(ASK, asked(topic, email="c@example.com"))
    codes = list(Question.objects.order_by("pk").values_list("code", flat=True))
    assert codes == ["HD-2026-00001", "HD-2026-00002", "HD-2027-00001"]


def test_a_phone_is_enough_and_is_kept_as_digits(client, topic):
    response = client.post(ASK, asked(topic, email="", phone="+84 912.345.678"))
    assert response.status_code == 302
    assert Question.objects.get().phone == "0912345678"
    assert mail.outbox == []


BAD = [
    ({"asker_name": ""}, "asker_name", "Hãy ghi họ và tên."),
    ({"asker_name": "A" * 101}, "asker_name", "Họ và tên dài quá: tối đa 100 ký tự"),
    ({"email": "", "phone": ""}, "email", "thư điện tử hoặc số điện thoại"),
    ({"email": "", "phone": ""}, "phone", "Hoặc ghi số điện thoại"),
    ({"email": "binh@"}, "email", "Thư điện tử chưa đúng"),
    ({"phone": "12345"}, "phone", "Số điện thoại chưa đúng"),
    ({"topic": ""}, "topic", "Hãy chọn lĩnh vực của câu hỏi."),
    ({"title": ""}, "title", "Hãy ghi tiêu đề câu hỏi."),
    ({"title": "x" * 201}, "title", "Tiêu đề câu hỏi dài quá: tối đa 200 ký tự (bạn đã ghi 201)"),
    ({"question": ""}, "question", "Hãy ghi nội dung câu hỏi."),
    ({"question": "ngắn"}, "question", "Nội dung câu hỏi ngắn quá: cần ít nhất 10 ký tự"),
    ({"question": "x" * 5001}, "question", "Nội dung câu hỏi dài quá: tối đa 5.000 ký tự"),
    ({"topic": "999999"}, "topic", "Hãy chọn một lựa chọn hợp lệ"),
    ({"consent": ""}, "consent", "Cần đồng ý"),
    ({"name_shown": ""}, "name_shown", "Hãy chọn cách hiện tên khi công bố."),
    ({"name_shown": "everyone"}, "name_shown", "lựa chọn hợp lệ"),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD, ids=[str(b[0])[:30] for b in BAD])
def test_bad_input_is_refused_in_vietnamese_and_kept_on_the_form(
    client, topic, changes, field, message
):
    response = client.post(ASK, asked(topic, **changes))
    assert response.status_code == 400
    form = response.context["form"]
    errors = form.errors.get(field or "__all__", [])
    assert any(message in error for error in errors), form.errors
    html = response.content.decode()
    if changes.get("question") != "x" * 5001:
        assert "Trần Thị Bình" in html or field == "asker_name"  # what was typed is still there
    # The box is marked invalid and the list at the top names every error.
    assert 'aria-invalid="true"' in html
    summary = html.split('class="error-summary"', 1)[1].split("</ul>", 1)[0]
    for messages in form.errors.values():
        for text in messages:
            assert escape(text) in summary
    assert not Question.objects.exists() and not Submission.objects.exists()
    assert mail.outbox == []


def test_a_missing_contact_marks_both_boxes(client, topic):
    response = client.post(ASK, asked(topic, email="", phone=""))
    html = response.content.decode()
    for box in ("email", "phone"):
        tag = html.split(f'name="{box}"', 1)[1].split(">", 1)[0]
        assert 'aria-invalid="true"' in tag and f"id_{box}_error" in tag
    assert '<a href="#id_email">Hãy ghi thư điện tử hoặc số điện thoại' in html


def test_markup_is_kept_as_text_never_markup(client, topic):
    script = "<script>alert('x')</script><b>đậm</b>"
    client.post(ASK, asked(topic, title="Câu hỏi " + script, asker_name="An " + script))
    question = Question.objects.get()
    assert question.title == "Câu hỏi " + script
    assert script in mail.outbox[0].body  # plain text: shown as typed, nothing interprets it
    assert mail.outbox[0].content_subtype == "plain"
    lookup = client.post(
        "/hoi-dap/tra-cuu/", {"code": question.code, "contact": "binh@example.com"}
    ).content.decode()
    assert "<script>alert" not in lookup and "&lt;script&gt;alert" in lookup


def test_a_body_too_large_is_refused_before_it_is_read(client, topic):
    response = client.post(ASK, asked(topic, question="x" * 40_000))
    assert response.status_code == 413
    assert "Nội dung gửi lên quá dài" in response.content.decode()
    assert not Question.objects.exists()


def test_the_honeypot_is_a_silent_drop(client, topic):
    response = client.post(ASK, {**asked(topic), "website": "http://spam.example"})
    assert response.status_code == 200
    assert "Cảm ơn bạn" in response.content.decode()
    assert not Question.objects.exists() and mail.outbox == []


def test_faster_than_a_person_shows_the_form_again_with_everything_kept(client, topic):
    # Autofill and paste: a real person can send sooner than anyone types.
    data = asked(topic, question="Doanh nghiệp tôi dán câu hỏi này vào, rất nhanh, rồi gửi ngay.")
    data.update(human({}, seconds_ago=0.5))
    response = client.post(ASK, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vui lòng kiểm tra lại rồi bấm gửi lần nữa." in html and "Cảm ơn bạn" not in html
    assert "Trần Thị Bình" in html and "dán câu hỏi này vào, rất nhanh" in html
    assert 'value="binh@example.com"' in html and "checked" in html.split('name="consent"')[1][:80]
    assert not Question.objects.exists() and not Submission.objects.exists()
    assert mail.outbox == []
    # A fresh start time on the page: sent again a little later, it goes through.
    token = response.context["form"].started_token()
    assert token != data["started"]
    again = {**data, "started": token}
    with time_machine.travel(timezone.now() + timedelta(seconds=5), tick=False):
        assert client.post(ASK, again).status_code == 302
    assert Question.objects.count() == 1


@pytest.mark.parametrize("token", ["", "forged", "1733000000.0:abc"])
def test_a_missing_or_forged_start_time_asks_again(client, topic, token):
    response = client.post(ASK, {**asked(topic), "started": token})
    assert response.status_code == 400
    assert "Biểu mẫu đã quá hạn hoặc không hợp lệ" in response.content.decode()
    assert not Question.objects.exists()
    # The page gives a new, valid start time: sending again a while later works.
    assert response.context["form"].started_token() != token


def test_the_same_question_sent_again_later_is_refused_with_a_reason(client, topic):
    assert client.post(ASK, asked(topic)).status_code == 302
    again = asked(topic, question="  doanh nghiệp CỦA TÔI cần giấy tờ gì để xin giấy phép "
                                  "bưu chinh? ")  # fmt: skip
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        response = client.post(ASK, human(again))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bạn đã gửi đúng câu hỏi này rồi" in html
    assert "đã được gửi tới bạn" not in html  # no promise of an e-mail nobody may have got
    assert Question.objects.count() == 1 and len(mail.outbox) == 1


@pytest.mark.parametrize("contact", [{"email": "", "phone": "0912 345 678"},
                                     {"email": "binh@example.com", "phone": ""}])  # fmt: skip
def test_a_double_tap_shows_the_code_of_the_first_post(client, topic, contact):
    first = client.post(ASK, asked(topic, **contact))
    second = client.post(ASK, asked(topic, **contact))
    question = Question.objects.get()
    assert first.status_code == second.status_code == 302

    def shown_code(response):  # the signed code in the address (its timestamp may differ)
        token = parse_qs(urlsplit(response["Location"]).query)["ma"][0]
        return signing.loads(token, salt=views.SENT_SALT)["code"]

    assert shown_code(second) == shown_code(first) == question.code
    page = client.get(second["Location"]).content.decode()
    assert question.code in page  # a phone-only asker sees the code as well
    assert "Bạn đã gửi đúng câu hỏi này rồi" not in page
    assert Submission.objects.count() == 1  # the second tap is no new submission
    assert len(mail.outbox) == (1 if contact["email"] else 0)


def test_the_same_text_from_another_address_is_not_shown_the_code(client, topic):
    client.post(ASK, asked(topic), REMOTE_ADDR="203.0.113.1")
    response = client.post(ASK, asked(topic), REMOTE_ADDR="198.51.100.2")
    assert response.status_code == 400
    assert "HD-" not in response.content.decode()
    assert "Bạn đã gửi đúng câu hỏi này rồi" in response.content.decode()


def test_racing_posts_of_one_question_keep_one_and_show_its_code(client, topic, monkeypatch):
    first = client.post(ASK, asked(topic, email="", phone="0912345678"))
    # The second post passes the form's check before the first is written (a true race).
    monkeypatch.setattr(AskForm, "_earlier", lambda self, *args: Question.objects.none())
    second = client.post(ASK, asked(topic, email="", phone="0912345678"))
    assert Question.objects.count() == 1
    monkeypatch.undo()
    assert second.status_code == 302 and second["Location"] == first["Location"]
    # The same text from someone else is a question of its own.
    other = client.post(ASK, asked(topic, email="", phone="0987654321"))
    assert other.status_code == 302 and Question.objects.count() == 2


def test_the_database_keeps_one_open_question_per_text_and_contact(topic):
    values = {"asker_name": "Bình", "email": "Binh@Example.com", "phone": "", "topic": topic,
              "title": "Câu hỏi", "question": "Nội dung câu hỏi",
              "fingerprint": "f" * 64}  # fmt: skip
    kept = Question.receive(**values)
    with pytest.raises(AlreadyAsked) as raised:
        Question.receive(**{**values, "email": "binh@example.com"})
    assert raised.value.question == kept
    kept.close("duplicate", "Gửi trùng.")
    kept.save()
    assert Question.receive(**values).pk != kept.pk  # once closed, it may be asked again


def test_an_address_is_limited_per_hour_and_nothing_beyond_is_stored(client, topic, settings):
    settings.SUBMISSION_LIMITS = {**settings.SUBMISSION_LIMITS, "question": (2, 10, 100)}
    for i in range(2):
        response = client.post(ASK, asked(topic, title=f"Câu hỏi số {i}", email=f"{i}@x.vn"))
        assert response.status_code == 302
    response = client.post(ASK, asked(topic, title="Câu hỏi số 3", email="3@x.vn"))
    assert response.status_code == 429
    assert "Bạn đã gửi 2 lần trong một giờ qua" in response.content.decode()
    assert "Câu hỏi số 3" in response.content.decode()  # kept on the form
    assert Question.objects.count() == 2 and Submission.objects.count() == 2
    # An hour later the address may send again.
    Submission.objects.update(created=Submission.objects.first().created - timedelta(minutes=61))
    assert client.post(ASK, asked(topic, title="Sau một giờ", email="4@x.vn")).status_code == 302


def test_a_flood_from_many_addresses_stops_at_the_hourly_limit(client, topic, settings):
    settings.SUBMISSION_LIMITS = {**settings.SUBMISSION_LIMITS, "question": (5, 10, 3)}
    statuses = [
        client.post(ASK, asked(topic, title=f"Câu {i}", email=f"{i}@x.vn"),
                    REMOTE_ADDR=f"203.0.113.{i}").status_code
        for i in range(6)
    ]  # fmt: skip
    assert statuses == [302, 302, 302, 429, 429, 429]
    assert Question.objects.count() == 3 and len(mail.outbox) == 3


def test_limits_count_the_visitor_behind_a_trusted_proxy(client, topic, settings):
    settings.TRUSTED_PROXIES = "1"
    settings.SUBMISSION_LIMITS = {**settings.SUBMISSION_LIMITS, "question": (1, 10, 100)}
    first = client.post(ASK, asked(topic, email="1@x.vn"), HTTP_X_FORWARDED_FOR="198.51.100.1")
    other = client.post(ASK, asked(topic, email="2@x.vn"), HTTP_X_FORWARDED_FOR="198.51.100.2")
    again = client.post(ASK, asked(topic, email="3@x.vn"), HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert (first.status_code, other.status_code, again.status_code) == (302, 302, 429)


def test_the_privacy_notice_says_what_is_kept_and_for_how_long(client, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 365
    html = client.get("/chinh-sach-du-lieu-ca-nhan/").content.decode()
    assert "Câu hỏi gửi qua mục Hỏi đáp" in html
    assert "365 ngày" in html and "13/2023/NĐ-CP" in html


def test_with_no_minimum_a_form_sent_the_instant_it_was_shown_is_taken(client, topic, settings):
    # The start time printed at 12:00:00.06 must not read as 12:00:00.1, after the post.
    settings.FORM_MIN_SECONDS = 0
    with time_machine.travel(timezone.now().replace(microsecond=60_000), tick=False):
        page = client.get(ASK).content.decode()
        started = re.search(r'name="started" value="([^"]+)"', page)[1]
        answer = client.post(ASK, {**asked(topic), "started": started, "website": ""})
    assert answer.status_code == 302, answer.content.decode()
    assert Question.objects.count() == 1


def test_a_too_fast_form_still_names_every_other_error(client, topic):
    data = {**asked(topic, email="", phone="", title=""), **human({}, seconds_ago=0.5)}
    html = client.post(ASK, data).content.decode()
    assert "Vui lòng kiểm tra lại rồi bấm gửi lần nữa." in html
    assert "Hãy ghi thư điện tử hoặc số điện thoại" in html and "Hãy ghi tiêu đề câu hỏi." in html
