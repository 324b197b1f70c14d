"""A bounded flood of the citizens' forms on loopback, measured (make flood; part of make bench).

Starts what production runs, on a throwaway database: gunicorn (DEBUG off, two workers, one
trusted proxy so that X-Forwarded-For gives each request its own address) and a real SMTP
server that only counts messages. Then it sends, concurrently:

1. questions from one address (each different, so that only the limits can stop them);
2. bots: the honeypot filled (told "received"), or posted faster than a person can type (shown
   the form again, 400);
3. questions from many addresses (the hourly limit for everyone);
4. comments on an open draft from one address and from many;
5. oversized bodies.

and prints what was sent, what the server answered and what it kept: rows stored, e-mails
sent, the database's growth. It exits non-zero when anything got past a limit or any request
got a 5xx. The limits are lowered through the settings' environment variables so the run
takes seconds, not an hour.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")

PER_ADDRESS_HOUR = 3
PER_HOUR = 40
COMMENTS_PER_ADDRESS_HOUR = 5
COMMENTS_PER_HOUR = 60
MIN_SECONDS = 1.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpCounter(threading.Thread):
    """Just enough SMTP to accept messages and count them (HELO/EHLO, MAIL, RCPT, DATA, QUIT)."""

    def __init__(self, port: int):
        super().__init__(daemon=True)
        self.port = port
        self.messages = 0
        self.lock = threading.Lock()
        self.server = socket.create_server(("127.0.0.1", port))

    def run(self):
        while True:
            conn, _ = self.server.accept()
            threading.Thread(target=self.session, args=(conn,), daemon=True).start()

    def session(self, conn):
        f = conn.makefile("rb")

        def say(line):
            conn.sendall(line.encode() + b"\r\n")

        say("220 localhost counting SMTP")
        try:
            while line := f.readline():
                verb = line[:4].upper()
                if verb in (b"HELO", b"EHLO"):
                    say("250 localhost")
                elif verb == b"DATA":
                    say("354 go on")
                    while f.readline() not in (b".\r\n", b".\n", b""):
                        pass
                    with self.lock:
                        self.messages += 1
                    say("250 kept")
                elif verb == b"QUIT":
                    say("221 bye")
                    break
                else:
                    say("250 ok")
        finally:
            conn.close()


class Visitor:
    """One browser: a cookie jar, the form's CSRF token and signed start time."""

    def __init__(self, base: str, form_path: str, address: str):
        self.base, self.form_path, self.address = base, form_path, address
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirect(),
        )
        html = self.request(form_path)[1]
        self.csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        self.started = re.search(r'name="started" value="([^"]+)"', html).group(1)
        topic = re.search(r'<option value="(\d+)"', html)
        self.topic = topic.group(1) if topic else ""

    def request(self, path, data: dict | bytes | None = None) -> tuple[int, str]:
        body = data if isinstance(data, bytes) or data is None else urllib.parse.urlencode(data)
        req = urllib.request.Request(
            self.base + path,
            data=body.encode() if isinstance(body, str) else body,
            headers={"X-Forwarded-For": self.address, "Referer": self.base + self.form_path},
        )
        try:
            with self.opener.open(req, timeout=30) as r:
                return r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")

    def post(self, fields: dict, honeypot: str = "") -> int:
        data = {"csrfmiddlewaretoken": self.csrf, "started": self.started, "website": honeypot}
        return self.request(self.form_path, {**data, **fields})[0]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def question(visitor: Visitor, n: int) -> dict:
    return {
        "asker_name": f"Người gửi {n}",
        "email": f"nguoi{n}@example.vn",
        "phone": "",
        "address": "",
        "topic": visitor.topic,
        "title": f"Câu hỏi số {n} về thủ tục",
        "question": f"Xin hỏi thủ tục số {n} cần những giấy tờ gì và nộp ở đâu? " * 3,
        "name_shown": "initials",
        "consent": "on",
    }


def comment(n: int) -> dict:
    return {
        "name": f"Người góp ý {n}",
        "organisation": "",
        "email": f"gopy{n}@example.vn",
        "reference": f"Điều {n % 9 + 1}",
        "text": f"Đề nghị sửa điều {n} cho rõ thời hạn giải quyết, ý kiến số {n}. " * 2,
        "consent": "on",
    }


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="portal-flood."))
    port, smtp_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": f"flood-{time.time()}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{work}/flood.sqlite3",
        "MEDIA_ROOT": str(work / "media"),
        "SITE_URL": base,
        "TRUSTED_PROXIES": "1",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
        "FORM_MIN_SECONDS": str(MIN_SECONDS),
        "QUESTIONS_PER_ADDRESS_HOUR": str(PER_ADDRESS_HOUR),
        "QUESTIONS_PER_HOUR": str(PER_HOUR),
        "COMMENTS_PER_ADDRESS_HOUR": str(COMMENTS_PER_ADDRESS_HOUR),
        "COMMENTS_PER_HOUR": str(COMMENTS_PER_HOUR),
        "LOG_LEVEL": "WARNING",  # no JSON line per request in the report
    }
    env.pop("REDIS_URL", None)

    def manage(*args) -> str:
        out = subprocess.run(
            [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        )
        return out.stdout

    def counts() -> dict[str, int]:
        code = (
            "from news.questions.models import Question; from news.consultations.models import "
            "Comment; from portal.models import Submission; "
            "print(Question.objects.count(), Comment.objects.count(), Submission.objects.count())"
        )
        q, c, s = map(int, manage("shell", "-v0", "-c", code).split())
        return {"questions": q, "comments": c, "submission log": s}

    smtp = SmtpCounter(smtp_port)
    smtp.start()
    manage("migrate", "-v0")
    manage("load_demo", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    draft = manage(
        "shell",
        "-v0",
        "-c",
        "from news.consultations.models import Consultation; from django.urls import reverse; "
        "c = Consultation.objects.published().open_now().first(); "
        "print(reverse('news:consultation_comment', args=[c.slug]))",
    ).strip()
    server = subprocess.Popen(
        # Production's configuration (deploy/gunicorn.conf.py), with this run's address and
        # workers; LOG_LEVEL=WARNING (env) keeps the request lines out of the report.
        [GUNICORN, "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "portal.wsgi:application",
         "-b", f"127.0.0.1:{port}", "-w", "2", "--threads", "4", "--log-level", "error"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    failures: list[str] = []
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        before, db_before = counts(), (work / "flood.sqlite3").stat().st_size
        mails_before = smtp.messages
        statuses: dict[str, Counter] = {}

        def flood(label, jobs):
            counter = statuses.setdefault(label, Counter())
            with ThreadPoolExecutor(16) as pool:
                for status in pool.map(lambda job: job(), jobs):
                    counter[status] += 1

        ask = "/hoi-dap/dat-cau-hoi/"
        one = Visitor(base, ask, "203.0.113.7")
        bot = Visitor(base, ask, "203.0.113.8")
        many = [Visitor(base, ask, f"198.51.{n // 250}.{n % 250 + 1}") for n in range(120)]
        commenter = Visitor(base, draft, "203.0.113.9")
        crowd = [Visitor(base, draft, f"192.0.{n // 250}.{n % 250 + 1}") for n in range(120)]
        fast = Visitor(base, ask, "203.0.113.10")  # posts at once: faster than a person
        time.sleep(MIN_SECONDS + 0.5)

        flood("questions, one address", [lambda n=n: one.post(question(one, n)) for n in range(60)])
        flood(
            "bots (honeypot filled)",
            [
                lambda n=n: bot.post(question(bot, 1000 + n), honeypot="http://spam")
                for n in range(100)
            ],
        )
        fast.started = Visitor(base, ask, "203.0.113.10").started  # fresh: too fast
        flood(
            "bots (too fast)",
            [lambda n=n: fast.post(question(fast, 2000 + n)) for n in range(50)],
        )
        flood(
            "questions, many addresses",
            [lambda v=v, n=n: v.post(question(v, 3000 + n)) for n, v in enumerate(many)],
        )
        flood("comments, one address", [lambda n=n: commenter.post(comment(n)) for n in range(60)])
        flood(
            "comments, many addresses",
            [lambda v=v, n=n: v.post(comment(1000 + n)) for n, v in enumerate(crowd)],
        )
        big = {**question(many[0], 9999), "question": "x" * 2_000_000}
        flood("oversized bodies (2 MB)", [lambda: many[0].post(big) for _ in range(20)])
        time.sleep(1)  # mails are sent after commit, within the request; let the last ones land
        after, db_after = counts(), (work / "flood.sqlite3").stat().st_size
        mails = smtp.messages - mails_before
    finally:
        server.terminate()
        server.wait(10)

    sent = sum(sum(c.values()) for c in statuses.values())
    print(f"== Flood of the citizens' forms on loopback: {sent} requests, gunicorn 2x4, DEBUG off")
    for label, counter in statuses.items():
        shown = ", ".join(f"{status}: {n}" for status, n in sorted(counter.items()))
        print(f"  {label:<28} {sum(counter.values()):>4} sent  ({shown})")
        if any(status >= 500 for status in counter):
            failures.append(f"{label}: server errors")
    stored = {k: after[k] - before[k] for k in after}
    print("  stored: " + ", ".join(f"{k} +{v}" for k, v in stored.items()))
    print(f"  e-mails sent: {mails}; database grew {(db_after - db_before) / 1024:.0f} KiB")
    allowed_questions = PER_HOUR  # one address's share is inside the hourly total
    allowed_comments = COMMENTS_PER_HOUR
    print(
        f"  limits: questions {PER_ADDRESS_HOUR}/address/hour, {PER_HOUR}/hour in all; comments "
        f"{COMMENTS_PER_ADDRESS_HOUR}/address/hour, {COMMENTS_PER_HOUR}/hour in all"
    )
    if stored["questions"] > allowed_questions:
        failures.append(f"questions stored {stored['questions']} > {allowed_questions}")
    if stored["comments"] > allowed_comments:
        failures.append(f"comments stored {stored['comments']} > {allowed_comments}")
    # One receipt per stored question; moderators hear at most once per draft and hour.
    if mails > stored["questions"] + 5:
        failures.append(f"{mails} e-mails for {stored['questions']} questions")
    shutil.rmtree(work, ignore_errors=True)
    for failure in failures:
        print("  FAILED:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
