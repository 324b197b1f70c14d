#!/usr/bin/env bash
# Runs the suite: the tests that need no browser on every core (pytest-xdist), then the browser
# tests one at a time (Chromium on a busy machine is where flakiness starts). Extra arguments go
# to both runs. Refuses to pass when a run collects no test (pytest's exit code 5).
set -u
cd "$(dirname "$0")/.."

run() {
  .venv/bin/python -m pytest "$@"
  local status=$?
  if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests ($*): failing on purpose." >&2
    return 1
  fi
  return "$status"
}

run -m "not browser" -n auto "$@"
first=$?
run -m browser "$@"
second=$?
[ "$first" -eq 0 ] && [ "$second" -eq 0 ]
