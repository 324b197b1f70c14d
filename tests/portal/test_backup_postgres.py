"""A backup of the demo restored on PostgreSQL gives the same pages and files (CI's PostgreSQL
phase runs it; skipped on SQLite, where test_backup.py covers the rest).

The demo is loaded and backed up (pg_dump); another process restores it into a fresh, empty
database and an empty media folder; the public pages rendered from the restored site are the
same HTML as before, and the files the same bytes. Then the restored site is changed and the
backup restored over it with --force: the same pages again.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

pytestmark = pytest.mark.skipif(not POSTGRES, reason="needs DATABASE_URL on PostgreSQL (CI)")

# Every kind of public page the sitemap lists: the first address of each section.
RENDER = """
import json, sys
from django.test import Client
client = Client()
pages = {}
for url in json.loads(sys.argv[1]):
    response = client.get(url)
    pages[url] = [response.status_code, response.content.decode()]
print(json.dumps(pages))
"""


def environment(database: str, media: Path) -> dict:
    skip = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"}
    env = {k: v for k, v in os.environ.items() if k not in skip}
    parts = urlsplit(os.environ["DATABASE_URL"])
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings_test",
        DATABASE_URL=parts._replace(path=f"/{database}").geturl(),
        MEDIA_ROOT=str(media),
        ALLOWED_HOSTS="testserver",
    )
    return env


def manage(env: dict, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def rendered(env: dict, urls: list[str]) -> dict:
    result = manage(
        env, "shell", "-v0", "-c", RENDER.replace("sys.argv[1]", repr(json.dumps(urls)))
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def checksums(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def sql(statement: str, database: str = "postgres"):
    import psycopg2

    db = connection.settings_dict
    conn = psycopg2.connect(
        dbname=database, user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"]
    )
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(statement)
    finally:
        conn.close()


def public_urls(client) -> list[str]:
    """The home page, a search, the sitemap and the first page of each of its sections."""
    index = client.get("/sitemap.xml").content.decode()
    urls = ["/", "/sitemap.xml", "/tim-kiem/?q=chuyen+doi+so"]
    for section in re.findall(r"<loc>([^<]+)</loc>", index):
        first = re.search(
            r"<loc>([^<]+)</loc>", client.get(urlsplit(section).path).content.decode()
        )
        if first:
            urls.append(urlsplit(first.group(1)).path)
    return list(dict.fromkeys(urls))


def test_the_demo_restored_into_an_empty_database_gives_the_same_pages(
    transactional_db, client, media_root, tmp_path
):
    call_command("load_demo", stdout=io.StringIO())
    urls = public_urls(client)
    assert len(urls) >= 8, urls
    before = {url: [(r := client.get(url)).status_code, r.content.decode()] for url in urls}
    assert all(status == 200 for status, _html in before.values()), before.keys()
    files = checksums(media_root)
    assert any(k.startswith("files/") for k in files) and any(
        k.startswith("photos/") for k in files
    )

    call_command("backup", f"{tmp_path}/backups/", verbosity=0)
    made = next((tmp_path / "backups").glob("portal-backup-*.tar"))
    target = connection.settings_dict["NAME"] + "_restored"
    sql(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
    sql(f"CREATE DATABASE \"{target}\" TEMPLATE template0 ENCODING 'UTF8'")
    try:
        env = environment(target, tmp_path / "restored-media")
        result = manage(env, "restore", str(made))
        assert result.returncode == 0, result.stdout + result.stderr
        assert rendered(env, urls) == before
        assert checksums(tmp_path / "restored-media") == files

        # Changed afterwards, then restored over with --force: exactly the backup again.
        sql("UPDATE news_article SET title = 'Đã sửa'", target)
        (tmp_path / "restored-media" / "photos" / "thua.jpg").write_bytes(b"extra")
        result = manage(env, "restore", "--force", str(made))
        assert result.returncode == 0, result.stdout + result.stderr
        assert rendered(env, urls) == before
        assert checksums(tmp_path / "restored-media") == files
    finally:
        sql(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
