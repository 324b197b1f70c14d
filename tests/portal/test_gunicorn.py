"""deploy/gunicorn.conf.py: what production runs, read by gunicorn itself and started once."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
GUNICORN = Path(sys.executable).with_name("gunicorn")


def settings_from(env: dict[str, str | None]) -> dict:
    """The configuration as gunicorn reads it from the file, under ``env``."""
    code = (
        "import json, sys\n"
        "from gunicorn.app.wsgiapp import WSGIApplication\n"
        f"sys.argv = ['gunicorn', '-c', {str(CONFIG)!r}]\n"
        "app = WSGIApplication('%(prog)s')\n"
        "c = app.cfg\n"
        "print(json.dumps({k: c.settings[k].get() for k in ('bind', 'workers', 'timeout',"
        " 'graceful_timeout', 'keepalive', 'max_requests', 'max_requests_jitter', 'accesslog',"
        " 'wsgi_app', 'preload_app', 'control_socket_disable')}, default=str))\n"
    )
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment.update(env)
    environment = {k: v for k, v in environment.items() if v is not None}
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_defaults_are_for_a_loopback_server_behind_nginx():
    config = settings_from({"WEB_CONCURRENCY": None, "GUNICORN_BIND": None, "PORT": "8123"})
    assert config["bind"][0] == "127.0.0.1:8123"
    assert config["bind"][1:] in ([], ["[::1]:8123"])  # IPv6 where the machine has it
    cores = len(os.sched_getaffinity(0))
    assert config["workers"] == min(2 * cores + 1, 8)
    assert config["timeout"] == 120 and config["graceful_timeout"] == 30
    assert config["keepalive"] == 5
    assert config["max_requests"] == 1000 and config["max_requests_jitter"] == 100
    assert config["accesslog"] is None  # Django writes the request lines
    assert config["wsgi_app"] == "portal.wsgi:application"
    assert config["preload_app"] is False  # a HUP reloads the code without dropping requests
    # No gunicornc socket: under systemd its default place ($HOME/.gunicorn) is read-only.
    assert config["control_socket_disable"] is True


def test_the_environment_overrides_it():
    config = settings_from(
        {
            "WEB_CONCURRENCY": "3",
            "GUNICORN_BIND": "0.0.0.0:9000,[::]:9000",
            "GUNICORN_TIMEOUT": "30",
        }
    )
    assert config["workers"] == 3
    assert config["bind"] == ["0.0.0.0:9000", "[::]:9000"]
    assert config["timeout"] == 30


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_a_server_started_with_it_hides_its_name_and_logs_json(tmp_path):
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DEBUG": "0",
        "SECRET_KEY": "gunicorn-test-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,[::1]",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "REDIS_URL": "",
    }
    log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [str(GUNICORN), "-c", str(CONFIG)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        response = None
        for _ in range(100):
            try:
                response = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5)
                break
            except OSError:
                time.sleep(0.1)
        assert response is not None, (tmp_path / "gunicorn.log").read_text()
        # An empty database: no table, the health check says so without details.
        assert response.status in (200, 503)
        assert response.headers["Server"] == "portal"
    except urllib.error.HTTPError as error:
        assert error.code == 503 and error.headers["Server"] == "portal"
    finally:
        # An uptime checker's HEAD: headers only, and no warning about a body in the log.
        head = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", method="HEAD")
        try:
            head_status = urllib.request.urlopen(head, timeout=5).status  # noqa: S310 - loopback
        except urllib.error.HTTPError as error:  # 503: the database is empty
            head_status = error.code
        server.terminate()
        server.wait(20)
        log.close()
    lines = (tmp_path / "gunicorn.log").read_text().splitlines()
    parsed = [json.loads(line) for line in lines if line.startswith("{")]
    assert any(p["logger"] == "gunicorn.error" and "Listening" in p["message"] for p in parsed)
    assert not any("gunicorn/" in line for line in lines if "Starting" not in line)
    assert not any("Control server" in p["message"] for p in parsed)
    assert head_status in (200, 503)
    assert not any("no-body response" in line for line in lines)
