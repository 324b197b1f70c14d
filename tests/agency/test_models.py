"""The organisation's rules: a tree without loops, time in office with a start before its
end, who is in office on a day, and a change of office that keeps history."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from news.agency.models import Official, Unit

from .factories import OfficialFactory, PositionFactory, UnitFactory, agency

pytestmark = pytest.mark.django_db


def test_a_unit_cannot_be_its_own_parent():
    unit = UnitFactory(name="Văn phòng Sở")
    unit.parent = unit
    with pytest.raises(ValidationError) as info:
        unit.full_clean()
    assert "không thể trực thuộc chính nó" in str(info.value.message_dict["parent"])


def test_a_unit_cannot_be_its_own_ancestor():
    top = UnitFactory(name="Phòng A")
    middle = UnitFactory(name="Tổ B", parent=top)
    bottom = UnitFactory(name="Nhóm C", parent=middle)
    top.parent = bottom
    with pytest.raises(ValidationError) as info:
        top.full_clean()
    message = " ".join(info.value.message_dict["parent"])
    assert "“Nhóm C” đang trực thuộc “Phòng A”" in message and "vòng lặp" in message
    top.refresh_from_db()
    assert top.parent.kind == "agency"


def test_the_agency_is_the_root():
    root = agency()
    other = UnitFactory.build(kind="agency", parent=root, name="Cơ quan thứ hai")
    with pytest.raises(ValidationError) as info:
        other.full_clean()
    assert "gốc của sơ đồ" in str(info.value.message_dict["kind"])


def test_slug_from_the_name_keeps_d():
    first = UnitFactory(name="Đội Kiểm tra")
    assert first.slug == "doi-kiem-tra"
    assert UnitFactory(name="Đội Kiểm tra", parent=first).slug == "doi-kiem-tra-2"


def test_until_before_from_is_refused_with_the_dates():
    official = OfficialFactory.build(
        position=PositionFactory(), unit=UnitFactory(),
        active_from=date(2024, 3, 1), active_until=date(2024, 2, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as info:
        official.full_clean()
    errors = info.value.message_dict
    assert list(errors) == ["active_until"]  # one clear message, not a second one from the db rule
    assert "01/02/2024" in errors["active_until"][0] and "01/03/2024" in errors["active_until"][0]


def test_the_database_refuses_until_before_from_too():
    official = OfficialFactory(active_from=date(2024, 3, 1))
    Official.objects.filter(pk=official.pk).update(active_until=date(2024, 3, 1))  # one day: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        Official.objects.filter(pk=official.pk).update(active_until=date(2024, 2, 28))


def test_current_former_and_upcoming():
    on = date(2025, 6, 1)
    now = OfficialFactory(name="Đang", active_from=date(2020, 1, 1))
    last_day = OfficialFactory(name="Hôm nay là ngày cuối", active_from=date(2020, 1, 1),
                               active_until=on)  # fmt: skip
    gone = OfficialFactory(name="Đã thôi", active_from=date(2020, 1, 1),
                           active_until=date(2025, 5, 31))  # fmt: skip
    first_day = OfficialFactory(name="Hôm nay nhận", active_from=on)
    later = OfficialFactory(name="Sắp nhận", active_from=date(2025, 6, 2))
    assert set(Official.objects.current(on)) == {now, last_day, first_day}
    assert set(Official.objects.former(on)) == {gone}
    assert set(Official.objects.upcoming(on)) == {later}
    assert not later.is_current(on) and last_day.is_current(on)


def test_an_inactive_unit_hides_its_people():
    closed = UnitFactory(active=False)
    OfficialFactory(unit=closed)
    assert not Official.objects.public().exists()
    assert closed not in Unit.objects.active()


def test_change_of_office_ends_the_record_and_starts_a_new_one():
    old_unit, new_unit = UnitFactory(name="Phòng cũ"), UnitFactory(name="Phòng mới")
    deputy = PositionFactory(name="Phó Trưởng phòng", order=20)
    head = PositionFactory(name="Trưởng phòng", order=10)
    official = OfficialFactory(name="Đỗ Văn Hùng", unit=old_unit, position=deputy,
                               active_from=date(2019, 3, 1), duties="Báo chí")  # fmt: skip
    new = official.change_office(on=date(2025, 1, 1), position=head, unit=new_unit)
    official.refresh_from_db()
    assert official.active_until == date(2024, 12, 31)
    assert (new.unit, new.position, new.active_from, new.active_until) == (
        new_unit, head, date(2025, 1, 1), None)  # fmt: skip
    assert new.previous == official and new.duties == "Báo chí" and new.email == official.email
    assert list(Official.objects.current(date(2024, 12, 31))) == [official]
    assert list(Official.objects.current(date(2025, 1, 1))) == [new]


def test_change_of_office_before_the_start_changes_nothing():
    official = OfficialFactory(active_from=date(2025, 1, 1))
    with pytest.raises(ValidationError):
        official.change_office(on=date(2025, 1, 1), unit=UnitFactory())
    official.refresh_from_db()
    assert official.active_until is None and Official.objects.count() == 1


def test_search_text_is_folded_and_follows_a_renamed_position():
    official = OfficialFactory(name="Nguyễn Văn Khánh", duties="Chuyển đổi số",
                               position=PositionFactory(name="Chuyên viên"))  # fmt: skip
    assert (
        " nguyen van khanh " in official.search_text and " chuyen doi so " in official.search_text
    )
    position = official.position
    position.name = "Chuyên viên chính"
    position.save()
    official.refresh_from_db()
    assert " chuyen vien chinh " in official.search_text


def test_functions_in_both_languages_go_through_the_one_pipeline():
    from portal.models import PhotoUse
    from tests.factories import PhotoFactory, figure

    vietnamese, english = PhotoFactory(), PhotoFactory()
    unit = UnitFactory(
        body=figure(vietnamese) + '<p onclick="x()">Tham mưu</p><script>x()</script>',
        functions_en=figure(english) + "<p>Advises</p><script>x()</script>",
    )
    assert "<script" not in unit.body + unit.functions_en + unit.functions_en_html
    assert "onclick" not in unit.body and "<p>Advises</p>" in unit.functions_en_html
    assert english.thumbnail_url.rsplit("/", 1)[0] in unit.functions_en_html  # rendered photo
    uses = PhotoUse.objects.filter(object_id=unit.pk).order_by("position")
    assert [u.photo for u in uses] == [vietnamese, english]
    unit.functions_en = "<p>Advises</p>"
    unit.save()
    assert [u.photo for u in PhotoUse.objects.filter(object_id=unit.pk)] == [vietnamese]


def test_a_photo_without_alt_text_in_the_english_functions_is_refused():
    from tests.factories import PhotoFactory

    photo = PhotoFactory(alt_text="")
    unit = UnitFactory.build(
        name="Phòng A",
        functions_en=f'<figure class="image"><img src="{photo.url}" alt=""></figure>',
    )
    with pytest.raises(ValidationError) as info:
        unit.full_clean()
    assert "mô tả thay thế" in str(info.value.message_dict["functions_en"])


# After review: history is never reopened, one post per person, one agency at the root.


def moved_person():
    """Record 13 of the review: ended 31/12/2024 by a change of office; record 14 runs from
    01/01/2025."""
    old_unit, new_unit = UnitFactory(name="Phòng cũ"), UnitFactory(name="Phòng mới")
    thirteen = OfficialFactory(name="Đỗ Văn Hùng", unit=old_unit, active_from=date(2019, 3, 1))
    fourteen = thirteen.change_office(on=date(2025, 1, 1), unit=new_unit)
    thirteen.refresh_from_db()
    return thirteen, fourteen


def test_an_ended_record_does_not_change_office_or_end_again(time_machine):
    time_machine.move_to("2026-03-02 09:00 +07:00")
    thirteen, fourteen = moved_person()
    assert not thirteen.may_change_office() and fourteen.may_change_office()
    for attempt in (
        lambda: thirteen.change_office(on=date(2025, 6, 1), unit=UnitFactory(name="Phòng khác")),
        lambda: thirteen.end_office(on=date(2025, 6, 1)),
    ):
        with pytest.raises(ValidationError) as info:
            attempt()
        assert "đã kết thúc ngày 31/12/2024" in " ".join(info.value.messages)
        thirteen.refresh_from_db()
        assert thirteen.active_until == date(2024, 12, 31)
        assert Official.objects.count() == 2
        assert list(Official.objects.current()) == [fourteen]


def test_a_record_with_a_planned_end_changes_office_before_it_only(time_machine):
    time_machine.move_to("2026-03-02 09:00 +07:00")
    leaving = OfficialFactory(active_from=date(2020, 1, 1), active_until=date(2026, 12, 31))
    assert leaving.may_change_office()  # ends later: still running
    with pytest.raises(ValidationError) as info:
        leaving.end_office(on=date(2027, 3, 1))  # would move the end later
    assert "không kéo dài bản ghi" in " ".join(info.value.messages)
    leaving.refresh_from_db()
    assert leaving.active_until == date(2026, 12, 31)
    new = leaving.change_office(on=date(2026, 7, 1), unit=UnitFactory(name="Phòng mới"))
    leaving.refresh_from_db()
    assert leaving.active_until == date(2026, 6, 30) and new.active_from == date(2026, 7, 1)


def test_records_of_one_person_never_overlap():
    thirteen, fourteen = moved_person()
    assert thirteen.person == fourteen.person
    thirteen.active_until = date(2025, 5, 31)  # what the reviewer's change of office did
    with pytest.raises(ValidationError) as info:
        thirteen.full_clean()
    message = " ".join(info.value.message_dict["active_until"])
    assert "Trùng thời gian với bản ghi khác của cùng người này" in message
    assert "Phòng mới" in message and "từ 01/01/2025" in message
    fourteen.active_from = date(2024, 12, 1)
    with pytest.raises(ValidationError) as info:
        fourteen.full_clean()
    assert "Trùng thời gian" in " ".join(info.value.message_dict["active_from"])
    # Someone else in the same days is no overlap.
    OfficialFactory(name="Đỗ Văn Hùng", active_from=date(2019, 3, 1)).full_clean()


def test_the_record_a_person_held_on_a_day():
    """For the schedules: an item of 2025 that points to the record ended in 2024 finds the
    record the same person held that day."""
    thirteen, fourteen = moved_person()
    OfficialFactory(name="Người khác", active_from=date(2019, 1, 1))
    assert thirteen.record_on(date(2025, 3, 3)) == fourteen
    assert fourteen.record_on(date(2020, 5, 5)) == thirteen
    assert thirteen.record_on(date(2010, 1, 1)) is None
    on = date(2025, 3, 3)
    assert list(Official.objects.of_person(thirteen).in_office_on(on)) == [fourteen]
    assert [r.pk for r in fourteen.records()] == [thirteen.pk, fourteen.pk]


def test_one_person_responsible_for_the_portal_at_a_time():
    boss = OfficialFactory(name="Trần Quang Minh", responsible_for_portal=True,
                           active_from=date(2020, 1, 1))  # fmt: skip
    second = OfficialFactory.build(
        name="Lê Thị Thu Hà", unit=boss.unit, position=boss.position,
        responsible_for_portal=True, active_from=date(2024, 1, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as info:
        second.full_clean()
    message = " ".join(info.value.message_dict["responsible_for_portal"])
    assert "“Trần Quang Minh”" in message and "mỗi lúc chỉ một người" in message
    boss.end_office(on=date(2024, 1, 1))  # the successor from the day after: accepted
    second.full_clean()
    second.save()
    # A change of office carries the mark to the new record without a clash with the old one.
    second.change_office(on=date(2025, 1, 1), position=PositionFactory(name="Giám đốc"))


def test_every_unit_but_the_agency_has_a_parent():
    root = agency()
    orphan = UnitFactory.build(name="Phòng mồ côi", parent=None)
    with pytest.raises(ValidationError) as info:
        orphan.full_clean()
    assert "Chọn đơn vị cấp trên" in " ".join(info.value.message_dict["parent"])
    with pytest.raises(IntegrityError), transaction.atomic():
        orphan.save()
    orphan.parent = root
    orphan.full_clean()


def test_one_agency():
    root = agency()
    second = UnitFactory.build(kind="agency", parent=None, name="Sở thứ hai", slug="so-2")
    with pytest.raises(ValidationError) as info:
        second.full_clean()
    message = " ".join(info.value.message_dict["kind"])
    assert f"Đã có cơ quan “{root.name}”" in message
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    root.full_clean()  # the agency itself is fine


def test_a_name_once_under_a_parent():
    root = agency()
    office = UnitFactory(name="Văn phòng Sở", parent=root)
    twin = UnitFactory.build(name="VĂN PHÒNG SỞ", parent=root, slug="van-phong-so-2")
    with pytest.raises(ValidationError) as info:
        twin.full_clean()
    assert "đã có đơn vị “Văn phòng Sở”" in " ".join(info.value.message_dict["name"])
    UnitFactory.build(name="Văn phòng Sở", parent=office, slug="vp-con").full_clean()  # elsewhere
    office.full_clean()  # not a twin of itself
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitFactory(name="Văn phòng Sở", parent=root)


def test_descendants():
    root = agency()
    office = UnitFactory(name="Văn phòng", parent=root)
    team = UnitFactory(name="Tổ", parent=office)
    group = UnitFactory(name="Nhóm", parent=team)
    assert office.descendant_ids() == {team.pk, group.pk}
    assert root.descendant_ids() == {office.pk, team.pk, group.pk}
    assert [(u.name, u.tree_depth) for u in Unit.objects.in_tree_order()] == [
        (root.name, 0), ("Văn phòng", 1), ("Tổ", 2), ("Nhóm", 3)]  # fmt: skip
