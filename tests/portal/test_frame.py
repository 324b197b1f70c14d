"""The portal's frame: header, menu, sidebar, banners, footer, fixed pages."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from news.models import Category
from portal import chrome
from portal.models import Banner, Page, ServiceLink, SiteProfile, UnitPortal
from tests.factories import ArticleFactory, CategoryFactory, PhotoFactory, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def frame():
    SiteProfile.objects.update(
        name="Sở Văn hóa và Truyền thông tỉnh Mẫu",
        governing_body="Ủy ban nhân dân tỉnh Mẫu",
        address="Số 1 đường Mẫu",
        phone="0220 000 000",
        email="so@example.gov.vn",
        responsible_person="Giám đốc Sở",
        licence="Giấy phép số 00/GP-TTĐT",
        copyright="© Sở Văn hóa và Truyền thông",
    )
    ServiceLink.objects.create(
        title="Cổng dịch vụ công Quốc gia",
        description="Thủ tục hành chính trực tuyến.",
        url="https://dichvucong.gov.vn/",
        icon="public-service",
        order=1,
    )
    ServiceLink.objects.create(title="Đã ẩn", url="https://a.example/", is_active=False)
    UnitPortal.objects.create(name="Cục Viễn thông", url="https://vnta.gov.vn/")
    Page.objects.create(title="Giới thiệu", slug="gioi-thieu", body="<p>Chức năng.</p>")
    CategoryFactory(name="Chuyển đổi số", slug="chuyen-doi-so")
    CategoryFactory(name="Mục ẩn", slug="muc-an", show_in_menu=False)


def test_every_page_wears_the_frame(client, frame):
    for url in ["/", "/tin-tuc/", "/tin-tuc/chuyen-doi-so/", "/trang/gioi-thieu/", "/khong-co/"]:
        html = client.get(url).content.decode()
        assert "Sở Văn hóa và Truyền thông tỉnh Mẫu" in html, url
        assert "Ủy ban nhân dân tỉnh Mẫu" in html
        assert "Cổng dịch vụ công Quốc gia" in html and "Xem chi tiết" in html
        assert "/static/img/icons/public-service.svg" in html
        assert "Đã ẩn" not in html
        assert '<a href="https://vnta.gov.vn/"' in html
        assert 'href="/tin-tuc/chuyen-doi-so/"' in html and "Mục ẩn" not in html
        assert "Số 1 đường Mẫu" in html and 'href="tel:0220000000"' in html
        assert "Giấy phép số 00/GP-TTĐT" in html and 'href="/trang/gioi-thieu/"' in html
        assert 'class="to-top" href="#top"' in html
        assert 'class="menu-toggle" aria-expanded="false"' in html


def test_admin_change_shows_at_once(admin_client, client, frame):
    client.get("/")  # the frame is now cached
    link = ServiceLink.objects.get(title="Cổng dịch vụ công Quốc gia")
    response = admin_client.post(
        f"/admin/portal/servicelink/{link.pk}/change/",
        {
            "title": "Dịch vụ công trực tuyến",
            "description": link.description,
            "url": link.url,
            "button_label": "Xem chi tiết",
            "icon": "public-service",
            "icon_image": "",
            "order": 1,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    html = client.get("/").content.decode()
    assert "Dịch vụ công trực tuyến" in html
    assert "Cổng dịch vụ công Quốc gia" not in html


@pytest.mark.parametrize("model", ["category", "profile", "unit", "page"])
def test_saving_anything_in_the_frame_invalidates_it(client, frame, model):
    client.get("/")
    if model == "category":
        CategoryFactory(name="Mục mới toanh")
        expected = "Mục mới toanh"
    elif model == "profile":
        profile = SiteProfile.objects.get()
        profile.name = "Tên cơ quan mới"
        profile.save()
        expected = "Tên cơ quan mới"
    elif model == "unit":
        UnitPortal.objects.create(name="Đơn vị mới", url="https://moi.example/")
        expected = "Đơn vị mới"
    else:
        Page.objects.create(title="Chính sách bảo mật")
        expected = "Chính sách bảo mật"
    assert expected in client.get("/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,x",
        "//evil.example/",
        "ftp://x",
    ],
)
def test_dangerous_links_are_refused_with_a_clear_message(url):
    link = ServiceLink(title="x", url=url)
    with pytest.raises(ValidationError) as info:
        link.full_clean()
    assert "Địa chỉ không hợp lệ" in str(info.value.message_dict["url"])


@pytest.mark.parametrize("url", ["https://dichvucong.gov.vn/", "/trang/lien-he/", "mailto:a@b.vn"])
def test_good_links_are_accepted(url):
    ServiceLink(title="x", url=url).full_clean()


def test_admin_refuses_javascript_link(admin_client):
    response = admin_client.post(
        "/admin/portal/servicelink/add/",
        {
            "title": "x",
            "url": "javascript:alert(1)",
            "button_label": "Xem",
            "icon": "law",
            "order": 0,
        },
    )
    assert response.status_code == 200
    assert "Địa chỉ không hợp lệ" in response.content.decode()
    assert not ServiceLink.objects.exists()


def test_admin_refuses_non_image_banner_and_keeps_the_form(admin_client):
    response = admin_client.post(
        "/admin/portal/banner/add/",
        {
            "title": "Băng rôn thử",
            "upload": upload("banner.png", b"<html>not an image</html>"),
            "alt_text": "Chuyển đổi số",
            "position": "sidebar",
            "order": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "không phải là ảnh" in html and "Băng rôn thử" in html
    assert not Banner.objects.exists()


def test_admin_creates_banner_from_upload_and_it_shows(admin_client, client):
    response = admin_client.post(
        "/admin/portal/banner/add/",
        {
            "title": "Băng rôn",
            "upload": upload("banner.jpg"),
            "alt_text": "Tuần lễ chuyển đổi số",
            "link": "/tin-tuc/",
            "position": "sidebar",
            "order": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    html = client.get("/").content.decode()
    assert 'alt="Tuần lễ chuyển đổi số"' in html and 'class="banner" href="/tin-tuc/"' in html


def test_banner_needs_alt_text_and_a_sane_period():
    photo = PhotoFactory()
    now = timezone.now()
    with pytest.raises(ValidationError) as info:
        Banner(title="x", image=photo, alt_text=" ", position="top").full_clean()
    assert "alt_text" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        Banner(title="x", image=photo, alt_text="a", active_from=now, active_until=now).full_clean()
    assert "active_until" in info.value.message_dict


def test_banners_appear_and_expire_on_time(client, frame):
    photo = PhotoFactory()
    now = timezone.now()
    Banner.objects.create(
        title="Sắp tới",
        image=photo,
        alt_text="Sắp tới",
        active_from=now + timezone.timedelta(hours=1),
    )
    Banner.objects.create(
        title="Đang chạy",
        image=photo,
        alt_text="Đang chạy",
        active_until=now + timezone.timedelta(seconds=30),
    )
    Banner.objects.create(
        title="Đã hết",
        image=photo,
        alt_text="Đã hết",
        active_until=now - timezone.timedelta(seconds=1),
    )
    html = client.get("/").content.decode()
    assert 'alt="Đang chạy"' in html
    assert 'alt="Sắp tới"' not in html and 'alt="Đã hết"' not in html
    # The cached frame lives no longer than the next change (the running banner's end).
    _data, timeout = chrome._build()
    assert timeout <= 31


def test_fixed_page_uses_the_sanitiser_and_is_listed_in_footer(client):
    page = Page.objects.create(
        title="Liên hệ", body='<p onclick="x()">Gọi <script>x</script>số</p>'
    )
    assert page.slug == "lien-he"
    html = client.get("/trang/lien-he/").content.decode()
    assert "<p>Gọi số</p>" in html and "onclick" not in html
    Page.objects.create(title="Nháp", slug="nhap", is_published=False)
    assert client.get("/trang/nhap/").status_code == 404


def test_profile_admin_allows_one_record_only(admin_client):
    assert SiteProfile.objects.count() == 1
    assert admin_client.get("/admin/portal/siteprofile/add/").status_code == 403
    profile = SiteProfile.objects.get()
    assert admin_client.get(f"/admin/portal/siteprofile/{profile.pk}/change/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/portal/servicelink/",
        "/admin/portal/unitportal/",
        "/admin/portal/banner/",
        "/admin/portal/page/",
        "/admin/portal/page/add/",
        "/admin/portal/banner/add/",
    ],
)
def test_frame_admin_pages_open(admin_client, frame, url):
    assert admin_client.get(url).status_code == 200


def test_editors_cannot_change_the_frame(client, frame):
    from tests.factories import editor

    client.force_login(editor())
    assert client.get("/admin/portal/servicelink/").status_code == 403


def test_fixed_pages_can_join_the_menu(client, frame):
    Page.objects.create(title="Lịch công tác", slug="lich-cong-tac", show_in_menu=True)
    nav = client.get("/").content.decode().split('id="main-menu"')[1].split("</ul>")[0]
    assert 'href="/trang/lich-cong-tac/"' in nav
    assert 'href="/trang/gioi-thieu/"' not in nav  # in the footer only


def test_each_page_marks_its_own_place_in_the_kept_menu(client, frame):
    """The rendered menu is kept in memory per place in it: whatever page rendered it first,
    every page marks its own item (aria-current), and only its own."""
    article = ArticleFactory(category=Category.objects.get(slug="chuyen-doi-so"))
    home, section, within = "/", "/tin-tuc/chuyen-doi-so/", article.get_absolute_url()
    for first in (home, section, within):
        client.get(first)
        pages = {url: client.get(url).content.decode() for url in (home, section, within)}
        assert '<a href="/" aria-current="page">' in pages[home], first
        assert 'href="/tin-tuc/chuyen-doi-so/" aria-current' not in pages[home], first
        assert '<a href="/tin-tuc/chuyen-doi-so/" aria-current="page">' in pages[section], first
        assert '<a href="/" aria-current' not in pages[section], first
        assert '<a href="/tin-tuc/chuyen-doi-so/" aria-current="true">' in pages[within], first


def test_a_running_banner_leaves_every_page_when_it_ends(client, frame, time_machine):
    """The frame's rendered parts are kept, but never past the next banner change."""
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    Banner.objects.create(
        title="Tuần lễ số", image=PhotoFactory(), alt_text="Tuần lễ chuyển đổi số",
        active_until=now + timezone.timedelta(minutes=5),
    )  # fmt: skip
    Banner.objects.create(
        title="Ngày hội", image=PhotoFactory(), alt_text="Ngày hội sách", position="top",
        active_from=now + timezone.timedelta(minutes=5),
    )  # fmt: skip
    for url in ("/", "/tin-tuc/"):
        html = client.get(url).content.decode()
        assert 'alt="Tuần lễ chuyển đổi số"' in html and "Ngày hội sách" not in html, url
    time_machine.move_to(now + timezone.timedelta(minutes=6), tick=False)
    for url in ("/", "/tin-tuc/"):
        html = client.get(url).content.decode()
        assert "Tuần lễ chuyển đổi số" not in html and 'alt="Ngày hội sách"' in html, url
