"""The newsroom's review in the real admin, with two people in two browsers: a reporter
submits, a leader sends the article back with a comment, the reporter fixes and resubmits, the
leader publishes and a visitor reads it; then the reporter's change to the live article stays
invisible until the leader approves it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from news.models import Article
from portal import roles
from tests.factories import CategoryFactory, UserFactory

from .tools import log_in

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Tập huấn kỹ năng số cho cán bộ xã"
FIXED_SAPO = "Hơn 120 cán bộ xã dự lớp tập huấn kỹ năng số trong hai ngày."
LIVE_FIX = "Hơn 125 cán bộ xã dự lớp tập huấn kỹ năng số trong hai ngày."


@pytest.fixture
def newsroom(transactional_db):
    CategoryFactory(name="Chuyển đổi số", slug="chuyen-doi-so")
    people = {}
    for username, role in (("phongvien", roles.EDITOR), ("lanhdao", roles.APPROVER)):
        user = UserFactory(username=username, is_staff=True, email=f"{username}@example.gov.vn")
        user.groups.add(Group.objects.get(name=role))
        people[username] = user
    return people


def wait_for_editor(page):
    page.wait_for_function(
        "() => window.CKEDITOR && CKEDITOR.instances.id_body"
        " && CKEDITOR.instances.id_body.status === 'ready'"
    )


def open_article(page, article):
    page.goto(f"/admin/news/article/{article.pk}/change/")
    wait_for_editor(page)


def test_review_round_trip_and_a_change_to_a_live_article(new_context, newsroom, live_server):
    reporter = log_in(new_context(), "phongvien")
    leader = log_in(new_context(), "lanhdao")

    # The reporter writes and submits.
    reporter.goto("/admin/news/article/add/")
    wait_for_editor(reporter)
    reporter.locator("#id_title").fill(TITLE)
    reporter.locator("#id_sapo").fill("Cán bộ xã dự lớp tập huấn kỹ năng số.")
    reporter.evaluate("() => CKEDITOR.instances.id_body.setData('<p>Nội dung lớp học.</p>')")
    reporter.get_by_role("button", name="Gửi duyệt").click()
    expect(reporter.locator("ul.messagelist")).to_be_visible()
    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.REVIEW

    # The leader finds it on the admin's home page and sends it back with a comment.
    leader.goto("/admin/")
    leader.locator(".work-panel").filter(has_text="Chờ tôi duyệt").get_by_role(
        "link", name=TITLE
    ).click()
    wait_for_editor(leader)
    leader.get_by_role("button", name="Trả lại cho tác giả").click()
    expect(leader.locator(".errorlist")).to_contain_text("Hãy ghi lý do")  # required
    leader.locator("#id_workflow_note").fill("Ghi rõ số cán bộ tham dự trong sapo.")
    leader.get_by_role("button", name="Trả lại cho tác giả").click()
    expect(leader.locator("ul.messagelist")).to_be_visible()

    # The reporter sees the comment, fixes and resubmits.
    reporter.goto("/admin/")
    expect(reporter.locator(".work-panel").filter(has_text="Bị trả lại cho tôi")).to_contain_text(
        "Ghi rõ số cán bộ"
    )
    open_article(reporter, article)
    expect(reporter.locator(".workflow-note.returned")).to_contain_text(
        "Ghi rõ số cán bộ tham dự trong sapo."
    )
    reporter.locator("#id_sapo").fill(FIXED_SAPO)
    reporter.get_by_role("button", name="Gửi duyệt").click()
    expect(reporter.locator("ul.messagelist")).to_be_visible()

    # The leader publishes; a visitor reads it.
    open_article(leader, article)
    leader.get_by_role("button", name="Xuất bản").click()
    expect(leader.locator("ul.messagelist")).to_be_visible()
    article.refresh_from_db()
    assert article.is_public
    visitor = new_context().new_page()
    visitor.goto(article.get_absolute_url())
    expect(visitor.locator(".sapo")).to_have_text(FIXED_SAPO)

    # The reporter's fix to the live article waits; the visitor still reads the approved text.
    open_article(reporter, article)
    reporter.locator("#id_sapo").fill(LIVE_FIX)
    reporter.get_by_role("button", name="Lưu bản sửa chờ duyệt").click()
    expect(reporter.locator("ul.messagelist")).to_contain_text("chờ duyệt")
    visitor.reload()
    expect(visitor.locator(".sapo")).to_have_text(FIXED_SAPO)

    # The leader sees what changed and approves it; now the visitor reads the fix.
    open_article(leader, article)
    expect(leader.locator(".workflow-note.pending td.diff ins")).to_have_text("125 ")
    leader.get_by_role("button", name="Duyệt và xuất bản bản sửa").click()
    expect(leader.locator("ul.messagelist")).to_be_visible()
    visitor.reload()
    expect(visitor.locator(".sapo")).to_have_text(LIVE_FIX)
