"""axe-core (WCAG 2.0/2.1/2.2 A and AA rules) and horizontal scrolling on the public pages, with
the demo content, at phone and desktop widths. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from .pages import PAGES, demo_pages
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

SCREENSHOT_PAGES = {"home", "article", "work-schedule"}


@pytest.fixture
def demo(transactional_db):
    """The demo content (about 2 s); the live server's database is flushed after each test."""
    call_command("load_demo", verbosity=0)
    return demo_pages()


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
