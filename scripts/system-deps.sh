#!/usr/bin/env bash
# Installs the Debian packages a step needs, when they are missing and we may (root + apt-get).
# Usage: scripts/system-deps.sh build|browser|postgres|servers|bench
# Exit status: 0 when everything is there afterwards, 1 when something is still missing.
set -u
want=()
case "${1:-}" in
  build)    command -v pg_config >/dev/null || want+=(libpq-dev) ;;
  browser)  [ -x /usr/bin/chromium ] || want+=(chromium)
            command -v java >/dev/null || want+=(default-jre-headless)
            command -v node >/dev/null || want+=(nodejs npm) ;;
  postgres) [ -x /usr/lib/postgresql/15/bin/initdb ] || want+=(postgresql) ;;
  servers)  command -v redis-server >/dev/null || want+=(redis-server)
            [ -x /usr/lib/postgresql/15/bin/initdb ] || want+=(postgresql) ;;
  bench)    command -v wrk >/dev/null || want+=(wrk)
            command -v redis-server >/dev/null || want+=(redis-server)
            [ -x /usr/lib/postgresql/15/bin/initdb ] || want+=(postgresql) ;;
  *) echo "usage: $0 build|browser|postgres|servers|bench" >&2; exit 2 ;;
esac
[ ${#want[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${want[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
    apt-get update -qq || true
  fi
  apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null || {
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
  } || { echo "Could not install: ${want[*]}" >&2; exit 1; }
  exit 0
fi
echo "Missing Debian packages (install them as root): ${want[*]}" >&2
exit 1
