"""Public pages as a visitor sees them."""

import datetime
import re

import pytest
from django.utils import timezone

from news.models import Article
from tests.factories import ArticleFactory, CategoryFactory, PhotoFactory, editor, figure
from tests.helpers import directives

pytestmark = pytest.mark.django_db

DATELINE = re.compile(r"(Thứ (hai|ba|tư|năm|sáu|bảy)|Chủ nhật), \d\d/\d\d/\d{4} \d\d:\d\d")


def test_article_page(client):
    category = CategoryFactory(name="Hoạt động của Sở", slug="hoat-dong-cua-so")
    photo = PhotoFactory(credit="Phạm Hương")
    when = timezone.make_aware(timezone.datetime(2017, 9, 29, 10, 2))
    article = ArticleFactory(
        title="Tập huấn giảm nghèo về thông tin",
        category=category,
        sapo="Sapo của bài.",
        body="<p>Đoạn một.</p>" + figure(photo, "Toàn cảnh hội nghị."),
        byline="Phạm Hương",
        publish_at=when,
    )
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Thứ sáu, 29/09/2017 10:02" in html
    assert '<p class="sapo">Sapo của bài.</p>' in html
    assert "<figcaption>Toàn cảnh hội nghị. " in html
    assert 'class="byline">Phạm Hương<' in html
    assert 'href="/tin-tuc/hoat-dong-cua-so/"' in html  # breadcrumb
    assert "data-print" in html
    assert "<script>" not in html and " onclick=" not in html


def test_dateline_uses_local_time_and_vietnamese_weekday(client):
    # 2024-01-07 20:30 UTC is Monday 08/01/2024 03:30 in Hà Nội.
    when = timezone.datetime(2024, 1, 7, 20, 30, tzinfo=datetime.UTC)
    article = ArticleFactory(publish_at=when)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Thứ hai, 08/01/2024 03:30" in html
    assert DATELINE.search(html)


def test_sunday_is_chu_nhat():
    from portal.templatetags.portal_tags import dateline

    when = timezone.make_aware(timezone.datetime(2026, 11, 29, 9, 5))
    assert dateline(when) == "Chủ nhật, 29/11/2026 09:05"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"publish_at": timezone.now() + timezone.timedelta(days=1)},
    ],
)
def test_unpublished_articles_are_not_found(client, kwargs):
    article = ArticleFactory(**kwargs)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
    for url in ("/", "/tin-tuc/", article.category.get_absolute_url(), "/tim-kiem/?q=bai+viet"):
        assert article.title not in client.get(url).content.decode()


def test_old_slug_and_category_redirect_permanently(client):
    article = ArticleFactory(title="Tên cũ")
    old_url = article.get_absolute_url()
    article.title, article.slug = "Tên mới", ""
    article.category = CategoryFactory()
    article.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_404_page_is_vietnamese(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'lang="vi"' in html and "Không tìm thấy trang" in html and 'role="search"' in html


def test_category_listing_paginates(client):
    category = CategoryFactory()
    for i in range(15):
        ArticleFactory(
            category=category, publish_at=timezone.now() - timezone.timedelta(hours=i + 1)
        )
    first = client.get(category.get_absolute_url()).content.decode()
    assert first.count('class="card-title"') == 12
    assert 'aria-current="page"' in first and "?page=2" in first
    second = client.get(category.get_absolute_url() + "?page=2").content.decode()
    assert second.count('class="card-title"') == 3
    assert client.get(category.get_absolute_url() + "?page=9").status_code == 404
    assert client.get(category.get_absolute_url() + "?page=abc").status_code == 404
    assert client.get("/tin-tuc/khong-co/").status_code == 404


def test_every_page_of_a_long_category_shows_the_next_articles_in_order(client):
    """Pages past the middle are found from the list's other end (portal/pagination.py): each
    article is on exactly one page, in order, the last page included."""
    category = CategoryFactory()
    now = timezone.now()
    titles = [f"Bài số {i:02d} của mục dài" for i in range(40)]  # newest first
    for i, title in enumerate(titles):
        ArticleFactory(category=category, title=title, publish_at=now - timezone.timedelta(hours=i))
    ArticleFactory(category=category, title="Bài nháp của mục dài", status=Article.Status.DRAFT)
    shown = []
    for page in range(1, 5):
        html = client.get(f"{category.get_absolute_url()}?page={page}").content.decode()
        shown += re.findall(r"Bài số \d\d của mục dài", html)
    assert shown == titles
    assert client.get(f"{category.get_absolute_url()}?page=5").status_code == 404


def test_home_shows_the_newest_of_each_menu_category_in_order(client):
    now = timezone.now()
    categories = {}
    for name in ("Chuyển đổi số", "Thông báo"):
        category = categories[name] = CategoryFactory(name=name)
        for i in range(6):
            ArticleFactory(
                category=category, title=f"{name}: tin {i}",
                publish_at=now - timezone.timedelta(hours=10 + i),
            )  # fmt: skip
    ArticleFactory(title="Tin mới nhất, nổi bật", is_featured=True)
    html = client.get("/").content.decode()
    for name in ("Chuyển đổi số", "Thông báo"):
        section = html.split(f'id="cat-{categories[name].slug}"')[1].split("</section>")[0]
        assert re.findall(rf"{name}: tin \d", section) == [f"{name}: tin {i}" for i in range(4)]


def test_a_new_or_renamed_menu_category_is_on_the_home_page_at_once(client):
    first = CategoryFactory(name="Chuyển đổi số")
    ArticleFactory(category=first, title="Tin chuyển đổi số")
    assert f'id="cat-{first.slug}"' in client.get("/").content.decode()
    second = CategoryFactory(name="Thông báo")
    ArticleFactory(category=second, title="Tin thông báo")
    first.name = "Kinh tế số"
    first.save()
    html = client.get("/").content.decode()
    assert f'id="cat-{second.slug}"' in html and "Tin thông báo" in html
    assert "Kinh tế số" in html
    second.show_in_menu = False
    second.save()
    assert f'id="cat-{second.slug}"' not in client.get("/").content.decode()


def test_home_shows_featured_and_category_sections(client):
    a = CategoryFactory(name="Chuyển đổi số")
    b = CategoryFactory(name="Thông báo")
    featured = ArticleFactory(
        category=a,
        is_featured=True,
        title="Tin nổi bật nhất",
        publish_at=timezone.now() - timezone.timedelta(days=3),
    )
    ArticleFactory(category=b, title="Tin mới trong mục thông báo")
    html = client.get("/").content.decode()
    assert html.index("Tin nổi bật nhất") < html.index("Tin mới trong mục thông báo")
    assert "Chuyển đổi số" in html and "Thông báo" in html
    assert featured.get_absolute_url() in html


def test_every_page_has_a_search_form(client):
    article = ArticleFactory()
    for url in [
        "/",
        "/tin-tuc/",
        article.category.get_absolute_url(),
        article.get_absolute_url(),
        "/tim-kiem/?q=x",
        "/khong-co/",
    ]:
        assert 'role="search"' in client.get(url).content.decode(), url


def test_public_pages_send_a_strict_content_security_policy(client):
    csp = directives(client.get("/")["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]


def test_preview_is_for_staff_only(client):
    draft = ArticleFactory(status=Article.Status.DRAFT, title="Bản nháp bí mật")
    url = f"/xem-truoc/bai-viet/{draft.pk}/"
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(editor())
    response = client.get(url)
    assert response.status_code == 200
    assert "Bản nháp bí mật" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_kept_cards_show_every_change_at_once(client):
    """Cards are rendered once and kept (the `fragments` cache), under the content's version:
    a renamed category or a new title shows on the next page."""
    category = CategoryFactory(name="Tên mục cũ")
    ArticleFactory(title="Tin nổi bật của trang chủ", is_featured=True)
    article = ArticleFactory(category=category, title="Tiêu đề cũ của thẻ")

    def card(html):  # the article's card among the home page's latest
        return html.split('id="latest-title"')[1].split("</section>")[0]

    assert "Tiêu đề cũ của thẻ" in card(client.get("/").content.decode())
    assert "Tiêu đề cũ của thẻ" in client.get(category.get_absolute_url()).content.decode()
    category.name = "Tên mục mới"
    category.save()  # the article itself is not saved: its card was kept under the old version
    assert "· Tên mục mới" in card(client.get("/").content.decode())
    article.title = "Tiêu đề mới của thẻ"
    article.save()
    for html in (card(client.get("/").content.decode()),
                 client.get(category.get_absolute_url()).content.decode()):  # fmt: skip
        assert "Tiêu đề mới của thẻ" in html and "Tiêu đề cũ của thẻ" not in html
