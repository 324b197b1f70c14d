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
        {"upload": upload("anh.png"), "alt_text": "Ảnh hội nghị tổng kết", "credit": "Trần Văn B"},
    )
    # The same form, with the message and what the editor typed (only the file is chosen again).
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert response.context["adminform"].form["alt_text"].value() == "Ảnh hội nghị tổng kết"
    assert "Ảnh hội nghị tổng kết" in response.content.decode()
    assert "Trần Văn B" in response.content.decode()
    assert Photo.objects.count() == 0 and stored_files(media_root) == []


def test_a_new_official_with_a_photo_keeps_what_was_typed(client, full_disk, media_root):
    from news.agency.models import Official
    from tests.agency.factories import PositionFactory, UnitFactory

    unit, position = UnitFactory(), PositionFactory()
    client.force_login(person("quantri", roles.ADMINISTRATOR))
    form = client.get("/admin/news/official/add/").context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        name="Nguyễn Thị Hoa", unit=unit.pk, position=position.pk, order=1,
        upload=upload("chan-dung.png"),
    )  # fmt: skip
    response = client.post("/admin/news/official/add/", data)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["__all__"]  # only the storage
    assert MESSAGE in response.content.decode() and "Nguyễn Thị Hoa" in response.content.decode()
    assert Official.objects.count() == 0 and stored_files(media_root) == []


def test_a_file_in_the_library_comes_back_with_the_message(client, full_disk, media_root):
    client.force_login(person("quantri", roles.ADMINISTRATOR))
    response = client.post(
        "/admin/portal/attachment/add/",
        {"upload": make.uploaded("Báo cáo.xlsx", make.xlsx_bytes("Ngân sách"))},
    )
    assert response.status_code == 200 and MESSAGE in response.content.decode()
    assert Attachment.objects.count() == 0 and stored_files(media_root) == []


def test_any_other_post_that_meets_the_fault_comes_back_with_the_message(rf):
    """The middleware is the net under every other form that might write a file."""
    from django.contrib.messages.storage.fallback import FallbackStorage

    from portal.media_storage import unavailable
    from portal.middleware import StorageFaultMiddleware

    request = rf.post("/admin/portal/unitportal/add/?_popup=1")
    request.session = {}
    request._messages = FallbackStorage(request)
    middleware = StorageFaultMiddleware(lambda r: None)
    response = middleware.process_exception(request, unavailable(OSError(28, "No space")))
    assert response.status_code == 302
    assert response["Location"] == "/admin/portal/unitportal/add/?_popup=1"
    assert any(MESSAGE in str(m) for m in get_messages(request))
    assert middleware.process_exception(request, ValueError("other")) is None
