"""The demo organisation: the agency of the seed with its divisions, positions and invented
officials, some left untranslated on purpose, one change of office; loading twice adds nothing."""

import pytest

from news.agency.models import Official, Position, Unit
from news.demo.agency import load_agency

pytestmark = pytest.mark.django_db


def test_demo_organisation(client):
    created = load_agency()
    assert created > 20
    assert load_agency() == 0  # idempotent
    agency = Unit.objects.get(kind="agency")
    assert agency.name == "Sở Thông tin và Truyền thông tỉnh Hải Dương"
    assert 5 <= Unit.objects.filter(parent=agency).count() <= 8
    assert Official.objects.current().count() >= 12
    assert Unit.objects.filter(name_en="").exists() and Unit.objects.exclude(name_en="").exists()
    assert Position.objects.filter(name_en="").exists()
    assert Official.objects.current().filter(duties_en="").exists()
    moved = Official.objects.get(previous__isnull=False)
    assert moved.previous.active_until is not None and moved.previous.unit != moved.unit
    assert Official.objects.filter(responsible_for_portal=True).count() == 1
    assert all(o.email.endswith("@example.gov.vn") for o in Official.objects.all())
    for url in ("/co-cau-to-chuc/", "/en/organisation/", "/co-cau-to-chuc/danh-ba/?q=nguyen+van"):
        assert client.get(url).status_code == 200
    page = client.get("/en/organisation/units/phong-thong-tin-co-so/").content.decode()
    assert (
        "This unit has no English version yet" in page
        and '<h1 class="page-title"><span lang="vi">' in page
    )
