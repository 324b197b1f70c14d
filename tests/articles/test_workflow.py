"""The editorial workflow as the three roles live it: reporters write, leaders approve, the
site changes only when someone who may publish says so, and every version and action can be
traced and recovered."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.utils import timezone
from reversion.models import Version

from news.models import Article
from portal import roles
from portal.models import Page, PendingChange, Photo
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    EventFactory,
    PhotoFactory,
    figure,
)
from tests.helpers import person, shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter():
    return person("phongvien", roles.EDITOR)


@pytest.fixture
def leader():
    return person("lanhdao", roles.APPROVER)


def form_data(article=None, **overrides):
    """What the article form posts: the article's current values, then ``overrides``."""
    data = {
        "title": article.title if article else "Bài mới",
        "slug": article.slug if article else "",
        "category": (article.category_id if article else CategoryFactory().pk),
        "sapo": article.sapo if article else "Sapo.",
        "body": article.body if article else "<p>Nội dung.</p>",
        "byline": article.byline if article else "",
        "source": "",
        "cover_photo": article.cover_photo_id or "" if article else "",
        "event": "",
        "workflow_note": "",
        "publish_at_0": "",
        "publish_at_1": "",
        "unpublish_at_0": "",
        "unpublish_at_1": "",
    }
    data.update(overrides)
    return data


def change_url(article):
    return f"/admin/news/article/{article.pk}/change/"


def edit(client, article, **overrides):
    """Open the article's form as a browser does and post it back with ``overrides``."""
    page = client.get(change_url(article))
    assert page.status_code == 200
    return client.post(change_url(article), {**shown(page.context["adminform"].form), **overrides})


# Changes to live articles


def test_a_reporters_typo_fix_on_a_live_article_waits_and_the_article_stays_live(
    client, reporter, leader
):
    article = ArticleFactory(title="Hội nghị tổng kêt", created_by=reporter)
    client.force_login(reporter)
    response = edit(client, article, title="Hội nghị tổng kết")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED  # still live: it never disappears
    assert article.title == "Hội nghị tổng kêt"  # the site shows the approved text
    assert client.get(article.get_absolute_url()).status_code == 200
    assert "Hội nghị tổng kêt" in client.get(article.get_absolute_url()).content.decode()
    assert PendingChange.of(article).data["title"] == "Hội nghị tổng kết"
    assert [m.to for m in mail.outbox] == [["lanhdao@example.gov.vn"]]

    client.force_login(leader)
    page = client.get(change_url(article)).content.decode()
    assert "bản sửa chờ duyệt" in page and "<ins>kết</ins>" in page  # what changed, word by word
    assert edit(client, article, _approve_change="1").status_code == 302
    article.refresh_from_db()
    assert article.title == "Hội nghị tổng kết" and PendingChange.of(article) is None
    assert "Hội nghị tổng kết" in client.get(article.get_absolute_url()).content.decode()


def test_approving_a_change_keeps_the_publication_time_to_the_second_and_logs_the_change(
    client, reporter, leader
):
    published = timezone.make_aware(timezone.datetime(2026, 3, 4, 8, 15, 37))
    article = ArticleFactory(title="Tin cũ", created_by=reporter, publish_at=published)
    client.force_login(reporter)
    assert edit(client, article, title="Tin mới").status_code == 302
    client.force_login(leader)
    assert edit(client, article, _approve_change="1").status_code == 302
    article.refresh_from_db()
    assert article.title == "Tin mới" and article.publish_at == published
    approval = LogEntry.objects.order_by("-pk").first().get_change_message()
    assert approval == "Duyệt và xuất bản bản sửa của phongvien. Đã sửa: Tiêu đề."


def test_a_pending_change_can_be_rejected_with_a_reason(client, reporter, leader):
    article = ArticleFactory(title="Bản đã duyệt", created_by=reporter)
    client.force_login(reporter)
    edit(client, article, title="Bản sửa không đạt")
    client.force_login(leader)
    refused = edit(client, article, _reject_change="1")
    assert refused.status_code == 200  # the reason is required
    assert PendingChange.of(article) is not None
    edit(client, article, _reject_change="1", workflow_note="Sai số liệu, giữ bản cũ.")
    article.refresh_from_db()
    assert article.title == "Bản đã duyệt" and PendingChange.of(article) is None
    assert "Sai số liệu" in mail.outbox[-1].body and mail.outbox[-1].to == [reporter.email]


def test_a_reporters_change_of_a_live_photos_credit_waits_for_approval(client, reporter, leader):
    photo = PhotoFactory(credit="Minh Anh", alt_text="Hội trường")
    article = ArticleFactory(body=figure(photo, alt=""))
    url = f"/admin/portal/photo/{photo.pk}/change/"
    client.force_login(reporter)
    client.post(url, {"alt_text": "Hội trường đông kín", "credit": "Người khác"})
    photo.refresh_from_db()
    assert photo.credit == "Minh Anh"
    assert "Ảnh: Minh Anh" in client.get(article.get_absolute_url()).content.decode()
    client.force_login(leader)
    client.post(url, {"alt_text": "Hội trường đông kín", "credit": "Người khác"})
    assert "Ảnh: Người khác" in client.get(article.get_absolute_url()).content.decode()
    assert PendingChange.of(photo) is None


# Review


def test_the_whole_review(client, reporter, leader):
    client.force_login(reporter)
    category = CategoryFactory()
    assert client.post("/admin/news/article/add/", form_data(category=category.pk,
                       title="Tin tập huấn", _submit="1")).status_code == 302  # fmt: skip
    article = Article.objects.get(title="Tin tập huấn")
    assert article.status == Article.Status.REVIEW and article.created_by == reporter
    assert mail.outbox[-1].to == [leader.email] and "[Chờ duyệt]" in mail.outbox[-1].subject

    client.force_login(leader)
    assert edit(client, article, _return="1").status_code == 200  # a comment is required
    edit(client, article, _return="1", workflow_note="Thêm số học viên vào sapo.")
    article.refresh_from_db()
    assert article.status == Article.Status.RETURNED
    assert mail.outbox[-1].to == [reporter.email] and "Thêm số học viên" in mail.outbox[-1].body

    client.force_login(reporter)
    page = client.get(change_url(article)).content.decode()
    assert "Bài viết bị trả lại" in page and "Thêm số học viên vào sapo." in page
    edit(client, article, sapo="Sapo có 630 học viên.", _submit="1")
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW

    client.force_login(leader)
    edit(client, article, _publish="1")
    article.refresh_from_db()
    assert article.is_public and article.review_note == ""
    assert mail.outbox[-1].to == [reporter.email] and "[Đã xuất bản]" in mail.outbox[-1].subject

    edit(client, article, _unpublish="1", workflow_note="Thông tin đã cũ.")
    article.refresh_from_db()
    assert article.status == Article.Status.UNPUBLISHED
    assert client.get(article.get_absolute_url()).status_code == 404

    messages = list(LogEntry.objects.filter(object_id=str(article.pk)).order_by("pk")
                    .values_list("change_message", flat=True))  # fmt: skip
    for words in ("Gửi duyệt", "Trả lại cho tác giả: Thêm số học viên", "Xuất bản",
                  "Gỡ khỏi cổng: Thông tin đã cũ"):  # fmt: skip
        assert any(words in m for m in messages), (words, messages)


@pytest.mark.parametrize("cache_seconds", [600, 0], ids=["cached", "uncached"])
def test_an_end_of_publication_takes_the_article_off_everywhere_on_time(client, settings,
                                                                       cache_seconds):  # fmt: skip
    settings.PAGE_CACHE_SECONDS = cache_seconds
    now = timezone.now()
    with time_machine.travel(now, tick=False) as clock:
        article = ArticleFactory(title="Thông báo có hạn", unpublish_at=now + timedelta(hours=1))
        urls = ["/", "/tin-tuc/", article.category.get_absolute_url(), "/rss/",
                "/sitemap-articles.xml"]  # fmt: skip
        for url in urls:
            client.get(url)  # cached, when the cache is on
            assert "Thông báo có hạn" in client.get(url).content.decode() or "sitemap" in url
        assert client.get(article.get_absolute_url()).status_code == 200
        clock.shift(timedelta(hours=1, seconds=1))
        for url in urls:
            html = client.get(url).content.decode()
            assert "Thông báo có hạn" not in html and article.slug not in html, url
        assert client.get(article.get_absolute_url()).status_code == 404


# Permissions on the server


ROLES = {"editor": roles.EDITOR, "approver": roles.APPROVER, "administrator": roles.ADMINISTRATOR}


@pytest.mark.parametrize(
    ("role", "button", "allowed"),
    [
        ("editor", "_publish", False), ("editor", "_return", False),
        ("editor", "_unpublish", False), ("editor", "_submit", True),
        ("approver", "_publish", True), ("approver", "_return", True),
        ("administrator", "_publish", True), ("administrator", "_unpublish", False),
    ],
)  # fmt: skip
def test_every_action_is_checked_by_the_server(client, role, button, allowed):
    user = person(f"nguoi-{role}", ROLES[role])
    article = ArticleFactory(
        status=Article.Status.REVIEW if button != "_submit" else Article.Status.DRAFT,
        publish_at=None, created_by=user,
    )  # fmt: skip
    client.force_login(user)
    response = edit(client, article, workflow_note="Lý do.", **{button: "1"})
    article.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert article.status != Article.Status.DRAFT or button != "_submit"
    else:
        assert response.status_code == 403  # a forged button, or one the state does not allow


def test_a_forged_publish_time_or_status_from_an_editor_changes_nothing(client, reporter):
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None, created_by=reporter)
    client.force_login(reporter)
    edit(client, article, status="published", publish_at_0="01/01/2020", publish_at_1="08:00",
         is_featured="on")  # fmt: skip
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and article.publish_at is None
    assert not article.is_featured


def test_editors_edit_their_own_articles_and_approvers_anyones(client, reporter, leader):
    other = person("phongvien2", roles.EDITOR)
    theirs = ArticleFactory(
        status=Article.Status.DRAFT, created_by=other, title="Bài của người khác"
    )
    client.force_login(reporter)
    assert client.post(change_url(theirs), form_data(theirs, title="Sửa trộm")).status_code == 403
    theirs.refresh_from_db()
    assert theirs.title == "Bài của người khác"
    client.force_login(leader)
    assert edit(client, theirs, title="Lãnh đạo sửa").status_code == 302


def test_bulk_publish_is_for_approvers_and_is_logged(client, reporter, leader):
    drafts = [ArticleFactory(status=Article.Status.REVIEW, publish_at=None) for _ in range(2)]
    ids = [a.pk for a in drafts]
    client.force_login(reporter)
    client.post("/admin/news/article/", {"action": "publish_selected", "_selected_action": ids})
    assert not Article.objects.filter(pk__in=ids, status=Article.Status.PUBLISHED).exists()
    client.force_login(leader)
    client.post("/admin/news/article/", {"action": "publish_selected", "_selected_action": ids})
    assert Article.objects.filter(pk__in=ids, status=Article.Status.PUBLISHED).count() == 2
    entries = LogEntry.objects.filter(user=leader, object_id__in=[str(i) for i in ids])
    assert entries.count() == 2 and all("hàng loạt" in e.change_message for e in entries)


def test_deletions_single_and_bulk_are_in_the_log_and_it_filters(client, leader):
    admin_user = person("quantri", roles.ADMINISTRATOR)
    first, second, third = (ArticleFactory(title=f"Bài xoá {i}") for i in range(3))
    client.force_login(leader)
    client.post(f"/admin/news/article/{first.pk}/delete/", {"post": "yes"})
    client.post("/admin/news/article/", {"action": "delete_selected", "post": "yes",
                                         "_selected_action": [second.pk, third.pk]})  # fmt: skip
    assert LogEntry.objects.filter(user=leader, action_flag=3).count() == 3
    client.force_login(admin_user)
    page = client.get("/admin/admin/logentry/", {"user__id__exact": leader.pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bài xoá 0" in html and "Bài xoá 2" in html
    only_one = client.get("/admin/admin/logentry/", {"object_id": str(first.pk)}).content.decode()
    assert "Bài xoá 0" in only_one and "Bài xoá 2" not in only_one


# Revisions


def test_every_save_is_a_version_and_two_versions_compare_in_words(client, leader):
    client.force_login(leader)
    client.post("/admin/news/article/add/", form_data(title="Phiên bản đầu", _publish="1"))
    article = Article.objects.get()
    edit(client, article, title="Phiên bản thứ hai", sapo="Sapo mới hơn.")
    versions = list(Version.objects.get_for_object(article).order_by("pk"))
    assert len(versions) == 2 and versions[0].revision.user == leader
    page = client.get(f"/admin/news/article/{article.pk}/history/so-sanh/",
                      {"a": versions[0].pk, "b": versions[1].pk})  # fmt: skip
    html = page.content.decode()
    assert "<del>đầu</del>" in html and "<ins>thứ hai</ins>" in html
    history = client.get(f"/admin/news/article/{article.pk}/history/").content.decode()
    assert "So sánh" in history


def test_restoring_an_old_version(client, reporter, leader):
    client.force_login(leader)
    client.post("/admin/news/article/add/", form_data(title="Bản gốc", _publish="1"))
    article = Article.objects.get()
    Article.objects.filter(pk=article.pk).update(created_by=reporter)
    edit(client, article, title="Bản bị sửa hỏng")
    first = Version.objects.get_for_object(article).order_by("pk").first()
    revert = f"/admin/news/article/{article.pk}/history/{first.pk}/"

    client.force_login(reporter)  # may not publish: the old version waits for approval
    assert client.post(revert, form_data(article, title="Bản gốc")).status_code == 302
    article.refresh_from_db()
    assert article.title == "Bản bị sửa hỏng"
    assert PendingChange.of(article).data["title"] == "Bản gốc"

    client.force_login(leader)  # may publish: restored at once
    PendingChange.objects.all().delete()
    assert client.post(revert, form_data(article, title="Bản gốc")).status_code == 302
    article.refresh_from_db()
    assert article.title == "Bản gốc"


def test_restoring_a_version_brings_back_its_content_not_its_place_in_the_workflow(client, leader):
    client.force_login(leader)
    client.post("/admin/news/article/add/", form_data(title="Bản nháp đầu", _save="1"))
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    yesterday = timezone.localtime() - timedelta(days=1)
    edit(client, article, title="Bản xuất bản", _publish="1",
         publish_at_0=f"{yesterday:%d/%m/%Y}", publish_at_1="08:00:00")  # fmt: skip
    article.refresh_from_db()
    published_at = article.publish_at
    draft_version = Version.objects.get_for_object(article).order_by("pk").first()
    revert = f"/admin/news/article/{article.pk}/history/{draft_version.pk}/"
    form = client.get(revert).context["adminform"].form
    response = client.post(revert, shown(form))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Bản nháp đầu"
    assert article.status == Article.Status.PUBLISHED  # still live, with the old words
    assert article.publish_at == published_at  # and still dated as it was published
    assert "Bản nháp đầu" in client.get(article.get_absolute_url()).content.decode()
    entry = LogEntry.objects.filter(object_id=str(article.pk)).latest("pk")
    assert "Khôi phục phiên bản lưu lúc" in entry.change_message


def test_a_deleted_article_is_kept_however_it_was_deleted(client, leader):
    article = ArticleFactory(title="Bài nạp sẵn, chưa từng lưu qua trang quản trị")
    assert not Version.objects.get_for_object(article).exists()
    Article.objects.filter(pk=article.pk).delete()  # the shell, a script, a bulk action
    client.force_login(leader)
    listing = client.get("/admin/news/article/recover/").content.decode()
    assert "Bài nạp sẵn, chưa từng lưu" in listing


def test_a_reporter_recovering_a_deleted_draft_gets_a_draft(client, reporter):
    article = ArticleFactory(title="Nháp bị xoá", status=Article.Status.DRAFT, publish_at=None,
                             created_by=reporter)  # fmt: skip
    article.delete()
    deleted = Version.objects.get_deleted(Article).first()
    client.force_login(reporter)
    recover = f"/admin/news/article/recover/{deleted.pk}/"
    form = client.get(recover).context["adminform"].form
    assert client.post(recover, shown(form)).status_code == 302
    assert Article.objects.get().status == Article.Status.DRAFT


def test_comparing_versions_that_do_not_exist_is_not_found(client, leader):
    article = ArticleFactory()
    client.force_login(leader)
    url = f"/admin/news/article/{article.pk}/history/so-sanh/"
    assert client.get(url, {"a": "abc", "b": "1"}).status_code == 404
    assert client.get(url, {"a": "999999", "b": "999998"}).status_code == 404


def test_view_on_site_opens_the_preview_until_the_article_is_public(client, reporter):
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=None, created_by=reporter)
    live = ArticleFactory(created_by=reporter)
    client.force_login(reporter)
    preview = f"/xem-truoc/bai-viet/{draft.pk}/"
    draft_page = client.get(change_url(draft)).content.decode()
    assert f'href="{preview}" class="viewsitelink"' in draft_page
    assert client.get(preview).status_code == 200
    page = client.get(change_url(live)).content.decode()
    assert re.search(r'href="/admin/r/[^"]+" class="viewsitelink"', page)  # Django's own


def test_a_deleted_article_is_recovered_with_its_photos(client, leader):
    photo = PhotoFactory()
    client.force_login(leader)
    client.post("/admin/news/article/add/",
                form_data(title="Bài sẽ xoá", body=figure(photo), _publish="1"))  # fmt: skip
    article = Article.objects.get()
    client.post(f"/admin/news/article/{article.pk}/delete/", {"post": "yes"})
    assert not Article.objects.exists() and list(Photo.objects.unused()) == [photo]
    deleted = Version.objects.get_deleted(Article).first()
    assert "Bài sẽ xoá" in client.get("/admin/news/article/recover/").content.decode()
    recover = f"/admin/news/article/recover/{deleted.pk}/"
    assert client.post(recover, form_data(article)).status_code == 302
    recovered = Article.objects.get()
    assert [use.photo for use in recovered.photo_uses.all()] == [photo]
    assert client.get(recovered.get_absolute_url()).status_code == 200


# Conflicts


def test_the_second_of_two_editors_is_refused_and_loses_nothing(client, leader):
    other = person("lanhdao2", roles.APPROVER)
    article = ArticleFactory(title="Tiêu đề ban đầu", sapo="Sapo ban đầu.")
    client.force_login(leader)
    token = client.get(change_url(article)).context["adminform"].form["edit_token"].value()
    client.force_login(other)
    assert edit(client, article, sapo="Sapo của người thứ nhất.").status_code == 302

    client.force_login(leader)
    mine = form_data(article, title="Tiêu đề của tôi", edit_token=token)
    response = client.post(change_url(article), mine)
    assert response.status_code == 200
    html = response.content.decode()
    assert "lanhdao2 đã lưu lúc" in html
    assert 'value="Tiêu đề của tôi"' in html  # their text stays on the form
    assert "<ins>của người thứ nhất</ins>" in html  # and what the other saved is shown
    article.refresh_from_db()
    assert article.title == "Tiêu đề ban đầu" and article.sapo == "Sapo của người thứ nhất."
    again = response.context["adminform"].form["edit_token"].value()
    assert client.post(change_url(article), {**mine, "edit_token": again}).status_code == 302
    article.refresh_from_db()
    assert article.title == "Tiêu đề của tôi"


def test_what_only_the_other_editor_changed_is_kept_when_saving_again(client, leader):
    other = person("lanhdao2", roles.APPROVER)
    article = ArticleFactory(title="Tiêu đề ban đầu", sapo="Sapo ban đầu.")
    client.force_login(leader)
    edit(client, article)  # a version to start from
    article.refresh_from_db()
    mine = shown(client.get(change_url(article)).context["adminform"].form)
    client.force_login(other)
    assert edit(client, article, sapo="Sapo người kia sửa.").status_code == 302

    client.force_login(leader)
    refused = client.post(change_url(article), {**mine, "title": "Tiêu đề tôi sửa"})
    assert refused.status_code == 200
    assert "Những mục chỉ người kia sửa đã được đưa vào form" in refused.content.decode()
    again = shown(refused.context["adminform"].form)
    assert again["title"] == "Tiêu đề tôi sửa" and again["sapo"] == "Sapo người kia sửa."
    assert client.post(change_url(article), again).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.sapo) == ("Tiêu đề tôi sửa", "Sapo người kia sửa.")


def test_a_stale_form_of_an_article_with_photos_never_answers_500(client, leader):
    first, second = PhotoFactory(), PhotoFactory()
    article = ArticleFactory(body=figure(first) + figure(second))
    client.force_login(leader)
    token = client.get(change_url(article)).context["adminform"].form["edit_token"].value()
    stale = form_data(article, edit_token=token)
    assert client.post(change_url(article), stale).status_code == 302
    assert client.post(change_url(article), stale).status_code == 200  # refused, explained


# The admin


def test_the_admin_home_page_shows_each_persons_work(client, reporter, leader):
    ArticleFactory(title="Bài chờ duyệt", status=Article.Status.REVIEW, publish_at=None,
                   created_by=reporter)  # fmt: skip
    ArticleFactory(
        title="Bản nháp của phóng viên", status=Article.Status.DRAFT, created_by=reporter
    )
    ArticleFactory(title="Bài bị trả", status=Article.Status.RETURNED, created_by=reporter,
                   review_note="Thiếu ảnh")  # fmt: skip
    ArticleFactory(title="Bài hẹn giờ", publish_at=timezone.now() + timedelta(days=1))
    client.force_login(leader)
    html = client.get("/admin/").content.decode()
    assert "Chờ tôi duyệt" in html and "Bài chờ duyệt" in html and "Bài hẹn giờ" in html
    client.force_login(reporter)
    html = client.get("/admin/").content.decode()
    assert "Bản nháp của phóng viên" in html and "Thiếu ảnh" in html
    assert "Chờ tôi duyệt" not in html


@pytest.mark.parametrize(
    ("url", "make", "query"),
    [
        ("/admin/news/article/", lambda: ArticleFactory(title="Giảm nghèo về thông tin"),
         "giam ngheo"),
        ("/admin/portal/photo/", lambda: PhotoFactory(alt_text="Hội trường Đài Phát thanh"),
         "dai phat"),
        ("/admin/portal/page/", lambda: Page.objects.create(title="Giới thiệu Sở"), "gioi thieu"),
        ("/admin/news/trainingevent/", lambda: EventFactory(place="Hội trường Gia Lộc"),
         "gia loc"),
    ],
)  # fmt: skip
def test_admin_search_folds_like_the_public_search(admin_client, url, make, query):
    found = make()
    html = admin_client.get(url, {"q": query}).content.decode()
    assert f"/{found.pk}/change/" in html
    assert f"/{found.pk}/change/" not in admin_client.get(url, {"q": "khongcogi"}).content.decode()


def test_the_editor_serves_only_what_it_uses(client):
    assert client.get("/static/ckeditor/ckeditor/plugins/image2/plugin.js").status_code == 200
    assert client.get("/static/ckeditor/ckeditor/lang/vi.js").status_code == 200
    for unused in ("plugins/exportpdf/tests/manual/integration.html", "plugins/scayt/plugin.js",
                   "plugins/wsc/dialogs/ciframe.html", "lang/fr.js", "skins/moono/editor.css",
                   "README.md"):  # fmt: skip
        assert client.get(f"/static/ckeditor/ckeditor/{unused}").status_code == 404, unused


@pytest.mark.parametrize("kind", ["page", "event"])
def test_pages_and_events_keep_versions_too(admin_client, kind):
    if kind == "page":
        obj = Page.objects.create(title="Giới thiệu", slug="gioi-thieu", body="<p>Bản đầu.</p>")
        url = f"/admin/portal/page/{obj.pk}/"
        data = {"title": "Giới thiệu", "slug": "gioi-thieu", "summary": "", "order": 0,
                "body": "<p>Bản sau.</p>", "is_published": "on"}  # fmt: skip
    else:
        obj = EventFactory(title="Lớp cũ", start="28/09/2017 08:00")
        url = f"/admin/news/trainingevent/{obj.pk}/"
        data = {
            "title": "Lớp mới", "slug": obj.slug, "start_0": "28/09/2017", "start_1": "08:00",
            "end_0": "28/09/2017", "end_1": "16:00", "place": obj.place, "organiser": "Sở",
            "status": "held", "participants_total": 0, "is_public": "on", "body": "",
            **{f"{p}-{k}": v for p in ("speakers", "topics", "groups")
               for k, v in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))},
        }  # fmt: skip
    assert admin_client.post(url + "change/", data).status_code == 302
    assert admin_client.post(url + "change/", data).status_code == 302
    versions = Version.objects.get_for_object(obj).order_by("pk")
    assert versions.count() == 2
    history = admin_client.get(url + "history/")
    assert history.status_code == 200 and "So sánh" in history.content.decode()
    compare = admin_client.get(url + "history/so-sanh/", {"a": versions[0].pk})
    assert compare.status_code == 200


def test_the_log_link_is_shown_only_to_those_who_may_read_the_log(client, leader):
    article = ArticleFactory(title="Bài có nhật ký")
    url = f"/admin/news/article/{article.pk}/change/"
    log = "/admin/admin/logentry/?content_type__id__exact="
    for user in (leader, person("btv", roles.EDITOR)):
        client.force_login(user)
        page = client.get(url)
        assert page.status_code == 200 and log not in page.content.decode(), user
    client.force_login(person("quantri", roles.ADMINISTRATOR))
    page = client.get(url).content.decode()
    link = page[page.index(log) :].split('"')[0].replace("&amp;", "&")
    assert client.get(link).status_code == 200


def test_a_save_that_changes_nothing_is_not_logged_as_a_change_of_the_body(client, leader):
    """The editor lays the body out again on load (new lines between blocks): no change."""
    article = ArticleFactory(title="Bài không đổi", body="<p>Đoạn một.</p><p>Đoạn <b>hai</b>.</p>")
    client.force_login(leader)
    relaid = "<p>Đoạn một.</p>\n\n<p>Đoạn <b>hai</b>.</p>\n"
    assert edit(client, article, body=relaid).status_code == 302
    assert edit(client, article, body=relaid.replace("hai", "ba")).status_code == 302
    messages = [e.get_change_message() for e in LogEntry.objects.order_by("pk")]
    assert "Nội dung" not in messages[0]
    assert "Nội dung" in messages[1]
