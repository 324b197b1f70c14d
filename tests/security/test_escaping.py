"""Every field an editor types is printed as text: markup in a title, a sapo, a caption, a
credit, a speaker's name, a service link or the agency's address never becomes markup on a page.
Rich bodies are the one exception, and they go through the sanitiser (tested in
tests/portal/test_richtext.py)."""

import pytest

from news.models import EventSpeaker, EventTopic, ParticipantGroup, Programme
from portal.models import Banner, Page, ServiceLink, SiteProfile, UnitPortal
from tests.factories import ArticleFactory, CategoryFactory, EventFactory, PhotoFactory, figure

pytestmark = pytest.mark.django_db


def payload(field: str) -> str:
    return f'<b class="x">{field}</b>'


FIELDS = [
    "article.title", "article.sapo", "article.byline", "article.source", "category.name",
    "category.description", "photo.credit", "event.title", "event.place", "event.organiser",
    "speaker.name", "speaker.position", "speaker.organisation", "topic.title", "group.name",
    "programme.short_name", "page.title", "page.summary", "profile.name",
    "profile.governing_body", "profile.address", "profile.responsible_person",
    "profile.licence", "profile.republish_notice", "profile.copyright", "link.title",
    "link.description", "link.button_label", "unit.name", "unit.group", "banner.alt_text",
]  # fmt: skip


@pytest.fixture
def hostile_site():
    SiteProfile.objects.all().delete()
    SiteProfile.objects.create(
        **{f.split(".")[1]: payload(f) for f in FIELDS if f.startswith("profile.")}
    )
    category = CategoryFactory(name=payload("category.name"), slug="muc",
                               description=payload("category.description"))  # fmt: skip
    photo = PhotoFactory(credit=payload("photo.credit"))
    programme = Programme.objects.create(
        name="Chương trình", short_name=payload("programme.short_name")
    )
    event = EventFactory(
        title=payload("event.title"), place=payload("event.place"),
        organiser=payload("event.organiser"), programmes=[programme], participants_total=5,
    )  # fmt: skip
    EventSpeaker.objects.create(
        event=event, name=payload("speaker.name"), position=payload("speaker.position"),
        organisation=payload("speaker.organisation"),
    )  # fmt: skip
    EventTopic.objects.create(event=event, title=payload("topic.title"))
    ParticipantGroup.objects.create(event=event, name=payload("group.name"), count=1)
    article = ArticleFactory(
        title=payload("article.title"), sapo=payload("article.sapo"),
        byline=payload("article.byline"), source=payload("article.source"), category=category,
        body=figure(photo, caption="Chú thích"), event=event,
    )  # fmt: skip
    page = Page.objects.create(title=payload("page.title"), summary=payload("page.summary"),
                               slug="trang", show_in_menu=True)  # fmt: skip
    ServiceLink.objects.create(
        title=payload("link.title"), description=payload("link.description"),
        button_label=payload("link.button_label"), url="https://a.example/",
    )  # fmt: skip
    UnitPortal.objects.create(name=payload("unit.name"), group=payload("unit.group"),
                              url="https://u.example/")  # fmt: skip
    Banner.objects.create(title="B", image=PhotoFactory(), alt_text=payload("banner.alt_text"))
    return [
        "/", "/tin-tuc/", category.get_absolute_url(), article.get_absolute_url(),
        page.get_absolute_url(), "/tap-huan/", event.get_absolute_url(), "/tap-huan/thong-ke/",
        "/tim-kiem/?q=class", "/khong-co/",
    ]  # fmt: skip


def test_typed_markup_is_printed_as_text_on_every_page(client, hostile_site):
    shown = set()
    for url in hostile_site:
        html = client.get(url).content.decode()
        assert '<b class="x">' not in html, url
        shown.update(f for f in FIELDS if f"&lt;b class=&quot;x&quot;&gt;{f}&lt;/b&gt;" in html)
    assert shown == set(FIELDS), f"never shown: {set(FIELDS) - shown}"


def test_feeds_carry_typed_markup_as_text(client, hostile_site):
    for url in ("/rss/", "/rss/muc/", "/rss/tap-huan/"):
        xml = client.get(url).content.decode()
        assert '<b class="x">' not in xml, url
