"""The public pages' HTML, with the demo content, checked by the Nu Html Checker (vnu.jar).

The pages are fetched with Django's test client and checked in one Java call (the JVM start
costs 1.5-2 s).
"""

from __future__ import annotations

import re
import subprocess

import pytest
from django.core.management import call_command

from news.demo.content import TRAINING_ARTICLE
from news.models import Article
from news.schedules.weeks import Week

pytestmark = pytest.mark.django_db

ERROR_LINE = re.compile(r"^[A-Za-z ]*error:", re.IGNORECASE)

# file name -> (address, expected status); "article" comes from the demo data.
PAGES = {
    "home": ("/", 200),
    "all-news": ("/tin-tuc/", 200),
    "category": ("/tin-tuc/hoat-dong-cua-so/", 200),
    "article": (None, 200),
    "page": ("/trang/gioi-thieu/", 200),
    "search": ("/tim-kiem/?q=tập huấn", 200),
    "search-no-result": ("/tim-kiem/?q=khongcoketqua", 200),
    "not-found": ("/khong-co-trang-nay/", 404),
    "events": ("/tap-huan/", 200),
    "events-filtered": ("/tap-huan/?nam=2017", 200),
    "event": ("/tap-huan/tap-huan-truyen-thong-va-giam-ngheo-ve-thong-tin-2017/", 200),
    "statistics": ("/tap-huan/thong-ke/", 200),
    "visit-statistics": ("/thong-ke-truy-cap/", 200),
    "site-map": ("/so-do-cong/", 200),
    "en-home": ("/en/", 200),
    "en-page": ("/en/pages/gioi-thieu/", 200),
    "en-untranslated-page": ("/en/pages/gioi-thieu-san-pham-dich-vu/", 200),
    "en-site-map": ("/en/site-map/", 200),
    "en-not-found": ("/en/khong-co-trang-nay/", 404),
    "organisation": ("/co-cau-to-chuc/", 200),
    "leadership": ("/co-cau-to-chuc/lanh-dao/", 200),
    "unit": ("/co-cau-to-chuc/don-vi/van-phong-so/", 200),
    "directory": ("/co-cau-to-chuc/danh-ba/", 200),
    "directory-search": ("/co-cau-to-chuc/danh-ba/?q=nguyen+van&don_vi=abc", 200),
    "en-organisation": ("/en/organisation/", 200),
    "en-leadership": ("/en/organisation/leadership/", 200),
    "en-unit": ("/en/organisation/units/van-phong-so/", 200),
    "en-untranslated-unit": ("/en/organisation/units/phong-thong-tin-co-so/", 200),
    "en-directory": ("/en/organisation/contacts/", 200),
    "work-schedule": ("/lich-cong-tac/", 200),
    "reception-schedule": ("/lich-tiep-cong-dan/", 200),
    "schedule-print": (None, 200),
    "empty-schedule-week": ("/lich-cong-tac/2030/tuan-1/", 200),
}


def test_public_pages_are_valid_html(client, tmp_path, vnu_command):
    call_command("load_demo", verbosity=0)
    article = Article.objects.get(slug=TRAINING_ARTICLE["slug"])
    week = Week.current()
    printed = f"/lich-cong-tac/{week.year}/tuan-{week.number}/in/"
    pages = {**PAGES, "article": (article.get_absolute_url(), 200),
             "schedule-print": (printed, 200)}  # fmt: skip

    files = []
    for name, (address, status) in pages.items():
        response = client.get(address)
        assert response.status_code == status, (address, response.status_code)
        assert response["Content-Type"].startswith("text/html"), address
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(path)

    result = subprocess.run(
        [*vnu_command, "--errors-only", "--format", "text", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = (result.stdout + result.stderr).strip()
    # Text format: one "Error: ..." (or "Fatal Error: ...") paragraph per problem; otherwise
    # just "Document checking completed. No errors found."
    errors = [line for line in output.splitlines() if ERROR_LINE.match(line)]
    addresses = "\n".join(f"  {name}.html = {address}" for name, (address, _) in pages.items())
    assert result.returncode == 0 and not errors, (
        f"vnu.jar found errors (exit {result.returncode}):\n{output}\n\nFiles:\n{addresses}"
    )
