"""Links stored in the frame go where the portal thinks they go, by the browser's own rules.

Chromium parses each candidate (WHATWG URL rules: tabs and line breaks dropped, "\\" read as "/")
relative to a page of the portal. Whatever ``validate_link`` accepts must land on the portal's
own host when it is a site path, and on the host Python sees when it is an outside address.
"""

from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError

from portal.models import validate_link

BASE = "https://portal.example.gov.vn/tin-tuc/chuyen-muc/"
CANDIDATES = [
    "/trang/gioi-thieu/", "/tap-huan/?nam=2024", "/tin-tuc/#muc", "/%2F%2Fevil.example",
    "/./evil.example", "/.//evil.example", "/..//evil.example",
    "/\\evil.example", "/\\\\evil.example", "/\t/evil.example", "/\n/evil.example",
    "/\r/evil.example", "\t//evil.example", "//evil.example", "///evil.example",
    "/\x00/evil.example", "/\u00a0/evil.example", "/\u3000/evil.example",
    "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html", "https://evil.example\\@good.example/",
    "https://good.example@evil.example/", "https:\\\\evil.example", "http:evil.example",
    "https://xn--h-kfa.vn/", "https://sở.vn/", "mailto:vanthu@example.gov.vn",
    "javascript:alert(1)", "java\tscript:alert(1)", "data:text/html,<script>x</script>",
]  # fmt: skip


def accepted(link: str) -> bool:
    try:
        validate_link(link.strip())
    except ValidationError:
        return False
    return True


def test_accepted_links_land_where_python_thinks(browser):
    page = browser.new_page()
    try:
        hosts = page.evaluate(
            """([links, base]) => links.map(link => {
                try { const url = new URL(link, base); return [url.protocol, url.hostname]; }
                catch (e) { return null; }
            })""",
            [[c.strip() for c in CANDIDATES], BASE],
        )
    finally:
        page.close()
    checked = 0
    for link, parsed in zip(CANDIDATES, hosts, strict=True):
        if not accepted(link):
            continue
        checked += 1
        assert parsed is not None, link
        protocol, host = parsed
        stripped = link.strip()
        if stripped.startswith("/"):
            assert host == "portal.example.gov.vn", (link, host)
        elif protocol in ("http:", "https:"):
            assert host == urlsplit(stripped).hostname.encode("idna").decode(), (link, host)
        else:
            assert protocol == "mailto:", link
    assert checked >= 8
    for hostile in ("/\\evil.example", "/\t/evil.example", "\t//evil.example", "//evil.example"):
        assert not accepted(hostile), hostile


@pytest.mark.parametrize("link", ["/\\evil.example", "/\t/evil.example"])
def test_hostile_links_would_have_left_the_site(browser, link):
    """The refusals matter: without them, Chromium would open another host."""
    page = browser.new_page()
    try:
        host = page.evaluate("([l, b]) => new URL(l, b).hostname", [link, BASE])
    finally:
        page.close()
    assert host == "evil.example"
