#!/usr/bin/env bash
# Runs every test: the web app's Vitest tests and build, then every .NET test project (the Api against
# real PostgreSQL and Redis (and Azurite for blob backups) and in SQLite mode, the AppHost in local mode, the built web app in chromium behind
# nginx). Ends with one line:
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

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
status=0

echo "== web: vitest and production build"
(cd BujjiCoder.Web && NO_COLOR=1 npm test 2>&1 && npm run build 2>&1) | tee "$logs/web.log" || status=1

echo "== .NET: build (warnings are errors) and test"
if dotnet build BujjiCoder.sln --nologo; then
  dotnet test --solution BujjiCoder.sln --no-build 2>&1 | tee "$logs/dotnet.log" || status=1
else
  status=1
fi

# One closing line for the whole run, from each runner's own summary.
web_passed=$(grep -oE 'Tests +([0-9]+ failed \| )?[0-9]+ passed' "$logs/web.log" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' | tail -1 || true)
web_failed=$(grep -oE 'Tests +[0-9]+ failed' "$logs/web.log" | grep -oE '[0-9]+' | tail -1 || true)
dotnet_passed=$(grep -E '^\s*succeeded: [0-9]+' "$logs/dotnet.log" 2>/dev/null | grep -oE '[0-9]+' | tail -1 || true)
dotnet_failed=$(grep -E '^\s*failed: [0-9]+' "$logs/dotnet.log" 2>/dev/null | grep -oE '[0-9]+' | tail -1 || true)
passed=$(( ${web_passed:-0} + ${dotnet_passed:-0} ))
failed=$(( ${web_failed:-0} + ${dotnet_failed:-0} ))
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
echo "web: ${web_passed:-0} passed, ${web_failed:-0} failed; .NET: ${dotnet_passed:-0} passed, ${dotnet_failed:-0} failed"
echo "tests: $passed passed, $failed failed"
exit "$status"
