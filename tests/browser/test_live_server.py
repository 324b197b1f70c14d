"""The suite's own footing: the live server sees this test's settings and uploads, and missing
tools skip locally but fail on CI."""

from __future__ import annotations

import pytest

from tests.factories import PhotoFactory

from .conftest import require


@pytest.mark.django_db(transaction=True)
def test_live_server_serves_this_tests_uploads(page, settings, media_root):
    assert settings.SERVE_MEDIA is True
    photo = PhotoFactory()
    stored = media_root / photo.image.name
    assert stored.is_file(), "uploads must go to this test's MEDIA_ROOT"
    response = page.goto(photo.url)
    assert response is not None and response.status == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.body() == stored.read_bytes()
    missing = page.request.get("/media/photos/2000/01/0123456789abcdef.jpg")
    assert missing.status == 404


def test_missing_tool_skips_locally(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium is missing"):
        require(False, "chromium is missing")


def test_missing_tool_fails_on_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"chromium is missing.*CI=true"):
        require(False, "chromium is missing")
    require(True, "never raised when the tool is there")
