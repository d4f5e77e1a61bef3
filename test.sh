#!/usr/bin/env bash
# Runs every test: the web app's Vitest tests and build, then every .NET test project (the Api against
# real PostgreSQL and Redis (and Azurite for blob backups) and in SQLite mode, the AppHost in local and containers mode, the
# built web app in chromium behind nginx), then what ships (the container images, the compose stack with a rolling update and
# a rollback, the Bicep templates, the workflows). Ends with one line:
# "tests: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"
source eng/prerequisites.sh

require_dotnet
require_node
install_servers required
install_browser_tools
install_promtool
install_web_dependencies BujjiCoder.Web
# Azurite (the Azure Storage emulator) for the blob backup tests.
install_web_dependencies tests/tools
# A Docker engine, and local stand-ins for the official base images (no registry is reachable on every machine): built
# once per machine, reused by every later run.
install_container_engine
eng/stand-in-images.sh

logs=$(mktemp -d)
first_phase=.test-first-phase.slnf
trap 'rm -rf "$logs" "$first_phase"' EXIT
status=0

echo "== web: vitest and production build"
# The build runs even when a Vitest test fails: the end-to-end tests serve it, and one failure should not become dozens.
(cd BujjiCoder.Web && tested=0 && { NO_COLOR=1 npm test 2>&1 || tested=1; } && npm run build 2>&1 && exit "$tested") | tee "$logs/web.log" || status=1

echo "== .NET: build (warnings are errors) and test"
# Two phases: every test project but the deployment tests, in parallel; then the deployment tests alone, so their image
# builds and compose stack do not compete for the cores with the suites that measure time.
deployment=tests/BujjiCoder.DeploymentTests/BujjiCoder.DeploymentTests.csproj
dotnet sln BujjiCoder.sln list | grep -E '\.csproj$' | grep -vxF "$deployment" \
  | node -e 'const projects = require("fs").readFileSync(0, "utf8").split(/\s+/).filter(Boolean);
      console.log(JSON.stringify({ solution: { path: "BujjiCoder.sln", projects } }));' > "$first_phase"
if dotnet build BujjiCoder.sln --nologo; then
  dotnet test --solution "$first_phase" --no-build 2>&1 | tee "$logs/dotnet.log" || status=1
  echo "== .NET: deployment tests"
  dotnet test --project "$deployment" --no-build 2>&1 | tee "$logs/deployment.log" || status=1
else
  status=1
fi

# The failed tests again, with the head of each one's message: a run's output is tens of thousands of lines, and the
# end of it is what a reader (or a CI page showing only the tail) sees first.
if grep -qE '^failed ' "$logs/dotnet.log" "$logs/deployment.log" 2>/dev/null; then
  echo "== .NET: failed tests"
  # Each one's name and message, without its stack trace and the output printed after it.
  awk '/^failed / { shown = 0; keep = 1 } keep && /^([^ ]|  Standard output)/ && !/^failed / { keep = 0 }
       keep && !/^ +(at |--- End of)/ && shown++ < 8 { print substr($0, 1, 400) }' "$logs/dotnet.log" "$logs/deployment.log" 2>/dev/null | head -150 || true
fi

# One closing line for the whole run, from each runner's own summary.
web_passed=$(grep -oE 'Tests +([0-9]+ failed \| )?[0-9]+ passed' "$logs/web.log" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' | tail -1 || true)
web_failed=$(grep -oE 'Tests +[0-9]+ failed' "$logs/web.log" | grep -oE '[0-9]+' | tail -1 || true)
# Each phase's summary ends with "succeeded: N" and "failed: N".
summed() { for log in "$logs/dotnet.log" "$logs/deployment.log"; do grep -E "^\s*$1: [0-9]+" "$log" 2>/dev/null | grep -oE '[0-9]+' | tail -1; done | awk '{ n += $1 } END { print n + 0 }'; }
dotnet_passed=$(summed succeeded)
dotnet_failed=$(summed failed)
passed=$(( ${web_passed:-0} + ${dotnet_passed:-0} ))
failed=$(( ${web_failed:-0} + ${dotnet_failed:-0} ))
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
echo "web: ${web_passed:-0} passed, ${web_failed:-0} failed; .NET: ${dotnet_passed:-0} passed, ${dotnet_failed:-0} failed"
echo "tests: $passed passed, $failed failed"
exit "$status"
