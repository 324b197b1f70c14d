"""The organisation in the admin: the tree of units, the loop refused with a Vietnamese message,
officials filtered and searched, the change of office screen, and who may do what."""

from datetime import date

import pytest
from django.contrib.auth.models import Group

from news.agency.models import Official, Unit
from portal import roles
from tests.factories import UserFactory

from .factories import PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db


def unit_form(unit: Unit, **changes) -> dict:
    data = {"name": unit.name, "short_name": "", "kind": unit.kind, "order": unit.order,
            "active": "on", "slug": unit.slug, "body": "", "address": "", "phone": "", "fax": "",
            "email": "", "website": "", "name_en": "", "short_name_en": "",
            "functions_en": "", "parent": unit.parent_id or ""}  # fmt: skip
    data.update(changes)
    return data


def test_units_listed_as_a_tree(admin_client, organisation):
    team = UnitFactory(name="Tổ Văn thư", parent=organisation["office"], order=0)
    page = admin_client.get("/admin/news/unit/").content.decode()
    root = page.index("Sở Thông tin và Truyền thông tỉnh Hải Dương")
    office = page.index("— Văn phòng Sở")
    assert root < office < page.index("— — Tổ Văn thư") < page.index("— Phòng Công nghệ thông tin")
    assert team.pk


def test_the_admin_refuses_a_loop_in_vietnamese(admin_client, organisation):
    office = organisation["office"]
    team = UnitFactory(name="Tổ Văn thư", parent=office)
    response = admin_client.post(f"/admin/news/unit/{office.pk}/change/",
                                 unit_form(office, parent=team.pk))  # fmt: skip
    assert response.status_code == 200
    page = response.content.decode()
    assert "“Tổ Văn thư” đang trực thuộc “Văn phòng Sở”" in page and "vòng lặp" in page
    office.refresh_from_db()
    assert office.parent == organisation["root"]
    response = admin_client.post(f"/admin/news/unit/{office.pk}/change/",
                                 unit_form(office, parent=office.pk))  # fmt: skip
    assert "không thể trực thuộc chính nó" in response.content.decode()


def test_the_admin_refuses_until_before_from(admin_client, organisation):
    lan = organisation["office_head"]
    data = {"name": lan.name, "position": lan.position_id, "unit": lan.unit_id, "order": 0,
            "active_from": "01/03/2024", "active_until": "01/02/2024", "phone": "", "email": "",
            "duties": "", "contact_for": "", "duties_en": "", "contact_for_en": "",
            "photo": ""}  # fmt: skip
    response = admin_client.post(f"/admin/news/official/{lan.pk}/change/", data)
    assert response.status_code == 200
    assert "“Đến ngày” (01/02/2024) trước “từ ngày” (01/03/2024)" in response.content.decode()
    lan.refresh_from_db()
    assert lan.active_until is None


def test_officials_filter_by_office_and_search_folded(admin_client, organisation):
    page = admin_client.get("/admin/news/official/?tinh_trang=da_thoi").content.decode()
    assert "Lê Cũ Đã Nghỉ" in page and "Vũ Thị Lan" not in page
    page = admin_client.get("/admin/news/official/?tinh_trang=dang").content.decode()
    assert "Lê Cũ Đã Nghỉ" not in page and "Vũ Thị Lan" in page
    page = admin_client.get("/admin/news/official/?q=vu+thi").content.decode()
    assert "Vũ Thị Lan" in page and "Nguyễn Văn Khánh" not in page
    unit = organisation["it"].pk
    page = admin_client.get(f"/admin/news/official/?unit__id__exact={unit}").content.decode()
    assert "Nguyễn Văn Khánh" in page and "Vũ Thị Lan" not in page


def test_change_of_office_screen(admin_client, organisation):
    khanh = organisation["it_head"]
    deputy = PositionFactory(name="Phó Chánh Văn phòng", order=20)
    url = f"/admin/news/official/{khanh.pk}/chuyen-cong-tac/"
    assert "Chuyển công tác" in admin_client.get(url).content.decode()
    page = admin_client.get(f"/admin/news/official/{khanh.pk}/change/").content.decode()
    assert url in page  # the change form leads there
    response = admin_client.post(url, {"on": "04/05/2026", "position": deputy.pk,
                                       "unit": organisation["office"].pk})  # fmt: skip
    assert response.status_code == 302
    khanh.refresh_from_db()
    new = Official.objects.get(previous=khanh)
    assert khanh.active_until == date(2026, 5, 3)
    assert (new.unit, new.position, new.active_from) == (organisation["office"], deputy,
                                                          date(2026, 5, 4))  # fmt: skip
    page = admin_client.get(f"/admin/news/official/{new.pk}/change/").content.decode()
    history = page[page.index("Quá trình công tác") :]
    # Both records of the person, the earlier one a link to it, this one marked.
    assert f'href="/admin/news/official/{khanh.pk}/change/"' in history
    assert "Trưởng phòng, Phòng Công nghệ thông tin" in history
    assert "(bản ghi này)" in history


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"on": "01/01/2019", "unit": "office"}, "phải sau ngày bắt đầu"),
        ({"on": "04/05/2026"}, "Chọn chức vụ mới hoặc đơn vị mới"),
        ({"on": "ngày mai", "unit": "office"}, "Nhập một ngày hợp lệ"),
    ],
)
def test_change_of_office_refusals_change_nothing(admin_client, organisation, data, message):
    khanh = organisation["it_head"]
    data = {k: (organisation[v].pk if v == "office" else v) for k, v in data.items()}
    response = admin_client.post(f"/admin/news/official/{khanh.pk}/chuyen-cong-tac/", data)
    assert response.status_code == 200 and message in response.content.decode()
    khanh.refresh_from_db()
    assert khanh.active_until is None and Official.objects.filter(previous=khanh).count() == 0


def test_end_only(admin_client, organisation):
    khanh = organisation["it_head"]
    response = admin_client.post(f"/admin/news/official/{khanh.pk}/chuyen-cong-tac/",
                                 {"on": "01/07/2026", "end_only": "on"})  # fmt: skip
    assert response.status_code == 302
    khanh.refresh_from_db()
    assert khanh.active_until == date(2026, 6, 30)
    assert Official.objects.filter(name=khanh.name).count() == 1


def test_odd_ids_are_not_found(admin_client):
    assert admin_client.get("/admin/news/official/abc/chuyen-cong-tac/").status_code == 404
    assert admin_client.get("/admin/news/official/99999999999999999999999/chuyen-cong-tac/"
                            ).status_code == 404  # fmt: skip


def member(group: str, name: str):
    user = UserFactory(username=name, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_editors_may_look_administrators_manage(client, organisation):
    lan = organisation["office_head"]
    client.force_login(member(roles.EDITOR, "bientap"))
    assert client.get("/admin/news/official/").status_code == 200
    assert client.get(f"/admin/news/unit/{organisation['office'].pk}/change/").status_code == 200
    assert client.get("/admin/news/official/add/").status_code == 403
    assert client.get(f"/admin/news/official/{lan.pk}/chuyen-cong-tac/").status_code == 403
    assert client.post(f"/admin/news/official/{lan.pk}/chuyen-cong-tac/",
                       {"on": "01/07/2026", "end_only": "on"}).status_code == 403  # fmt: skip
    lan.refresh_from_db()
    assert lan.active_until is None
    client.force_login(member(roles.ADMINISTRATOR, "quantri"))
    assert client.get("/admin/news/official/add/").status_code == 200
    assert client.get(f"/admin/news/official/{lan.pk}/chuyen-cong-tac/").status_code == 200
    assert client.get("/admin/news/position/add/").status_code == 200


# After review


def official_form(official: Official, **changes) -> dict:
    data = {"name": official.name, "position": official.position_id, "unit": official.unit_id,
            "order": official.order, "active_from": official.active_from.strftime("%d/%m/%Y"),
            "active_until": official.active_until.strftime("%d/%m/%Y")
            if official.active_until else "", "phone": official.phone, "email": official.email,
            "duties": official.duties, "contact_for": "", "duties_en": "", "contact_for_en": "",
            "photo": "", "responsible_for_portal": "on" if official.responsible_for_portal
            else "", "portal_contact": "on" if official.portal_contact else ""}  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""} | {"active_until": data["active_until"]}


@pytest.fixture
def moved(organisation):
    """The review's records 13 and 14: Khánh's record ended 31/12/2024, the next one runs."""
    khanh = organisation["it_head"]
    khanh.active_from = date(2019, 3, 1)
    khanh.save()
    new = khanh.change_office(on=date(2025, 1, 1), unit=organisation["office"])
    khanh.refresh_from_db()
    return khanh, new


def test_an_ended_record_cannot_change_office(admin_client, moved, organisation):
    thirteen, fourteen = moved
    url = f"/admin/news/official/{thirteen.pk}/chuyen-cong-tac/"
    page = admin_client.get(url).content.decode()
    assert "Bản ghi này đã kết thúc ngày 31/12/2024" in page
    assert 'name="on"' not in page  # no form
    assert "đến ngày 31/12/2024" in page and "Hiện tại" not in page
    assert f'href="/admin/news/official/{fourteen.pk}/change/"' in page  # the record held now
    response = admin_client.post(url, {"on": "01/06/2025", "unit": organisation["root"].pk})
    assert (
        response.status_code == 200 and "đã kết thúc ngày 31/12/2024" in response.content.decode()
    )
    response = admin_client.post(url, {"on": "01/06/2025", "end_only": "on"})
    thirteen.refresh_from_db()
    assert thirteen.active_until == date(2024, 12, 31)
    assert Official.objects.filter(name=thirteen.name).count() == 2
    # Its page offers no change of office, and leads to the current record.
    page = admin_client.get(f"/admin/news/official/{thirteen.pk}/change/").content.decode()
    assert url not in page and "Bản ghi này đã kết thúc ngày 31/12/2024" in page
    assert f'href="/admin/news/official/{fourteen.pk}/change/"' in page
    assert (
        f"/admin/news/official/{fourteen.pk}/chuyen-cong-tac/"
        in admin_client.get(f"/admin/news/official/{fourteen.pk}/change/").content.decode()
    )


def test_editing_dates_to_overlap_is_refused(admin_client, moved):
    thirteen, _fourteen = moved
    response = admin_client.post(f"/admin/news/official/{thirteen.pk}/change/",
                                 official_form(thirteen, active_until="31/05/2025"))  # fmt: skip
    assert response.status_code == 200
    assert "Trùng thời gian với bản ghi khác của cùng người này" in response.content.decode()
    thirteen.refresh_from_db()
    assert thirteen.active_until == date(2024, 12, 31)


def test_a_change_of_office_into_a_planned_record_is_refused(admin_client, organisation):
    lan = organisation["office_head"]
    lan.active_until = date(2030, 12, 31)
    lan.save()
    later = lan.change_office(on=date(2031, 1, 1), unit=organisation["it"])  # planned already
    lan.refresh_from_db()
    url = f"/admin/news/official/{lan.pk}/chuyen-cong-tac/"
    response = admin_client.post(url, {"on": "01/06/2029", "position": organisation["head"].pk,
                                       "unit": organisation["centre"].pk})  # fmt: skip
    assert response.status_code == 200 and "Trùng thời gian" in response.content.decode()
    lan.refresh_from_db()
    assert lan.active_until == date(2030, 12, 31)
    assert set(Official.objects.of_person(lan)) == {lan, later}


def test_position_and_unit_are_read_only_on_saved_records(admin_client, organisation):
    lan = organisation["office_head"]
    deputy = PositionFactory(name="Phó Chánh Văn phòng", order=20)
    url = f"/admin/news/official/{lan.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert 'name="position"' not in page and 'name="unit"' not in page
    assert "Chọn nhầm khi nhập bản ghi?" in page and 'href="?sua_nham=1"' in page
    admin_client.post(url, official_form(lan, position=deputy.pk, unit=organisation["it"].pk))
    lan.refresh_from_db()
    assert (lan.position, lan.unit) == (organisation["head"], organisation["office"])
    # The correction of a wrong choice: said as such in the record's history.
    page = admin_client.get(f"{url}?sua_nham=1").content.decode()
    assert 'name="position"' in page and "Sửa nhập nhầm chức vụ, đơn vị." in page
    response = admin_client.post(f"{url}?sua_nham=1", official_form(lan, position=deputy.pk))
    assert response.status_code == 302
    lan.refresh_from_db()
    assert lan.position == deputy and Official.objects.filter(name=lan.name).count() == 1
    from django.contrib.admin.models import LogEntry

    entry = LogEntry.objects.filter(object_id=str(lan.pk)).latest("action_time")
    assert entry.get_change_message() == (
        "Sửa nhập nhầm (không phải chuyển công tác): Trưởng phòng → Phó Chánh Văn phòng."
    )
    # An official's new record starts with a position and a unit to choose.
    assert 'name="position"' in admin_client.get("/admin/news/official/add/").content.decode()


def test_the_unit_admin_makes_vietnamese_slugs(admin_client, organisation):
    for url in ("/admin/news/unit/add/", f"/admin/news/unit/{organisation['it'].pk}/change/"):
        page = admin_client.get(url).content.decode()
        assert page.index("admin/js/urlify.js") < page.index("editor/js/slugs.js"), url


def test_the_admin_requires_a_parent_and_one_agency(admin_client, organisation):
    new = unit_form(Unit(name="Trung tâm Dữ liệu", kind="attached", order=9), slug="")
    response = admin_client.post("/admin/news/unit/add/", new)
    assert response.status_code == 200 and "Chọn đơn vị cấp trên" in response.content.decode()
    second = unit_form(Unit(name="Sở thứ hai", kind="agency", order=0), slug="")
    response = admin_client.post("/admin/news/unit/add/", second)
    assert "Đã có cơ quan “Sở Thông tin và Truyền thông tỉnh Hải Dương”" in (
        response.content.decode()
    )
    twin = unit_form(Unit(name="văn phòng sở", order=9), slug="", parent=organisation["root"].pk)
    response = admin_client.post("/admin/news/unit/add/", twin)
    assert "đã có đơn vị “Văn phòng Sở”" in response.content.decode()
    assert Unit.objects.count() == 4


def test_parent_choices_leave_out_the_unit_and_its_sub_units(admin_client, organisation):
    office = organisation["office"]
    team = UnitFactory(name="Tổ Văn thư", parent=office)
    UnitFactory(name="Nhóm Lưu trữ", parent=team)
    page = admin_client.get(f"/admin/news/unit/{office.pk}/change/").content.decode()
    select = page[
        page.index('name="parent"') : page.index("</select>", page.index('name="parent"'))
    ]
    assert "Sở Thông tin và Truyền thông tỉnh Hải Dương" in select
    assert "— Phòng Công nghệ thông tin" in select
    assert "Văn phòng Sở" not in select and "Tổ Văn thư" not in select
    assert "Nhóm Lưu trữ" not in select
    response = admin_client.post(f"/admin/news/unit/{office.pk}/change/",
                                 unit_form(office, parent=team.pk))  # fmt: skip
    assert response.status_code == 200  # refused: not a choice
    office.refresh_from_db()
    assert office.parent == organisation["root"]


def test_the_button_only_for_those_who_may(client, organisation):
    lan = organisation["office_head"]
    url = f"/admin/news/official/{lan.pk}/change/"
    for group, name in ((roles.EDITOR, "bientap"), (roles.APPROVER, "duyet")):
        client.force_login(member(group, name))
        page = client.get(url).content.decode()
        assert "chuyen-cong-tac" not in page and "Chuyển công tác / đổi chức vụ" not in page
        assert "sua_nham" not in page
    client.force_login(member(roles.ADMINISTRATOR, "quantri"))
    page = client.get(url).content.decode()
    assert f"/admin/news/official/{lan.pk}/chuyen-cong-tac/" in page


def test_two_people_responsible_for_the_portal_are_refused(admin_client, organisation):
    lan = organisation["office_head"]
    response = admin_client.post(f"/admin/news/official/{lan.pk}/change/",
                                 official_form(lan, responsible_for_portal="on"))  # fmt: skip
    assert response.status_code == 200
    assert "“Trần Quang Minh”" in response.content.decode()
    lan.refresh_from_db()
    assert not lan.responsible_for_portal


def test_the_change_of_office_form_has_the_admin_date_widget(admin_client, organisation):
    page = admin_client.get(
        f"/admin/news/official/{organisation['it_head'].pk}/chuyen-cong-tac/"
    ).content.decode()
    assert 'class="vDateField"' in page and 'placeholder="dd/mm/yyyy"' in page
    assert "admin/js/admin/DateTimeShortcuts.js" in page and "/admin/jsi18n/" in page
    assert "admin/css/forms.css" in page and "ví dụ 01/06/2026" in page
    assert "Bản ghi này: Trưởng phòng, Phòng Công nghệ thông tin, từ ngày 01/01/2020, đang giữ" in (
        page
    )


def test_the_officials_list_shows_those_in_office_unless_asked(admin_client, organisation):
    page = admin_client.get("/admin/news/official/").content.decode()
    assert "Vũ Thị Lan" in page and "Lê Cũ Đã Nghỉ" not in page
    page = admin_client.get("/admin/news/official/?tinh_trang=tat_ca").content.decode()
    assert "Vũ Thị Lan" in page and "Lê Cũ Đã Nghỉ" in page
    page = admin_client.get("/admin/news/official/?tinh_trang=xyz").content.decode()
    assert "Lê Cũ Đã Nghỉ" not in page  # an odd value: the default


def test_the_unit_filter_is_the_tree(admin_client, organisation):
    UnitFactory(name="Tổ Văn thư", parent=organisation["office"], order=0)
    page = admin_client.get("/admin/news/official/").content.decode()
    panel = page[page.index('id="changelist-filter"') :]
    assert panel.index("Sở Thông tin và Truyền thông tỉnh Hải Dương") < panel.index(
        "— Văn phòng Sở") < panel.index("— — Tổ Văn thư") < panel.index(
        "— Phòng Công nghệ thông tin") < panel.index("— Trung tâm Chuyển đổi số")  # fmt: skip


def test_switching_off_a_unit_with_the_portal_contact_warns(admin_client, organisation):
    office = organisation["office"]
    team = UnitFactory(name="Tổ Văn thư", parent=office)
    form = unit_form(office)
    del form["active"]
    response = admin_client.post(f"/admin/news/unit/{office.pk}/change/", form, follow=True)
    page = response.content.decode()
    assert "“Văn phòng Sở” không còn hoạt động: Vũ Thị Lan" in page
    assert "đầu mối liên hệ của cổng" in page
    assert "cũng thôi hiện trên cổng: “Tổ Văn thư”" in page
    office.refresh_from_db()
    team.refresh_from_db()
    assert not office.active and not team.active
    # Nobody marked there: no warning.
    it = organisation["it"]
    form = unit_form(it)
    del form["active"]
    page = admin_client.post(f"/admin/news/unit/{it.pk}/change/", form, follow=True)
    assert "không còn hoạt động" not in page.content.decode()


def test_view_on_site_only_for_records_on_the_pages(admin_client, moved, organisation):
    thirteen, fourteen = moved
    page = admin_client.get(f"/admin/news/official/{fourteen.pk}/change/").content.decode()
    assert "viewsitelink" in page
    for record in (thirteen, organisation["former"]):
        page = admin_client.get(f"/admin/news/official/{record.pk}/change/").content.decode()
        assert "viewsitelink" not in page


def test_adding_a_namesake_warns(admin_client, organisation):
    data = {"name": "Vũ Thị Lan", "position": organisation["head"].pk,
            "unit": organisation["it"].pk, "order": 0, "active_from": "01/01/2026"}  # fmt: skip
    response = admin_client.post("/admin/news/official/add/", data, follow=True)
    page = response.content.decode()
    assert "Đã có “Vũ Thị Lan” đang giữ chức Trưởng phòng, Văn phòng Sở" in page
    assert Official.objects.filter(name="Vũ Thị Lan").count() == 2  # a namesake may exist
