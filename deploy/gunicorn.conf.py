"""gunicorn's configuration for the portal: `gunicorn -c deploy/gunicorn.conf.py`.

Passed explicitly (never a gunicorn.conf.py at the repository root, which gunicorn would read
silently from the working folder). Every value can be changed from the environment:

- GUNICORN_BIND: addresses to listen on, separated by spaces or commas (default: port PORT,
  8000 unless set, on the IPv4 and IPv6 loopback, IPv6 only where the machine has it). nginx in
  front talks to these; bind 0.0.0.0 only behind a firewall.
- WEB_CONCURRENCY: worker processes (default 2 x CPU cores + 1, at most 8: each worker may
  take ~250 MB while it resizes a large photo).
- GUNICORN_TIMEOUT: seconds a request may take before its worker is restarted (default 120:
  the largest uploads are resized in the request); GUNICORN_GRACEFUL_TIMEOUT (30) for the
  requests under way when the server stops or reloads (`systemctl reload`: HUP).
- GUNICORN_MAX_REQUESTS (1000, with up to 10 % jitter, so workers do not all restart at once).

The request lines come from Django (portal/logs.py, one JSON line each): gunicorn's access log
is off, its own messages are JSON lines too (LOG_FORMAT=text for plain lines). The Server header
says "portal", never gunicorn's name or version.
"""

import os
import socket

import gunicorn.http.wsgi
from gunicorn.glogging import Logger


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this process may use (containers)
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _has_ipv6_loopback() -> bool:
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


def _default_bind() -> list[str]:
    port = os.environ.get("PORT", "8000")
    addresses = [f"127.0.0.1:{port}"]
    if _has_ipv6_loopback():
        addresses.append(f"[::1]:{port}")
    return addresses


def _workers() -> int:
    configured = os.environ.get("WEB_CONCURRENCY", "").strip()
    if configured:
        return max(1, int(configured))
    return min(2 * _cpu_count() + 1, 8)


wsgi_app = "portal.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "").replace(",", " ").split() or _default_bind()
workers = _workers()
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# nginx keeps connections to the app servers open (upstream keepalive): a little longer than a
# request's gap, never long enough to tie sync workers up.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = max(1, max_requests // 10) if max_requests else 0
# The workers' heartbeat files (gunicorn makes them with mkstemp) in memory, not on a disk that
# may be slow or full.
_SHM = "/dev/shm"  # noqa: S108
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None
# Not preloaded: a HUP starts new workers with the new code, the old ones finish their requests.
preload_app = False
# Django writes one line per request; an access log would say it twice.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The same request headers limits as gunicorn's defaults, said here so that nginx's match.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
proc_name = "portal"
# gunicorn 25+ opens a control socket for gunicornc in $XDG_RUNTIME_DIR or $HOME/.gunicorn: the
# service's home (/srv/portal) is read-only (every start logged a "Permission denied" error), and
# systemd starts, reloads and stops it. None.
control_socket_disable = True


class JsonLogger(Logger):
    """gunicorn's own messages (workers started, timed out, stopped) as the portal's JSON lines."""

    def setup(self, cfg):
        super().setup(cfg)
        from portal.logs import JsonFormatter

        for handler in self.error_log.handlers:
            handler.setFormatter(JsonFormatter())


if os.environ.get("LOG_FORMAT", "json") == "json" and os.environ.get("DEBUG", "") in ("", "0"):
    logger_class = JsonLogger

# gunicorn writes "Server: gunicorn" (its module constant, read for each response): name
# nothing that tells an attacker which server or version to try.
gunicorn.http.wsgi.SERVER = "portal"
