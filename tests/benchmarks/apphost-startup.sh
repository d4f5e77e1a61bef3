#!/usr/bin/env bash
# Measures how long ./run.sh takes until api, worker and web all answer healthy, then stops it.
# Usage: tests/benchmarks/apphost-startup.sh [AppHost arguments, e.g. --Infra embedded]
# Prints one line: "apphost healthy after N.N s (mode)". Needs curl and ss (iproute2).
set -euo pipefail
cd "$(dirname "$0")/../.."

if pgrep -f "BujjiCoder.AppHost/bin/" >/dev/null; then
  echo "An AppHost is already running; stop it first." >&2
  exit 1
fi

log=$(mktemp)
start=$(date +%s.%N)
setsid ./run.sh "$@" >"$log" 2>&1 &

stop() {
  pkill -TERM -f "BujjiCoder.AppHost/bin/" 2>/dev/null || true
  for _ in $(seq 1 60); do pgrep -f "BujjiCoder[.](AppHost|Api|Worker)|node_modules/.bin/vite" >/dev/null || break; sleep 1; done
  rm -f "$log"
}
trap stop EXIT

# The port a process of that name listens on (the AppHost picks them afresh each run).
port_of() { ss -ltnpH 2>/dev/null | grep "\"$1\"" | grep -oE '127\.0\.0\.1:[0-9]+' | head -1 || true; }
healthy() { curl -fs -o /dev/null --max-time 2 "http://$1$2"; }

for _ in $(seq 1 1200); do
  api=$(port_of BujjiCoder.Api); worker=$(port_of BujjiCoder.Work); web=$(port_of node)
  if [ -n "$api" ] && [ -n "$worker" ] && [ -n "$web" ] \
    && healthy "$api" /health/ready && healthy "$worker" /health/ready && healthy "$web" /api/v1/info; then
    seconds=$(echo "$(date +%s.%N) - $start" | bc)
    mode=$(curl -fs "http://$web/api/v1/info" | grep -oE '"mode":"[a-z]+"' | cut -d'"' -f4)
    printf 'apphost healthy after %.1f s (%s)\n' "$seconds" "$mode"
    exit 0
  fi
  sleep 0.25
done
echo "not healthy after 300 s; AppHost log:" >&2
cat "$log" >&2
exit 1
