"""The editor's upload endpoint: who may upload, and what CKEditor is told."""

import pytest
from django.test import Client
from django.urls import reverse

from portal.models import Photo
from tests.factories import UserFactory, editor, image_bytes, upload

pytestmark = pytest.mark.django_db

URL = "/admin/portal/photo/upload/"


def test_url_is_the_admin_one():
    assert reverse("admin:portal_photo_upload") == URL


def post(client, data=None, name="anh.jpg", **extra):
    return client.post(URL, {"upload": upload(name, data)}, **extra)


def test_editor_uploads_a_photo(client):
    client.force_login(editor())
    response = post(client)
    assert response.status_code == 200
    body = response.json()
    assert body["uploaded"] == 1
    photo = Photo.objects.get()
    assert body["url"] == photo.url
    assert photo.uploaded_by.username == "bientapvien"


def test_anonymous_is_refused_with_401(client):
    assert post(client).status_code == 401
    assert Photo.objects.count() == 0


def test_staff_without_upload_permission_is_refused_with_403(client):
    client.force_login(UserFactory(is_staff=True))
    assert post(client).status_code == 403
    assert Photo.objects.count() == 0


def test_non_staff_user_is_refused(client):
    client.force_login(UserFactory(is_staff=False))
    assert post(client).status_code == 401


def test_missing_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor())
    response = post(client)
    assert response.status_code == 403
    assert Photo.objects.count() == 0


def test_csrf_header_is_accepted():
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor())
    client.get("/admin/news/article/add/")  # sets the CSRF cookie, as the editor's page does
    token = client.cookies["csrftoken"].value
    response = post(client, HTTP_X_CSRFTOKEN=token)
    assert response.json()["uploaded"] == 1


def test_get_is_not_allowed(client):
    client.force_login(editor())
    assert client.get(URL).status_code == 405


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"<html>not an image</html>", "anh.png", "không phải là ảnh"),
        (b"GIF89a" + b"\x00" * 64, "anh.gif", "GIF"),
        (image_bytes()[:500], "cut.jpg", "hỏng"),
    ],
)
def test_bad_files_get_a_vietnamese_message_ckeditor_can_show(
    client, data, name, words, media_root
):
    client.force_login(editor())
    response = post(client, data, name)
    assert response.status_code == 200  # CKEditor shows the message only on HTTP 200
    body = response.json()
    assert body["uploaded"] == 0
    assert words in body["error"]["message"]
    assert Photo.objects.count() == 0
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_oversized_body_is_refused_before_reading(client, settings, monkeypatch):
    """A body longer than the limit (plus room for the form's own fields) is refused from its
    Content-Length alone: the multipart body is never parsed, the file never written."""
    from django.http.multipartparser import MultiPartParser

    settings.PHOTO_MAX_BYTES = 1000
    parsed = []
    original = MultiPartParser.parse
    monkeypatch.setattr(MultiPartParser, "parse", lambda self: parsed.append(1) or original(self))
    client.force_login(editor())
    big = b"\xff\xd8" + b"x" * (settings.PHOTO_MAX_BYTES + 70 * 1024)
    response = post(client, big)
    assert response.json()["uploaded"] == 0
    assert "quá lớn" in response.json()["error"]["message"]
    assert not parsed
    assert Photo.objects.count() == 0


def test_missing_file_field(client):
    client.force_login(editor())
    response = client.post(URL, {})
    assert response.json()["uploaded"] == 0
    assert "Không nhận được tệp" in response.json()["error"]["message"]
