"""The admin as editors and approvers use it."""

import pytest
from django.contrib.messages import get_messages

from news.models import Article
from portal.models import Photo
from tests.factories import ArticleFactory, CategoryFactory, PhotoFactory, editor, figure, upload

pytestmark = pytest.mark.django_db


def article_form(category, **overrides):
    data = {
        "title": "Bài mới từ trang quản trị",
        "slug": "",
        "category": category.pk,
        "sapo": "Sapo bài mới.",
        "body": "<p>Nội dung.</p>",
        "byline": "Phạm Hương",
        "source": "",
        "cover_photo": "",
        "publish_at_0": "",
        "publish_at_1": "",
        "unpublish_at_0": "",
        "unpublish_at_1": "",
        "_publish": "Xuất bản",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/news/article/",
        "/admin/news/article/add/",
        "/admin/portal/photo/",
        "/admin/portal/photo/add/",
        "/admin/news/category/",
    ],
)
def test_admin_pages_open_for_an_editor(client, url):
    client.force_login(editor(can_publish=True))
    ArticleFactory(body=figure(PhotoFactory()))
    assert client.get(url).status_code == 200


def test_change_page_uses_ckeditor_and_lists_photos(client):
    user = editor()
    client.force_login(user)
    article = ArticleFactory(body=figure(PhotoFactory(), "Chú thích A"), created_by=user)
    html = client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    assert 'data-type="ckeditortype"' in html
    assert "/admin/portal/photo/upload/" in html  # the editor uploads through our view
    assert "editor/js/editor-setup.js" in html
    assert html.index("ckeditor/ckeditor/ckeditor.js") < html.index("editor/js/editor-setup.js")
    assert "&quot;entities&quot;: false" in html  # Vietnamese stored as text, not entities
    assert "Chú thích A" in html  # the photo inline
    assert "/admin/r/" in html  # Django's "view on site"


def test_editor_with_publish_permission_publishes(client):
    user = editor(can_publish=True)
    client.force_login(user)
    category = CategoryFactory()
    response = client.post("/admin/news/article/add/", article_form(category))
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED and article.publish_at is not None
    assert article.created_by == user and article.updated_by == user
    assert article.slug == "bai-moi-tu-trang-quan-tri"
    assert client.get(article.get_absolute_url()).status_code == 200


def test_editor_without_publish_permission_can_only_submit(client):
    client.force_login(editor())
    category = CategoryFactory()
    response = client.post("/admin/news/article/add/", article_form(category))
    # A forged "Xuất bản": refused, nothing saved.
    assert response.status_code == 403
    assert Article.objects.count() == 0
    submit = article_form(category, _submit="Gửi duyệt")
    del submit["_publish"]
    response = client.post("/admin/news/article/add/", submit)
    assert response.status_code == 302
    assert Article.objects.get().status == Article.Status.REVIEW


def test_missing_alt_text_is_refused_with_vietnamese_message_and_nothing_lost(client):
    client.force_login(editor(can_publish=True))
    photo = PhotoFactory(alt_text="")
    Photo.objects.filter(pk=photo.pk).update(original_name="toan-canh.jpg")
    photo.refresh_from_db()
    body = figure(photo, "Toàn cảnh", alt="")
    response = client.post("/admin/news/article/add/", article_form(CategoryFactory(), body=body))
    assert response.status_code == 200
    html = response.content.decode()
    assert "toan-canh.jpg" in html and "chưa có mô tả thay thế" in html
    assert "Bài mới từ trang quản trị" in html  # what was typed is still there
    assert Article.objects.count() == 0


def test_outside_images_are_removed_and_the_editor_is_told(client):
    client.force_login(editor(can_publish=True))
    img = '<img src="https://evil.example/a.jpg" alt="a">'
    body = f'<p>x</p><figure class="image">{img}<figcaption>c</figcaption></figure>'
    response = client.post("/admin/news/article/add/", article_form(CategoryFactory(), body=body))
    assert response.status_code == 302
    assert "evil.example" not in Article.objects.get().body
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Đã bỏ 1 ảnh" in m for m in messages)


def test_photo_admin_upload_refuses_bad_file_with_message(client):
    client.force_login(editor())
    response = client.post(
        "/admin/portal/photo/add/",
        {"upload": upload("x.png", b"plain text"), "alt_text": "a", "credit": ""},
    )
    assert response.status_code == 200
    assert "không phải là ảnh" in response.content.decode()
    assert Photo.objects.count() == 0


def test_photo_admin_upload_creates_photo_with_renditions(client):
    user = editor()
    client.force_login(user)
    response = client.post(
        "/admin/portal/photo/add/",
        {"upload": upload("hoi-nghi.jpg"), "alt_text": "Hội nghị", "credit": "Minh Anh"},
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.alt_text == "Hội nghị" and photo.credit == "Minh Anh"
    assert photo.uploaded_by == user and photo.renditions


def test_publish_action_requires_permission(client):
    draft = ArticleFactory(status=Article.Status.REVIEW)
    client.force_login(editor())
    client.post(
        "/admin/news/article/", {"action": "publish_selected", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW
    client.force_login(editor("lanhdao", can_publish=True))
    client.post(
        "/admin/news/article/", {"action": "publish_selected", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED


def test_repeated_wrong_passwords_lock_the_login(client, settings):
    settings.AXES_ENABLED = True
    user = editor("khoa")
    for _ in range(5):
        response = client.post(
            "/admin/login/?next=/admin/", {"username": "khoa", "password": "sai-mat-khau"}
        )
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "khoa", "password": "mat-khau-thu-nghiem"}
    )
    assert response.status_code == 429
    assert "Tạm khoá đăng nhập" in response.content.decode()
    assert "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert user.is_active  # the account itself is untouched; the lock expires


def test_roles_exist_after_migrate_and_work(client):
    from django.contrib.auth.models import Group

    from portal import roles
    from tests.factories import UserFactory

    names = set(Group.objects.values_list("name", flat=True))
    assert {roles.EDITOR, roles.APPROVER, roles.ADMINISTRATOR} <= names
    user = UserFactory(username="bientap", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.EDITOR))
    assert user.has_perm("portal.upload_photo") and not user.has_perm("news.publish_article")
    assert user.has_perm("news.view_trainingevent")  # needed to link an article to its event
    assert not user.has_perm("portal.change_servicelink")
    client.force_login(user)
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "news", "model_name": "article", "field_name": "event", "term": ""},
    )
    assert response.status_code == 200
    approver = UserFactory(username="lanhdao2", is_staff=True)
    approver.groups.add(Group.objects.get(name=roles.APPROVER))
    assert approver.has_perm("news.publish_article")
    roles.ensure_roles()  # idempotent
    assert Group.objects.filter(name=roles.EDITOR).count() == 1


def test_articles_awaiting_approval_come_first_in_the_admin_list(client):
    ArticleFactory(title="Bài đã đăng từ lâu")
    ArticleFactory(title="Bài chờ duyệt mới", status=Article.Status.REVIEW, publish_at=None)
    client.force_login(editor(can_publish=True))
    html = client.get("/admin/news/article/").content.decode()
    assert html.index("Bài chờ duyệt mới") < html.index("Bài đã đăng từ lâu")
