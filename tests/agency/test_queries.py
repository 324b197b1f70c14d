"""Query budgets of the organisation's pages, in Vietnamese and English: exact counts, the same
with 1 and with 20 of every relation that could multiply queries (units, sub-units, officials
with their positions and photos, former records). The frame is warm; the page cache is off."""

from datetime import date

import pytest

from tests.factories import PhotoFactory

from .factories import OfficialFactory, PositionFactory, UnitFactory, agency

pytestmark = pytest.mark.django_db

SIZES = [1, 20]


def build(n: int):
    """The agency with ``n`` leaders (each with a photo and their own position), ``n``
    divisions with ``n`` people each (and a former record each), the first division with
    ``n`` sub-units. Returns the first division."""
    root = agency()
    for i in range(n):
        OfficialFactory(unit=root, photo=PhotoFactory(), name=f"Lãnh đạo {i}",
                        position=PositionFactory(name=f"Phó Giám đốc {i}", order=2))  # fmt: skip
    divisions = []
    for i in range(n):
        division = UnitFactory(name=f"Phòng {i}", parent=root, name_en=f"Division {i}" * (i % 2))
        divisions.append(division)
        for j in range(n):
            OfficialFactory(unit=division, name=f"Cán bộ {i}-{j}",
                            photo=PhotoFactory() if i == 0 else None,
                            position=PositionFactory(name=f"Chức vụ {j}"))  # fmt: skip
        OfficialFactory(unit=division, active_from=date(2000, 1, 1), active_until=date(2001, 1, 1))
    for i in range(n):
        UnitFactory(name=f"Tổ {i}", parent=divisions[0])
    return divisions[0]


def visit(client, url, django_assert_num_queries, expected):
    client.get(url)  # the frame warm
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200, url
    return response


# The units; the officials in office with their positions.
@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("url", ["/co-cau-to-chuc/", "/en/organisation/"])
def test_chart(client, django_assert_num_queries, n, url):
    build(n)
    page = visit(client, url, django_assert_num_queries, 2).content.decode()
    assert f"Tổ {n - 1}" in page and f"Lãnh đạo {n - 1}" in page


# The agency; its officials with positions and photos.
@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("url", ["/co-cau-to-chuc/lanh-dao/", "/en/organisation/leadership/"])
def test_leadership(client, django_assert_num_queries, n, url):
    build(n)
    page = visit(client, url, django_assert_num_queries, 2).content.decode()
    assert page.count('class="person-photo"') == n


# The unit with its parent; its officials with positions and photos; its sub-units.
@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("prefix", ["/co-cau-to-chuc/don-vi/", "/en/organisation/units/"])
def test_unit(client, django_assert_num_queries, n, prefix):
    division = build(n)
    page = visit(client, f"{prefix}{division.slug}/", django_assert_num_queries, 3)
    page = page.content.decode()
    assert page.count('class="person"') == n and f"Tổ {n - 1}" in page


# The units (for the filter and the groups); the officials with positions and units.
@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("url", ["/co-cau-to-chuc/danh-ba/", "/en/organisation/contacts/",
                                 "/co-cau-to-chuc/danh-ba/?q=can+bo",
                                 "/en/organisation/contacts/?q=can+bo&don_vi=2"])  # fmt: skip
def test_directory(client, django_assert_num_queries, n, url):
    build(n)
    page = visit(client, url, django_assert_num_queries, 2).content.decode()
    assert "Cán bộ 0-0" in page


# The units; the latest change of units and of officials.
@pytest.mark.parametrize("n", SIZES)
def test_sitemap_section(client, django_assert_num_queries, n):
    build(n)
    page = visit(client, "/sitemap-agency.xml", django_assert_num_queries, 3).content.decode()
    # Every page in Vietnamese; in English the three pages, the agency and the divisions with
    # an English name (every other one), not the untranslated ones.
    assert page.count("<url>") == (3 + 1 + 2 * n) + (3 + 1 + n // 2)
