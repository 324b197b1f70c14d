"""Staff accounts (issue 15): the second factor, password rules, idle sessions, the login log.

The test settings switch the second factor off (most tests use force_login); every test here
that needs it switches it back on through the ``second_factor`` fixture (settings override).
Codes are computed as an authenticator app would, with django_otp.oath.totp from the secret.
"""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import roles, staff
from portal.models import StaffLoginEvent
from tests.factories import ArticleFactory, UserFactory, editor

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu-nghiem"
VERIFY = "/admin/xac-thuc/"
ENROL = "/admin/xac-thuc/thiet-lap/"
CODES = "/admin/xac-thuc/ma-du-phong/"
MANAGE = "/admin/xac-thuc/quan-ly/"
WRONG = "Mã không đúng hoặc đã hết hạn."


@pytest.fixture
def second_factor(settings):
    settings.STAFF_SECOND_FACTOR = True
    return settings


def member(username, role):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def approver():
    return member("lanhdao", roles.APPROVER)


@pytest.fixture
def administrator():
    return member("quantri", roles.ADMINISTRATOR)


def log_in(client, user, password=PASSWORD):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": user.username, "password": password}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def with_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    staff.replace_recovery_codes(user)
    return device


def code_for(device, *, offset=0) -> str:
    return f"{totp(device.bin_key, t0=device.t0, step=device.step, drift=offset):06d}"


def text(response) -> str:
    return response.content.decode()


# --- Being held at the second step ------------------------------------------------------------


def test_approver_with_only_a_password_is_sent_to_the_enrolment_page(
    client, second_factor, approver
):
    log_in(client, approver)
    for url in ["/admin/", "/admin/news/article/", "/admin/auth/user/", MANAGE]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{ENROL}?next=")
    page = client.get(ENROL)
    body = text(page)
    assert page.status_code == 200
    assert "Thiết lập xác thực hai lớp" in body
    assert re.search(r'<img class="qr" src="data:image/svg\+xml;charset=utf-8,', body)
    device = TOTPDevice.objects.get(user=approver)
    assert not device.confirmed
    assert staff.secret_for_display(device) in body
    # The admin's own scripts come from files; no inline script on the page (strict CSP).
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body)
    # No menus before the second step.
    assert "/admin/news/article/" not in body


def test_enrolment_confirms_with_a_code_and_shows_ten_recovery_codes_once(
    client, second_factor, approver
):
    log_in(client, approver)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=approver)
    refused = client.post(ENROL, {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert refused.status_code == 200
    assert "Mã không đúng. Hãy kiểm tra giờ trên điện thoại" in text(refused)
    device.refresh_from_db()
    assert not device.confirmed
    device.throttle_reset()
    response = client.post(ENROL, {"code": code_for(device), "next": "/admin/news/article/"})
    assert response.status_code == 302
    assert response["Location"].startswith(CODES)
    shown = client.get(response["Location"])
    codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", text(shown))
    assert len(codes) == 10 and len(set(codes)) == 10
    assert 'href="/admin/news/article/"' in text(shown)
    assert StaticToken.objects.filter(device__user=approver).count() == 10
    again = client.get(CODES)  # shown once only
    assert again.status_code == 302 and again["Location"] == MANAGE
    assert "<code>" not in text(client.get(MANAGE))
    assert client.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert StaffLoginEvent.objects.filter(
        user=approver, outcome=StaffLoginEvent.Outcome.ENROLLED
    ).exists()


def test_approver_with_a_device_needs_the_right_code(client, second_factor, approver):
    device = with_device(approver)
    log_in(client, approver)
    response = client.get("/admin/news/article/")
    assert response["Location"] == f"{VERIFY}?next=/admin/news/article/"
    page = client.get(response["Location"])
    assert "mã 6 chữ số" in text(page)
    wrong = client.post(VERIFY, {"code": "12345" + str((int(code_for(device)[-1]) + 1) % 10)})
    assert wrong.status_code == 200
    assert WRONG in text(wrong)
    assert client.get("/admin/").status_code == 302
    device.refresh_from_db()
    device.throttle_reset()
    ok = client.post(VERIFY, {"code": code_for(device), "next": "/admin/news/article/"})
    assert ok.status_code == 302 and ok["Location"] == "/admin/news/article/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/news/article/").status_code == 200
    outcomes = list(
        StaffLoginEvent.objects.filter(user=approver)
        .order_by("pk")
        .values_list("outcome", flat=True)
    )
    assert outcomes == ["login", "code_failed", "verified"]


def test_a_preview_opened_before_the_second_step_is_shown_after_it(client, second_factor, approver):
    device = with_device(approver)
    log_in(client, approver)
    article = ArticleFactory(title="Bài đang chờ duyệt", status="review")
    preview = f"/xem-truoc/bai-viet/{article.pk}/"
    response = client.get(preview, follow=True)
    assert response.redirect_chain[-1][0] == f"{VERIFY}?next={preview}"
    ok = client.post(VERIFY, {"code": code_for(device), "next": preview})
    assert ok.status_code == 302 and ok["Location"] == preview
    shown = client.get(preview)
    assert shown.status_code == 200 and "Bài đang chờ duyệt" in text(shown)


def test_an_outside_next_is_not_followed(client, second_factor, approver):
    device = with_device(approver)
    log_in(client, approver)
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://example.com/"})
    assert response["Location"] == "/admin/"


def test_wrong_codes_are_throttled(client, second_factor, administrator):
    device = with_device(administrator)
    log_in(client, administrator)
    client.post(VERIFY, {"code": "abcdefgh"})  # a wrong recovery code: its own device
    wrong = "000000" if code_for(device) != "000000" else "111111"
    client.post(VERIFY, {"code": wrong})
    # At once after a wrong code, even the right one is not tried.
    response = client.post(VERIFY, {"code": code_for(device)})
    assert "Đã nhập sai nhiều lần. Hãy chờ" in text(response)
    assert client.get("/admin/").status_code == 302
    with time_machine.travel(timezone.now() + timedelta(seconds=3)):
        device.refresh_from_db()
        assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302
        assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once(client, second_factor, approver):
    TOTPDevice.objects.create(user=approver, name="app", confirmed=True)
    codes = staff.replace_recovery_codes(approver)
    log_in(client, approver)
    response = client.post(VERIFY, {"code": codes[3].upper().replace("-", " ")}, follow=True)
    assert response.status_code == 200
    assert "Bạn vừa dùng một mã dự phòng; còn 9 mã." in text(response)
    assert client.get("/admin/").status_code == 200
    client.post("/admin/logout/")
    log_in(client, approver)
    refused = client.post(VERIFY, {"code": codes[3]})
    assert WRONG in text(refused)
    assert client.get("/admin/").status_code == 302
    assert StaffLoginEvent.objects.filter(outcome=StaffLoginEvent.Outcome.RECOVERY).count() == 1


def test_a_code_is_refused_when_replayed(client, second_factor, approver):
    device = with_device(approver)
    code = code_for(device)
    log_in(client, approver)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.post("/admin/logout/")
    other = Client()
    log_in(other, approver)
    replay = other.post(VERIFY, {"code": code})
    assert replay.status_code == 200 and WRONG in text(replay)
    assert other.get("/admin/").status_code == 302


def test_an_editor_is_not_forced_but_may_opt_in(client, second_factor):
    writer = member("bientap", roles.EDITOR)
    log_in(client, writer)
    assert client.get("/admin/").status_code == 200
    manage = client.get(MANAGE)
    assert "Bật xác thực hai lớp" in text(manage)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=writer)
    client.post(ENROL, {"code": code_for(device)})
    client.post("/admin/logout/")
    log_in(client, writer)
    assert client.get("/admin/")["Location"].startswith(VERIFY)  # once opted in, asked
    device.refresh_from_db()
    # Replays are refused: the code is the next step's.
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302
        # An editor may switch it off again (after the second step).
        assert client.post("/admin/xac-thuc/quan-ly/tat/").status_code == 302
    assert not TOTPDevice.objects.filter(user=writer).exists()


def test_a_required_second_factor_cannot_be_switched_off(client, second_factor, approver):
    device = with_device(approver)
    log_in(client, approver)
    client.post(VERIFY, {"code": code_for(device)})
    assert client.post("/admin/xac-thuc/quan-ly/tat/").status_code == 403
    assert TOTPDevice.objects.filter(user=approver).exists()


def test_superuser_made_without_input_enrols_at_first_login(client, second_factor, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "mat-khau-sieu-quan-tri")
    call_command("createsuperuser", "--noinput", username="vanhanh", email="vanhanh@example.gov.vn")
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "vanhanh", "password": "mat-khau-sieu-quan-tri"},
        follow=True,
    )
    assert response.redirect_chain[-1][0].startswith(ENROL)
    assert "Thiết lập xác thực hai lớp" in text(response)


# --- Forged requests ---------------------------------------------------------------------------


def test_a_post_without_the_csrf_token_is_refused(second_factor, approver):
    device = with_device(approver)
    browser = Client(enforce_csrf_checks=True)
    login_page = browser.get("/admin/login/")
    token = login_page.cookies["csrftoken"].value
    browser.post(
        "/admin/login/",
        {"username": approver.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    response = browser.post(VERIFY, {"code": code_for(device)})
    assert response.status_code == 403
    assert browser.get("/admin/").status_code == 302


def test_an_account_held_at_the_second_step_cannot_enrol_a_new_device(
    client, second_factor, approver
):
    with_device(approver)
    log_in(client, approver)
    assert client.get(ENROL)["Location"].startswith(VERIFY)
    assert client.post(ENROL, {"code": "123456"})["Location"].startswith(VERIFY)
    assert client.post("/admin/xac-thuc/quan-ly/ma-du-phong-moi/")["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=approver).count() == 1
    assert StaticToken.objects.filter(device__user=approver).count() == 10


def test_held_account_is_a_visitor_outside_the_admin(client, second_factor, approver):
    device = with_device(approver)
    draft = ArticleFactory(title="Bản nháp chưa duyệt")
    preview = f"/xem-truoc/bai-viet/{draft.pk}/"
    log_in(client, approver)
    response = client.get(preview)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert client.get("/admin/password_change/")["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": code_for(device)})
    shown = client.get(preview)
    assert shown.status_code == 200 and "Bản nháp chưa duyệt" in text(shown)


def test_administrator_resets_an_editors_second_factor_but_not_a_superusers(
    client, second_factor, administrator
):
    admin_device = with_device(administrator)
    writer = member("bientap", roles.EDITOR)
    with_device(writer)
    boss = User.objects.create_superuser("giamdoc", "gd@example.gov.vn", "mat-khau-giam-doc")
    with_device(boss)
    log_in(client, administrator)
    client.post(VERIFY, {"code": code_for(admin_device)})
    page = client.get(f"/admin/auth/user/{writer.pk}/change/")
    assert f'href="/admin/xac-thuc/dat-lai/{writer.pk}/"' in text(page)
    assert "Đặt lại (mất điện thoại)" in text(page)
    boss_page = client.get(f"/admin/auth/user/{boss.pk}/change/")
    assert "/admin/xac-thuc/dat-lai/" not in text(boss_page)
    assert client.get(f"/admin/xac-thuc/dat-lai/{boss.pk}/").status_code == 403
    assert client.post(f"/admin/xac-thuc/dat-lai/{boss.pk}/").status_code == 403
    assert TOTPDevice.objects.filter(user=boss).exists()
    confirm = client.get(f"/admin/xac-thuc/dat-lai/{writer.pk}/")
    assert "Xoá ứng dụng xác thực và mọi mã dự phòng" in text(confirm)
    assert TOTPDevice.objects.filter(user=writer).exists()  # a GET changes nothing
    done = client.post(f"/admin/xac-thuc/dat-lai/{writer.pk}/", follow=True)
    assert "Đã đặt lại xác thực hai lớp của “bientap”" in text(done)
    assert not TOTPDevice.objects.filter(user=writer).exists()
    assert not StaticToken.objects.filter(device__user=writer).exists()
    event = StaffLoginEvent.objects.get(outcome=StaffLoginEvent.Outcome.RESET)
    assert event.user == writer and event.detail == "bởi quantri"


def test_an_editor_cannot_reset_anyone(client, second_factor, approver):
    with_device(approver)
    writer = member("bientap", roles.EDITOR)
    log_in(client, writer)
    assert client.post(f"/admin/xac-thuc/dat-lai/{approver.pk}/").status_code == 403
    assert TOTPDevice.objects.filter(user=approver).exists()


def test_new_recovery_codes_replace_the_old_ones(client, second_factor, approver):
    device = with_device(approver)
    old = list(StaticToken.objects.filter(device__user=approver).values_list("token", flat=True))
    log_in(client, approver)
    client.post(VERIFY, {"code": code_for(device)})
    response = client.post("/admin/xac-thuc/quan-ly/ma-du-phong-moi/", follow=True)
    new = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", text(response))
    assert len(new) == 10
    kept = set(StaticToken.objects.filter(device__user=approver).values_list("token", flat=True))
    assert kept == {c.replace("-", "") for c in new}
    assert not kept & set(old)


def test_public_pages_stay_cookieless_with_the_second_factor_on(client, second_factor):
    response = client.get("/")
    assert response.status_code == 200
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


# --- Password rules ----------------------------------------------------------------------------

SHORT = "Mật khẩu quá ngắn: cần ít nhất 12 ký tự."


def test_own_password_change_needs_twelve_characters(client, administrator):
    client.force_login(administrator)
    response = client.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": "Ngan-gon-11", "new_password2": "Ngan-gon-11"},
    )
    assert response.status_code == 200
    assert SHORT in text(response)
    administrator.refresh_from_db()
    assert administrator.check_password(PASSWORD)


def test_setting_someones_password_in_the_admin_follows_the_rules(client, administrator):
    writer = member("bientap", roles.EDITOR)
    client.force_login(administrator)
    url = f"/admin/auth/user/{writer.pk}/password/"
    for password, message in [
        ("Ngan-gon-11", SHORT),
        ("123456789012345", "Mật khẩu này hoàn toàn là số."),
        ("password1234", "Mật khẩu này quá phổ biến."),
    ]:
        response = client.post(
            url, {"password1": password, "password2": password, "usable_password": "true"}
        )
        assert response.status_code == 200, password
        assert message in text(response), password
    writer.refresh_from_db()
    assert writer.check_password(PASSWORD)
    ok = client.post(
        url,
        {"password1": "mat-khau-moi-du-dai", "password2": "mat-khau-moi-du-dai",
         "usable_password": "true"},
    )  # fmt: skip
    assert ok.status_code == 302
    writer.refresh_from_db()
    assert writer.check_password("mat-khau-moi-du-dai")


def test_a_new_account_needs_a_long_password(client):
    boss = User.objects.create_superuser("giamdoc", "gd@example.gov.vn", "mat-khau-giam-doc")
    client.force_login(boss)
    response = client.post(
        "/admin/auth/user/add/",
        {"username": "moi", "password1": "Ngan-gon-11", "password2": "Ngan-gon-11",
         "usable_password": "true"},
    )  # fmt: skip
    assert response.status_code == 200
    assert SHORT in text(response)
    assert not User.objects.filter(username="moi").exists()


# --- Idle and absolute session limits ----------------------------------------------------------


def test_an_idle_staff_session_ends_with_a_vietnamese_message(client):
    writer = editor("bientap")
    client.force_login(writer)
    assert client.get("/admin/").status_code == 200
    with time_machine.travel(time.time() + 31 * 60, tick=False):
        response = client.get("/admin/news/article/", follow=True)
    assert response.redirect_chain[0][0].startswith("/admin/login/?next=/admin/news/article/")
    assert "Phiên làm việc đã kết thúc vì 30 phút không thao tác." in text(response)
    assert "_auth_user_id" not in client.session
    assert StaffLoginEvent.objects.filter(user=writer, outcome="idle").exists()


def test_activity_keeps_a_session_until_the_absolute_limit(client):
    writer = editor("bientap")
    start = time.time()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(writer)
        for _ in range(15):  # a request every 25 minutes: 6 h 15 in all
            clock.shift(25 * 60)
            assert client.get("/admin/").status_code == 200
        clock.shift(2 * 3600)  # 8 h 15 after the login, 2 h after the last request ... idle too
        assert client.get("/admin/").status_code == 302
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(writer)
        for _ in range(20):  # every 25 minutes: past 8 h the session ends anyway
            clock.shift(25 * 60)
            response = client.get("/admin/")
            if response.status_code == 302:
                break
        assert time.time() - start > 8 * 3600
        assert StaffLoginEvent.objects.filter(user=writer, outcome="expired").exists()


def test_a_page_in_use_keeps_its_session(client):
    writer = editor("bientap")
    start = time.time()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(writer)
        page = text(client.get("/admin/news/article/add/"))
        script = 'src="/static/editor/js/staff-session.js" data-alive-url="{}"'
        assert script.format("/admin/xac-thuc/con-lam-viec/") in page
        clock.shift(25 * 60)  # typing in the editor: the page's script asks, no form is sent
        assert client.get("/admin/xac-thuc/con-lam-viec/").status_code == 204
        clock.shift(25 * 60)
        assert client.get("/admin/").status_code == 200
    assert Client().get("/admin/xac-thuc/con-lam-viec/").status_code == 403


# --- The login log -----------------------------------------------------------------------------


def test_the_log_records_logins_failures_and_logouts_without_passwords(client):
    writer = editor("bientap")
    client.post(
        "/admin/login/",
        {"username": "bientap", "password": "sai-mat-khau-roi"},
        REMOTE_ADDR="203.0.113.7",
    )
    client.post(
        "/admin/login/", {"username": "bientap", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7"
    )
    client.post("/admin/logout/", REMOTE_ADDR="203.0.113.7")
    rows = list(StaffLoginEvent.objects.order_by("pk"))
    assert [(r.outcome, r.username, r.ip_address) for r in rows] == [
        ("failed", "bientap", "203.0.113.7"),
        ("login", "bientap", "203.0.113.7"),
        ("logout", "bientap", "203.0.113.7"),
    ]
    assert rows[1].user == writer
    for row in rows:
        assert "sai-mat-khau" not in row.detail and PASSWORD not in row.detail


def test_lockouts_are_logged(client, settings):
    settings.AXES_ENABLED = True
    editor("khoa")
    for _ in range(6):
        client.post("/admin/login/", {"username": "khoa", "password": "sai-mat-khau"})
    assert StaffLoginEvent.objects.filter(outcome="locked", username="khoa").exists()


def test_old_rows_are_pruned_when_a_new_one_is_written(settings):
    settings.STAFF_LOGIN_LOG_DAYS = 30
    old = StaffLoginEvent.objects.create(
        outcome="failed", username="cu", at=timezone.now() - timedelta(days=31)
    )
    recent = StaffLoginEvent.objects.create(
        outcome="failed", username="moi", at=timezone.now() - timedelta(days=29)
    )
    staff.record(StaffLoginEvent.Outcome.FAILED, username="x")
    assert not StaffLoginEvent.objects.filter(pk=old.pk).exists()
    assert StaffLoginEvent.objects.filter(pk=recent.pk).exists()


def test_only_administrators_read_the_log(client, administrator, approver):
    StaffLoginEvent.objects.create(outcome="failed", username="ke-la", ip_address="198.51.100.9")
    StaffLoginEvent.objects.create(outcome="login", username="quantri")
    url = "/admin/portal/staffloginevent/"
    client.force_login(approver)
    assert client.get(url).status_code == 403
    client.force_login(administrator)
    page = client.get(url)
    assert page.status_code == 200
    body = text(page)
    assert "Nhật ký đăng nhập" in body or "nhật ký đăng nhập" in body
    assert "ke-la" in body and "198.51.100.9" in body
    names = re.findall(
        r'class="field-username">([^<]*)<', text(client.get(url, {"nhom": "problems"}))
    )
    assert names == ["ke-la"]
    assert client.get(url + "add/").status_code == 403
    row = StaffLoginEvent.objects.get(username="ke-la")
    change = client.post(url + f"{row.pk}/change/", {"username": "khac"})
    assert change.status_code in (302, 403)
    row.refresh_from_db()
    assert row.username == "ke-la"
    assert client.post(url + f"{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert StaffLoginEvent.objects.filter(pk=row.pk).exists()


def test_every_admin_page_links_to_ones_own_second_factor(client, second_factor, approver):
    device = with_device(approver)
    log_in(client, approver)
    client.post(VERIFY, {"code": code_for(device)})
    for url in ["/admin/", "/admin/news/article/"]:
        assert f'<a href="{MANAGE}">Xác thực hai lớp</a>' in text(client.get(url)), url
    page = text(client.get(MANAGE))
    assert "Xác thực hai lớp đang bật cho tài khoản của bạn." in page
    assert "Còn 10 mã dự phòng chưa dùng." in page
    assert "bắt buộc dùng xác thực hai lớp nên không tắt được" in page


# --- Production defaults -----------------------------------------------------------------------


def test_production_requires_the_second_factor_unless_told_otherwise():
    from tests.portal.test_settings import PRODUCTION, manage

    code = (
        "from django.conf import settings as s; "
        "print(s.STAFF_SECOND_FACTOR, s.STAFF_IDLE_SECONDS, s.STAFF_LOGIN_LOG_DAYS, "
        "s.AUTH_PASSWORD_VALIDATORS[1]['OPTIONS']['min_length'])"
    )
    defaults = manage("shell", "-c", code, **PRODUCTION)
    assert defaults.stdout.splitlines()[-1].split() == ["True", "1800", "365", "12"], (
        defaults.stderr
    )
    told = manage(
        "shell", "-c", code, **PRODUCTION, STAFF_SECOND_FACTOR="0", STAFF_IDLE_MINUTES="15",
        STAFF_LOGIN_LOG_DAYS="90",
    )  # fmt: skip
    assert told.stdout.splitlines()[-1].split() == ["False", "900", "90", "12"], told.stderr
