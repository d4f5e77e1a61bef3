#!/usr/bin/env bash
# Starts ./run.sh in the background as another script would, waits until it prints the web app's and the Api's URLs,
# sends one signal to run.sh's pid alone, and checks that every process of that run is gone: the AppHost, DCP and
# everything DCP started (dashboard, api, worker, vite, postgres, redis).
# Usage: tests/scripts/run-stops-on-signal.sh [INT|TERM] [AppHost arguments, e.g. --WebApp:Port 5273]
# Prints "run.sh stopped on SIGINT: N processes, none left after S s"; exits 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."
signal=${1:-INT}
shift || true

log=$(mktemp)
trap 'rm -f "$log"' EXIT
./run.sh "$@" >"$log" 2>&1 &
run=$!

descendants() { local child; for child in $(pgrep -P "$1"); do echo "$child"; descendants "$child"; done; }

for _ in $(seq 1 600); do
  grep -q "Web app ready:" "$log" && grep -q "Api ready:" "$log" && break
  kill -0 "$run" 2>/dev/null || { echo "run.sh exited before it was ready:" >&2; cat "$log" >&2; exit 1; }
  sleep 1
done
grep -q "Web app ready:" "$log" || { echo "not ready after 600 s:" >&2; cat "$log" >&2; kill -TERM "$run"; exit 1; }

# DCP leaves the AppHost's process tree (its parent becomes init) and watches the AppHost by pid instead.
apphost=$(pgrep -f "BujjiCoder.AppHost/bin/.*/BujjiCoder.AppHost" | while read -r pid; do
  descendants "$run" | grep -qx "$pid" && echo "$pid"; done)
dcp=$(pgrep -f "dcp start-apiserver --monitor $apphost( |$)")
mapfile -t processes < <({ echo "$run"; descendants "$run"; echo "$dcp"; descendants "$dcp"; } | sort -un)

kill "-$signal" "$run"
for second in $(seq 1 90); do
  left=$(for pid in "${processes[@]}"; do kill -0 "$pid" 2>/dev/null && echo "$pid"; done || true)
  if [ -z "$left" ]; then
    echo "run.sh stopped on SIG$signal: ${#processes[@]} processes, none left after $second s"
    exit 0
  fi
  sleep 1
done
echo "run.sh did not stop everything on SIG$signal; left:" >&2
ps -o pid,ppid,args -p "$(echo "$left" | paste -sd,)" >&2
exit 1
