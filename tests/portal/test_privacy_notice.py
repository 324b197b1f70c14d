"""The privacy notice (/chinh-sach-du-lieu-ca-nhan/): whom to ask, with only what the agency
has given (its e-mail, phone, the portal's contact people, its address), and what of a person
is public, said per form."""

import pytest

from portal import chrome, registry
from portal.models import SiteProfile

pytestmark = pytest.mark.django_db

NOTICE = "/chinh-sach-du-lieu-ca-nhan/"


def notice(client, **profile):
    SiteProfile.objects.update(**profile)
    chrome.invalidate()
    html = client.get(NOTICE).content.decode()
    return html.split("Quyền của bạn", 1)[1].split("</article>", 1)[0]


def test_only_the_contact_channels_that_exist_are_printed(client):
    rights = notice(client, email="so@example.gov.vn", phone="", address="")
    assert 'href="mailto:so@example.gov.vn"' in rights and "điện thoại" not in rights
    rights = notice(client, email="", phone="0220 3852 123", address="Số 1 đường Mẫu")
    assert "điện thoại 0220 3852 123" in rights and "mailto:" not in rights
    assert "Hoặc gửi yêu cầu bằng văn bản tới" in rights and "Số 1 đường Mẫu" in rights
    for text in (": ;", ":  ;", ": .", ", ."):
        assert text not in rights


def test_without_email_or_phone_the_contact_people_are_named(client, monkeypatch):
    people = [
        registry.Contact(name="Nguyễn Văn Đầu Mối", position="Chánh Văn phòng",
                         email="daumoi@example.gov.vn"),
        registry.Contact(name="Không Liên Lạc", position="Chuyên viên"),  # nothing to reach
    ]  # fmt: skip
    monkeypatch.setattr(registry, "_contacts", [lambda now: (people, None)])
    rights = notice(client, email="", phone="", address="Số 1 đường Mẫu")
    assert "Hãy liên hệ đầu mối của cổng" in rights
    assert "Chánh Văn phòng" in rights and 'href="mailto:daumoi@example.gov.vn"' in rights
    assert "Không Liên Lạc" not in rights
    assert "Hãy liên hệ:" not in rights


def test_with_nothing_at_all_it_says_where_to_write(client, monkeypatch):
    monkeypatch.setattr(registry, "_contacts", [])
    rights = notice(client, email="", phone="", address="Số 1 đường Mẫu")
    assert "Hãy gửi yêu cầu bằng văn bản tới" in rights and "Số 1 đường Mẫu" in rights
    assert "Hãy liên hệ:" not in rights
    rights = notice(client, email="", phone="", address="")
    assert "Hãy gửi yêu cầu bằng văn bản tới" in rights and "Hãy liên hệ:" not in rights


def test_what_is_public_is_said_for_each_form(client):
    html = client.get(NOTICE).content.decode()
    who = html.split("Ai được xem", 1)[1].split("Giữ bao lâu", 1)[0]
    questions = who.split("Câu hỏi gửi qua mục Hỏi đáp", 1)[1].split("</li>", 1)[0]
    comments = who.split("Góp ý dự thảo", 1)[1].split("</li>", 1)[0]
    assert "theo cách bạn chọn" in questions
    assert "theo cách bạn chọn" not in comments  # commenters choose nothing: say what happens
    assert "đúng như bạn ghi" in comments and "công bố từng ý kiến" in comments
    assert "Họ tên chỉ hiện công khai theo cách bạn chọn" not in who
