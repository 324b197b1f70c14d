#!/usr/bin/env bash
# Runs pytest and refuses to pass when no test ran (pytest's exit code 5).
set -u
cd "$(dirname "$0")/.."
.venv/bin/python -m pytest "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing on purpose." >&2
  exit 1
fi
exit "$status"
