"""The admin speaks Vietnamese where Django 5.2's own catalogue falls short (locale/vi)."""

import pytest
from django.utils import translation

from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("Show counts", "Hiện số lượng"),
        ("History", "Lịch sử"),
        ("Skip to main content", "Bỏ qua, đến nội dung chính"),
    ],
)
def test_admin_strings_are_translated(english, vietnamese):
    with translation.override("vi"):
        assert translation.gettext(english) == vietnamese


def test_plural_error_note_is_translated():
    with translation.override("vi"):
        for n in (1, 3):
            text = translation.ngettext(
                "Please correct the error below.", "Please correct the errors below.", n
            )
            assert text == "Hãy sửa các lỗi được nêu dưới đây."


@pytest.mark.django_db
def test_admin_form_errors_and_chooser_are_vietnamese(client):
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    html = client.post("/admin/news/trainingevent/add/", {"title": ""}).content.decode()
    assert "Hãy sửa các lỗi được nêu dưới đây." in html
    assert "Please correct" not in html
    js = client.get("/admin/jsi18n/").content.decode()
    assert "Ch\\u1ecdn t\\u1ea5t c\\u1ea3 %s" in js or "Chọn tất cả %s" in js


# English an editor would otherwise meet on the account pages (Django 5.2's catalogue lacks
# these, and joins one help text to an English sentence at import time).
ENGLISH_ON_ACCOUNT_PAGES = (
    "whether the user will be able",
    "if disabled, the current password",
    "trạng thái superuser",
    "password-based authentication",
)


@pytest.mark.django_db
def test_the_account_pages_have_no_english_left(client):
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    other = UserFactory(username="bientap", is_staff=True)
    pages = {
        "/admin/auth/user/": "Theo toàn quyền",
        f"/admin/auth/user/{other.pk}/change/": "Toàn quyền",
        "/admin/auth/user/add/": "Tài khoản có đăng nhập bằng mật khẩu được hay không",
        f"/admin/auth/user/{other.pk}/password/": "mật khẩu hiện tại của tài khoản này sẽ bị xoá",
    }
    for url, vietnamese in pages.items():
        html = client.get(url).content.decode()
        assert vietnamese in html, url
        assert not [text for text in ENGLISH_ON_ACCOUNT_PAGES if text in html.lower()], url
