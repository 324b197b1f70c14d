"""Backups (manage.py backup / restore, portal/backup.py): what an operator notices.

On SQLite here: a backup of the test database and its uploads, restored by another process into
an empty database file and an empty media folder, holds the same rows and the same files; a
damaged or mismatched backup is refused before anything changes. The same on PostgreSQL, with
the demo's public pages compared, is in test_backup_postgres.py.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from portal import backup
from tests.factories import ArticleFactory, AttachmentFactory, PhotoFactory, UserFactory, figure

ROOT = Path(__file__).resolve().parents[2]
# These read the SQLite file the backup holds; on PostgreSQL (CI's second phase)
# test_backup_postgres.py restores a real dump instead.
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="reads SQLite's backup file; see test_backup_postgres.py"
)
SKIPPED_TABLES = set(backup.DATA_EXCLUDED)


def manage(*args, **env) -> subprocess.CompletedProcess:
    skip = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "MEDIA_STORAGE"}
    environment = {k: v for k, v in os.environ.items() if k not in skip}
    environment.update(DEBUG="0", SECRET_KEY="backup-test-" + "k" * 40, **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def as_text(value) -> str:
    """A column's value as SQLite stores it (Django's cursor reads timestamps as datetimes)."""
    if isinstance(value, bool):
        return str(int(value))
    return "NULL" if value is None else str(value)


def rows_of(cursor, tables) -> dict[str, list]:
    """Every row of every table, in a fixed order (text forms, so both sides compare alike)."""
    found = {}
    for table in sorted(tables):
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the schema
        found[table] = sorted(tuple(map(as_text, row)) for row in cursor.fetchall())
    return found


def site_rows() -> dict[str, list]:
    tables = set(connection.introspection.table_names()) - SKIPPED_TABLES
    with connection.cursor() as cursor:
        return rows_of(cursor, tables)


def file_rows(path: Path) -> dict[str, list]:
    db = sqlite3.connect(path)
    try:
        cursor = db.cursor()
        names = {r[0] for r in cursor.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return rows_of(cursor, names - SKIPPED_TABLES - {"sqlite_sequence"})
    finally:
        db.close()


def assert_same_rows(found: dict, expected: dict):
    assert found.keys() == expected.keys()
    for table, rows in expected.items():
        if found[table] != rows:
            extra, missing = set(found[table]) - set(rows), set(rows) - set(found[table])
            shown = f"restored {sorted(extra)[:2]}, backed up {sorted(missing)[:2]}"
            raise AssertionError(f"{table}: {shown}")


def checksums(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def site(transactional_db, media_root):
    """Content with photos and attached files, as a site has it (committed: the backup reads
    the database as another connection would)."""
    author = UserFactory(username="bientapvien", is_staff=True)
    photo = PhotoFactory()
    attachment = AttachmentFactory(name="Kế hoạch số 145.pdf")
    ArticleFactory(
        title="Hội nghị chuyển đổi số tỉnh năm 2026",
        body=f"<p>Đoạn mở đầu.</p>{figure(photo)}<p>Đoạn cuối.</p>",
        attachments=[{"key": attachment.key, "label": "Kế hoạch"}],
        created_by=author,
    )
    ArticleFactory(title="Lịch tiếp công dân tháng 12", status="draft")
    return media_root


@pytest.fixture
def made(site, tmp_path) -> Path:
    path = backup.create(f"{tmp_path}/backups/")
    assert path.parent == tmp_path / "backups" and backup.NAME_PATTERN.match(path.name)
    assert path.stat().st_mode & 0o077 == 0, "a backup holds personal data: owner only"
    return path


def rewrite(path: Path, *, drop=(), change=None, manifest=None, keep_digest=False) -> Path:
    """A copy of a backup with members left out or changed; the manifest's checksum made to
    match a changed manifest unless ``keep_digest``."""
    with tarfile.open(path) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    for name in drop:
        del members[name]
    for name, edit in (change or {}).items():
        members[name] = edit(members[name])
    if manifest:
        data = json.loads(members[backup.MANIFEST])
        manifest(data)
        members[backup.MANIFEST] = json.dumps(data).encode()
        if not keep_digest:
            digest = hashlib.sha256(members[backup.MANIFEST]).hexdigest()
            members[backup.MANIFEST_DIGEST] = f"{digest}  {backup.MANIFEST}\n".encode()
    copy = path.with_name("changed-" + path.name)
    with tarfile.open(copy, "w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return copy


def refused(path: Path, *words: str):
    with pytest.raises(CommandError) as caught:
        call_command("restore", str(path), "--force", stdout=io.StringIO())
    message = str(caught.value)
    for word in words:
        assert word in message, message
    return message


@sqlite_only
def test_a_backup_holds_the_database_the_uploads_and_a_manifest(made, site):
    with tarfile.open(made) as tar:
        names = set(tar.getnames())
        manifest = json.loads(tar.extractfile(backup.MANIFEST).read())
    photos = {f"media/default/{k}" for k in checksums(site) if k.startswith("photos/")}
    files = {f"media/attachments/{k.removeprefix('files/')}" for k in checksums(site)
             if k.startswith("files/")}  # fmt: skip
    assert photos and files
    assert names == {"database.sqlite3", "manifest.json", "manifest.sha256", *photos, *files}
    assert manifest["database"]["engine"] == "sqlite"
    assert ["news", "0001_initial"] in manifest["migrations"]
    assert manifest["portal"]["version"] and manifest["created"]
    listed = {e["path"]: e for e in manifest["files"]}
    assert set(listed) == names - {"manifest.json", "manifest.sha256"}
    for key, digest in checksums(site).items():
        alias, name = ("attachments", key[6:]) if key.startswith("files/") else ("default", key)
        assert listed[f"media/{alias}/{name}"]["sha256"] == digest
        assert listed[f"media/{alias}/{name}"]["size"] == (site / key).stat().st_size


@sqlite_only
def test_restore_into_an_empty_site_gives_the_same_rows_and_files(made, site, tmp_path):
    expected_rows, expected_files = site_rows(), checksums(site)
    target, media = tmp_path / "new" / "db.sqlite3", tmp_path / "new-media"
    env = {"DATABASE_URL": f"sqlite:///{target}", "MEDIA_ROOT": str(media)}

    result = manage("restore", str(made), **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Đã khôi phục / restored" in result.stdout
    assert_same_rows(file_rows(target), expected_rows)
    assert checksums(media) == expected_files
    assert any(rows for rows in expected_rows["news_article"])

    # Again: the database and the folder are no longer empty, and nothing is touched.
    again = manage("restore", str(made), **env)
    assert again.returncode == 1
    assert "không trống" in again.stderr and "--force" in again.stderr

    # With --force, whatever was there is replaced: the same rows and files again, nothing more.
    db = sqlite3.connect(target)
    db.execute("DELETE FROM news_article WHERE status = 'draft'")
    db.execute("UPDATE news_article SET title = 'Sửa sau khi sao lưu'")
    db.commit()
    db.close()
    (media / "photos" / "thua.jpg").write_bytes(b"not in the backup")
    forced = manage("restore", "--force", str(made), **env)
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert_same_rows(file_rows(target), expected_rows)
    assert checksums(media) == expected_files


def test_a_damaged_file_is_refused_and_nothing_changes(made, site):
    before_rows, before_files = site_rows(), checksums(site)
    with tarfile.open(made) as tar:
        photo = next(n for n in tar.getnames() if n.startswith("media/default/"))
    flipped = rewrite(made, change={photo: lambda data: bytes([data[0] ^ 1]) + data[1:]})
    refused(flipped, "bị hỏng", "damaged", photo, "checksum mismatch")
    assert site_rows() == before_rows and checksums(site) == before_files


@sqlite_only
def test_a_missing_file_or_database_is_refused(made):
    with tarfile.open(made) as tar:
        attached = next(n for n in tar.getnames() if n.startswith("media/attachments/"))
    refused(rewrite(made, drop=[attached]), "bị hỏng", f"{attached}: missing")
    refused(rewrite(made, drop=["database.sqlite3"]), "database.sqlite3: missing")


def test_a_damaged_manifest_is_refused(made, tmp_path):
    def edit(data):
        data["files"][0]["size"] += 1

    refused(rewrite(made, manifest=edit, keep_digest=True), "manifest.json", "checksum")
    refused(rewrite(made, drop=[backup.MANIFEST]), "manifest.json is missing")
    cut = tmp_path / "cut.tar"
    cut.write_bytes(made.read_bytes()[: made.stat().st_size // 2])
    refused(cut, "bị hỏng", "damaged")


def test_a_backup_of_newer_code_is_refused(made):
    def newer(data):
        data["migrations"].append(["news", "9999_from_the_future"])

    message = refused(rewrite(made, manifest=newer), "mới hơn", "newer code")
    assert "news.9999_from_the_future" in message


@sqlite_only
def test_a_backup_of_another_database_engine_is_refused(made):
    def postgres(data):
        data["database"]["engine"] = "postgresql"

    refused(rewrite(made, manifest=postgres), "postgresql", "sqlite", "not restored")


def test_a_backup_of_older_code_says_to_migrate(made):
    def older(data):
        data["migrations"].remove(["news", "0001_initial"])

    out = io.StringIO()
    call_command("restore", str(rewrite(made, manifest=older)), "--check", stdout=out)
    assert "manage.py migrate" in out.getvalue()
    code = {("news", "0001_initial"), ("news", "0002_x")}
    assert backup.compare_migrations([["news", "0001_initial"]], code) == ([], [("news", "0002_x")])


def test_check_reports_a_sound_backup(made):
    out = io.StringIO()
    call_command("restore", str(made), "--check", stdout=out)
    assert "nguyên vẹn / the backup is sound" in out.getvalue()


def test_keep_leaves_the_newest_backups(site, tmp_path):
    folder = tmp_path / "backups"
    for _ in range(3):
        call_command("backup", str(folder) + "/", "--keep", "2", stdout=io.StringIO())
    assert len(list(folder.glob("portal-backup-*.tar"))) == 2
    with pytest.raises(CommandError, match="không ghi đè"):
        call_command("backup", str(next(folder.glob("*.tar"))), stdout=io.StringIO())


def test_uploads_in_a_bucket_are_backed_up_and_restored_with_their_access(
    transactional_db, settings, monkeypatch, tmp_path
):
    """MEDIA_STORAGE=s3 (moto's in-process S3): the photos and the attached files (under files/
    in the same bucket, listed once, as attachments) come back under their names, photos public
    and files private as uploads make them."""
    import boto3
    from moto import mock_aws

    from portal import media_storage

    bucket, region = "portal-media", "ap-southeast-1"
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        s3 = boto3.client("s3", region_name=region)
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
        environ = {"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": bucket,
                   "AWS_S3_REGION_NAME": region}  # fmt: skip
        config = media_storage.configure(environ, memory_bytes=1024)
        settings.STORAGES = {**settings.STORAGES, **config.storages}
        settings.MEDIA_URL = config.media_url
        PhotoFactory()
        AttachmentFactory()

        def objects():
            found = {}
            for item in s3.list_objects_v2(Bucket=bucket)["Contents"]:
                data = s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
                grants = s3.get_object_acl(Bucket=bucket, Key=item["Key"])["Grants"]
                public = any(g["Grantee"].get("URI", "").endswith("AllUsers") for g in grants)
                found[item["Key"]] = (hashlib.sha256(data).hexdigest(), public)
            return found

        before = objects()
        assert any(k.startswith("files/") and not public for k, (_d, public) in before.items())
        assert any(k.startswith("photos/") and public for k, (_d, public) in before.items())
        made = backup.create(f"{tmp_path}/backups/")
        with tarfile.open(made) as tar:
            names = [n for n in tar.getnames() if n.startswith("media/")]
        assert len(names) == len(before), "every object once"
        assert not any(n.startswith("media/default/files/") for n in names)

        for key in before:
            s3.delete_object(Bucket=bucket, Key=key)
        checked = backup.open_backup(made)
        with tarfile.open(made) as tar:
            assert backup.restore_files(tar, checked) == len(before)
        assert objects() == before


@pytest.mark.parametrize("wiped", [False, True])
def test_a_failed_pg_restore_says_whether_the_database_was_emptied_first(
    monkeypatch, tmp_path, wiped
):
    """--force empties the database before pg_restore runs: if pg_restore then fails, the
    message must not say the database is unchanged (it is empty; the backup is intact)."""
    failed = subprocess.CompletedProcess([], 1, "", "pg_restore: error: out of disk space")
    monkeypatch.setattr(backup.Postgres, "binary", lambda self, name: "/usr/bin/" + name)
    monkeypatch.setattr(backup.connections, "close_all", lambda: None)
    monkeypatch.setattr(backup.subprocess, "run", lambda *a, **k: failed)
    with pytest.raises(backup.BackupError) as refused:
        backup.Postgres().load(tmp_path / "db.dump", wiped=wiped)
    message = str(refused.value)
    assert "out of disk space" in message
    if wiped:
        assert "bây giờ nó trống" in message and "is empty now" in message
        assert "không đổi" not in message and "not changed" not in message
    else:
        assert "cơ sở dữ liệu không đổi" in message
