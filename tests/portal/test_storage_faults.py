"""A storage that cannot write (a full disk, a folder it may not write, a bucket that does not
answer): every upload path says so in Vietnamese and keeps no record and no file."""

import errno

import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import FileSystemStorage

from portal import roles
from portal.models import Attachment, Photo
from tests import files as make
from tests.factories import editor, upload
from tests.helpers import person

pytestmark = pytest.mark.django_db

MESSAGE = "Kho lưu trữ tệp đang gặp sự cố"


@pytest.fixture
def full_disk(monkeypatch, media_root):
    def refuse(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)


def stored_files(media_root):
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def test_the_editors_upload_is_refused_with_a_message(client, full_disk, media_root):
    client.force_login(editor())
    response = client.post("/admin/portal/photo/upload/", {"upload": upload("anh.jpg")})
    body = response.json()
    assert body["uploaded"] == 0 and MESSAGE in body["error"]["message"]
    assert Photo.objects.count() == 0 and stored_files(media_root) == []


def test_a_new_photo_in_the_admin_comes_back_with_the_message(client, full_disk, media_root):
    client.force_login(editor())
    response = client.post(
        "/admin/portal/photo/add/",
        {"upload": upload("anh.png"), "alt_text": "Ảnh hội nghị", "credit": ""},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/portal/photo/add/"
    assert any(MESSAGE in str(m) for m in get_messages(response.wsgi_request))
    assert Photo.objects.count() == 0 and stored_files(media_root) == []


def test_a_file_in_the_library_comes_back_with_the_message(client, full_disk, media_root):
    client.force_login(person("quantri", roles.ADMINISTRATOR))
    response = client.post(
        "/admin/portal/attachment/add/",
        {"upload": make.uploaded("Báo cáo.xlsx", make.xlsx_bytes("Ngân sách"))},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/portal/attachment/add/"
    assert any(MESSAGE in str(m) for m in get_messages(response.wsgi_request))
    assert Attachment.objects.count() == 0 and stored_files(media_root) == []
