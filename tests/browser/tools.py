"""Where the browser suite finds its tools, and the sizes it tests at."""

from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}

PASSWORD = "mat-khau-thu-nghiem"  # tests.factories.UserFactory's


def log_in(context, username: str):
    """A new page of ``context``, logged in to the admin through its real login form."""
    import re

    from playwright.sync_api import expect

    page = context.new_page()
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label(re.compile("Tên đăng nhập|Username")).fill(username)
    page.get_by_label(re.compile("Mật khẩu|Password")).fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page.locator("#site-name")).to_be_visible()
    return page
