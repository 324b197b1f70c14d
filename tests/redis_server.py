"""A throwaway redis-server for the tests that need a real one (skipped when it is not
installed: scripts/system-deps.sh servers)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis(port: int, work) -> subprocess.Popen:
    binary = shutil.which("redis-server")
    if not binary:
        pytest.skip("redis-server is not installed (scripts/system-deps.sh servers)")
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(work)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("redis-server did not start")


def use_redis(settings, url: str, key_prefix: str) -> None:
    """The shared cache on that Redis, as settings.py configures it with REDIS_URL."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "portal.faults.TolerantRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": key_prefix,
            "OPTIONS": {
                **settings.REDIS_OPTIONS,
                "RETRY_SECONDS": 0.2,  # tried again quickly, so the tests are short
            },
        },
    }
    settings.PAGE_CACHE_SECONDS = 600
