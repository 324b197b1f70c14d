"""The public pages the accessibility (axe) and HTML-validity checks both go through, with the
demo content: one list, so a new page kind is checked by both."""

from __future__ import annotations

from news.demo.content import TRAINING_ARTICLE
from news.models import Article, Question
from news.schedules.weeks import Week

# name -> (address, expected status); None: filled in from the demo data by demo_pages().
PAGES = {
    "home": ("/", 200),
    "all-news": ("/tin-tuc/", 200),
    "category": ("/tin-tuc/hoat-dong-cua-so/", 200),
    "article": (None, 200),
    "page": ("/trang/gioi-thieu/", 200),
    "search": ("/tim-kiem/?q=tập+huấn", 200),
    "search-no-result": ("/tim-kiem/?q=khongcoketqua", 200),
    "not-found": ("/khong-co-trang-nay/", 404),
    "events": ("/tap-huan/", 200),
    "events-filtered": ("/tap-huan/?nam=2017", 200),
    "event": ("/tap-huan/tap-huan-truyen-thong-va-giam-ngheo-ve-thong-tin-2017/", 200),
    "statistics": ("/tap-huan/thong-ke/", 200),
    "visit-statistics": ("/thong-ke-truy-cap/", 200),
    "documents": ("/van-ban/", 200),
    "document": ("/van-ban/2328-kh-ubnd-2017/", 200),
    "procedures": ("/thu-tuc-hanh-chinh/", 200),
    "questions": ("/hoi-dap/", 200),
    "question": (None, 200),
    "ask": ("/hoi-dap/dat-cau-hoi/", 200),
    "lookup": ("/hoi-dap/tra-cuu/", 200),
    "privacy": ("/chinh-sach-du-lieu-ca-nhan/", 200),
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


def demo_pages() -> dict[str, tuple[str, int]]:
    """PAGES with the addresses that depend on the loaded demo filled in."""
    article = Article.objects.get(slug=TRAINING_ARTICLE["slug"])
    question = Question.objects.published().first()
    week = Week.current()
    printed = f"/lich-cong-tac/{week.year}/tuan-{week.number}/in/"
    return {**PAGES, "article": (article.get_absolute_url(), 200),
            "question": (question.get_absolute_url(), 200),
            "schedule-print": (printed, 200)}  # fmt: skip
