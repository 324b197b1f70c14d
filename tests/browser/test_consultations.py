"""A citizen on a 375 px phone comments on an open draft; nothing shows until a moderator
approves it in the admin; then the comment and the count are on the draft's page, and once the
draft has closed its report is there and the comment link is gone."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from news.consultations.models import Comment
from portal import roles
from tests.consultations.conftest import ConsultationFactory, ReportFactory
from tests.helpers import person

from .tools import PHONE, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_comment_from_a_phone_is_published_after_moderation(new_context, settings):
    settings.FORM_MIN_SECONDS = 1
    draft = ConsultationFactory(title="Dự thảo Quy chế quản lý cổng thông tin điện tử")
    person("lanhdao", roles.APPROVER)

    phone = new_context(viewport=PHONE).new_page()
    phone.goto("/lay-y-kien/")
    phone.get_by_role("link", name=draft.title).first.click()
    phone.get_by_role("link", name="Gửi ý kiến góp ý").click()
    phone.get_by_label("Họ và tên").fill("Trần Văn Bình")
    phone.get_by_label("Thư điện tử").fill("binh@example.com")
    phone.get_by_label(re.compile("Góp ý cho điều")).fill("Điều 5, khoản 2")
    phone.get_by_label("Nội dung góp ý").fill(
        "Đề nghị quy định rõ thời hạn cập nhật tin bài <script>alert(1)</script> trên cổng."
    )
    phone.wait_for_timeout(1100)  # a person takes a moment; faster is a bot's, dropped
    phone.get_by_label(re.compile("Tôi đồng ý")).check()
    phone.get_by_role("button", name="Gửi góp ý").click()
    expect(phone.locator("h1")).to_have_text("Cảm ơn bạn đã góp ý")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide on a phone"
    assert Comment.objects.get().status == Comment.Status.PENDING

    # Not on the page before moderation.
    phone.goto(draft.get_absolute_url())
    expect(phone.get_by_text("Đề nghị quy định rõ thời hạn")).to_have_count(0)

    # The moderator approves it.
    leader = log_in(new_context(), "lanhdao")
    leader.goto("/admin/news/comment/")
    leader.locator("input[name=_selected_action]").first.check()
    leader.locator("select[name=action]").select_option("approve")
    leader.get_by_role("button", name=re.compile("Thực hiện|Go")).click()
    expect(leader.locator(".messagelist")).to_be_visible()

    # Now it is public, as text (the markup shown, never run), and the e-mail is not.
    phone.goto(draft.get_absolute_url())
    expect(phone.get_by_text(re.compile("Đề nghị quy định rõ thời hạn"))).to_be_visible()
    expect(phone.get_by_text(re.compile(r"<script>alert\(1\)</script>"))).to_be_visible()
    assert "binh@example.com" not in phone.content()

    # Closed, with its report: readable, no comment link, the report shown.
    draft.opens_at = timezone.now() - timedelta(days=20)
    draft.closes_at = timezone.now() - timedelta(days=1)
    draft.save()
    ReportFactory(consultation=draft)
    phone.goto(draft.get_absolute_url())
    expect(phone.get_by_role("link", name="Gửi ý kiến góp ý")).to_have_count(0)
    expect(phone.locator("#bao-cao")).to_contain_text("Đã tiếp thu ý kiến về thời hạn")
