#!/usr/bin/env bash
# Runs the whole of Bujji Coder: the Aspire AppHost with its dashboard, api, worker, web, postgres and redis.
# Extra arguments go to the AppHost, e.g. ./run.sh --Infra embedded
set -euo pipefail
cd "$(dirname "$0")"
source eng/prerequisites.sh

require_dotnet
require_node
# Without PostgreSQL and Redis the AppHost falls back to embedded mode (SQLite) and says so.
install_servers optional
install_web_dependencies BujjiCoder.Web

exec dotnet run --project BujjiCoder.AppHost --launch-profile http -- "$@"
