"""Two app servers on one PostgreSQL and one Redis, as several hosts behind a load balancer run
the portal (`make two-servers`; CI runs it in its PostgreSQL phase).

Starts two gunicorn servers (A and B: DEBUG off, two workers each, the page cache on) that
share nothing but what production hosts share: the database, Redis (REDIS_URL: the page cache,
its version tokens, the frame) and the uploads' folder (MEDIA_ROOT, a mounted folder in
production). Then, as a person would notice it, over HTTP:

1. a login made on A is valid on B (sessions in the database);
2. a photo uploaded through A's editor is served by B (the shared uploads);
3. a page cached by A is served by B from the cache: B still shows it after the database was
   changed behind the portal's back with raw SQL (the shared page cache);
4. an article saved through A's admin is on B's page at once (the version tokens in Redis);
5. a sidebar link changed through A's admin is on B's cached home page at once (the frame);
6. an article deleted through A's admin is gone from B at once;
7. questions sent alternately to A and B meet one limit per address (portal/guard.py);
8. wrong passwords typed alternately on A and B lock the account on both (django-axes).

PostgreSQL: DATABASE_URL when it names one (a database of its own is made on that server and
dropped after); otherwise a throwaway cluster started here (root and Debian's postgresql
needed). Redis: a throwaway redis-server on a free port (Debian's redis-server). When either
cannot be had, the run is skipped with the reason (exit 0), but fails under CI=true. Exits 1
when any check fails, printing the servers' logs.
"""

from __future__ import annotations

import html
import html.parser
import http.cookiejar
import io
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PGBIN = Path("/usr/lib/postgresql/15/bin")
DATABASE = "portal_two_servers"
ADMIN, PASSWORD = "quantri", "mat-khau-hai-may-chu-" + secrets.token_hex(4)
ENROL = "/admin/xac-thuc/thiet-lap/"


def one_time_code(secret: str) -> str:
    """The code an authenticator app shows for ``secret`` (as printed on the set-up page)."""
    import base64

    from django_otp.oath import totp

    key = secret.replace(" ", "")
    return f"{totp(base64.b32decode(key + '=' * (-len(key) % 8))):06d}"


QUESTIONS_PER_HOUR = 3  # the default limit per address
WRONG_PASSWORDS = 5  # AXES_FAILURE_LIMIT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Skip(Exception):
    """PostgreSQL or Redis cannot be had on this machine."""


# HTTP as a browser speaks it: cookies, forms, no redirects followed


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body
        self.text = body.decode("utf-8", "replace")

    def header(self, name: str) -> str:
        return self.headers.get(name, "") or ""


class Browser:
    """One person's browser: its own cookie jar (cookies do not depend on the port, so the same
    jar talks to A and B as one browser would to one address behind a load balancer)."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")

    def request(self, url, data=None, headers=None) -> Response:
        req = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with self.opener.open(req, timeout=60) as r:
                return Response(r.status, r.headers, r.read())
        except urllib.error.HTTPError as e:
            return Response(e.code, e.headers, e.read())

    def get(self, url) -> Response:
        return self.request(url)

    def post(self, url, fields: list[tuple[str, str]], referer: str = "") -> Response:
        body = urllib.parse.urlencode(fields).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Referer": referer or url}
        return self.request(url, body, headers)

    def post_file(self, url, field: str, name: str, data: bytes, mime: str) -> Response:
        boundary = "----portal" + secrets.token_hex(8)
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
                f'filename="{name}"\r\nContent-Type: {mime}\r\n\r\n'
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-CSRFToken": self.cookie("csrftoken"),
            "Referer": url,
        }
        return self.request(url, body, headers)


class Forms(html.parser.HTMLParser):
    """The forms of a page and what a browser would send for each of them untouched."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select = self._textarea = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.forms.append({"attrs": a, "fields": [], "options": {}})
        if not self.forms or "disabled" in a:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "image", "file", "reset"):
                fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "multiple": "multiple" in a, "options": []}
        elif tag == "option" and self._select is not None:
            self._select["options"].append((a.get("value"), "selected" in a, []))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        elif self._select is not None and self._select["options"]:
            self._select["options"][-1][2].append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            value = self._textarea[1].removeprefix("\n")  # as browsers read it
            self.forms[-1]["fields"].append((self._textarea[0], value))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            options = [(v if v is not None else "".join(t).strip(), s) for v, s, t in
                       self._select["options"]]  # fmt: skip
            chosen = [v for v, selected in options if selected]
            if not chosen and options and not self._select["multiple"]:
                chosen = [options[0][0]]
            self.forms[-1]["fields"].extend((self._select["name"], v) for v in chosen)
            self.forms[-1]["options"][self._select["name"]] = [v for v, _s in options]
            self._select = None

    def form(self, **attrs) -> dict:
        for form in self.forms:
            if all(form["attrs"].get(k) == v for k, v in attrs.items()):
                return form
        raise AssertionError(f"no form with {attrs} on the page")

    def form_with(self, field: str) -> dict:
        for form in self.forms:
            if any(name == field for name, _value in form["fields"]):
                return form
        raise AssertionError(f"no form with a field {field!r} on the page")


def filled(form: dict, changes: dict[str, str], submit: tuple[str, str] | None = None):
    """The form's fields as shown, with ``changes`` typed in (new names added)."""
    fields = [(k, changes.get(k, v)) for k, v in form["fields"]]
    names = {k for k, _v in fields}
    fields += [(k, v) for k, v in changes.items() if k not in names]
    return [*fields, *([submit] if submit else [])]


# The services


class Services:
    """PostgreSQL (given or started here) and a throwaway Redis; everything started here is
    stopped by its own process id."""

    def __init__(self, work: Path):
        self.work = work
        self.pgdata: Path | None = None
        self.redis: subprocess.Popen | None = None
        self.admin_url = ""

    def start(self) -> tuple[str, str]:
        given = os.environ.get("DATABASE_URL", "")
        if given.startswith(("postgres://", "postgresql://")):
            self.admin_url = given
        else:
            self.admin_url = self._start_postgres()
        redis_url = self._start_redis()
        parts = urllib.parse.urlsplit(self.admin_url)
        database_url = urllib.parse.urlunsplit(parts._replace(path=f"/{DATABASE}"))
        self._sql(f"DROP DATABASE IF EXISTS {DATABASE}", f"CREATE DATABASE {DATABASE}")
        return database_url, redis_url

    def _sql(self, *statements, url: str = ""):
        import psycopg2

        connection = psycopg2.connect(url or self.admin_url)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        finally:
            connection.close()

    def _start_postgres(self) -> str:
        if not (PGBIN / "initdb").exists():
            raise Skip("PostgreSQL 15 is not installed (scripts/system-deps.sh servers, as root)")
        if os.geteuid() != 0:
            raise Skip("a throwaway PostgreSQL is started as the postgres user: run as root, "
                       "or set DATABASE_URL to a PostgreSQL server")  # fmt: skip
        self.pgdata = Path(tempfile.mkdtemp(prefix="portal-two-pg."))
        socket_dir = self.pgdata / "sock"
        socket_dir.mkdir()
        shutil.chown(self.pgdata, "postgres", "postgres")
        shutil.chown(socket_dir, "postgres", "postgres")
        port = free_port()
        data = self.pgdata / "data"
        self._as_postgres(f"{PGBIN}/initdb -D {data} -E UTF8 --locale=C.UTF-8 -U postgres -A trust")
        self._as_postgres(
            f"{PGBIN}/pg_ctl -D {data} -l {self.pgdata}/server.log -o '-p {port} -k {socket_dir} "
            "-c listen_addresses=127.0.0.1 -c fsync=off' -w start"
        )
        return f"postgres://postgres@127.0.0.1:{port}/postgres"

    @staticmethod
    def _as_postgres(command: str):
        subprocess.run(["su", "postgres", "-c", command], check=True, capture_output=True)

    def _start_redis(self) -> str:
        binary = shutil.which("redis-server")
        if not binary:
            raise Skip("redis-server is not installed (scripts/system-deps.sh servers, as root)")
        port = free_port()
        self.redis = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.work)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return f"redis://127.0.0.1:{port}/0"
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.admin_url:
            try:
                self._sql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            except Exception as exc:  # cleaning up: report, go on
                print(f"   (could not drop {DATABASE}: {exc})")
        if self.redis is not None:
            self.redis.terminate()
            self.redis.wait(10)
        if self.pgdata is not None:
            subprocess.run(
                ["su", "postgres", "-c", f"{PGBIN}/pg_ctl -D {self.pgdata}/data -m fast stop"],
                capture_output=True, check=False,
            )  # fmt: skip
            shutil.rmtree(self.pgdata, ignore_errors=True)


# The two servers and the checks


class Run:
    def __init__(self, work: Path, database_url: str, redis_url: str):
        self.work = work
        self.database_url = database_url
        port_a, port_b = free_port(), free_port()
        self.a, self.b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
        self.ports = {"A": port_a, "B": port_b}
        self.env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
            "DEBUG": "0",
            "HTTPS": "0",
            "SECRET_KEY": "two-servers-" + secrets.token_urlsafe(40),  # the same on every host
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "MEDIA_ROOT": str(work / "media"),  # the folder every host mounts
            "MEDIA_STORAGE": "filesystem",
            "SITE_URL": self.a,
            "PAGE_CACHE_SECONDS": "600",
            "FORM_MIN_SECONDS": "0",
            "TRUSTED_PROXIES": "",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        }
        for name in ("EMAIL_HOST", "DOWNLOAD_ACCEL_PREFIX", "QUESTIONS_PER_ADDRESS_HOUR"):
            self.env.pop(name, None)
        self.servers: dict[str, subprocess.Popen] = {}
        self.results: list[tuple[str, bool, str]] = []

    def manage(self, *args, **extra) -> str:
        result = subprocess.run(
            [PY, "manage.py", *args], cwd=ROOT, env={**self.env, **extra},
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def prepare(self):
        started = time.monotonic()
        self.manage("migrate", "--noinput", "-v0")
        self.manage("load_demo", "-v0")
        self.manage(
            "createsuperuser", "--noinput", "--username", ADMIN, "--email", "qt@example.gov.vn",
            DJANGO_SUPERUSER_PASSWORD=PASSWORD,
        )  # fmt: skip
        code = (
            "import json; from news.models import Article; from portal.models import ServiceLink; "
            "a = Article.objects.published().order_by('-publish_at').first(); "
            "s = ServiceLink.objects.order_by('order', 'pk').first(); "
            "print(json.dumps({'id': a.pk, 'url': a.get_absolute_url(), 'title': a.title, "
            "'link': s.pk, 'link_title': s.title}))"
        )
        self.demo = json.loads(self.manage("shell", "-v0", "-c", code).strip().splitlines()[-1])
        print(f"   database migrated, demo loaded: {time.monotonic() - started:.1f} s")

    def start_servers(self):
        for name, port in self.ports.items():
            log = open(self.work / f"gunicorn-{name}.log", "wb")  # noqa: SIM115 - kept open
            self.servers[name] = subprocess.Popen(
                [GUNICORN, "portal.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", "2",
                 "--log-level", "warning", "--timeout", "60"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        for name, base in (("A", self.a), ("B", self.b)):
            for _ in range(150):
                try:
                    with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    time.sleep(0.2)
            else:
                raise RuntimeError(f"server {name} did not answer /healthz")
        print(f"   server A {self.a}, server B {self.b} (gunicorn, 2 workers each, DEBUG off)")

    def stop_servers(self):
        for server in self.servers.values():
            server.terminate()
        for server in self.servers.values():
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()

    def check(self, name: str, test) -> bool:
        started = time.monotonic()
        try:
            detail = test() or ""
            ok = True
        except AssertionError as exc:
            ok, detail = False, str(exc)
        except Exception as exc:  # any failure is reported
            ok, detail = False, f"{type(exc).__name__}: {exc}"
        took = (time.monotonic() - started) * 1000
        print(f"{'ok  ' if ok else 'FAIL'} {name} ({took:.0f} ms){': ' + detail if detail else ''}")
        self.results.append((name, ok, detail))
        return ok

    def raw_sql(self, statement: str, *params):
        import psycopg2

        connection = psycopg2.connect(self.database_url)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement, params)
        finally:
            connection.close()

    # The checks, in order: each one as a person would notice it

    def checks(self):
        staff, article = Browser(), self.demo
        page = article["url"]

        def login_on_a_is_valid_on_b():
            form = Forms(staff.get(self.a + "/admin/login/").text).form(id="login-form")
            fields = filled(form, {"username": ADMIN, "password": PASSWORD})
            answer = staff.post(self.a + "/admin/login/", fields)
            assert answer.status == 302, f"login on A answered {answer.status}"
            # The superuser must set up a second factor (portal/staff.py): the app is added from
            # A's page and confirmed with its code on B, as the session is shared.
            held = staff.get(self.b + "/admin/")
            assert held.status == 302 and "/admin/xac-thuc/" in held.header("Location"), (
                f"B's admin answered {held.status} before the second factor"
            )
            secret = re.search(r'id="secret">([A-Z2-7 ]+)<', staff.get(self.a + ENROL).text)
            assert secret, "A's set-up page shows no secret"
            code = one_time_code(secret.group(1))
            form = Forms(staff.get(self.b + ENROL).text).form_with("code")
            confirmed = staff.post(self.b + ENROL, filled(form, {"code": code}))
            assert confirmed.status == 302, f"B refused A's new app's code ({confirmed.status})"
            on_b = staff.get(self.b + "/admin/")
            assert on_b.status == 200, f"B's admin answered {on_b.status} to A's session"
            assert ADMIN in on_b.text, "B's admin does not name the person logged in on A"
            assert Browser().get(self.b + "/admin/").status == 302, "B's admin open to anyone"

        def upload_on_a_is_served_by_b():
            from PIL import Image

            buffer = io.BytesIO()
            Image.new("RGB", (900, 600), (40, 120, 90)).save(buffer, "JPEG")
            staff.get(self.a + "/admin/portal/photo/add/")  # the CSRF cookie, as the editor has
            answer = staff.post_file(
                self.a + "/admin/portal/photo/upload/", "upload", "anh.jpg",
                buffer.getvalue(), "image/jpeg",
            )  # fmt: skip
            assert answer.status == 200, f"upload on A answered {answer.status}"
            url = json.loads(answer.text).get("url", "")
            assert url.startswith("/media/photos/"), f"upload answered {answer.text[:200]}"
            photo = Browser().get(self.b + url)
            assert photo.status == 200, f"B answered {photo.status} for {url}"
            assert photo.header("Content-Type") == "image/jpeg"
            return url

        def page_cached_by_a_is_served_by_b():
            reader = Browser()
            first = reader.get(self.a + page)
            assert first.status == 200, f"A answered {first.status}"
            assert article["title"] in html.unescape(first.text), "A's page lacks the title"
            on_b = reader.get(self.b + page)
            assert on_b.header("X-Page-Cache") == "hit", (
                f"B's X-Page-Cache is {on_b.header('X-Page-Cache')!r} for A's page"
            )
            # Behind the portal's back: no version changes, so both still serve the stored page.
            self.raw_sql(
                "UPDATE news_article SET title = %s WHERE id = %s", "Sửa ngầm", article["id"]
            )
            again = reader.get(self.b + page)
            assert again.header("X-Page-Cache") == "hit" and "Sửa ngầm" not in again.text, (
                "B rendered the page again instead of serving the shared copy"
            )
            return f"A: {first.header('X-Page-Cache') or 'not cached'}, B: hit, after raw SQL: hit"

        def edit_on_a_is_on_b_at_once():
            change = f"{self.a}/admin/news/article/{article['id']}/change/"
            form = Forms(staff.get(change).text).form(id="article_form")
            title = "Bài sửa trên máy chủ A " + secrets.token_hex(3)
            answer = staff.post(change, filled(form, {"title": title}, ("_save", "Lưu")))
            saved = time.monotonic()
            errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', answer.text)
            assert answer.status == 302, f"A's admin answered {answer.status}: {errors[:3]}"
            on_b = Browser().get(self.b + page)
            took = (time.monotonic() - saved) * 1000
            assert title in html.unescape(on_b.text), "B still shows the old article"
            assert on_b.header("X-Page-Cache") != "hit", "B served a stale copy"
            article["title"] = title
            return f"on B {took:.0f} ms after A's answer"

        def frame_change_on_a_is_on_b_at_once():
            reader = Browser()
            reader.get(self.b + "/")
            assert reader.get(self.b + "/").header("X-Page-Cache") == "hit", "B's home not cached"
            change = f"{self.a}/admin/portal/servicelink/{article['link']}/change/"
            form = Forms(staff.get(change).text).form(id="servicelink_form")
            title = "Liên kết sửa trên A " + secrets.token_hex(3)
            answer = staff.post(change, filled(form, {"title": title}, ("_save", "Lưu")))
            assert answer.status == 302, f"the admin on A answered {answer.status}"
            home = reader.get(self.b + "/")
            assert title in html.unescape(home.text), "B's home page still shows the old link"
            return "B's cached home page shows the new link"

        def deleted_on_a_is_gone_from_b():
            reader = Browser()
            assert reader.get(self.b + page).status == 200
            delete = f"{self.a}/admin/news/article/{article['id']}/delete/"
            form = Forms(staff.get(delete).text).form_with("post")
            answer = staff.post(delete, filled(form, {"post": "yes"}))
            assert answer.status == 302, f"deleting on A answered {answer.status}"
            gone = reader.get(self.b + page)
            assert gone.status == 404, f"B answered {gone.status} for the deleted article"

        def questions_meet_one_limit_on_both():
            citizen = Browser()
            statuses, refusals = [], []
            for n in range(QUESTIONS_PER_HOUR + 1):
                base = (self.a, self.b)[n % 2]
                ask = base + "/hoi-dap/dat-cau-hoi/"
                form = Forms(citizen.get(ask).text).form(method="post")
                fields = filled(form, {
                    "asker_name": "Nguyễn Văn An", "email": "an@example.vn",
                    "topic": next(v for v in form["options"]["topic"] if v),
                    "title": f"Câu hỏi thứ {n + 1} về thủ tục cấp phép",
                    "question": f"Xin hỏi hồ sơ thứ {n + 1} cần những giấy tờ gì và nộp ở đâu?",
                    "consent": "on",
                })  # fmt: skip
                answer = citizen.post(ask, fields)
                statuses.append(answer.status)
                if answer.status == 400:  # the form refused: say what it said
                    alert = re.search(r'<div class="form-errors".*?</div>', answer.text, re.S)
                    refusals.append(re.sub(r"<[^>]+>|\s+", " ", alert[0] if alert else "").strip())
            expected = [302] * QUESTIONS_PER_HOUR + [429]
            assert statuses == expected, (
                f"answers A, B, A, B: {statuses}, expected {expected}; form errors: {refusals}"
            )
            return f"answers alternately from A and B: {statuses}"

        def wrong_passwords_lock_on_both():
            statuses = []
            for n in range(WRONG_PASSWORDS):
                base = (self.a, self.b)[n % 2]
                person = Browser()
                form = Forms(person.get(base + "/admin/login/").text).form(id="login-form")
                answer = person.post(
                    base + "/admin/login/", filled(form, {"username": ADMIN, "password": "sai"})
                )
                statuses.append(answer.status)
            for name, base in (("A", self.a), ("B", self.b)):
                person = Browser()
                form = Forms(person.get(base + "/admin/login/").text).form(id="login-form")
                right = person.post(
                    base + "/admin/login/", filled(form, {"username": ADMIN, "password": PASSWORD})
                )
                assert right.status != 302, f"{name} let the right password in after the lock"
                assert "Tạm khoá đăng nhập" in right.text, f"{name} answered {right.status}"
            return f"{WRONG_PASSWORDS} wrong passwords (A, B, …): locked on A and on B"

        self.check("a login made on A is valid on B", login_on_a_is_valid_on_b)
        self.check("a photo uploaded through A is served by B", upload_on_a_is_served_by_b)
        self.check("a page cached by A is served by B", page_cached_by_a_is_served_by_b)
        self.check("an article saved through A's admin is on B at once", edit_on_a_is_on_b_at_once)
        self.check("a sidebar link changed on A is on B's cached pages at once",
                   frame_change_on_a_is_on_b_at_once)  # fmt: skip
        self.check("an article deleted on A is gone from B at once", deleted_on_a_is_gone_from_b)
        self.check(f"{QUESTIONS_PER_HOUR} questions an hour per address, across A and B",
                   questions_meet_one_limit_on_both)  # fmt: skip
        self.check("wrong passwords on A and B lock the account on both",
                   wrong_passwords_lock_on_both)  # fmt: skip

    def print_logs(self):
        for name in self.ports:
            log = (self.work / f"gunicorn-{name}.log").read_text("utf-8", "replace")
            print(f"--- server {name}'s log (last lines)\n{log[-4000:]}")


def main() -> int:
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="portal-two-servers."))
    services = Services(work)
    run = None
    try:
        print("== Two servers on one PostgreSQL and one Redis")
        try:
            database_url, redis_url = services.start()
        except Skip as reason:
            if os.environ.get("CI", "").lower() == "true":
                print(f"Two servers: cannot run ({reason}); CI needs this test.", file=sys.stderr)
                return 1
            print(f"Two servers: skipped, {reason}.")
            return 0
        run = Run(work, database_url, redis_url)
        run.prepare()
        run.start_servers()
        run.checks()
    finally:
        if run is not None:
            run.stop_servers()
        services.stop()
    failed = [name for name, ok, _detail in run.results if not ok]
    if failed:
        run.print_logs()
    shutil.rmtree(work, ignore_errors=True)
    print(f"== Two servers in {time.monotonic() - started:.0f} s")
    print(f"two-servers: {len(run.results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
