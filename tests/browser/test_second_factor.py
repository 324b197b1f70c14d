"""The second factor in a real browser: an approver logs in with the password, enrols an
authenticator app from the page (the secret printed under the QR code), keeps the recovery codes,
reaches the admin, and logs in again with a code; all at phone width, where the page must fit.

Codes are computed from the secret the page shows, as the phone's app would.
"""

from __future__ import annotations

import base64
import re

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import totp
from playwright.sync_api import expect

from portal import roles
from tests.factories import UserFactory

from .test_accessibility import AXE_RUN, AXE_TAGS, describe
from .tools import PASSWORD, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def code(secret: str, *, ahead: int = 0) -> str:
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{totp(key, drift=ahead):06d}"


def run_axe(page, axe_js) -> list[dict]:
    """axe-core evaluated through the browser's debugging protocol: the admin's policy refuses a
    <script> tag, and this page is kept under it (refusals are errors here)."""
    page.evaluate(axe_js.read_text())
    return page.evaluate(AXE_RUN, AXE_TAGS)


def password_step(page, username):
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.get_by_label(re.compile("Tên đăng nhập")).fill(username)
    page.get_by_label(re.compile("Mật khẩu")).fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()


def test_an_approver_enrols_and_logs_in_with_a_code(new_context, settings, screenshot_dir, axe_js):
    settings.STAFF_SECOND_FACTOR = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait after the wrong code (throttling: unit tests)
    user = UserFactory(username="lanhdao", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.APPROVER))
    context = new_context(viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    password_step(page, "lanhdao")
    expect(page).to_have_url(re.compile(r"/admin/xac-thuc/thiet-lap/"))
    expect(page.get_by_role("heading", name="Thiết lập xác thực hai lớp")).to_be_visible()
    qr = page.get_by_role("img", name="Mã QR để thêm tài khoản vào ứng dụng xác thực")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth > 0 && img.complete")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=screenshot_dir / "second-factor-enrol-375.png", full_page=True)
    violations = run_axe(page, axe_js)
    assert not violations, f"axe on the set-up page:\n{describe(violations)}"
    secret = page.locator("#secret").inner_text().strip()

    page.get_by_label("Mã xác thực").fill("000000" if code(secret) != "000000" else "111111")
    page.get_by_role("button", name="Xác nhận và bật").click()
    expect(page.locator("#code-errors")).to_contain_text("Mã không đúng")

    page.get_by_label("Mã xác thực").fill(code(secret))
    page.get_by_role("button", name="Xác nhận và bật").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="Tôi đã lưu các mã, tiếp tục").click()
    expect(page.locator("#site-name")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.locator("#logout-form button").click()
    password_step(page, "lanhdao")
    expect(page).to_have_url(re.compile(r"/admin/xac-thuc/\?next="))
    violations = run_axe(page, axe_js)
    assert not violations, f"axe on the code page:\n{describe(violations)}"
    page.get_by_label("Mã xác thực").fill(code(secret, ahead=1))  # the next step's code
    page.get_by_role("button", name="Xác nhận").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("#user-tools")).to_contain_text("lanhdao")
    assert not errors, errors


def test_an_admin_page_in_use_tells_the_server_and_one_left_alone_does_not(new_context):
    from tests.factories import editor

    from .tools import log_in

    editor("bientap")
    context = new_context()
    page = log_in(context, "bientap")
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/con-lam-viec/" in r.url else None)
    page.clock.install()
    page.goto("/admin/")
    page.clock.run_for("04:10")  # nobody at the keyboard: nothing sent
    assert asked == []
    page.keyboard.press("Tab")
    with page.expect_request("**/admin/xac-thuc/con-lam-viec/") as request:
        page.clock.run_for("04:10")
    assert request.value.response().status == 204
