"""The demo's schedules: this week and next week, always relative to today, loaded once."""

import pytest

from news.demo.schedules import load_schedules
from news.schedules.models import ScheduleItem, ScheduleWeek
from news.schedules.weeks import Week
from tests.schedules.factories import official

pytestmark = pytest.mark.django_db


def test_the_demo_shows_this_week_and_next_week_and_loads_once(client):
    director = official("Trần Quang Minh", "Giám đốc", 1)
    assert load_schedules() == 4
    assert load_schedules() == 0
    assert ScheduleWeek.objects.count() == 4
    html = client.get("/lich-cong-tac/").content.decode()
    assert "Giao ban lãnh đạo Sở đầu tuần" in html and "Trần Quang Minh, Giám đốc" in html
    assert "Điều chỉnh" in html and "Hoãn" in html
    following = Week.current().next()
    html = client.get(f"/lich-cong-tac/{following.year}/tuan-{following.number}/").content.decode()
    assert "Dự phiên họp thường kỳ của UBND tỉnh" in html and "Điều chỉnh" not in html
    reception = client.get("/lich-tiep-cong-dan/").content.decode()
    assert "Giám đốc Sở tiếp công dân định kỳ" in reception
    assert ScheduleItem.objects.filter(official=director).exists()
    for item in ScheduleItem.objects.all():
        item.full_clean()  # the demo follows its own rules
