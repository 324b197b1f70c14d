"""A database made by the code before the layers were separated (news 0006, portal 0003)
migrates forward without losing anything: the photos keep their rows, ids, files and the
permissions granted on them; every body's photo uses are recorded; fixed pages become
searchable."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

OLD = [("news", "0006_view_counts"), ("portal", "0003_page_in_menu")]
KEY = "0123456789abcdef"
SRC = f"/media/photos/2026/11/{KEY}.jpg"
BODY = (
    f'<figure class="image"><img src="{SRC}" alt="Hội trường">'
    "<figcaption>Khai mạc</figcaption></figure>"
)


def migrate(targets):
    """Migrate ``targets``' apps to them and every other app to its latest; the models of
    that state."""
    executor = MigrationExecutor(connection)
    named = {app for app, _name in targets}
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in named]
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state([*targets, *others]).apps


def make_old_data(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    # As the old code had it: the photo's content type and permissions in the news app.
    ContentType.objects.filter(app_label="portal", model="photo").delete()
    photo_type, _ = ContentType.objects.get_or_create(app_label="news", model="photo")
    upload, _ = Permission.objects.get_or_create(
        content_type=photo_type, codename="upload_photo", defaults={"name": "Được tải ảnh lên"}
    )
    Group.objects.create(name="Phóng viên cũ").permissions.add(upload)

    Photo = apps.get_model("news", "Photo")
    photo = Photo.objects.create(
        key=KEY, image=f"photos/2026/11/{KEY}.jpg", width=800, height=600, credit="Minh Anh",
        renditions={},
    )  # fmt: skip
    category = apps.get_model("news", "Category").objects.create(name="Tin", slug="tin")
    article = apps.get_model("news", "Article").objects.create(
        title="Bài cũ", slug="bai-cu", category=category, sapo="Sapo", body=BODY,
        cover_photo=photo, lead_photo=photo, status="published",
    )  # fmt: skip
    apps.get_model("news", "ArticlePhoto").objects.create(
        article=article, photo=photo, position=0, caption="Khai mạc", alt_text="Hội trường"
    )
    apps.get_model("portal", "Page").objects.create(
        title="Giới thiệu Sở", slug="gioi-thieu", body=BODY
    )
    apps.get_model("news", "TrainingEvent").objects.create(
        title="Lớp cũ", slug="lop-cu", start="2017-09-28T01:00Z", end="2017-09-28T09:00Z",
        place="Sở", body=BODY, organiser="Sở",
    )  # fmt: skip
    apps.get_model("portal", "Banner").objects.create(title="B", image=photo, alt_text="B")
    return photo.pk


def test_an_old_database_migrates_forward_and_keeps_everything():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        photo_id = make_old_data(migrate(OLD))
        migrate(latest)
    finally:
        migrate(latest)

    from django.contrib.auth.models import Group

    from news.models import Article, TrainingEvent
    from portal.models import Banner, Page, Photo

    photo = Photo.objects.get(pk=photo_id)
    assert Photo._meta.db_table == "portal_photo" and photo.credit == "Minh Anh"
    article = Article.objects.get(slug="bai-cu")
    assert article.cover_photo == photo and Banner.objects.get().image == photo
    for owner in (article, Page.objects.get(slug="gioi-thieu"), TrainingEvent.objects.get()):
        assert [(u.photo, u.caption) for u in owner.photo_uses.all()] == [(photo, "Khai mạc")]
    assert (
        Group.objects.get(name="Phóng viên cũ")
        .permissions.filter(content_type__app_label="portal", codename="upload_photo")
        .exists()
    )
    assert " gioi thieu so " in Page.objects.get(slug="gioi-thieu").search_text
    assert list(Photo.objects.unused()) == []


@pytest.mark.django_db(transaction=False)
def test_a_fresh_database_migrates_with_every_check_as_make_run_does(tmp_path):
    """`manage.py migrate` runs the database checks before it makes the tables (a kind's data
    check once failed there with 'no such table', and `make run` with it)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}", "MEDIA_ROOT": str(tmp_path),
    }  # fmt: skip
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=root, env=env,
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
