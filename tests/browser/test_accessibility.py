"""axe-core (WCAG 2.0/2.1/2.2 A and AA rules) and horizontal scrolling on the public pages, with
the demo content, at phone and desktop widths. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from news.demo.content import TRAINING_ARTICLE
from news.models import Article, Question
from news.schedules.weeks import Week

from .tools import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_RUN = """async tags => {
    const results = await axe.run(document, {
        runOnly: {type: "tag", values: tags},
        resultTypes: ["violations"],
    })
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary})),
    }))
}"""
NARROW_WIDTHS = [320, 375]

# name -> (address, expected status); "article" is filled in from the demo data.
PAGES = {
    "home": ("/", 200),
    "category": ("/tin-tuc/hoat-dong-cua-so/", 200),
    "article": (None, 200),
    "page": ("/trang/gioi-thieu/", 200),
    "search": ("/tim-kiem/?q=tập+huấn", 200),
    "not-found": ("/khong-co-trang-nay/", 404),
    "events": ("/tap-huan/", 200),
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
SCREENSHOT_PAGES = {"home", "article", "work-schedule"}


@pytest.fixture
def demo(transactional_db):
    """The demo content (about 2 s); the live server's database is flushed after each test."""
    call_command("load_demo", verbosity=0)
    article = Article.objects.get(slug=TRAINING_ARTICLE["slug"])
    question = Question.objects.published().first()
    week = Week.current()
    printed = f"/lich-cong-tac/{week.year}/tuan-{week.number}/in/"
    return {**PAGES, "article": (article.get_absolute_url(), 200),
            "question": (question.get_absolute_url(), 200),
            "schedule-print": (printed, 200)}  # fmt: skip


def describe(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


def run_axe(page, axe_js) -> list[dict]:
    page.add_script_tag(path=str(axe_js))
    return page.evaluate(AXE_RUN, AXE_TAGS)


def horizontal_overflow(page) -> dict | None:
    sizes = page.evaluate(
        "() => ({scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth})"
    )
    return None if sizes["scrollWidth"] <= sizes["innerWidth"] else sizes


def visit(page, address, status):
    response = page.goto(address)
    assert response is not None and response.status == status, (address, response)
    page.wait_for_load_state("load")


def watch(page) -> list[str]:
    """Collect JavaScript errors and console errors (CSP refusals among them)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )
    return errors


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_axe_violations_and_no_horizontal_scroll(
    name, demo, new_context, axe_js, screenshot_dir
):
    address, status = demo[name]
    problems: list[str] = []

    # axe is injected as a <script> tag, which the public pages' CSP (script-src 'self') refuses:
    # this context bypasses CSP. The pages are also loaded with CSP enforced below.
    page = new_context(bypass_csp=True).new_page()
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        visit(page, address, status)
        violations = run_axe(page, axe_js)
        if violations:
            problems.append(f"axe at {viewport['width']} px on {address}:\n{describe(violations)}")

    page = new_context().new_page()
    errors = watch(page)
    for width in (*NARROW_WIDTHS, DESKTOP["width"]):
        page.set_viewport_size({"width": width, "height": 800})
        visit(page, address, status)
        if name in SCREENSHOT_PAGES and width in (PHONE["width"], DESKTOP["width"]):
            page.screenshot(path=str(screenshot_dir / f"{name}-{width}.png"), full_page=True)
        if width in NARROW_WIDTHS and (overflow := horizontal_overflow(page)):
            problems.append(f"horizontal scrolling at {width} px on {address}: {overflow}")

    assert not problems, "\n\n".join(problems)
    # The 404 page's own request is logged by Chromium as a console error; nothing else may be.
    errors = [e for e in errors if not (status == 404 and "404" in e)]
    assert not errors, f"JavaScript or console errors on {address}: {errors}"


def test_mobile_menu_opens_and_stays_accessible(demo, new_context, axe_js, screenshot_dir):
    page = new_context(viewport=PHONE, bypass_csp=True).new_page()
    visit(page, "/", 200)
    toggle = page.locator("button.menu-toggle")
    menu = page.locator("#main-menu")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("link", name="Hoạt động của Sở")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "home-375-menu-open.png"), full_page=True)

    violations = run_axe(page, axe_js)
    assert not violations, f"axe with the menu open at 375 px:\n{describe(violations)}"
    assert horizontal_overflow(page) is None

    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    expect(toggle).to_be_focused()
