#!/usr/bin/env python3
"""`make bench`: the portal's speed against its targets (issue "Speed and scale"), one table.

Every figure comes from one run on this machine, so they compare with each other only:
1. the demo site (SQLite) under gunicorn (2 workers, DEBUG off), measured with wrk on loopback:
   a static file, then one address of every public page kind (the sitemap's URL names, a search,
   a filtered list) from the page cache, with the database cache and with Redis;
2. the same pages with the page cache off (PAGE_CACHE_SECONDS=0), at 16 connections and at one;
   a stock Wagtail site's article page with the same content (in its own virtual environment,
   outside the checkout, made once in ~/.cache/portal-bench) at 16 connections, for the ratio;
3. the weight of an article page (HTML, CSS and JavaScript, compressed);
4. on a throwaway PostgreSQL cluster: N articles, N/10 documents and N/20 answered questions
   (manage.py bench_data, with a progress bar), then the large-archive pages at one connection,
   search, every page's query count against the demo's, and EXPLAIN of the public lists' main
   queries. The cluster is discarded at the end, with everything in it.

Usage: scripts/bench.py [--articles N] [--seconds S]; `make bench N=20000` for a quick run.
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG_BIN = Path("/usr/lib/postgresql/15/bin")
WAGTAIL_VENV = Path(
    os.environ.get("BENCH_WAGTAIL_VENV", Path.home() / ".cache" / "portal-bench" / "wagtail-8")
)
WAGTAIL_SPEC = "wagtail>=8,<9"
# The large-archive pages and their limit (ms, p50 at one connection, page cache off).
LARGE_PAGES = {
    "home": 25,
    "category, page 1": 25,
    "category, last page": 25,
    "article": 25,
    "documents, filtered": 25,
    "events": 25,
    "search": 100,
}

results: list[tuple[str, str, str, bool]] = []  # (target, measured, limit, met)
EVERY: list[str] = []  # every address of the demo's sitemap
SAME: dict[str, int | None] = {}  # the demo's addresses' query counts in the large archive


def say(text: str = "") -> None:
    print(text, flush=True)


def target(name: str, measured: str, limit: str, met: bool) -> None:
    results.append((name, measured, limit, met))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, cwd=ROOT, check=True, **kwargs)


def manage(env: dict, *args: str, quiet: bool = True) -> str:
    out = run([PY, "manage.py", *args], env, capture_output=quiet, text=True)
    return out.stdout if quiet else ""


def get(url: str, gzip_ok: bool = False) -> tuple[int, dict, bytes]:
    headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@contextmanager
def server(args: list[str], env: dict, port: int, log: Path, health: str = "/"):
    with open(log, "ab") as out:
        process = subprocess.Popen(
            args, env=env, cwd=env.get("_CWD", ROOT), stdout=out, stderr=out, start_new_session=True
        )
    try:
        for _ in range(150):
            try:
                if get(f"http://127.0.0.1:{port}{health}")[0] < 500:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit(f"The server did not start: see {log}")
        yield
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def gunicorn(
    env: dict, port: int, log: Path, app: str = "portal.wsgi:application", binary: str = GUNICORN
):
    args = [binary, app, "-b", f"127.0.0.1:{port}", "-w", "2", "--log-level", "warning"]
    return server(args, env, port, log, health="/healthz" if app.startswith("portal") else "/")


def wrk(url: str, seconds: float, connections: int) -> dict:
    threads = 1 if connections == 1 else 2
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--latency",
            "-H",
            "Accept-Encoding: gzip",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"\s50%\s+([\d.]+)(us|ms|s)\b", out)
    p50_ms = float(p50.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p50.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failed = int(bad.group(1)) if bad else 0
    failed += sum(int(n) for n in errors.groups()) if errors else 0
    return {"rps": rps, "p50": p50_ms, "errors": failed}


def table(rows: list[list], header: list[str]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join(f"{{:<{w}}}" if i == 0 else f"{{:>{w}}}" for i, w in enumerate(widths))
    say(line.format(*header))
    for row in rows:
        say(line.format(*row))


def page_kinds(env: dict, large: bool = False, same: dict | None = None) -> dict:
    """{kind: {"path", "queries", ...}}; with ``same`` ({kind: path}) also ``SAME``: each of
    those addresses' query count here."""
    out = run(
        [PY, "scripts/bench/pages.py", *(["--large"] if large else [])],
        {**env, "BENCH_SAME_PATHS": json.dumps(same or {})},
        capture_output=True,
        text=True,
    ).stdout
    found = json.loads(out.strip().splitlines()[-1])
    EVERY[:] = found["every"]
    SAME.clear()
    SAME.update(found["same"])
    return found["kinds"]


# 1 and 2: the demo site


def cached_pages(env: dict, kinds: dict, seconds: float, label: str, work: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with gunicorn({**env, "PAGE_CACHE_SECONDS": "600"}, port, work / "gunicorn.log"):
        home = get(base + "/")[2].decode()
        css = re.search(r'href="(/static/css/site[^"]*\.css)"', home).group(1)
        static = wrk(base + css, seconds, 16)
        rows = [
            [
                "static file " + css.rsplit("/", 1)[-1],
                f"{static['rps']:.0f}",
                "1.00",
                static["errors"],
                "-",
            ]
        ]
        worst = None
        for n, (kind, page) in enumerate(kinds.items()):
            if n and n % 6 == 0:  # the machine drifts: each page against a recent static figure
                static = wrk(base + css, seconds, 16)
                rows.append(
                    ["static file (again)", f"{static['rps']:.0f}", "1.00", static["errors"], "-"]
                )
            url = base + page["path"]
            get(url)
            _status, headers, _body = get(url)
            hit = headers.get("X-Page-Cache", "-")
            measured = wrk(url, seconds, 16)
            ratio = measured["rps"] / static["rps"]
            rows.append([kind, f"{measured['rps']:.0f}", f"{ratio:.2f}", measured["errors"], hit])
            if hit == "hit" and (worst is None or ratio < worst[1]):
                worst = (kind, ratio, measured["errors"])
        if label == "database cache":
            refill = after_a_publish(env, base)
    say(f"== Cached pages, {label}: requests/s at 16 connections, against the static file")
    table(rows, ["page", "req/s", "× static", "errors", "cache"])
    errors = sum(r[3] for r in rows)
    pages = [r for r in rows[1:] if not r[0].startswith("static file")]
    not_cached = [r[0] for r in pages if r[4] != "hit" and not r[0].startswith("search")]
    say(
        f"Not from the page cache (by design: free-text queries): "
        f"{', '.join(r[0] for r in pages if r[4] != 'hit') or 'none'}"
    )
    if label == "database cache":
        count, spent = refill
        say(
            f"After a publish (the content's version changed): every page of the sitemap, "
            f"{count} addresses, rendered again once in {spent:.2f} s "
            f"({spent / count * 1000:.1f} ms each), then served from the cache again"
        )
    target(
        f"cached page ≥ 0.7× static file ({label})",
        f"{worst[1]:.2f} (slowest: {worst[0]})",
        "0.70",
        worst[1] >= 0.7 and errors == 0 and not not_cached,
    )


def after_a_publish(env: dict, base: str) -> tuple[int, float]:
    """What a save costs the page cache: the version changes, every page is stale at once, and
    each is rendered again on its next request (measured: every sitemap address once)."""
    manage(
        env, "shell", "-v0", "-c", "from portal import pagecache; pagecache.bump_content_version()"
    )
    started = time.perf_counter()
    for path in EVERY:
        get(base + path)
    spent = time.perf_counter() - started
    misses = sum(get(base + path)[1].get("X-Page-Cache") != "hit" for path in EVERY)
    assert misses == 0, f"{misses} pages not served from the cache after the refill"
    return len(EVERY), spent


def uncached_pages(env: dict, kinds: dict, seconds: float, work: Path) -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    measured = {}
    with gunicorn({**env, "PAGE_CACHE_SECONDS": "0"}, port, work / "gunicorn.log"):
        for kind, page in kinds.items():
            url = base + page["path"]
            get(url)
            many = wrk(url, seconds, 16)
            one = wrk(url, max(2, seconds / 2), 1)
            measured[kind] = {
                "rps": many["rps"],
                "p50": one["p50"],
                "errors": many["errors"] + one["errors"],
            }
    return measured


def wagtail_reference(env: dict, seconds: float, work: Path) -> dict | None:
    python = WAGTAIL_VENV / "bin" / "python"
    if not (WAGTAIL_VENV / "bin" / "gunicorn").exists():
        say(f"Installing {WAGTAIL_SPEC} and gunicorn into {WAGTAIL_VENV} (once)…")
        try:
            WAGTAIL_VENV.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run([sys.executable, "-m", "venv", str(WAGTAIL_VENV)], check=True)
            subprocess.run(
                [str(python), "-m", "pip", "install", "-q", WAGTAIL_SPEC, "gunicorn"], check=True
            )
        except subprocess.CalledProcessError:
            say("Wagtail could not be installed (no package index?): no Wagtail ratio.")
            return None
    content = work / "wagtail-content.json"
    manage(
        env,
        "shell",
        "-v0",
        "-c",
        (
            "import json, re\n"
            "from news.models import Article\n"
            "a = Article.objects.published().filter(lead_photo__isnull=False)"
            ".order_by('publish_at').first()\n"
            "body = re.sub(r'<figure.*?</figure>', '', a.body, flags=re.S)\n"
            f"json.dump({{'title': a.title, 'sapo': a.sapo, 'body': body, "
            f"'photo': a.lead_photo.image.path}}, open({str(content)!r}, 'w'), ensure_ascii=False)"
        ),
    )
    project = work / "wagtail"
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PYTHONPATH")}
    path = (
        subprocess.run(
            [
                str(python),
                str(ROOT / "scripts/bench/wagtail_reference.py"),
                str(python),
                str(project),
                str(content),
            ],
            env=clean,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    version = subprocess.run(
        [str(python), "-c", "import wagtail; print(wagtail.__version__)"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    port = free_port()
    wenv = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "reference.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "_CWD": str(project),
    }
    with gunicorn(
        wenv,
        port,
        work / "wagtail.log",
        app="reference.wsgi:application",
        binary=str(WAGTAIL_VENV / "bin" / "gunicorn"),
    ):
        url = f"http://127.0.0.1:{port}{path}"
        status, _headers, body = get(url)
        assert status == 200, status
        get(url)
        many = wrk(url, seconds, 16)
        one = wrk(url, max(2, seconds / 2), 1)
    return {"version": version, "rps": many["rps"], "p50": one["p50"], "bytes": len(body)}


def weight(env: dict, kinds: dict, work: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with gunicorn({**env, "PAGE_CACHE_SECONDS": "0"}, port, work / "gunicorn.log"):
        _s, headers, html = get(base + kinds["article"]["path"], gzip_ok=True)
        text = (
            gzip.decompress(html).decode()
            if headers.get("Content-Encoding") == "gzip"
            else html.decode()
        )
        assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"(?! media="print")', text)
        assets += re.findall(r'<script src="(/[^"]+)"', text)
        sizes = {"HTML": len(html)}
        for asset in assets:
            _s, _h, body = get(base + asset, gzip_ok=True)
            sizes[asset.rsplit("/", 1)[-1]] = len(body)
    total = sum(sizes.values())
    say("== An article page's weight (compressed as sent, photos excluded)")
    table([[k, f"{v / 1024:.1f} KB"] for k, v in sizes.items()], ["part", "size"])
    target("article page HTML + CSS + JS", f"{total / 1024:.1f} KB", "40 KB", total < 40 * 1024)


# 4: the large archive on PostgreSQL


@contextmanager
def postgres(work: Path):
    data, sock = work / "pg", work / "pgsock"
    work.chmod(0o755)  # the postgres user reaches its folders inside (mkdtemp: 0700)
    data.mkdir()
    sock.mkdir()
    shutil.chown(data, "postgres", "postgres")
    shutil.chown(sock, "postgres", "postgres")
    port = free_port()

    def as_postgres(command: str) -> None:
        subprocess.run(["su", "postgres", "-c", command], check=True, stdout=subprocess.DEVNULL)

    as_postgres(f"{PG_BIN}/initdb -D {data} -E UTF8 --locale=C.UTF-8 -U postgres -A trust")
    as_postgres(
        f"{PG_BIN}/pg_ctl -D {data} -l {data}/log -o '-p {port} -k {sock} "
        f"-c listen_addresses=127.0.0.1 -c fsync=off' -w start"
    )
    try:
        yield f"postgres://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            ["su", "postgres", "-c", f"{PG_BIN}/pg_ctl -D {data} -m immediate stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def large_archive(env: dict, demo_kinds: dict, articles: int, seconds: float, work: Path) -> None:
    if not (PG_BIN / "initdb").exists() or os.geteuid() != 0:
        say("== Large archive skipped: needs root and Debian's postgresql package.")
        target("large archive on PostgreSQL", "not measured", "-", False)
        return
    documents, questions = articles // 10, articles // 20
    with postgres(work) as url:
        penv = {**env, "DATABASE_URL": url}
        manage(penv, "migrate", "-v0")
        manage(penv, "load_demo", "-v0")
        say(
            f"== Large archive on PostgreSQL 15: {articles:,} articles, {documents:,} documents,"
            f" {questions:,} answered questions"
        )
        started = time.perf_counter()
        run(
            [
                PY,
                "manage.py",
                "bench_data",
                f"--articles={articles}",
                f"--documents={documents}",
                f"--questions={questions}",
            ],
            penv,
        )
        say(f"(made in {time.perf_counter() - started:.0f} s)")
        kinds = page_kinds(penv, large=True, same={k: v["path"] for k, v in demo_kinds.items()})
        last = next(k for k in kinds if k.startswith("category, last page"))
        kinds["category, last page"] = kinds.pop(last)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        rows = []
        with gunicorn({**penv, "PAGE_CACHE_SECONDS": "0"}, port, work / "gunicorn.log"):
            for kind, limit in LARGE_PAGES.items():
                url = base + kinds[kind]["path"]
                get(url)
                one = wrk(url, seconds, 1)
                met = one["p50"] < limit and one["errors"] == 0
                rows.append(
                    [
                        kind + (f" ({last.split('(')[1]}" if kind == "category, last page" else ""),
                        f"{one['p50']:.1f}",
                        limit,
                        kinds[kind]["queries"],
                        "yes" if met else "NO",
                    ]
                )
                target(
                    f"large archive: {kind}, p50 at 1 connection",
                    f"{one['p50']:.1f} ms",
                    f"{limit} ms",
                    met,
                )
        table(rows, ["page (page cache off)", "p50 ms", "limit", "queries", "met"])
        # The demo's own pages, now among the large archive's rows: the same queries.
        changed = [
            f"{k}: {demo_kinds[k]['queries']} → {n}"
            for k, n in SAME.items()
            if k in demo_kinds and n != demo_kinds[k]["queries"]
        ]
        say(
            f"Query counts of the demo's {len(SAME)} pages in the large archive: "
            + ("; ".join(changed) or "all as with the demo content alone")
        )
        target(
            "every page's query count as with the demo content",
            "all the same" if not changed else "; ".join(changed),
            "same",
            not changed,
        )
        say("== EXPLAIN of the public lists' main queries (large archive)")
        run([PY, "scripts/bench/explain.py"], {**penv, "LOG_LEVEL": "ERROR"})
        say("== Search over the archive (manage.py search_benchmark, the synthetic articles)")
        run([PY, "manage.py", "search_benchmark", "--articles=0", "--repeat=5", "--keep"], penv)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=int(os.environ.get("N") or 100_000))
    parser.add_argument(
        "--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS") or 3)
    )
    options = parser.parse_args()
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="portal-bench."))
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "HTTPS": "0",
        "DATABASE_URL": f"sqlite:///{work}/bench.sqlite3",
        "MEDIA_ROOT": str(work / "media"),
        "SITE_URL": "http://127.0.0.1:8000",
        "REDIS_URL": "",
        "PYTHONPATH": str(ROOT),
        "STAFF_SECOND_FACTOR": "0",
        "LOG_LEVEL": "WARNING",  # no JSON line per request in the output
    }
    redis = None
    try:
        say("== The demo site (SQLite): migrate, collectstatic, load_demo")
        manage(env, "migrate", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")  # before load_demo: no warnings
        manage(env, "load_demo", "-v0")
        kinds = page_kinds(env)
        say(f"{len(kinds)} page kinds: " + ", ".join(kinds))
        cached_pages(env, kinds, options.seconds, "database cache", work)
        if shutil.which("redis-server"):
            redis_port = free_port()
            redis = subprocess.Popen(
                [
                    "redis-server",
                    "--port",
                    str(redis_port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ],
                stdout=subprocess.DEVNULL,
            )
            time.sleep(0.5)
            cached_pages(
                {**env, "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0"},
                kinds,
                options.seconds,
                "Redis",
                work,
            )
        else:
            target("cached page ≥ 0.7× static file (Redis)", "redis-server missing", "0.70", False)
        uncached = uncached_pages(env, kinds, options.seconds, work)
        wagtail = wagtail_reference(env, options.seconds, work)
        say("== Pages rendered on every request (page cache off)")
        rows = []
        for kind, m in uncached.items():
            ratio = m["rps"] / wagtail["rps"] if wagtail else 0
            rows.append(
                [
                    kind,
                    f"{m['rps']:.0f}",
                    f"{ratio:.1f}" if wagtail else "-",
                    f"{m['p50']:.2f}",
                    kinds[kind]["queries"],
                    m["errors"],
                ]
            )
        if wagtail:
            rows.append(
                [
                    f"Wagtail {wagtail['version']} article (reference)",
                    f"{wagtail['rps']:.0f}",
                    "1.0",
                    f"{wagtail['p50']:.2f}",
                    "-",
                    "-",
                ]
            )
        table(
            rows, ["page", "req/s (16 conn.)", "× Wagtail", "p50 ms (1 conn.)", "queries", "errors"]
        )
        slowest = min(uncached, key=lambda k: uncached[k]["rps"])
        if wagtail:
            ratio = uncached[slowest]["rps"] / wagtail["rps"]
            target(
                "uncached page ≥ 3× Wagtail article",
                f"{ratio:.1f} (slowest: {slowest})",
                "3.0",
                ratio >= 3,
            )
        else:
            target("uncached page ≥ 3× Wagtail article", "no Wagtail", "3.0", False)
        worst = max(uncached, key=lambda k: uncached[k]["p50"])
        target(
            "uncached p50 at 1 connection",
            f"{uncached[worst]['p50']:.2f} ms (slowest: {worst})",
            "5 ms",
            uncached[worst]["p50"] < 5,
        )
        errors = sum(m["errors"] for m in uncached.values())
        target("errors under load (uncached)", str(errors), "0", errors == 0)
        weight(env, kinds, work)
        large_archive(env, kinds, options.articles, options.seconds, work)
    finally:
        if redis is not None:
            redis.terminate()
        shutil.rmtree(work, ignore_errors=True)
    elapsed = time.perf_counter() - started
    target("the whole bench", f"{elapsed / 60:.1f} min", "15 min", elapsed < 15 * 60)
    say("\n== Targets")
    table(
        [[n, m, lim, "yes" if ok else "NO"] for n, m, lim, ok in results],
        ["target", "measured", "limit", "met"],
    )
    sys.exit(0 if all(ok for *_x, ok in results) else 1)


if __name__ == "__main__":
    main()
