"""Commenters' personal data: the e-mail is never on a public page, feed, sitemap or search
result; it is erased once the retention period after the closing is over (published comments
keep the name as given); one person's data can be exported; the notice says what is kept."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from news.consultations.models import Comment
from portal import privacy
from tests.consultations.conftest import CommentFactory, ConsultationFactory, ReportFactory

pytestmark = pytest.mark.django_db

EMAIL = "binh.tran@example.com"


def test_the_email_is_on_no_public_page_feed_sitemap_or_search_result(client):
    open_draft = ConsultationFactory(title="Dự thảo Quy định mở dữ liệu giao thông")
    closed = ConsultationFactory(
        title="Dự thảo Quy chế dữ liệu đã kết thúc", opens_at=timezone.now() - timedelta(days=30),
        closes_at=timezone.now() - timedelta(days=1),
    )  # fmt: skip
    ReportFactory(consultation=closed)
    for draft in (open_draft, closed):
        CommentFactory(consultation=draft, name="Trần Thị Bình", email=EMAIL,
                       text=f"Ý kiến về dữ liệu giao thông {draft.pk}.")  # fmt: skip
        CommentFactory(consultation=draft, email=EMAIL, status=Comment.Status.PENDING)
    urls = [
        "/lay-y-kien/", open_draft.get_absolute_url(), closed.get_absolute_url(),
        open_draft.get_comment_url(), f"/lay-y-kien/{open_draft.slug}/gop-y/da-gui/",
        "/rss/lay-y-kien/", "/sitemap.xml", "/tim-kiem/?q=du+lieu+giao+thong",
        "/tim-kiem/?q=binh+tran", "/tim-kiem/?q=du+lieu&loai=lay-y-kien",
    ]  # fmt: skip
    seen = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        seen.append(response.content.decode())
        assert EMAIL not in seen[-1] and "binh.tran" not in seen[-1], url
        assert "example.com" not in seen[-1], url
    assert "Trần Thị Bình" in seen[1]  # the name as given, on an approved comment
    assert open_draft.get_absolute_url() in seen[7]  # search finds the draft
    # Searching for the address (echoed in the box, as typed) finds nothing of the comments.
    html = client.get("/tim-kiem/", {"q": EMAIL}).content.decode()
    assert open_draft.get_absolute_url() not in html and closed.get_absolute_url() not in html


def test_search_finds_drafts_folded_but_never_comments(client):
    draft = ConsultationFactory(title="Dự thảo Kế hoạch giảm nghèo về thông tin")
    CommentFactory(consultation=draft, text="Một ý kiến về phát thanh cơ sở.")
    html = client.get("/tim-kiem/", {"q": "giam ngheo"}).content.decode()
    assert draft.get_absolute_url() in html
    assert (
        draft.get_absolute_url()
        not in client.get("/tim-kiem/", {"q": "phat thanh co so"}).content.decode()
    )


def retention_passed(days_after_close=1):
    return timezone.now() - timedelta(days=privacy.retention_days() + days_after_close)


def test_contact_data_is_erased_after_the_retention_period_and_published_names_stay(client):
    old = ConsultationFactory(
        opens_at=retention_passed(40), closes_at=retention_passed(1), publication="each"
    )
    aggregate = ConsultationFactory(
        opens_at=retention_passed(40), closes_at=retention_passed(1), publication="aggregate"
    )
    recent = ConsultationFactory(
        opens_at=timezone.now() - timedelta(days=40), closes_at=timezone.now() - timedelta(days=3)
    )
    shown = CommentFactory(consultation=old, name="Trần Thị Bình", organisation="HTX",
                           email=EMAIL, text="Ý kiến đã công bố, còn giữ.")  # fmt: skip
    rejected = CommentFactory(consultation=old, status=Comment.Status.REJECTED, email=EMAIL,
                              name="Người bị từ chối", organisation="Công ty X")  # fmt: skip
    counted = CommentFactory(consultation=aggregate, email=EMAIL, name="Người chỉ được đếm")
    kept = CommentFactory(consultation=recent, email=EMAIL, name="Người góp ý gần đây")

    dry = privacy.erase_expired(dry_run=True)
    assert dry["comments"] == 3
    assert Comment.objects.filter(email=EMAIL).count() == 4
    call_command("personal_data", "erase", verbosity=0)

    for comment in (shown, rejected, counted, kept):
        comment.refresh_from_db()
    assert (shown.name, shown.organisation, shown.email, shown.erased_at is not None) == (
        "Trần Thị Bình",
        "HTX",
        "",
        True,
    )
    assert shown.address_key == "" and shown.fingerprint == ""
    assert (rejected.name, rejected.organisation, rejected.email) == ("", "", "")
    assert (counted.name, counted.email) == ("", "")
    assert (kept.name, kept.email, kept.erased_at) == ("Người góp ý gần đây", EMAIL, None)
    assert "Ý kiến đã công bố, còn giữ." in client.get(old.get_absolute_url()).content.decode()
    assert privacy.erase_expired()["comments"] == 0  # nothing twice


def test_erased_comments_show_as_erased_in_the_admin(client, leader):
    old = ConsultationFactory(opens_at=retention_passed(40), closes_at=retention_passed(1))
    comment = CommentFactory(consultation=old, email=EMAIL)
    privacy.erase_expired()
    client.force_login(leader)
    html = client.get(f"/admin/news/comment/{comment.pk}/change/").content.decode()
    assert "đã xóa theo thời hạn lưu trữ" in html


def test_one_persons_data_is_exported(capsys):
    draft = ConsultationFactory(title="Dự thảo Quy định mở dữ liệu")
    CommentFactory(consultation=draft, email=EMAIL, name="Trần Thị Bình", reference="Điều 2",
                   text="Ý kiến thứ nhất.")  # fmt: skip
    CommentFactory(consultation=draft, email="khac@example.com", text="Của người khác.")
    call_command("personal_data", "export", "--email", "BINH.TRAN@example.com")
    found = json.loads(capsys.readouterr().out)["comments"]
    assert len(found) == 1
    assert found[0]["email"] == EMAIL and found[0]["text"] == "Ý kiến thứ nhất."
    assert found[0]["consultation"] == "Dự thảo Quy định mở dữ liệu"
    assert found[0]["reference"] == "Điều 2" and found[0]["status"] == "Đã duyệt"


def test_the_privacy_notice_names_the_comments(client):
    html = client.get("/chinh-sach-du-lieu-ca-nhan/").content.decode()
    assert "Góp ý dự thảo" in html and "Thư điện tử không bao giờ công khai" in html
