"""A citizen on a 375 px phone asks a question and gets a tracking code; staff answer it and a
leader publishes it; the citizen finds the answer by the code, and on the public Q&A."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from news.questions.models import Question, Status, Topic
from portal import roles
from tests.helpers import person

from .tools import PHONE, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_question_from_a_phone_to_a_published_answer(new_context, settings):
    settings.FORM_MIN_SECONDS = 1
    Topic.objects.create(name="Giảm nghèo về thông tin")
    person("bientap", roles.EDITOR)
    person("lanhdao", roles.APPROVER)

    # The citizen asks, from the home page's menu, on a phone.
    phone = new_context(viewport=PHONE).new_page()
    phone.goto("/")
    phone.locator(".menu-toggle, [aria-controls]").first.click()
    phone.get_by_role("link", name="Hỏi đáp", exact=True).first.click()
    phone.get_by_role("link", name="Đặt câu hỏi").first.click()
    phone.get_by_label("Họ và tên").fill("Nguyễn Thị Hoa")
    phone.get_by_label("Thư điện tử").fill("hoa@example.com")
    phone.get_by_label("Lĩnh vực").select_option(label="Giảm nghèo về thông tin")
    phone.get_by_label("Tiêu đề câu hỏi").fill("Hỗ trợ ti vi cho hộ nghèo")
    phone.get_by_label("Nội dung câu hỏi").fill("Gia đình tôi là hộ nghèo, xin hỏi thủ tục?")
    phone.wait_for_timeout(1100)  # a person takes a moment (faster: the form comes back)
    # Sent without the consent: the form asks for it and keeps what was typed; the list at the
    # top leads to the box.
    phone.get_by_role("button", name="Gửi câu hỏi").click()
    expect(phone.locator("#id_consent_error")).to_contain_text("Cần đồng ý với việc xử lý")
    phone.get_by_role("link", name=re.compile("Cần đồng ý với việc xử lý")).click()
    assert phone.evaluate("location.hash") == "#id_consent"
    expect(phone.get_by_label("Tiêu đề câu hỏi")).to_have_value("Hỗ trợ ti vi cho hộ nghèo")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the form is {width} px wide on a phone"
    phone.get_by_label(re.compile("Tôi đồng ý")).check()
    phone.get_by_role("button", name="Gửi câu hỏi").click()
    code = phone.locator(".tracking-code").inner_text()
    assert re.fullmatch(r"HD-\d{4}-\d{5}", code)
    assert code in mail.outbox[0].body

    # The editor writes the answer and sends it for approval.
    staff = log_in(new_context(), "bientap")
    staff.goto("/admin/news/question/")
    staff.get_by_role("link", name=code).click()
    staff.locator("#id_unit").fill("Phòng Thông tin cơ sở")
    staff.wait_for_function(
        "() => window.CKEDITOR && CKEDITOR.instances.id_body"
        " && CKEDITOR.instances.id_body.status === 'ready'"
    )
    staff.evaluate(
        "html => new Promise(done => CKEDITOR.instances.id_body.setData(html, {callback: done}))",
        "<p>Gia đình đăng ký với UBND xã để được hỗ trợ ti vi.</p>",
    )
    staff.get_by_role("button", name="Gửi duyệt câu trả lời").click()
    expect(staff.locator(".messagelist")).to_contain_text(code)
    assert Question.objects.get(code=code).status == Status.DRAFTED

    # The leader publishes it.
    leader = log_in(new_context(), "lanhdao")
    leader.goto("/admin/")
    leader.get_by_role("link", name=re.compile(code)).first.click()
    leader.get_by_role("button", name="Duyệt và đăng công khai").click()
    expect(leader.locator(".messagelist")).to_contain_text(code)

    # The citizen looks the answer up by the code, then finds it on the public Q&A.
    phone.goto("/hoi-dap/tra-cuu/")
    phone.get_by_label("Mã tra cứu").fill(code.lower())
    phone.get_by_label(re.compile("Thư điện tử hoặc số điện thoại")).fill("hoa@example.com")
    phone.get_by_role("button", name="Tra cứu").click()
    expect(phone.get_by_text("Gia đình đăng ký với UBND xã")).to_be_visible()
    phone.get_by_role("link", name="Xem trên trang Hỏi đáp").click()
    expect(phone.locator("h1")).to_have_text("Hỗ trợ ti vi cho hộ nghèo")
    expect(phone.get_by_text("N.T.H.")).to_be_visible()
    assert "hoa@example.com" not in phone.content()
