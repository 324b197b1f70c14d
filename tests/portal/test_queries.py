"""Query budgets of the site layer: the frame when it is built (cold) and when it is cached
(warm), fixed pages, the site search, the sitemap. Exact counts, the same with 1 and with 20 of
every relation that could multiply queries: banners with images, service links with uploaded
icons, unit portals, menu categories, pages in the menu and footer, search results."""

import pytest

from news.models import Article
from portal import chrome
from portal.models import Banner, Page, ServiceLink, UnitPortal
from tests.agency.factories import OfficialFactory, UnitFactory
from tests.factories import (
    ArticleFactory,
    AttachmentFactory,
    CategoryFactory,
    DocumentFactory,
    EventFactory,
    PhotoFactory,
    ProcedureFactory,
    attached,
    figure,
)
from tests.schedules.factories import ItemFactory

pytestmark = pytest.mark.django_db

SIZES = [1, 20]


def build_frame(n: int) -> None:
    for i in range(n):
        for position in (Banner.Position.TOP, Banner.Position.SIDEBAR):
            Banner.objects.create(
                title=f"Băng rôn {i}", image=PhotoFactory(), alt_text="Băng rôn", position=position
            )
        ServiceLink.objects.create(
            title=f"Dịch vụ {i}", url=f"https://dv{i}.example/", icon_image=PhotoFactory()
        )
        UnitPortal.objects.create(
            name=f"Đơn vị {i}", url=f"https://u{i}.example/", group=f"N{i % 3}"
        )
        CategoryFactory(name=f"Chuyên mục {i}", slug=f"muc-{i}")
        Page.objects.create(title=f"Trang {i}", show_in_menu=True, body=figure(PhotoFactory()))
        OfficialFactory(name=f"Người liên hệ {i}", portal_contact=True,
                        responsible_for_portal=i == 0)  # fmt: skip


# Profile (with its logo), footer pages, unit portals, banners (with images), the next banner
# change, service links (with their icons), the agency's contact people (with positions and
# units) and each registered menu: categories, menu pages (the events' item needs none).
@pytest.mark.parametrize("n", SIZES)
def test_the_frame_cold_and_warm(django_assert_num_queries, n):
    build_frame(n)
    with django_assert_num_queries(9):
        data = chrome.get_chrome()
    assert len(data["banners"]["sidebar"]) == n and len(data["service_links"]) == n
    assert len(data["contacts"]) == n - 1 and "Người liên hệ 0" in data["responsible_person"]
    with django_assert_num_queries(0):
        assert chrome.get_chrome() == data


@pytest.mark.parametrize("n", SIZES)
def test_a_fixed_page(client, django_assert_num_queries, n):
    build_frame(n)
    page = Page.objects.get(title="Trang 0")
    page.attachments = attached(*(AttachmentFactory() for _ in range(n)))
    page.save()
    client.get(page.get_absolute_url())
    with django_assert_num_queries(2):  # the page, its files
        assert client.get(page.get_absolute_url()).status_code == 200


# Which kinds hold the words (one query for all), then per kind: the page of articles with its
# count; documents (and their files), events, procedures, consultations, schedule items, units,
# officials and pages, five of each (no question holds the words: not asked).
@pytest.mark.parametrize("n", SIZES)
def test_site_search(client, django_assert_num_queries, n):
    for i in range(n):
        ArticleFactory(title=f"Giảm nghèo bài {i}", cover_photo=PhotoFactory())
        EventFactory(title=f"Tập huấn giảm nghèo {i}")
        Page.objects.create(title=f"Giảm nghèo trang {i}")
        DocumentFactory(summary=f"Kế hoạch giảm nghèo {i}",
                        attachments=attached(*(AttachmentFactory() for _ in range(n))))  # fmt: skip
        ProcedureFactory(name=f"Hỗ trợ giảm nghèo {i}")
        _consultation(title=f"Dự thảo kế hoạch giảm nghèo {i}")
        OfficialFactory(duties=f"Giảm nghèo về thông tin {i}",
                        unit=UnitFactory(name=f"Tổ giảm nghèo {i}"))  # fmt: skip
        ItemFactory(day=i % 7, content=f"Hội nghị giảm nghèo {i}",
                    official=OfficialFactory(), unit=UnitFactory())  # fmt: skip
    url = "/tim-kiem/?q=giam+ngheo"
    client.get(url)
    with django_assert_num_queries(12):
        response = client.get(url)
    assert len(response.context["hits"]) == min(n, 10)


# Words only one kind holds: the other nine kinds are not asked at all. Rows holding them that
# the public may not see (a draft article) make their kind asked, and still shown nowhere.
@pytest.mark.parametrize("n", SIZES)
def test_site_search_asks_only_the_kinds_holding_the_words(client, django_assert_num_queries, n):
    for i in range(n):
        EventFactory(title=f"Tập huấn chuyển đổi số {i}")
        ArticleFactory(title=f"Bản nháp chuyển đổi số {i}", status=Article.Status.DRAFT)
        ArticleFactory(title=f"Tin khác {i}")
    url = "/tim-kiem/?q=chuyen+doi+so"
    client.get(url)
    with django_assert_num_queries(3):  # which kinds; articles' count (none public); events
        response = client.get(url)
    assert response.context["hits"] == []
    assert [group["kind"].key for group in response.context["others"]] == ["tap-huan"]
    assert len(response.context["others"][0]["hits"]) == min(n, 5)
    assert "Bản nháp" not in response.content.decode()


@pytest.mark.parametrize("n", SIZES)
def test_sitemap(client, django_assert_num_queries, n):
    for i in range(n):
        ArticleFactory(category=CategoryFactory(name=f"M {i}", slug=f"m-{i}"))
        EventFactory()
        Page.objects.create(title=f"Trang {i}")
        DocumentFactory()
        ProcedureFactory()
        _consultation()
        OfficialFactory()
    client.get("/sitemap.xml")
    with django_assert_num_queries(20):
        assert client.get("/sitemap.xml").status_code == 200
    for section, expected in (("articles", 2), ("categories", 2), ("events", 2), ("pages", 1),
                              ("documents", 2), ("procedures", 2),
                              ("consultations", 2), ("agency", 3)):  # fmt: skip
        client.get(f"/sitemap-{section}.xml")
        with django_assert_num_queries(expected):
            assert client.get(f"/sitemap-{section}.xml").status_code == 200


def _consultation(**values):
    from tests.consultations.conftest import ConsultationFactory

    return ConsultationFactory(**values)
