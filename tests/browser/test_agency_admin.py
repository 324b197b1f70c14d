"""The organisation in the admin, in Chromium: a unit's slug typed as the server makes it (đ as
d, no letters lost), and the change of office with the admin's calendar for its date."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from news.agency.models import Official
from tests.agency.factories import OfficialFactory, PositionFactory, UnitFactory, agency
from tests.factories import UserFactory

from .test_editor_flow import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def administrator(transactional_db):
    return UserFactory(username="quantri", is_staff=True, is_superuser=True, password=PASSWORD)


def test_a_unit_slug_keeps_vietnamese_letters(page, administrator):
    agency()
    log_in(page, "quantri")
    page.goto("/admin/news/unit/add/")
    name = page.locator("#id_name")
    name.press_sequentially("Trung tâm Dữ liệu và Chuyển đổi số")
    # Letters off the keyboard arrive as text input, without a keyup: leave the box (change).
    name.press("Tab")
    expect(page.locator("#id_slug")).to_have_value("trung-tam-du-lieu-va-chuyen-doi-so")


def test_the_change_of_office_date_from_the_calendar(page, administrator):
    root = agency()
    office = UnitFactory(name="Văn phòng Sở", parent=root)
    lan = OfficialFactory(name="Vũ Thị Lan", unit=office, position=PositionFactory(name="Chánh"))
    log_in(page, "quantri")
    page.goto(f"/admin/news/official/{lan.pk}/change/")
    page.get_by_role("link", name="Chuyển công tác / đổi chức vụ / kết thúc…").click()
    expect(page).to_have_url(re.compile(r"/chuyen-cong-tac/$"))
    expect(page.locator("#id_on")).to_have_attribute("placeholder", "dd/mm/yyyy")
    page.locator(".datetimeshortcuts a").first.click()  # the admin's "today" shortcut
    today = timezone.localdate()
    expect(page.locator("#id_on")).to_have_value(today.strftime("%d/%m/%Y"))
    page.locator("#id_end_only").check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    lan.refresh_from_db()
    assert lan.active_until == today - timedelta(days=1)
    assert Official.objects.current().filter(name="Vũ Thị Lan").count() == 0
