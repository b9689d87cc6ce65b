#!/usr/bin/env bash
# Runs every test of the solution (unit, integration on a private PostgreSQL the tests start
# themselves, browser tests in Debian's Chromium) and ends with one line: "N passed, N failed".
set -uo pipefail
source "$(dirname "$0")/lib.sh"
ensure_dotnet
ensure_postgres
ensure_chromium

cd "$root"
# Each test platform is a real web host; with file watching on, every one of them holds inotify
# instances (configuration reload, static file versions), and the dozens alive at once beside Chromium
# pass Linux's default of 128 per user ("inotify instances … reached" as a 500). Tests change no file
# under a running host: poll instead, and do not watch configuration files.
export DOTNET_USE_POLLING_FILE_WATCHER=true
export DOTNET_hostBuilder__reloadConfigOnChange=false
log=$(mktemp)
say "Compilation de la solution…"
if ! dotnet build GrcCloud.sln -c Release -v quiet --nologo -clp:ErrorsOnly; then
  echo "0 passed, 1 failed"
  exit 1
fi

say "Tests…"
dotnet test --solution GrcCloud.sln -c Release --no-build --no-progress "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test ends with one summary over all test projects; adding up keeps the count right if a
# runner ever prints one summary per project.
total=$(awk '/^  total:/ {s+=$2} END {print s+0}' "$log")
failed=$(awk '/^  failed:/ {s+=$2} END {print s+0}' "$log")
passed=$(awk '/^  succeeded:/ {s+=$2} END {print s+0}' "$log")
skipped=$(awk '/^  skipped:/ {s+=$2} END {print s+0}' "$log")
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the runner failed without a failing test (crash, no test found): never report green
fi
if [ "$total" -eq 0 ]; then
  echo "0 passed, 1 failed"
  exit 1
fi
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
