"""The shared content machinery: one record of photo uses for every rich body, a photo's new
credit everywhere it shows, unique slugs."""

import pytest
from django.contrib.contenttypes.models import ContentType

from news.models import Category, TrainingEvent
from portal.models import Page, Photo, PhotoUse
from tests.factories import ArticleFactory, EventFactory, PhotoFactory, figure

pytestmark = pytest.mark.django_db


def test_every_rich_body_records_its_photos_in_order():
    first, second = PhotoFactory(), PhotoFactory()
    body = figure(first, "Một") + figure(second, "Hai")
    owners = [ArticleFactory(body=body), Page.objects.create(title="Trang", body=body),
              EventFactory(body=body)]  # fmt: skip
    for owner in owners:
        uses = owner.photo_uses.order_by("position")
        assert [(u.photo, u.caption) for u in uses] == [(first, "Một"), (second, "Hai")], owner


def test_a_new_credit_or_alt_shows_on_every_page_that_uses_the_photo(client):
    photo = PhotoFactory(credit="Ảnh cũ của Sở", alt_text="Mô tả cũ")
    body = figure(photo, "Toàn cảnh", alt="")
    article = ArticleFactory(body=body)
    page = Page.objects.create(title="Giới thiệu", body=body)
    event = EventFactory(body=body)
    photo.credit, photo.alt_text = "Nguyễn Minh Anh", "Hội trường đông kín"
    photo.save()
    for url in (article.get_absolute_url(), page.get_absolute_url(), event.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "Ảnh: Nguyễn Minh Anh" in html and "Ảnh cũ của Sở" not in html, url
        assert 'alt="Hội trường đông kín"' in html, url


def test_finding_the_bodies_of_a_photo_takes_one_query(django_assert_num_queries):
    photo = PhotoFactory()
    for _ in range(3):
        ArticleFactory(body=figure(photo))
        Page.objects.create(title="Trang", body=figure(photo))
    ContentType.objects.get_for_models(Page, TrainingEvent)  # content types are cached
    with django_assert_num_queries(3):  # the uses, then one query per kind of owner
        assert len(photo.body_owners()) == 6


def test_unused_needs_no_text_scan(django_assert_num_queries):
    used, orphan = PhotoFactory(), PhotoFactory()
    Page.objects.create(title="Trang", body=figure(used))
    with django_assert_num_queries(1) as captured:
        assert list(Photo.objects.unused()) == [orphan]
    assert "LIKE" not in captured.captured_queries[0]["sql"].upper()


def test_deleting_an_owner_deletes_its_records_of_use():
    photo = PhotoFactory()
    page = Page.objects.create(title="Trang", body=figure(photo))
    page.delete()
    assert not PhotoUse.objects.exists()
    assert list(Photo.objects.unused()) == [photo]


@pytest.mark.parametrize(
    "make",
    [
        lambda: Page.objects.create(title="Liên hệ"),
        lambda: Category.objects.create(name="Liên hệ"),
        lambda: EventFactory(title="Liên hệ"),
    ],
    ids=["page", "category", "event"],
)
def test_slugs_made_from_the_same_title_are_numbered(make):
    slugs = [make().slug for _ in range(3)]
    assert slugs == ["lien-he", "lien-he-2", "lien-he-3"]


def test_the_admin_gives_a_second_page_of_the_same_title_its_own_address(admin_client):
    for _ in range(2):
        response = admin_client.post(
            "/admin/portal/page/add/",
            {"title": "Liên hệ", "slug": "", "summary": "", "body": "<p>x</p>",
             "is_published": "on", "order": 0},
        )  # fmt: skip
        assert response.status_code == 302
    assert sorted(Page.objects.values_list("slug", flat=True)) == ["lien-he", "lien-he-2"]
