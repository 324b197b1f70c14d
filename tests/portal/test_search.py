"""Search as citizens use it: without diacritics, in NFD or NFC, in any word order."""

import re
import unicodedata

import pytest
from django.utils import timezone

from news.models import Article, EventSpeaker, TrainingEvent
from portal.models import Page
from portal.search import highlight, index_text, parse_query
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def titles(client, query, **params):
    response = client.get("/tim-kiem/", {"q": query, **params})
    assert response.status_code == 200
    return [re.sub("<[^>]+>", "", str(hit.title)) for hit in response.context["hits"]]


def other_kind(response, key: str) -> list[str]:
    """The addresses a kind shown beside the main list (events, pages) found."""
    sections = [s for s in response.context["others"] if s["kind"].key == key]
    return [hit.url for hit in sections[0]["hits"]] if sections else []


@pytest.fixture
def corpus():
    now = timezone.now()
    ArticleFactory(
        title="Tập huấn truyền thông và giảm nghèo về thông tin",
        sapo="Lớp học cho cán bộ.",
        publish_at=now - timezone.timedelta(days=30),
    )
    ArticleFactory(
        title="Hội nghị tổng kết",
        sapo="Bàn về giảm nghèo bền vững năm nay.",
        publish_at=now - timezone.timedelta(days=2),
    )
    ArticleFactory(
        title="Trao máy thu hình",
        sapo="Hỗ trợ hộ khó khăn.",
        body="<p>Chương trình giảm nghèo của tỉnh hỗ trợ phương tiện nghe, xem.</p>",
        publish_at=now - timezone.timedelta(days=1),
    )
    ArticleFactory(
        title="Đài Phát thanh huyện được đầu tư thiết bị",
        sapo="Thiết bị mới cho Hải Dương.",
        publish_at=now - timezone.timedelta(days=3),
    )
    ArticleFactory(title="Chuyển đổi số", sapo="Không liên quan.")


@pytest.mark.parametrize(
    "query",
    [
        "giam ngheo",
        "GIẢM NGHÈO",
        "Giảm nghèo",
        unicodedata.normalize("NFD", "Giảm nghèo"),
        "ngheo giam",
    ],
)
def test_diacritics_case_nfd_and_word_order_do_not_matter(client, corpus, query):
    found = titles(client, query)
    assert len(found) == 3
    assert "Chuyển đổi số" not in found


def test_d_with_stroke_folds_to_d(client, corpus):
    assert titles(client, "dai phat thanh") == ["Đài Phát thanh huyện được đầu tư thiết bị"]
    assert titles(client, "Hai Duong") == ["Đài Phát thanh huyện được đầu tư thiết bị"]


def test_all_words_must_match(client, corpus):
    assert titles(client, "giam ngheo thiet bi") == []


def test_ranking_title_then_sapo_then_body_then_newer(client, corpus):
    assert titles(client, "giam ngheo") == [
        "Tập huấn truyền thông và giảm nghèo về thông tin",  # title, oldest
        "Hội nghị tổng kết",  # sapo
        "Trao máy thu hình",  # body only, newest
    ]


def test_words_match_at_word_starts_only(client, corpus):
    assert titles(client, "ngh") != []  # a prefix of "nghèo", "nghị"
    assert titles(client, "gheo") == []  # inside "nghèo": no


def test_drafts_and_future_articles_are_never_found(client):
    ArticleFactory(title="Giảm nghèo bản nháp", status=Article.Status.DRAFT)
    ArticleFactory(
        title="Giảm nghèo hẹn giờ", publish_at=timezone.now() + timezone.timedelta(hours=1)
    )
    assert titles(client, "giam ngheo") == []


def test_events_are_found_by_title_place_and_speaker(client):
    start = timezone.now() - timezone.timedelta(days=10)
    event = TrainingEvent.objects.create(
        title="Tập huấn Đài Truyền thanh", start=start, end=start, place="Hội trường Gia Lộc",
        status="held",
    )  # fmt: skip
    EventSpeaker.objects.create(event=event, name="Nguyễn Ngọc Hải")
    TrainingEvent.objects.create(
        title="Lớp ẩn", start=start, end=start, place="Gia Lộc", is_public=False
    )
    for query in ("dai truyen thanh", "gia loc", "nguyen ngoc hai"):
        response = client.get("/tim-kiem/", {"q": query})
        assert other_kind(response, "tap-huan") == [event.get_absolute_url()], query


def test_results_highlight_words_in_the_original_text(client, corpus):
    html = client.get("/tim-kiem/", {"q": "giam ngheo"}).content.decode()
    assert "<mark>giảm</mark> <mark>nghèo</mark>" in html
    assert 'value="giam ngheo"' in html  # the query stays in the box


def test_highlight_escapes_html():
    text = '<script>alert("giảm")</script> & giảm nghèo'
    out = highlight(text, ["giam"])
    assert "<script>" not in out
    assert (
        "&lt;script&gt;alert(&quot;<mark>giảm</mark>&quot;)&lt;/script&gt; &amp; <mark>giảm</mark>"
        in out
    )


def test_highlight_cuts_around_the_first_match():
    text = "Mở đầu. " * 40 + "Tập huấn giảm nghèo ở cuối đoạn văn dài." + " Kết." * 40
    out = highlight(text, ["giam"], limit=120)
    assert out.startswith("… ") and out.endswith(" …")
    assert "<mark>giảm</mark>" in out
    assert len(re.sub("<[^>]+>", "", out)) <= 130


def test_index_text_and_query_parsing():
    assert index_text("Giảm nghèo, (Đài) TT&TT!") == " giam ngheo dai tt tt "
    shown, words = parse_query("  Giảm   nghèo giảm  " + "x" * 600)
    assert shown.startswith("Giảm nghèo giảm")
    assert len(shown) <= 200
    assert words[:2] == ["giam", "ngheo"] and words.count("giam") == 1


@pytest.mark.parametrize(
    "query",
    ["", " ", "a", "%", "_", "!!!", "x" * 600, "' OR 1=1 --", "<script>alert(1)</script>",
     "\x00", "😀", "a " * 300, "%%%_%"],
)  # fmt: skip
@pytest.mark.parametrize("page", ["", "1", "0", "-1", "abc", "99999", "1.5"])
def test_bad_input_never_errors(client, corpus, query, page):
    response = client.get("/tim-kiem/", {"q": query, "page": page})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html


def test_percent_and_underscore_are_not_wildcards(client, corpus):
    assert titles(client, "%") == [] and titles(client, "_") == []


def test_no_results_state_suggests_categories(client, corpus):
    CategoryFactory(name="Thông báo")
    html = client.get("/tim-kiem/", {"q": "khongcogi"}).content.decode()
    assert "Không tìm thấy kết quả nào cho “khongcogi”" in html
    assert "Thông báo" in html


def test_results_paginate(client):
    for i in range(25):
        ArticleFactory(title=f"Giảm nghèo số {i}")
    first = client.get("/tim-kiem/", {"q": "giam ngheo"})
    assert len(first.context["hits"]) == 10
    html = first.content.decode()
    assert "?q=giam+ngheo&amp;page=2" in html
    third = client.get("/tim-kiem/", {"q": "giam ngheo", "page": 3})
    assert len(third.context["hits"]) == 5


def test_fixed_pages_are_found_with_a_snippet_and_the_kind_tab_is_marked(client, corpus):
    body = "<p>Sở tham mưu về giảm nghèo thông tin cho vùng khó khăn.</p>"
    Page.objects.create(title="Chức năng nhiệm vụ", slug="chuc-nang", body=body)
    html = client.get("/tim-kiem/", {"q": "giam ngheo"}).content.decode()
    snippet = r'class="hit-snippet">[^<]*Sở tham mưu về <mark>giảm</mark> <mark>nghèo'
    assert re.search(snippet, html)
    assert re.search(r'<a href="\?q=giam%20ngheo" aria-current="page">Tất cả</a>', html)
    only_pages = client.get("/tim-kiem/", {"q": "giam ngheo", "loai": "trang"}).content.decode()
    assert re.search(r'loai=trang" aria-current="page">Trang thông tin</a>', only_pages)
    assert "Chức năng nhiệm vụ" in only_pages


def test_every_kind_the_site_search_asks_has_a_trigram_index_on_postgresql():
    from django.db import connection

    from portal import search

    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm indexes are PostgreSQL's; SQLite scans")
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename, indexdef FROM pg_indexes")
        indexed = {table for table, definition in cursor.fetchall()
                   if "gin_trgm_ops" in definition and "(search_text " in definition}  # fmt: skip
    tables = {provider.search(["x"]).model._meta.db_table for provider in search.providers()}
    assert tables and tables <= indexed, f"no trigram index on {sorted(tables - indexed)}"


def test_every_kind_names_the_table_and_column_its_search_filters():
    """The search page skips a kind whose table does not hold the words (kinds_holding): that is
    only safe while each kind's query filters the column it declares, on the table it declares."""
    from portal import search

    kinds = search.providers()
    assert len(kinds) == 10
    for kind in kinds:
        queryset = kind.search(["xyzw"])
        column = kind.model._meta.get_field(kind.text_field).column
        assert queryset.model is kind.model, kind.key
        filtered = rf'"{kind.model._meta.db_table}"\."{column}"(::text)? LIKE'  # PostgreSQL casts
        assert re.search(filtered, str(queryset.query)), kind.key


def test_a_kind_is_asked_when_any_row_of_its_table_holds_the_words(client):
    from portal import search

    kinds = search.providers()
    ArticleFactory(title="Bản nháp về quy hoạch", status=Article.Status.DRAFT)
    start = timezone.now()
    event = TrainingEvent.objects.create(title="Lớp ẩn", start=start, end=start, is_public=False)
    EventSpeaker.objects.create(event=event, name="Lê Văn Hoạch")  # a speaker: in its text
    assert search.kinds_holding(kinds, ["quy", "hoach"]) == {"bai-viet"}
    assert search.kinds_holding(kinds, ["hoach"]) == {"bai-viet", "tap-huan"}
    assert search.kinds_holding(kinds, ["khong", "co", "dau"]) == set()
    assert search.kinds_holding(kinds, []) == set()
    assert search.kinds_holding(kinds, ["50%"]) == {kind.key for kind in kinds}  # not a word
