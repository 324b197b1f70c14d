"""Configuration from the environment, as operators start the project."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    skip = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in skip}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "DEBUG": "0",
    "HTTPS": "1",
    "SECRET_KEY": "a-production-secret-" + "k3y" * 20,
    "ALLOWED_HOSTS": "sotttt.example.gov.vn",
    "SITE_URL": "https://sotttt.example.gov.vn",
    "DATABASE_URL": "sqlite:////tmp/portal-check-deploy.sqlite3",
    "EMAIL_HOST": "smtp.example.gov.vn",
}


def test_production_settings_pass_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_says_when_mail_would_only_be_logged():
    unsent = {**PRODUCTION, "EMAIL_HOST": ""}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **unsent)
    assert result.returncode != 0 and "portal.W001" in result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key(tmp_path):
    # An empty .env-free run: SECRET_KEY set to empty wins over any .env file.
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("url", ["postgres://u:p@db.example:5432/portal", "sqlite:////tmp/x.db"])
def test_database_url_is_read(url):
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = manage("shell", "-c", code, **{**PRODUCTION, "DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    assert ("postgresql" if url.startswith("postgres") else "sqlite3") in result.stdout


def test_redis_url_selects_the_redis_cache():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = manage("shell", "-c", code, **PRODUCTION, REDIS_URL="redis://127.0.0.1:6379/1")
    assert "RedisCache" in result.stdout
    result = manage("shell", "-c", code, **PRODUCTION)
    assert "DatabaseCache" in result.stdout


def test_static_addresses_survive_a_missing_collectstatic(tmp_path, settings):
    from portal.storage import StaticStorage

    storage = StaticStorage(location=tmp_path)  # an empty STATIC_ROOT: no manifest, no files
    assert storage.url("css/site.css") == "/static/css/site.css"


def test_only_a_real_uncollected_file_is_reported(tmp_path, caplog):
    """WhiteNoise asks for names that exist nowhere (jquery.init.js → jquery.js when it tests
    for a fingerprint): no warning telling the operator to run collectstatic for those."""
    from portal import storage as static_storage

    static_storage._reported.clear()
    storage = static_storage.StaticStorage(location=tmp_path)
    with caplog.at_level("WARNING", logger="portal.storage"):
        assert storage.url("admin/js/jquery.js") == "/static/admin/js/jquery.js"
        assert storage.url("css/site.css") == "/static/css/site.css"
    reported = [r.getMessage() for r in caplog.records if r.name == "portal.storage"]
    assert reported == ["Static file css/site.css is not collected: run `collectstatic`."]
