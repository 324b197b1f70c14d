import pytest

from .factories import OfficialFactory, PositionFactory, UnitFactory, agency, director


@pytest.fixture
def organisation(db):
    """The agency (with its director), two divisions with their heads, an attached centre
    with no English name, and a former head (history) who is on no public page."""
    root = agency(
        body="<p>Tham mưu quản lý nhà nước về thông tin và truyền thông.</p>",
        functions_en="<p>Advises on the state management of information.</p>",
    )
    boss = director(
        root,
        duties="Lãnh đạo toàn diện.",
        duties_en="Leads the Department.",
        responsible_for_portal=True,
    )
    head = PositionFactory(name="Trưởng phòng", name_en="Head of Division", order=10)
    office = UnitFactory(
        name="Văn phòng Sở",
        name_en="Office of the Department",
        parent=root,
        slug="van-phong-so",
        order=1,
        body="<p>Hành chính, văn thư.</p>",
    )
    it = UnitFactory(
        name="Phòng Công nghệ thông tin",
        name_en="IT Division",
        parent=root,
        slug="phong-cong-nghe-thong-tin",
        order=2,
    )
    centre = UnitFactory(
        name="Trung tâm Chuyển đổi số",
        parent=root,
        kind="attached",
        slug="trung-tam-chuyen-doi-so",
        order=3,
        body="<p>Vận hành hạ tầng dùng chung.</p>",
    )
    office_head = OfficialFactory(
        name="Vũ Thị Lan", position=head, unit=office, portal_contact=True, phone="0220 3 850 120"
    )
    it_head = OfficialFactory(
        name="Nguyễn Văn Khánh", position=head, unit=it, duties="Chuyển đổi số", duties_en=""
    )
    from datetime import date

    former = OfficialFactory(
        name="Lê Cũ Đã Nghỉ",
        position=head,
        unit=centre,
        active_from=date(2010, 1, 1),
        active_until=date(2015, 12, 31),
    )
    return {
        "root": root,
        "boss": boss,
        "office": office,
        "it": it,
        "centre": centre,
        "office_head": office_head,
        "it_head": it_head,
        "former": former,
        "head": head,
    }
