"""Every promise of all or nothing, tested by making a later step fail: nothing at all of the
operation stays written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError

from news.models import Article, EventTopic, TrainingEvent
from portal.models import Page, PhotoUse
from tests.factories import ArticleFactory, PhotoFactory, figure

pytestmark = pytest.mark.django_db(transaction=True)


def fail_on_call(monkeypatch, target, name, after=0):
    """Make ``target.name`` raise DatabaseError from its (after+1)-th call on."""
    original = getattr(target, name)
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) > after:
            raise DatabaseError("simulated failure")
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, failing)


def test_an_article_and_its_photo_uses_are_saved_together(monkeypatch):
    photo = PhotoFactory()
    fail_on_call(monkeypatch, PhotoUse.objects, "bulk_create")
    with pytest.raises(DatabaseError):
        ArticleFactory(title="Bài dở dang", body=figure(photo))
    assert not Article.objects.filter(title="Bài dở dang").exists()


def test_a_changed_article_keeps_its_old_text_when_recording_fails(monkeypatch):
    first, second = PhotoFactory(), PhotoFactory()
    article = ArticleFactory(title="Bản cũ", body=figure(first))
    fail_on_call(monkeypatch, PhotoUse.objects, "bulk_create")
    article.title, article.body = "Bản mới", figure(second)
    with pytest.raises(DatabaseError):
        article.save()
    article.refresh_from_db()
    assert article.title == "Bản cũ"
    assert [u.photo for u in article.photo_uses.all()] == [first]


def test_a_new_credit_reaches_every_body_or_none(monkeypatch):
    photo = PhotoFactory(credit="Cũ")
    article = ArticleFactory(body=figure(photo))
    page = Page.objects.create(title="Trang", body=figure(photo))
    fail_on_call(monkeypatch, Page, "rerender_body")
    photo.credit = "Mới"
    with pytest.raises(DatabaseError):
        photo.save()
    article.refresh_from_db()
    page.refresh_from_db()
    photo.refresh_from_db()
    assert photo.credit == "Cũ"
    assert "Ảnh: Cũ" in article.body_html and "Ảnh: Cũ" in page.body_html


def test_an_import_that_fails_half_way_writes_nothing(admin_client, monkeypatch):
    rows = "\n".join(
        f"Lớp {i},0{i}/02/2024 08:00,0{i}/02/2024 16:00,Sở,5,Nội dung {i}" for i in range(1, 4)
    )
    data = (
        "Tên lớp tập huấn,Bắt đầu,Kết thúc,Địa điểm,Tổng số học viên,Nội dung\n" + rows
    ).encode()
    fail_on_call(monkeypatch, EventTopic.objects, "bulk_create", after=1)
    with pytest.raises(DatabaseError):
        admin_client.post(
            "/admin/news/trainingevent/nhap/", {"file": SimpleUploadedFile("so.csv", data)}
        )
    assert not TrainingEvent.objects.exists()
    assert not EventTopic.objects.exists()
