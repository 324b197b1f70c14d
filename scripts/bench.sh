#!/usr/bin/env bash
# `make bench`: pages under gunicorn (2 workers, DEBUG off) measured with wrk on loopback, with
# and without the page cache; then search over 100,000 synthetic articles and the document list
# over 10,000 synthetic documents on PostgreSQL when a PostgreSQL 15 server can be started here. Numbers are comparable only within one run: wrk
# shares the machine's cores with the server.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
port=${BENCH_PORT:-8050}
work=$(mktemp -d /tmp/portal-bench.XXXXXX)
export DEBUG=0 SECRET_KEY="bench-$(date +%s)-$RANDOM$RANDOM" ALLOWED_HOSTS=127.0.0.1
export DATABASE_URL="sqlite:///$work/bench.sqlite3" MEDIA_ROOT="$work/media"
export SITE_URL="http://127.0.0.1:$port"
duration=${BENCH_SECONDS:-10}

cleanup() {
  [ -n "${gunicorn_pid:-}" ] && kill "$gunicorn_pid" 2>/dev/null || true
  if [ -n "${pgdata:-}" ]; then
    su postgres -c "/usr/lib/postgresql/15/bin/pg_ctl -D $pgdata -m fast stop" >/dev/null 2>&1 || true
    rm -rf "$pgdata" "${pgsock:-}"
  fi
  rm -rf "$work"
}
trap cleanup EXIT

$PY manage.py migrate -v0
$PY manage.py load_demo -v0
$PY manage.py collectstatic --noinput -v0
article=$($PY manage.py shell -v0 -c "from news.models import Article; print(Article.objects.published().filter(photo_uses__isnull=False).order_by('publish_at').first().get_absolute_url())")

run_pages() {
  local label=$1
  PAGE_CACHE_SECONDS=$2 REDIS_URL=${REDIS_URL:-} .venv/bin/gunicorn portal.wsgi:application -b "127.0.0.1:$port" -w 2 \
    --log-level warning & gunicorn_pid=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  echo "== $label"
  printf '%-28s %10s %12s\n' page "req/s" "p50 latency"
  for path in /healthz / "$article" /tin-tuc/hoat-dong-cua-so/ /tap-huan/ /tap-huan/thong-ke/ "/tim-kiem/?q=giam+ngheo" /van-ban/ /van-ban/2328-kh-ubnd-2017/ "/van-ban/?q=2328"; do
    curl -s -o /dev/null "http://127.0.0.1:$port$path"  # warm
    out=$(wrk -t2 -c16 -d"${duration}s" --latency "http://127.0.0.1:$port$path")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1=="50%" {print $2}' <<<"$out")
    printf '%-28s %10s %12s\n' "${path:0:28}" "$rps" "$p50"
  done
  kill "$gunicorn_pid"; wait "$gunicorn_pid" 2>/dev/null || true; gunicorn_pid=
}
run_pages "Page cache on, database cache (production without REDIS_URL)" 600
if command -v redis-server >/dev/null; then
  redis-server --port 6391 --bind 127.0.0.1 --daemonize yes --pidfile "$work/redis.pid" \
    --save "" --appendonly no >/dev/null
  REDIS_URL=redis://127.0.0.1:6391/0 run_pages "Page cache on, Redis (REDIS_URL set)" 600
  kill "$(cat "$work/redis.pid")" 2>/dev/null || true
fi
run_pages "Page cache off (every request renders)" 0

if [ -x /usr/lib/postgresql/15/bin/initdb ] && [ "$(id -u)" = 0 ]; then
  echo "== Search over 100,000 articles on PostgreSQL 15"
  pgdata=$(mktemp -d /tmp/portal-bench-pg.XXXXXX) && pgsock=$(mktemp -d /tmp/portal-bench-sock.XXXXXX)
  chown postgres:postgres "$pgdata" "$pgsock"
  su postgres -c "/usr/lib/postgresql/15/bin/initdb -D $pgdata -E UTF8 --locale=C.UTF-8 -U postgres -A trust" >/dev/null
  pgport=55499
  su postgres -c "/usr/lib/postgresql/15/bin/pg_ctl -D $pgdata -l $pgdata/log -o '-p $pgport -k $pgsock -c listen_addresses=127.0.0.1' -w start" >/dev/null
  DATABASE_URL="postgres://postgres@127.0.0.1:$pgport/postgres" $PY manage.py migrate -v0
  DATABASE_URL="postgres://postgres@127.0.0.1:$pgport/postgres" $PY manage.py search_benchmark --articles "${BENCH_ARTICLES:-100000}"
  echo "== The document list (/van-ban/) over 10,000 documents on PostgreSQL 15, whole pages"
  DATABASE_URL="postgres://postgres@127.0.0.1:$pgport/postgres" $PY manage.py document_benchmark --documents "${BENCH_DOCUMENTS:-10000}"
else
  echo "== Search benchmark skipped: needs root and Debian's postgresql package (scripts/system-deps.sh postgres)."
  $PY manage.py search_benchmark --articles 20000
  $PY manage.py document_benchmark --documents 2000
fi
