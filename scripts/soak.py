"""A bounded soak on loopback: load, a PostgreSQL restart and Redis stopped (`make soak`).

Starts what production runs, all throwaway and on 127.0.0.1: a PostgreSQL 15 cluster (Debian's
package, as root), a Redis, and gunicorn with deploy/gunicorn.conf.py (DEBUG off, the page cache
on, Redis as the cache). The demo is loaded and every editing client gets its own staff user
(Biên tập viên) and its own draft article. Then 64 clients (threads) run three phases of
DURATION seconds each (60 by default; `make soak DURATION=10` is the quick variant):

1. plain load: readers open public pages (every section of the site map) and search; citizens
   send questions (each client from its own address, told apart through X-Forwarded-For with one
   trusted proxy; the limits raised by the environment, the minimum fill time off); editors save
   their articles through the admin's change form (logged in, with CSRF);
2. the same, with PostgreSQL restarted in the middle (pg_ctl restart -m fast): requests meanwhile
   may get the friendly 503 page (never a 500 or a stack trace), and the site must answer again
   by itself within 5 s of the database being back;
3. the same, with Redis stopped for the middle third (then started again): no error at all.

Afterwards what the clients were told is compared with the database: every save an editor was
told succeeded is there (none lost; title and body of the same save: none half-done), every
question a citizen was told was received is stored exactly once (none lost, none duplicated).
Prints a table of the figures; exits 1 when any check fails (with the server's last log lines).
It is not part of CI (it takes minutes); it needs root for the throwaway PostgreSQL.
"""

from __future__ import annotations

import argparse
import html
import http.client
import json
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from two_servers import Browser, Forms, filled  # the same browser and forms

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PGBIN = Path("/usr/lib/postgresql/15/bin")
CLIENTS, EDITORS, ASKERS = 64, 8, 8
RECOVERY_SECONDS = 5
FRIENDLY_503 = "Cổng đang tạm thời gián đoạn"
PASSWORD = "soak-" + secrets.token_urlsafe(12)
SEARCHES = ["chuyen doi so", "giảm nghèo", "thủ tục", "tập huấn", "Hai Duong", "báo chí",
            "kế hoạch", "dich vu cong", "an toàn thông tin", "xyzkhongco"]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(command: str) -> subprocess.CompletedProcess:
    return subprocess.run(["su", "postgres", "-c", command], capture_output=True, text=True,
                          check=True)  # fmt: skip


# The services, each started here and stopped by its own process id


class Services:
    def __init__(self, work: Path):
        self.work = work
        self.pgdata = work / "pg"
        self.pg_port, self.redis_port = free_port(), free_port()
        self.redis: subprocess.Popen | None = None
        self.pg_started = False

    def start_postgres(self) -> str:
        if not (PGBIN / "initdb").exists():
            raise SystemExit("PostgreSQL 15 is missing: scripts/system-deps.sh servers (as root)")
        if os.geteuid() != 0:
            raise SystemExit("run as root: the throwaway PostgreSQL runs as the postgres user")
        self.pgdata.mkdir()
        (self.pgdata / "sock").mkdir()
        for path in (self.pgdata, self.pgdata / "sock"):
            shutil.chown(path, "postgres", "postgres")
        as_postgres(f"{PGBIN}/initdb -D {self.pgdata}/data -E UTF8 --locale=C.UTF-8 -U postgres "
                    "-A trust")  # fmt: skip
        # Always started with its log file: a server started without one would keep the pipes
        # of this script's pg_ctl call open (pg_ctl restart forgets -l).
        self.pg_start = (
            f"{PGBIN}/pg_ctl -D {self.pgdata}/data -l {self.pgdata}/server.log -o '-p "
            f"{self.pg_port} -k {self.pgdata}/sock -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c max_connections=200' -w start"
        )
        as_postgres(self.pg_start)
        self.pg_started = True
        return f"postgres://postgres@127.0.0.1:{self.pg_port}/postgres"

    def restart_postgres(self) -> tuple[float, float]:
        """(when it went down, when it answered again), monotonic."""
        down = time.monotonic()
        as_postgres(f"{PGBIN}/pg_ctl -D {self.pgdata}/data -m fast -w stop")
        as_postgres(self.pg_start)
        return down, time.monotonic()

    def start_redis(self) -> str:
        binary = shutil.which("redis-server")
        if not binary:
            raise SystemExit("redis-server is missing: scripts/system-deps.sh servers (as root)")
        self.redis = subprocess.Popen(
            [binary, "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.work)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", self.redis_port), timeout=1) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return f"redis://127.0.0.1:{self.redis_port}/0"
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop_redis(self):
        if self.redis is not None:
            self.redis.terminate()
            self.redis.wait(10)
            self.redis = None

    def stop(self):
        self.stop_redis()
        if self.pg_started:
            subprocess.run(["su", "postgres", "-c",
                            f"{PGBIN}/pg_ctl -D {self.pgdata}/data -m fast stop"],
                           capture_output=True, check=False)  # fmt: skip


# What the clients saw


@dataclass
class Tally:
    statuses: Counter = field(default_factory=Counter)  # (phase, kind, status) -> n
    latencies: dict = field(default_factory=lambda: defaultdict(list))  # phase -> seconds
    bad: list = field(default_factory=list)  # (phase, end time, status, url) of 5xx / errors
    unfriendly: list = field(default_factory=list)  # 503s without the friendly page
    hits: Counter = field(default_factory=Counter)  # phase -> answers from the page cache
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, phase: str, kind: str, status: int, started: float, url: str, body: str):
        ended = time.monotonic()
        with self.lock:
            self.statuses[(phase, kind, status)] += 1
            self.latencies[phase].append(ended - started)
            if status >= 500 or status == 0:
                self.bad.append((phase, ended, status, url))
                if status == 503 and FRIENDLY_503 not in body:
                    self.unfriendly.append(url)


class Client(threading.Thread):
    """One visitor: a browser, a kind of work, a loop until told to stop."""

    def __init__(self, run: Soak, n: int, kind: str):
        super().__init__(daemon=True)
        self.run_, self.n, self.kind = run, n, kind
        self.browser = Browser()
        self.address = f"198.51.{n // 250}.{n % 250 + 1}"
        self.rng = random.Random(n)
        self.tried = self.acked = 0  # editors: the revisions sent and the last one confirmed
        self.asked: list[str] = []  # askers: the questions the site said it received
        self.refused: list[str] = []

    def fetch(self, url: str, fields=None, referer: str = "") -> tuple[int, str]:
        started = time.monotonic()
        headers = {"X-Forwarded-For": self.address}
        try:
            if fields is None:
                answer = self.browser.request(self.run_.base + url, headers=headers)
            else:
                body = urllib.parse.urlencode(fields).encode()
                headers.update({"Content-Type": "application/x-www-form-urlencoded",
                                "Referer": self.run_.base + (referer or url)})  # fmt: skip
                answer = self.browser.request(self.run_.base + url, body, headers)
            status, text = answer.status, answer.text
            if answer.header("X-Page-Cache") == "hit":
                with self.run_.tally.lock:
                    self.run_.tally.hits[self.run_.phase] += 1
        except (OSError, urllib.error.URLError, http.client.HTTPException) as exc:
            status, text = 0, str(exc)
        self.run_.tally.add(self.run_.phase, self.kind, status, started, url, text)
        return status, text

    def run(self):
        if self.kind == "editor":
            self.login()
        while not self.run_.done.is_set():
            try:
                getattr(self, self.kind)()
            except Exception as exc:  # a client's own mistake must not end the soak silently
                self.refused.append(f"{type(exc).__name__}: {exc}")
                time.sleep(0.2)

    def login(self):
        while not self.run_.done.is_set():
            status, page = self.fetch("/admin/login/")
            if status == 200:
                form = Forms(page).form(id="login-form")
                user = f"soak-editor-{self.n}"
                fields = filled(form, {"username": user, "password": PASSWORD})
                status, _ = self.fetch("/admin/login/", fields)
                if status == 302:
                    return
            time.sleep(0.5)

    def reader(self):
        if self.rng.random() < 0.25:
            self.fetch("/tim-kiem/?" + urllib.parse.urlencode({"q": self.rng.choice(SEARCHES)}))
        else:
            self.fetch(self.rng.choice(self.run_.pages))

    def asker(self):
        ask = "/hoi-dap/dat-cau-hoi/"
        status, page = self.fetch(ask)
        if status != 200:
            time.sleep(0.2)
            return
        form = Forms(page).form(method="post")
        title = f"Soak {self.n}-{len(self.asked) + len(self.refused) + 1} hỏi về thủ tục"
        fields = filled(form, {
            "asker_name": f"Người hỏi {self.n}", "email": f"hoi{self.n}@example.vn",
            "topic": next(v for v in form["options"]["topic"] if v), "title": title,
            "question": f"Xin hỏi {title} cần những giấy tờ gì và nộp ở đâu, mất bao lâu?",
            "consent": "on",
        })  # fmt: skip
        status, answer = self.fetch(ask, fields)
        if status == 302:
            self.asked.append(title)
        elif status < 500 and status != 0:
            self.refused.append(f"question {status}: {errors(answer)}")

    def editor(self):
        change = f"/admin/news/article/{self.run_.articles[self.n]}/change/"
        status, page = self.fetch(change)
        if status != 200:
            time.sleep(0.2)
            return
        form = Forms(page).form(id="article_form")
        revision = self.tried + 1
        self.tried = revision
        fields = filled(form, {"title": f"Bài soak {self.n} lần {revision}",
                               "body": f"<p>Nội dung soak {self.n} lần {revision}.</p>"},
                        ("_save", "Lưu"))  # fmt: skip
        status, answer = self.fetch(change, fields)
        if status == 302:
            self.acked = revision
        elif status < 500 and status != 0:
            self.refused.append(f"save {status}: {errors(answer)}")


def errors(page: str) -> str:
    found = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", " | ".join(found[:3])))[:300] or page[:120]


# The run


class Soak:
    def __init__(self, work: Path, duration: float):
        self.work, self.duration = work, duration
        self.services = Services(work)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.tally = Tally()
        self.phase = "setup"
        self.done = threading.Event()
        self.pages: list[str] = []
        self.articles: dict[int, int] = {}
        self.events: dict[str, float] = {}
        self.server: subprocess.Popen | None = None

    def environment(self, database_url: str, redis_url: str) -> dict:
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        env.update({
            "DEBUG": "0", "HTTPS": "0", "SECRET_KEY": "soak-" + secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1", "SITE_URL": self.base,
            "DATABASE_URL": database_url, "REDIS_URL": redis_url,
            "MEDIA_ROOT": str(self.work / "media"), "MEDIA_STORAGE": "filesystem",
            "PAGE_CACHE_SECONDS": "600", "TRUSTED_PROXIES": "1", "FORM_MIN_SECONDS": "0",
            "QUESTIONS_PER_ADDRESS_HOUR": "100000", "QUESTIONS_PER_ADDRESS_DAY": "100000",
            "QUESTIONS_PER_HOUR": "1000000", "LOG_LEVEL": "WARNING",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
        })  # fmt: skip
        for name in ("EMAIL_HOST", "DOWNLOAD_ACCEL_PREFIX", "WEB_CONCURRENCY"):
            env.pop(name, None)
        return env

    def manage(self, *args) -> str:
        result = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=self.env,
                                capture_output=True, text=True, check=False)  # fmt: skip
        if result.returncode:
            raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def prepare(self):
        started = time.monotonic()
        database_url = self.services.start_postgres()
        self.env = self.environment(database_url, self.services.start_redis())
        self.manage("migrate", "--noinput", "-v0")
        self.manage("load_demo", "-v0")
        code = f"""
import json
from django.contrib.auth.models import Group, User
from news.models import Article, Category
from portal import roles
group = Group.objects.get(name=roles.EDITOR)
category = Category.objects.order_by("pk").first()
made = {{}}
for n in range({EDITORS}):
    user = User.objects.create_user(f"soak-editor-{{n}}", f"e{{n}}@example.vn", {PASSWORD!r},
                                    is_staff=True)
    user.groups.add(group)
    article = Article.objects.create(title=f"Bài soak {{n}} lần 0", slug=f"bai-soak-{{n}}",
        sapo="Bài của lần chạy thử tải.", body="<p>Nội dung soak lần 0.</p>",
        category=category, created_by=user, updated_by=user)
    made[n] = article.pk
print(json.dumps(made))
"""
        made = json.loads(self.manage("shell", "-v0", "-c", code).strip().splitlines()[-1])
        self.articles = {int(k): v for k, v in made.items()}
        print(f"   PostgreSQL, Redis, demo and {EDITORS} editors ready: "
              f"{time.monotonic() - started:.0f} s")  # fmt: skip

    def start_server(self):
        self.log = open(self.work / "gunicorn.log", "wb")  # noqa: SIM115 - open while it runs
        self.server = subprocess.Popen(
            [GUNICORN, "-c", str(ROOT / "deploy" / "gunicorn.conf.py")],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        for _ in range(150):
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not answer /healthz")
        index = urllib.request.urlopen(self.base + "/sitemap.xml", timeout=30).read().decode()
        pages = ["/", "/en/", "/hoi-dap/"]
        for section in re.findall(r"<loc>([^<]+)</loc>", index):
            path = urllib.parse.urlsplit(section).path
            listed = urllib.request.urlopen(self.base + path, timeout=30).read().decode()
            locs = re.findall(r"<loc>([^<]+)</loc>", listed)[:6]
            pages += [urllib.parse.urlsplit(loc).path for loc in locs]
        self.pages = list(dict.fromkeys(pages))
        workers = len(re.findall(r"Booting worker", (self.work / "gunicorn.log").read_text()))
        print(f"   gunicorn -c deploy/gunicorn.conf.py on {self.base}: {workers} workers; "
              f"{len(self.pages)} public pages in the mix")  # fmt: skip

    def phases(self):
        clients = [Client(self, n, "editor") for n in range(EDITORS)]
        clients += [Client(self, EDITORS + n, "asker") for n in range(ASKERS)]
        clients += [Client(self, n, "reader") for n in range(EDITORS + ASKERS, CLIENTS)]
        self.clients = clients
        self.phase = "plain load"
        self.events["start"] = time.monotonic()
        for client in clients:
            client.start()
        time.sleep(self.duration)

        self.phase = "PostgreSQL restart"
        time.sleep(self.duration / 2)
        self.events["pg_down"], self.events["pg_up"] = self.services.restart_postgres()
        time.sleep(max(0.0, self.duration / 2 - (self.events["pg_up"] - self.events["pg_down"])))

        self.phase = "Redis stopped"
        time.sleep(self.duration / 3)
        self.services.stop_redis()
        self.events["redis_down"] = time.monotonic()
        time.sleep(self.duration / 3)
        self.services.start_redis()
        self.events["redis_up"] = time.monotonic()
        time.sleep(self.duration / 3)
        self.done.set()
        for client in clients:
            client.join(60)
        self.phase = "after"

    def stored(self) -> dict:
        code = f"""
import json
from news.models import Article
from news.questions.models import Question
mine = Article.objects.filter(pk__in={list(self.articles.values())})
articles = {{a.pk: [a.title, a.body] for a in mine}}
titles = list(Question.objects.filter(title__startswith="Soak ").values_list("title", flat=True))
print(json.dumps({{"articles": articles, "questions": titles}}))
"""
        return json.loads(self.manage("shell", "-v0", "-c", code).strip().splitlines()[-1])

    def stop(self):
        if self.server is not None:
            self.server.terminate()
            try:
                self.server.wait(30)
            except subprocess.TimeoutExpired:
                self.server.kill()


def number(text: str) -> int:
    match = re.search(r"lần (\d+)", text)
    return int(match.group(1)) if match else -1


def report(run: Soak) -> list[str]:
    """Print the figures; the failed checks."""
    failures: list[str] = []
    tally = run.tally
    order = ["plain load", "PostgreSQL restart", "Redis stopped"]
    readers = CLIENTS - EDITORS - ASKERS
    print(
        f"\n== Soak: {CLIENTS} clients ({readers} readers, {ASKERS} askers, {EDITORS} editors), "
        f"{run.duration:.0f} s a phase, gunicorn + PostgreSQL 15 + Redis"
    )
    print(
        f"{'phase':<20}{'requests':>9}{'req/s':>8}{'2xx/3xx':>9}{'4xx':>6}{'503':>6}"
        f"{'other 5xx':>10}{'no answer':>10}{'cached':>7}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}"
    )
    for phase in order:
        counts = Counter()
        for (p, _kind, status), n in tally.statuses.items():
            if p != phase:
                continue
            key = ("ok" if status < 400 else "4xx" if status < 500 else "503" if status == 503
                   else "no answer" if status == 0 else "5xx")  # fmt: skip
            if status == 0:
                key = "no answer"
            counts[key] += n
        lat = sorted(tally.latencies[phase]) or [0.0]
        total = sum(counts.values())
        p95 = lat[int(len(lat) * 0.95) - 1] if len(lat) > 1 else lat[0]
        print(
            f"{phase:<20}{total:>9}{total / run.duration:>8.0f}{counts['ok']:>9}"
            f"{counts['4xx']:>6}{counts['503']:>6}{counts['5xx']:>10}{counts['no answer']:>10}"
            f"{tally.hits[phase]:>7}"
            f"{statistics.median(lat) * 1000:>8.0f}{p95 * 1000:>8.0f}{lat[-1] * 1000:>8.0f}"
        )
        if counts["5xx"] or counts["no answer"]:
            failures.append(f"{phase}: {counts['5xx']} other 5xx, {counts['no answer']} unanswered")
        if phase != "PostgreSQL restart" and counts["503"]:
            failures.append(f"{phase}: {counts['503']} answers 503")

    by_kind = Counter()
    for (_p, kind, status), n in tally.statuses.items():
        by_kind[(kind, "ok" if 0 < status < 400 else str(status))] += n
    kinds = ", ".join(f"{k} {s}: {n}" for (k, s), n in sorted(by_kind.items()))
    print(f"   by kind and answer: {kinds}")

    down, up = run.events.get("pg_down", 0), run.events.get("pg_up", 0)
    after = [t for phase, t, status, _u in tally.bad if phase == "PostgreSQL restart" and t > up]
    recovered = max(after) - up if after else 0.0
    before = [t for phase, t, status, _u in tally.bad if phase == "PostgreSQL restart" and t < down]
    print(f"   PostgreSQL restart: down for {up - down:.1f} s; last 503 {recovered:.2f} s after it "
          f"was back (limit {RECOVERY_SECONDS} s); 503 pages friendly: "
          f"{'yes' if not tally.unfriendly else 'NO'}")  # fmt: skip
    if recovered > RECOVERY_SECONDS:
        failures.append(f"the site took {recovered:.1f} s to recover after PostgreSQL came back")
    if before:
        failures.append(f"{len(before)} errors before PostgreSQL went down")
    if tally.unfriendly:
        failures.append(f"{len(tally.unfriendly)} 503 answers without the friendly page")
    redis = run.events.get("redis_up", 0) - run.events.get("redis_down", 0)
    print(f"   Redis stopped for {redis:.1f} s, then started again (empty)")

    stored = run.stored()
    lost_saves, half, saves_acked, saves_tried = [], [], 0, 0
    for client in run.clients:
        if client.kind != "editor":
            continue
        title, body = stored["articles"][str(run.articles[client.n])]
        in_db = number(title)
        saves_acked += client.acked
        saves_tried += client.tried
        if in_db < client.acked or in_db > client.tried:
            lost_saves.append(f"editor {client.n}: told {client.acked}, database {in_db}")
        if number(body) != in_db:
            half.append(f"editor {client.n}: title {in_db}, body {number(body)}")
    print(f"   editor saves: {saves_tried} sent, {saves_acked} confirmed; lost {len(lost_saves)}, "
          f"half-done {len(half)}")  # fmt: skip
    failures += [f"save lost: {x}" for x in lost_saves] + [f"save half-done: {x}" for x in half]

    asked = [t for c in run.clients if c.kind == "asker" for t in c.asked]
    counts = Counter(stored["questions"])
    lost = [t for t in asked if counts[t] == 0]
    doubled = [t for t, n in counts.items() if n > 1]
    unconfirmed = [t for t in counts if t not in set(asked)]
    print(f"   questions: {len(asked)} confirmed, {sum(counts.values())} stored; lost {len(lost)}, "
          f"duplicated {len(doubled)}, stored without confirmation {len(unconfirmed)}")  # fmt: skip
    failures += [f"question lost: {t}" for t in lost[:5]]
    failures += [f"question stored twice: {t}" for t in doubled[:5]]
    refused = [r for c in run.clients for r in c.refused]
    if refused:
        print(f"   refused or failed client steps: {len(refused)}, e.g. {refused[:3]}")
        failures.append(f"{len(refused)} saves or questions refused with a 4xx or failed")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float,
                        default=float(os.environ.get("DURATION") or 60),
                        help="seconds of each of the three phases (default 60)")  # fmt: skip
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="portal-soak."))
    os.chmod(work, 0o755)  # noqa: S103 - the postgres user reaches its data folder inside
    run = Soak(work, args.duration)
    failures = ["did not finish"]
    try:
        print("== Soak on loopback: PostgreSQL, Redis, gunicorn (throwaway)")
        run.prepare()
        run.start_server()
        run.phases()
        failures = report(run)
    finally:
        run.done.set()
        run.stop()
        run.services.stop()
    if failures:
        for failure in failures[:20]:
            print("  FAILED:", failure)
        print("--- gunicorn's log (last lines)")
        print((work / "gunicorn.log").read_text("utf-8", "replace")[-4000:])
    shutil.rmtree(work, ignore_errors=True)
    print(f"soak: {'passed' if not failures else 'FAILED'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
