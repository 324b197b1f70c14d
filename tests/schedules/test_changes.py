"""Once a week is on the site, readers see what changed: an item edited is marked "Điều
chỉnh" with the time of the change, an item added "Bổ sung", an item called off stays on the
page struck through, "Hoãn" or "Hủy". Nothing is marked while the week is still a draft."""

from datetime import time, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.schedules.factories import ItemFactory, WeekFactory

pytestmark = pytest.mark.django_db


def row(html, item):
    return html.split(f'id="lich-{item.pk}"', 1)[1].split("</tr>", 1)[0]


def test_an_item_edited_after_publication_is_marked_with_the_time(client):
    item = ItemFactory(start_time=time(8), content="Họp giao ban")
    untouched = ItemFactory(day=1, content="Làm việc tại cơ quan")
    html = client.get("/lich-cong-tac/").content.decode()
    assert "Điều chỉnh" not in html
    moment = timezone.now().replace(microsecond=0) + timedelta(minutes=5)
    with time_machine.travel(moment, tick=False):
        item.start_time = time(9, 30)
        item.save()
    html = client.get("/lich-cong-tac/").content.decode()
    # The time of the change, in Hà Nội.
    local = f"{timezone.localtime(moment):%H:%M %d/%m/%Y}"
    assert "Điều chỉnh" in row(html, item) and local in row(html, item)
    assert ">09:30</time>" in row(html, item)
    assert "Điều chỉnh" not in row(html, untouched)


def test_an_item_added_after_publication_is_marked(client):
    week = WeekFactory()
    ItemFactory(week=week)
    late = ItemFactory(week=week, day=3, content="Tiếp đoàn kiểm tra của Bộ", late=True)
    html = client.get("/lich-cong-tac/").content.decode()
    assert "Bổ sung" in row(html, late)
    assert html.count("Bổ sung") == 1


@pytest.mark.parametrize(("state", "label"), [("cancelled", "Hủy"), ("postponed", "Hoãn")])
def test_an_item_called_off_stays_struck_through(client, state, label):
    item = ItemFactory(content="Hội nghị tập huấn an toàn thông tin")
    item.state = state
    item.save()
    shown = row(client.get("/lich-cong-tac/").content.decode(), item)
    assert "<s>Hội nghị tập huấn an toàn thông tin</s>" in shown
    assert f'<span class="badge badge-cancelled">{label}</span>' in shown
    assert "is-called-off" in client.get("/lich-cong-tac/").content.decode()


def test_nothing_is_marked_while_the_week_is_a_draft(client):
    week = WeekFactory(status="draft")
    item = ItemFactory(week=week)
    item.content = "Nội dung sửa khi còn là bản nháp"
    item.save()
    ItemFactory(week=week, day=1)
    item.refresh_from_db()
    assert item.changed_at is None and not item.added_late
    week.status = "published"
    week.save()
    html = client.get("/lich-cong-tac/").content.decode()
    assert "Nội dung sửa khi còn là bản nháp" in html
    assert "Điều chỉnh" not in html and "Bổ sung" not in html


def test_the_mark_says_what_changed(client):
    item = ItemFactory(start_time=time(8), place="Phòng họp số 1", content="Họp giao ban")
    item.start_time, item.place = time(9), "Hội trường Sở"
    item.save()
    assert "Điều chỉnh thời gian, địa điểm" in row(client.get("/lich-cong-tac/").content.decode(),
                                                   item)  # fmt: skip
    # Later changes add to it, in the page's order; the feed says the same.
    item.refresh_from_db()
    item.content = "Họp giao ban mở rộng"
    item.person = "Lãnh đạo Sở; Trưởng các phòng"
    item.save()
    shown = row(client.get("/lich-cong-tac/").content.decode(), item)
    assert "Điều chỉnh thời gian, người thực hiện, nội dung, địa điểm" in shown
    feed = client.get("/lich-cong-tac/lich.ics").content.decode().replace("\r\n ", "")
    assert "Điều chỉnh thời gian\\, người thực hiện\\, nội dung\\, địa điểm lúc" in feed


def test_a_change_before_publication_names_nothing():
    week = WeekFactory(status="draft")
    item = ItemFactory(week=week, place="Phòng họp số 1")
    item.place = "Hội trường Sở"
    item.save()
    item.refresh_from_db()
    assert item.changed_parts == "" and item.mark == ""
