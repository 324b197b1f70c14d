"""The demo's schedules: this week's and next week's work schedule of the department's
leadership and its citizen-reception schedule, relative to the day the demo is loaded, so that
the demo always shows this week. Both weeks are published; on this week's page one meeting was
moved after publication ("Điều chỉnh") and one workshop postponed ("Hoãn").

The leaders are the demo organisation's (news/demo/agency.py) when it is there, found by their
positions; otherwise the items name the positions in free text. The work is the department's
(Kế hoạch 2328/KH-UBND on commune radio stations, the training on communication and poverty
reduction, digital transformation), the wording the demo's own.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from ..schedules.models import LOCAL, Kind, ScheduleItem, ScheduleWeek, State
from ..schedules.weeks import Week

OFFICE = "Phòng họp tầng 3, trụ sở Sở"
RECEPTION_ROOM = "Phòng tiếp công dân, tầng 1 trụ sở Sở"

# (day 0-6, start, end, who, unit slug, content, place, participants, host, preparing)
# who: "director", "deputy1", "deputy2", "office", "inspector" (by position), or free text.
THIS_WEEK = [
    (
        0,
        "08:00",
        "09:30",
        "director",
        None,
        "Giao ban lãnh đạo Sở đầu tuần",
        OFFICE,
        "Các Phó Giám đốc; Chánh Văn phòng; Trưởng các phòng, đơn vị",
        "Giám đốc Sở",
        "Văn phòng Sở",
    ),
    (
        0,
        "14:00",
        "16:30",
        "deputy1",
        None,
        "Dự hội nghị giao ban công tác báo chí tháng",
        "Hội trường Tỉnh ủy",
        "Đại diện Phòng Thông tin – Báo chí – Xuất bản",
        "",
        "",
    ),
    (
        1,
        "08:00",
        "11:30",
        "deputy2",
        None,
        "Kiểm tra việc triển khai Kế hoạch 2328/KH-UBND về Đài Truyền thanh cấp xã tại huyện "
        "Thanh Hà",
        "UBND huyện Thanh Hà",
        "Phòng Thông tin cơ sở; Đài Phát thanh huyện Thanh Hà",
        "",
        "Phòng Thông tin cơ sở",
    ),
    (
        2,
        "08:00",
        "11:00",
        "director",
        None,
        "Họp Ban Chỉ đạo chuyển đổi số tỉnh",
        "Phòng họp số 1, UBND tỉnh",
        "Giám đốc Sở; Trưởng phòng Bưu chính, Viễn thông và CNTT",
        "Chủ tịch UBND tỉnh",
        "",
    ),
    (
        2,
        "14:00",
        "16:00",
        "deputy2",
        None,
        "Làm việc với Bưu điện tỉnh về mạng bưu chính công cộng và dịch vụ công ích",
        OFFICE,
        "Phòng Bưu chính, Viễn thông và CNTT; Bưu điện tỉnh",
        "",
        "",
    ),
    (
        3,
        "08:00",
        "11:30",
        "deputy1",
        None,
        "Khai mạc lớp tập huấn truyền thông và giảm nghèo về thông tin cho cán bộ Đài Truyền "
        "thanh cấp xã",
        "Hội trường Sở",
        "Cán bộ Đài Truyền thanh các xã, phường",
        "",
        "Phòng Thông tin cơ sở",
    ),
    (
        3,
        "14:00",
        "",
        "deputy2",
        None,
        "Hội thảo bảo đảm an toàn thông tin cho hệ thống dịch vụ công trực tuyến",
        "Hội trường Sở",
        "Cán bộ phụ trách công nghệ thông tin các sở, ngành",
        "",
        "Trung tâm Công nghệ thông tin và Truyền thông",
    ),
    (
        4,
        "15:00",
        "16:30",
        "director",
        None,
        "Họp Ban biên tập Cổng thông tin điện tử",
        OFFICE,
        "Thành viên Ban biên tập",
        "Giám đốc Sở",
        "Văn phòng Sở",
    ),
]
NEXT_WEEK = [
    (
        0,
        "08:00",
        "09:30",
        "director",
        None,
        "Giao ban lãnh đạo Sở đầu tuần",
        OFFICE,
        "Các Phó Giám đốc; Chánh Văn phòng; Trưởng các phòng, đơn vị",
        "Giám đốc Sở",
        "Văn phòng Sở",
    ),
    (
        1,
        "08:30",
        "11:00",
        "deputy1",
        None,
        "Làm việc với Báo Hải Dương về kế hoạch tuyên truyền giảm nghèo bền vững",
        OFFICE,
        "Phòng Thông tin – Báo chí – Xuất bản",
        "",
        "",
    ),
    (
        2,
        "08:00",
        "17:00",
        "deputy2",
        None,
        "Kiểm tra Đài Truyền thanh các xã của huyện Kinh Môn",
        "Huyện Kinh Môn",
        "Phòng Thông tin cơ sở",
        "",
        "",
    ),
    (
        3,
        "14:00",
        "16:00",
        "director",
        None,
        "Dự phiên họp thường kỳ của UBND tỉnh",
        "Phòng họp số 1, UBND tỉnh",
        "",
        "",
        "",
    ),
    (
        4,
        "08:00",
        "11:00",
        "office",
        None,
        "Tổng hợp báo cáo công tác tuần, lịch công tác tuần sau",
        OFFICE,
        "Các phòng, đơn vị",
        "",
        "Văn phòng Sở",
    ),
]
RECEPTION = [
    (
        0,
        "07:30",
        "11:30",
        "",
        "thanh-tra-so",
        "Tiếp công dân thường xuyên",
        RECEPTION_ROOM,
        "",
        "",
        "",
    ),
    (
        2,
        "07:30",
        "11:30",
        "",
        "thanh-tra-so",
        "Tiếp công dân thường xuyên",
        RECEPTION_ROOM,
        "",
        "",
        "",
    ),
    (
        3,
        "07:30",
        "11:30",
        "director",
        None,
        "Giám đốc Sở tiếp công dân định kỳ (theo Luật Tiếp công dân)",
        RECEPTION_ROOM,
        "Chánh Thanh tra; đại diện Văn phòng Sở",
        "",
        "Thanh tra Sở",
    ),
    (
        4,
        "13:30",
        "17:00",
        "inspector",
        "thanh-tra-so",
        "Tiếp công dân thường xuyên",
        RECEPTION_ROOM,
        "",
        "",
        "",
    ),
]

# The leaders, found by position in the demo organisation; the text when it is absent.
WHO = {
    "director": ("Giám đốc", 0, "Giám đốc Sở"),
    "deputy1": ("Phó Giám đốc", 0, "Phó Giám đốc Sở"),
    "deputy2": ("Phó Giám đốc", 1, "Phó Giám đốc Sở"),
    "office": ("Chánh Văn phòng", 0, "Chánh Văn phòng Sở"),
    "inspector": ("Chánh Thanh tra", 0, "Chánh Thanh tra Sở"),
}


def _at(clock: str) -> time:
    hours, minutes = clock.split(":")
    return time(int(hours), int(minutes))


def _leaders() -> dict:
    from ..agency.models import Official

    found = {}
    current = Official.objects.current().select_related("position").order_by("order", "pk")
    for key, (position, index, _text) in WHO.items():
        holders = [o for o in current if o.position.name == position]
        found[key] = holders[index] if len(holders) > index else None
    return found


def _units() -> dict:
    from ..agency.models import Unit

    return {unit.slug: unit for unit in Unit.objects.all()}


def _week(kind, monday, rows, published_at, leaders, units, note) -> ScheduleWeek | None:
    week, created = ScheduleWeek.objects.get_or_create(
        kind=kind, starts_on=monday,
        defaults={"status": ScheduleWeek.Status.PUBLISHED, "publish_at": published_at,
                  "note": note},
    )  # fmt: skip
    if not created:
        return None
    for day, start, end, who, unit, content, place, participants, host, preparing in rows:
        if who in WHO:
            official = leaders.get(who)
            text = "" if official is not None else WHO[who][2]
        else:
            official, text = None, who
        item = ScheduleItem(
            week=week, date=monday + timedelta(days=day), start_time=_at(start),
            end_time=_at(end) if end else None, official=official,
            unit=units.get(unit) if unit else None, person=text, content=content,
            place=place, participants=participants, host=host, preparing=preparing,
        )  # fmt: skip
        if not (item.official_id or item.unit_id or item.person):
            item.person = "Thanh tra Sở"
        item._after_publication = False  # as it was when the week was published
        item.full_clean()
        item.save()
    return week


def load_schedules(note=None) -> int:
    """This week's and next week's schedules unless they exist; ``note(obj, created)`` is
    told of each week created. Returns how many weeks were created."""
    now = timezone.now()
    this_week = Week.current(now)
    monday, next_monday = this_week.monday, this_week.monday + timedelta(days=7)
    # This week's was published the Friday before at 16:00, next week's just now.
    friday = datetime.combine(monday - timedelta(days=3), time(16), tzinfo=LOCAL)
    leaders, units = _leaders(), _units()
    remark = "Lịch có thể thay đổi; Văn phòng Sở cập nhật điều chỉnh trên Cổng."
    made = [
        _week(Kind.WORK, monday, THIS_WEEK, friday, leaders, units, remark),
        _week(Kind.WORK, next_monday, NEXT_WEEK, now - timedelta(minutes=1), leaders, units,
              remark),
        _week(Kind.RECEPTION, monday, RECEPTION, friday, leaders, units, ""),
        _week(Kind.RECEPTION, next_monday, RECEPTION, now - timedelta(minutes=1), leaders,
              units, ""),
    ]  # fmt: skip
    current = made[0]
    if current is not None:
        # After publication, the steering committee's meeting moved to 08:30 and the
        # workshop was postponed: the page shows both.
        moved = current.items.get(content="Họp Ban Chỉ đạo chuyển đổi số tỉnh")
        moved.start_time = time(8, 30)
        moved._after_publication = True
        moved.save()
        postponed = current.items.get(content__startswith="Hội thảo bảo đảm an toàn thông tin")
        postponed.state = State.POSTPONED
        postponed._after_publication = True
        postponed.save()
    for week in made:
        if week is not None and note is not None:
            note(week, True)
    return sum(week is not None for week in made)
