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
    assert "Trước đó:" in page and "Phòng Công nghệ thông tin" in page


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
