"""Structured logs: every record one line of JSON (settings.LOGGING, LOG_FORMAT=json).

- :class:`JsonFormatter`: time, level, logger, message and the few known extra fields; an
  exception as its type, a short message and its last frames, still on the one line. Known
  secrets (SECRET_KEY, the database's, e-mail's and Redis's passwords, the S3 secret) are
  replaced by ``***`` wherever they would appear.
- :class:`RequestLogMiddleware`: one line per request (method, path without the query string,
  status, duration in ms, whether the page cache answered). No cookie, no address, no user, no
  query string: nothing that names a visitor. Successful health checks are not logged.
- :class:`ShortSecurityFilter`: Django's security loggers (a bad Host header above all) write
  one short line without the traceback, so forged requests cannot flood the log.
- :class:`DatabaseDownFilter`: a request that failed because the database is unreachable is
  logged once per few seconds by portal.faults, not with a traceback per request.
"""

from __future__ import annotations

import json
import logging
import time
import traceback
from datetime import UTC, datetime
from urllib.parse import urlsplit

logger = logging.getLogger("portal.requests")

# Extra attributes of a record that are written out (everything else a library attaches, such
# as Django's `request` object, is left out).
FIELDS = (
    "event",
    "method",
    "path",
    "status",
    "duration_ms",
    "cache",
    "status_code",
    "error",
    "down_seconds",
)
MAX_MESSAGE = 500
MAX_PATH = 300
TRACEBACK_FRAMES = 6


def _secrets() -> list[str]:
    from django.conf import settings

    found = [settings.SECRET_KEY, getattr(settings, "EMAIL_HOST_PASSWORD", "")]
    found += [db.get("PASSWORD", "") for db in settings.DATABASES.values()]
    found.append(getattr(settings, "AWS_SECRET_ACCESS_KEY", "") or "")
    for url in (getattr(settings, "REDIS_URL", ""),):
        if url:
            found.append(urlsplit(url).password or "")
    return sorted({s for s in found if s and len(s) >= 4}, key=len, reverse=True)


class JsonFormatter(logging.Formatter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._secret_list: list[str] | None = None

    def _scrub(self, text: str) -> str:
        if self._secret_list is None:
            try:
                self._secret_list = _secrets()
            except Exception:  # settings not ready (a log line at start-up)
                return text
        for secret in self._secret_list:
            if secret in text:
                text = text.replace(secret, "***")
        return text

    def format(self, record: logging.LogRecord) -> str:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the line
            message = str(record.msg)
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": self._scrub(message[:MAX_MESSAGE]),
        }
        for name in FIELDS:
            value = record.__dict__.get(name)
            if value is not None:
                line[name] = value
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            line["exc_type"] = f"{type(error).__module__}.{type(error).__qualname__}"
            line["exc"] = self._scrub(str(error)[:MAX_MESSAGE])
            frames = traceback.extract_tb(record.exc_info[2])[-TRACEBACK_FRAMES:]
            line["traceback"] = [
                f"{frame.filename.rsplit('site-packages/', 1)[-1]}:{frame.lineno} {frame.name}"
                for frame in frames
            ]
        return json.dumps(line, ensure_ascii=False, default=str)


class ShortSecurityFilter(logging.Filter):
    """No traceback and a short message: the line says what was refused, nothing more."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = message[:200] + ("…" if len(message) > 200 else "")
        record.args = None
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True


class DatabaseDownFilter(logging.Filter):
    """Drops django.request's error lines for an unreachable database (portal.faults logs
    those, once per few seconds, without the traceback)."""

    def filter(self, record: logging.LogRecord) -> bool:
        from . import faults  # not at import: gunicorn's master process uses the formatter

        error = record.exc_info[1] if record.exc_info else None
        if faults.is_database_down(error):
            faults.log_database_down(error)
            return False
        return True


class RequestLogMiddleware:
    """The outermost middleware: it times everything the others do."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        status = response.status_code
        path = request.path
        if status == 200 and path == "/healthz":
            return response
        logger.info(
            "%s %s %s",
            request.method[:16],
            path[:MAX_PATH],
            status,
            extra={
                "event": "request",
                "method": request.method[:16],
                "path": path[:MAX_PATH],
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "cache": response.get("X-Page-Cache"),
            },
        )
        return response
