#!/usr/bin/env bash
# `make lighthouse`: Lighthouse 12.2.3 (mobile, Debian's Chromium) on every kind of public page,
# served by gunicorn with DEBUG off. Lighthouse is installed into .cache/lighthouse (not a test
# dependency). Prints one line a page: performance, accessibility, best practices, SEO, LCP, CLS,
# TBT. CPU figures move by up to ~90 ms between runs on 2 shared cores: compare runs, not single
# numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
port=${LIGHTHOUSE_PORT:-8060}
tools=.cache/lighthouse
if [ ! -x "$tools/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$tools"
  (cd "$tools" && npm i -E lighthouse@12.2.3 --no-audit --no-fund --loglevel=error)
fi
work=$(mktemp -d /tmp/portal-lighthouse.XXXXXX)
export DEBUG=0 SECRET_KEY="lighthouse-$RANDOM$RANDOM$RANDOM" ALLOWED_HOSTS=127.0.0.1
export DATABASE_URL="sqlite:///$work/db.sqlite3" MEDIA_ROOT="$work/media" SITE_URL="http://127.0.0.1:$port"
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
$PY manage.py migrate -v0 && $PY manage.py load_demo -v0 && $PY manage.py collectstatic --noinput -v0
article=$($PY manage.py shell -v0 -c "from news.models import Article; print(Article.objects.published().filter(photo_uses__isnull=False).order_by('publish_at').first().get_absolute_url())")
.venv/bin/gunicorn portal.wsgi:application -b "127.0.0.1:$port" -w 2 --log-level warning & pid=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
flags="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
printf '%-34s %5s %5s %5s %5s %8s %6s %6s\n' page perf a11y bp seo LCP CLS TBT
# Every kind of page (Lighthouse does not score pages answered 404), or the paths given.
pages=(/ /tin-tuc/hoat-dong-cua-so/ "$article" /trang/gioi-thieu/ "/tim-kiem/?q=giam+ngheo"
       /tap-huan/ /tap-huan/tap-huan-truyen-thong-va-giam-ngheo-ve-thong-tin-2017/ /tap-huan/thong-ke/)
[ $# -gt 0 ] && pages=("$@")
for path in "${pages[@]}"; do
  CHROME_PATH=/usr/bin/chromium "$tools/node_modules/.bin/lighthouse" "http://127.0.0.1:$port$path" \
    --quiet --output=json --output-path="$work/report.json" --chrome-flags="$flags" >/dev/null 2>&1 || true
  python3 - "$work/report.json" "$path" <<'PYEOF'
import json, sys
report = json.load(open(sys.argv[1]))
c, a = report["categories"], report["audits"]
score = lambda k: round((c[k]["score"] or 0) * 100)
print(f"{sys.argv[2][:34]:<34} {score('performance'):>5} {score('accessibility'):>5} "
      f"{score('best-practices'):>5} {score('seo'):>5} "
      f"{a['largest-contentful-paint']['numericValue'] / 1000:>7.2f}s "
      f"{a['cumulative-layout-shift']['numericValue']:>6.3f} "
      f"{a['total-blocking-time']['numericValue']:>5.0f}ms")
for key in ("accessibility", "best-practices", "seo"):
    for ref in c[key]["auditRefs"]:
        audit = a[ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            print(f"    {key}: {ref['id']}: {audit['title']}")
PYEOF
done
