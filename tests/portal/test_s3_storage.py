"""Uploads on S3-compatible storage (MEDIA_STORAGE=s3, portal/media_storage.py), against moto's
in-process S3: photos public at the bucket's address, attached files private and downloaded
only through the checking view, nothing left in the bucket once deleted."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.core.management import call_command
from moto import mock_aws

from news.models import Article
from portal import files, media_storage
from portal.models import Attachment, Photo
from tests import files as make
from tests.factories import ArticleFactory, UserFactory, attached, editor, figure, upload

BUCKET = "portal-media"
REGION = "ap-southeast-1"
ENVIRONMENT = {
    "MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": BUCKET,
    "AWS_S3_REGION_NAME": REGION,
}
MEDIA_URL = f"https://{BUCKET}.s3.{REGION}.amazonaws.com/"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


@pytest.fixture
def bucket(settings, monkeypatch):
    """The portal's uploads in a bucket of moto's in-process S3, as production configures it."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        config = media_storage.configure(ENVIRONMENT, memory_bytes=1024)
        settings.STORAGES = {**settings.STORAGES, **config.storages}
        settings.MEDIA_URL = config.media_url
        yield s3


def keys(s3) -> set[str]:
    return {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def public(s3, key: str) -> bool:
    grants = s3.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    return any(g["Grantee"].get("URI") == ALL_USERS for g in grants)


def test_the_configuration_names_the_bucket_and_its_public_address():
    config = media_storage.configure(ENVIRONMENT, memory_bytes=1024)
    assert config.media_url == MEDIA_URL
    assert config.origin == MEDIA_URL.rstrip("/")
    photos, attachments = config.storages["default"], config.storages["attachments"]
    assert photos["OPTIONS"]["default_acl"] == "public-read"
    assert attachments["OPTIONS"]["default_acl"] == "private"
    assert attachments["OPTIONS"]["location"] == "files"


def test_an_s3_compatible_service_and_a_cdn_give_their_own_addresses():
    minio = {**ENVIRONMENT, "AWS_S3_ENDPOINT_URL": "http://10.0.0.5:9000"}
    config = media_storage.configure(minio, memory_bytes=1)
    assert config.media_url == f"http://10.0.0.5:9000/{BUCKET}/"
    assert config.storages["default"]["OPTIONS"]["addressing_style"] == "path"
    cdn = {**minio, "AWS_S3_CUSTOM_DOMAIN": "anh.sotttt.example.gov.vn"}
    assert media_storage.configure(cdn, memory_bytes=1).media_url == (
        "https://anh.sotttt.example.gov.vn/"
    )
    no_acls = {**ENVIRONMENT, "AWS_S3_ACLS": "0"}
    storages = media_storage.configure(no_acls, memory_bytes=1).storages
    assert storages["default"]["OPTIONS"]["default_acl"] is None
    assert storages["attachments"]["OPTIONS"]["default_acl"] is None


@pytest.mark.parametrize(
    ("environment", "named"),
    [
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE"),
        ({"MEDIA_STORAGE": "s3"}, "AWS_STORAGE_BUCKET_NAME"),
        ({**ENVIRONMENT, "AWS_S3_ENDPOINT_URL": "s3.example"}, "AWS_S3_ENDPOINT_URL"),
        ({**ENVIRONMENT, "AWS_S3_ADDRESSING_STYLE": "both"}, "AWS_S3_ADDRESSING_STYLE"),
    ],
)
def test_a_wrong_storage_configuration_stops_the_start_with_the_reason(environment, named):
    with pytest.raises(ImproperlyConfigured, match=named):
        media_storage.configure(environment, memory_bytes=1)


def test_the_folder_is_the_default():
    config = media_storage.configure({}, memory_bytes=1)
    assert config.media_url == "/media/" and config.origin == ""
    assert config.storages["attachments"]["BACKEND"] == "portal.files.AttachmentStorage"


def test_photos_and_files_live_in_the_bucket_and_pages_show_them(
    client, bucket, django_capture_on_commit_callbacks
):
    """Upload a photo through the editor's endpoint and a file, publish them in an article,
    read the page, download the file; a draft's file only for staff; deleting empties the
    bucket."""
    client.force_login(editor())
    answer = client.post("/admin/portal/photo/upload/", {"upload": upload("anh.jpg")}).json()
    assert answer["uploaded"] == 1, answer
    assert answer["url"].startswith(MEDIA_URL)
    photo = Photo.objects.get(key=answer["photoKey"])
    assert photo.image.name.startswith("photos/") and photo.renditions
    stored = keys(bucket)  # the original and every rendition, in whatever formats are made
    assert {photo.image.name, *photo.renditions.values()} <= stored
    assert all(key.startswith(photo.image.name.rsplit(".", 1)[0]) for key in stored)
    assert all(public(bucket, key) for key in stored)  # browsers read them from the bucket

    pdf = make.pdf_bytes("Kế hoạch chuyển đổi số")
    attachment = Attachment.create_from_upload(make.uploaded("Kế hoạch.pdf", pdf))
    file_key = f"files/{attachment.file.name}"
    assert keys(bucket) - stored == {file_key}
    assert not public(bucket, file_key)  # only through the download view

    article = ArticleFactory(body=f"<p>Mở đầu.</p>{figure(photo)}")
    article.attachments = attached(attachment)
    article.save()
    assert list(article.photo_uses.values_list("photo", flat=True)) == [photo.pk]
    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'src="{MEDIA_URL}photos/' in page  # the photo, from the bucket
    assert f"{MEDIA_URL}{photo.image.name} {photo.width}w" in page  # and in its srcset
    assert "/media/" not in page
    assert attachment.get_absolute_url() in page
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf

    draft = Attachment.create_from_upload(make.uploaded("Dự thảo.pdf", make.pdf_bytes("Dự thảo")))
    ArticleFactory(status=Article.Status.DRAFT, publish_at=None, attachments=attached(draft))
    assert client.get(draft.get_absolute_url()).status_code == 404  # anonymous
    client.force_login(UserFactory(username="ban-doc"))
    assert client.get(draft.get_absolute_url()).status_code == 404  # not staff
    client.force_login(editor("bientapvien2"))
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")

    bucket.delete_object(Bucket=BUCKET, Key=f"files/{draft.file.name}")
    assert client.get(draft.get_absolute_url()).status_code == 404  # gone from the bucket

    Article.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
        attachment.delete()
        draft.delete()
    assert keys(bucket) == set()


def test_a_body_written_with_folder_addresses_gets_the_buckets_on_its_next_save(bucket):
    """A site moved from MEDIA_ROOT to a bucket: bodies that still name /media/ keep their
    photos and are rendered with the new addresses."""
    photo = Photo.create_from_upload(upload("anh.jpg"))
    old = f'<figure class="image"><img src="/media/{photo.image.name}" alt="Ảnh"></figure>'
    article = ArticleFactory(body=old)
    assert f'src="{MEDIA_URL}{photo.image.name}"' in article.body  # the editor's copy
    assert MEDIA_URL in article.body_html and "/media/" not in article.body_html
    assert article.photo_uses.count() == 1


def test_the_storages_follow_the_setting(bucket):
    assert files.storage.bucket_name == BUCKET and files.storage.location == "files"
    assert default_storage.bucket_name == BUCKET
    assert Attachment._meta.get_field("file").storage.bucket_name == BUCKET


def test_a_site_moved_from_the_folder_to_a_bucket_shows_photos_from_the_bucket(
    settings, media_root, monkeypatch
):
    """The README's move: files copied into the bucket under the same names, the storage
    switched, `manage.py photo_renditions --missing-only` renders the bodies again."""
    photo = Photo.create_from_upload(upload("anh.jpg"))
    article = ArticleFactory(body=f"<p>Mở đầu.</p>{figure(photo)}")
    assert 'src="/media/photos/' in article.body_html
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        for path in media_root.rglob("*"):
            if path.is_file():
                s3.put_object(
                    Bucket=BUCKET,
                    Key=path.relative_to(media_root).as_posix(),
                    Body=path.read_bytes(),
                )
        config = media_storage.configure(ENVIRONMENT, memory_bytes=1024)
        settings.STORAGES = {**settings.STORAGES, **config.storages}
        settings.MEDIA_URL = config.media_url
        call_command("photo_renditions", "--missing-only", stdout=io.StringIO())
    article.refresh_from_db()
    assert f'src="{MEDIA_URL}photos/' in article.body_html
    assert "/media/" not in article.body_html and "/media/" not in article.body


def settings_of(code: str, **environment) -> subprocess.CompletedProcess:
    """The production settings read from this environment, in a fresh interpreter."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DEBUG="0", SECRET_KEY="s3-settings-" + "k" * 40, DJANGO_SETTINGS_MODULE="portal.settings",
        **environment,
    )  # fmt: skip
    setup = "import django; django.setup(); from django.conf import settings as s; "
    return subprocess.run(
        [sys.executable, "-c", setup + code], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_the_environment_puts_uploads_in_the_bucket_and_its_origin_in_the_policy():
    code = (
        "print(s.STORAGES['attachments']['OPTIONS']['bucket_name'], s.MEDIA_URL, s.SERVE_MEDIA, "
        "' '.join(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))"
    )
    result = settings_of(code, **ENVIRONMENT, AWS_FILES_BUCKET_NAME="portal-files")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "portal-files",
        MEDIA_URL,
        "False",
        "'self'",
        "data:",
        MEDIA_URL.rstrip("/"),
    ]


def test_nginx_downloads_cannot_be_combined_with_a_bucket():
    result = settings_of("print(1)", **ENVIRONMENT, DOWNLOAD_ACCEL_PREFIX="/protected-files/")
    assert result.returncode != 0
    assert "DOWNLOAD_ACCEL_PREFIX" in result.stderr
