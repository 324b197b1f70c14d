"""The visit report in the admin (Thống kê truy cập): who may see it, views by day with an SVG
chart, by category and the most read articles over a range of days, bad ranges explained,
a fixed number of queries, and the same as an XLSX workbook."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from news.models import ArticleViewDay
from portal import roles
from portal.models import SiteVisitDay
from tests.factories import ArticleFactory, CategoryFactory
from tests.helpers import person

pytestmark = pytest.mark.django_db

REPORT = "/admin/portal/sitevisitday/"
EXPORT = "/admin/portal/sitevisitday/xuat.xlsx"


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


@pytest.fixture
def approver():
    return person("lanhdao", roles.APPROVER)


def test_only_approvers_and_administrators_may_see_the_report(client):
    for role in (roles.APPROVER, roles.ADMINISTRATOR):
        assert Group.objects.get(name=role).permissions.filter(codename="view_sitevisitday")
    assert not Group.objects.get(name=roles.EDITOR).permissions.filter(codename="view_sitevisitday")
    client.force_login(person("phongvien", roles.EDITOR))
    assert client.get(REPORT).status_code == 403
    assert client.get(EXPORT).status_code == 403
    assert "Thống kê truy cập" not in client.get("/admin/").content.decode()
    for username, role in (("lanhdao", roles.APPROVER), ("quantri", roles.ADMINISTRATOR)):
        client.force_login(person(username, role))
        assert client.get(REPORT).status_code == 200
        assert client.get(EXPORT).status_code == 200
        index = client.get("/admin/").content.decode()
        assert f'href="{REPORT}"' in index and "Thống kê truy cập" in index
    client.logout()
    assert client.get(REPORT).status_code == 302  # to the login page


def test_nobody_changes_the_figures_in_the_admin(client, approver):
    row = SiteVisitDay.objects.create(day=days_ago(1), visits=5)
    client.force_login(person("quantri", roles.ADMINISTRATOR))
    assert client.get(f"{REPORT}add/").status_code == 404
    assert client.get(f"{REPORT}{row.pk}/change/").status_code == 404
    assert client.post(f"{REPORT}{row.pk}/delete/").status_code == 404
    row.refresh_from_db()
    assert row.visits == 5


def test_the_report_of_the_last_thirty_days_by_day_category_and_article(client, approver):
    SiteVisitDay.objects.create(day=days_ago(0), visits=120, page_views=300)
    SiteVisitDay.objects.create(day=days_ago(3), visits=480, page_views=900)
    SiteVisitDay.objects.create(day=days_ago(30), visits=99999, page_views=99999)  # too old
    economy = CategoryFactory(name="Kinh tế")
    culture = CategoryFactory(name="Văn hóa")
    CategoryFactory(name="Chuyên mục không ai đọc")
    popular = ArticleFactory(title="Bài đọc nhiều nhất", category=economy)
    second = ArticleFactory(title="Bài thứ hai", category=culture)
    ArticleViewDay.objects.create(article=popular, day=days_ago(1), count=70)
    ArticleViewDay.objects.create(article=popular, day=days_ago(2), count=5)
    ArticleViewDay.objects.create(article=second, day=days_ago(0), count=25)
    ArticleViewDay.objects.create(article=second, day=days_ago(40), count=1000)  # too old
    client.force_login(approver)
    html = client.get(REPORT).content.decode()
    assert "600 lượt truy cập, 1.200 lượt xem trang; trung bình 20 lượt truy cập một ngày." in html
    assert f"Nhiều nhất: {days_ago(3):%d/%m/%Y} (480 lượt)." in html
    chart = html.split('<svg class="chart chart-columns"')[1].split("</svg>")[0]
    assert chart.count("<rect") == 30  # a column a day, days without visits included
    assert 'role="img"' in html and '<title id="chart-days-title">' in html
    categories = html.split('id="report-categories"')[1].split("</section>")[0]
    names = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', categories)
    assert names[:2] == ["Kinh tế", "Văn hóa"] and "Chuyên mục không ai đọc" in names
    assert "75,0 %" in categories and "25,0 %" in categories
    assert "Tổng lượt xem bài viết: 100." in categories
    articles = html.split('id="report-articles"')[1].split("</section>")[0]
    assert articles.index("Bài đọc nhiều nhất") < articles.index("Bài thứ hai")
    assert f'href="/admin/news/article/{popular.pk}/change/"' in articles
    assert ">75<" in articles and ">25<" in articles
    assert '<svg class="chart"' in articles  # the bars


def test_a_chosen_range_and_number_of_articles(client, approver):
    SiteVisitDay.objects.create(day=days_ago(60), visits=7)
    SiteVisitDay.objects.create(day=days_ago(1), visits=1000)
    for n in range(12):
        article = ArticleFactory(title=f"Bài số {n:02d}")
        ArticleViewDay.objects.create(article=article, day=days_ago(60), count=100 - n)
    client.force_login(approver)
    start, end = days_ago(61), days_ago(59)
    html = client.get(REPORT, {"tu": f"{start:%d/%m/%Y}", "den": end.isoformat(),
                               "so_bai": "10"}).content.decode()  # fmt: skip
    assert "7 lượt truy cập" in html and "1.000" not in html.split('id="report-')[0]
    articles = html.split('id="report-articles"')[1].split("</section>")[0]
    assert "10 bài viết được xem nhiều nhất" in articles
    assert "Bài số 09" in articles and "Bài số 10" not in articles
    assert f"?tu={start.isoformat()}&amp;den={end.isoformat()}&amp;so_bai=10" in html  # export


@pytest.mark.parametrize(
    "query, message",
    [({"tu": "31/02/2026"}, "Ngày không hợp lệ"),
     ({"tu": days_ago(1).isoformat(), "den": days_ago(5).isoformat()},
      "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."),
     ({"tu": "01/01/2020", "den": "31/12/2026"}, "Chọn tối đa 366 ngày một lần."),
     ({"so_bai": "1000000"}, "Hãy chọn một lựa chọn hợp lệ"),
     ({"tu": "<script>"}, "Ngày không hợp lệ")],
)  # fmt: skip
def test_a_wrong_range_is_explained_and_the_last_thirty_days_shown(
    client, approver, query, message
):
    client.force_login(approver)
    response = client.get(REPORT, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and 'class="errornote"' in html
    assert "Đang hiện 30 ngày gần nhất." in html
    assert "<script>" not in html.split('class="errornote"')[1].split("</div>")[0]
    export = client.get(EXPORT, query)
    assert export.status_code == 302 and export["Location"].startswith(REPORT + "?")


def build(n: int):
    """``n`` days of visits, ``n`` categories and ``n`` articles with views on each day."""
    categories = [CategoryFactory(name=f"Chuyên mục {i}") for i in range(n)]
    for i in range(n):
        SiteVisitDay.objects.create(day=days_ago(i), visits=10 + i, page_views=20 + i)
        article = ArticleFactory(title=f"Bài {i}", category=categories[i])
        for day in range(n):
            ArticleViewDay.objects.create(article=article, day=days_ago(day), count=i + day + 1)


@pytest.mark.parametrize("n", [1, 20])
def test_the_report_makes_a_fixed_number_of_queries(client, approver, n):
    build(n)
    client.force_login(approver)
    client.get(REPORT)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(REPORT).content.decode()
    assert html.count('<tr><th scope="row"><a href="/admin/news/article/') == n
    # session, user, its permissions (two), the days, the categories and their views, the
    # most read articles
    assert len(queries) == 8, "\n".join(q["sql"] for q in queries.captured_queries)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(EXPORT).status_code == 200
    assert len(queries) == 8


def test_the_export_opens_in_a_spreadsheet_with_every_table(client, approver):
    SiteVisitDay.objects.create(day=days_ago(2), visits=480, page_views=900)
    category = CategoryFactory(name="Kinh tế")
    tricky = ArticleFactory(title='=HYPERLINK("http://evil.example","Bấm vào")', category=category)
    ArticleViewDay.objects.create(article=tricky, day=days_ago(1), count=42)
    client.force_login(approver)
    response = client.get(EXPORT)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="thong-ke-truy-cap-' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Theo ngày", "Theo chuyên mục", "Theo bài viết"]
    days = list(workbook["Theo ngày"].iter_rows(values_only=True))
    assert days[0] == ("Ngày", "Lượt truy cập", "Lượt xem trang")
    assert len(days) == 31
    assert (days[-3][0].date(), days[-3][1], days[-3][2]) == (days_ago(2), 480, 900)
    assert list(workbook["Theo chuyên mục"].iter_rows(values_only=True))[1] == (
        "Kinh tế", 42, "100,0 %",
    )  # fmt: skip
    sheet = workbook["Theo bài viết"]
    assert [c.value for c in sheet[1]] == ["Bài viết", "Chuyên mục", "Ngày đăng", "Lượt xem"]
    title = sheet["A2"]
    assert title.value == '=HYPERLINK("http://evil.example","Bấm vào")'
    assert title.data_type == "s" and title.quotePrefix  # shown as typed, never a formula
    assert sheet["D2"].value == 42
    assert sheet["C2"].value.date() == timezone.localdate(tricky.publish_at)


def test_the_demo_fills_an_empty_history_once_and_never_a_real_one():
    from news.demo import visits as demo_visits

    article = ArticleFactory()
    demo_visits.load_visits(lambda obj, created: None)
    assert SiteVisitDay.objects.count() == demo_visits.DAYS
    assert not SiteVisitDay.objects.filter(day=timezone.localdate()).exists()
    article.refresh_from_db()
    views = article.view_count
    assert views == sum(article.view_days.values_list("count", flat=True)) > 0
    demo_visits.load_visits(lambda obj, created: None)  # again: nothing added
    article.refresh_from_db()
    assert (SiteVisitDay.objects.count(), article.view_count) == (demo_visits.DAYS, views)


def test_a_range_without_a_number_shows_the_number_it_uses(client, approver):
    client.force_login(approver)
    html = client.get(REPORT, {"tu": days_ago(5).isoformat()}).content.decode()
    assert '<option value="20" selected>20</option>' in html
