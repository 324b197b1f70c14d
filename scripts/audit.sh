#!/usr/bin/env bash
# `make audit` (and the last step of `make lint`): known vulnerabilities in every locked Python
# package (requirements.lock), with pip-audit and the advisories PyPI publishes for each release.
#
# pip-audit lives in a venv of its own (.venv/tools/audit), so that it and its dependencies are
# not in the project's lock. When the advisories cannot be read (offline, or a registry mirror
# without PyPI's per-release JSON API), pip-audit would quietly skip every package and still say
# "No known vulnerabilities found": this script says that nothing was audited instead, and fails
# only if AUDIT_REQUIRED=1. A known vulnerability always fails.
set -uo pipefail
cd "$(dirname "$0")/.."

VERSION=2.10.1
TOOL=.venv/tools/audit
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
report=$(mktemp /tmp/portal-audit.XXXXXX.json)
trap 'rm -f "$report"' EXIT

unavailable() {
  echo "Dependency audit NOT done: $1"
  echo "  (run \`make audit\` where pypi.org is reachable; AUDIT_REQUIRED=1 makes this an error)"
  [ "${AUDIT_REQUIRED:-0}" = "1" ] && exit 1
  exit 0
}

if ! "$TOOL/bin/pip-audit" --version 2>/dev/null | grep -q "$VERSION"; then
  rm -rf "$TOOL"
  "$PYTHON" -m venv "$TOOL" >/dev/null 2>&1 || unavailable "could not create $TOOL"
  "$TOOL/bin/pip" install --quiet --disable-pip-version-check "pip-audit==$VERSION" >/dev/null 2>&1 \
    || { rm -rf "$TOOL"; unavailable "pip-audit $VERSION could not be installed (offline?)"; }
fi

# --disable-pip: the lock is complete and hashed, nothing to resolve (a few seconds).
"$TOOL/bin/pip-audit" -r requirements.lock --disable-pip --progress-spinner off \
  --format json --output "$report" >/dev/null 2>"$report.err"
status=$?
if [ ! -s "$report" ]; then
  tail -3 "$report.err"; rm -f "$report.err"
  unavailable "pip-audit could not read the advisories (offline?)"
fi
rm -f "$report.err"

"$PYTHON" - "$report" "$status" <<'EOF'
import json
import sys

report = json.load(open(sys.argv[1]))
packages = report.get("dependencies", [])
skipped = [p for p in packages if p.get("skip_reason")]
vulnerable = [p for p in packages if p.get("vulns")]
for package in vulnerable:
    for vuln in package["vulns"]:
        fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed release yet"
        print(f"VULNERABLE {package['name']} {package['version']}: {vuln['id']} (fixed in {fixed})")
if vulnerable:
    sys.exit(1)
if packages and len(skipped) == len(packages):
    sys.exit(3)  # nothing could be looked up
print(f"Dependency audit: {len(packages) - len(skipped)} packages, no known vulnerability"
      + (f" ({len(skipped)} not found: {', '.join(p['name'] for p in skipped)})" if skipped else ""))
EOF
result=$?
[ $result = 3 ] && unavailable "none of the $(grep -c '==' requirements.lock) packages could be looked up (no advisory data reachable)"
exit $result
