#!/usr/bin/env bash
# Runs the whole of Bujji Coder: the Aspire AppHost with its dashboard, api, worker, web, postgres and redis.
# Extra arguments go to the AppHost, e.g. ./run.sh --Infra embedded
# Stops everything it started on Ctrl+C, and on SIGINT or SIGTERM sent to this script's pid.
set -euo pipefail

# Started in the background by a non-interactive shell, this script begins with SIGINT ignored, and bash cannot
# trap a signal that was ignored on entry: start again (same pid) with SIGINT's default action so the trap below works.
sigint_ignored() {
  local mask
  mask=$(awk '/^SigIgn:/ { print $2 }' "/proc/$$/status" 2>/dev/null) && [ -n "$mask" ] && (( (16#$mask >> 1) & 1 ))
}
if sigint_ignored && env --default-signal=INT true 2>/dev/null; then
  exec env --default-signal=INT "$BASH" "$0" "$@"
fi

cd "$(dirname "$0")"
source eng/prerequisites.sh

require_dotnet
require_node
# Without PostgreSQL and Redis the AppHost falls back to embedded mode (SQLite) and says so.
install_servers optional
install_web_dependencies BujjiCoder.Web

# `dotnet run` leaves Ctrl+C to its child (a terminal signals the whole process group), so a SIGINT sent to its pid
# alone stopped nothing. This script stays in front instead and passes SIGINT or SIGTERM on to the AppHost (the child
# of `dotnet run`) as SIGTERM; the AppHost then stops DCP and every resource, as on Ctrl+C. Before the AppHost exists
# (still building), it stops `dotnet run` itself.
dotnet run --project BujjiCoder.AppHost --launch-profile http -- "$@" &
cli=$!
stop() { pkill -TERM -P "$cli" 2>/dev/null || kill -TERM "$cli" 2>/dev/null || true; }
trap stop INT TERM

# wait returns early when a trapped signal arrives: go on waiting until `dotnet run` has exited.
while :; do
  status=0
  wait "$cli" || status=$?
  kill -0 "$cli" 2>/dev/null || break
done
exit "$status"
