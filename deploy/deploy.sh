#!/usr/bin/env bash
# Deploys Bujji Coder: deploy/deploy.sh compose|azure <environment> [options of that target]
#
#   compose  one machine with docker-compose (deploy/compose/; deploy/lib/compose.sh): preflight checks, migrations,
#            a health-gated rolling update of the Api replicas, then the Worker, with automatic rollback.
#   azure    Azure Container Apps with azd (infra/; deploy/lib/azure.sh).
#
# Exit code 0: the environment runs the release asked for. Non-zero: it did not; what happened (and what was rolled
# back) is the last thing printed. docs/DEPLOYMENT.md describes both paths.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

DEPLOY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() {
  echo "Usage: deploy/deploy.sh compose|azure <environment> [options]" >&2
  echo "  compose <environment>: uses deploy/compose/<environment>.env (or \$BUJJI_ENV_FILE)" >&2
  echo "  azure <environment>:   dev, staging or production (the azd environment)" >&2
  exit 2
}

[ $# -ge 2 ] || usage
target="$1"
environment="$2"
shift 2

case "$target" in
  compose)
    # shellcheck source=lib/compose.sh
    source "$DEPLOY_ROOT/lib/compose.sh"
    compose_deploy "$environment" "$@"
    ;;
  azure)
    # shellcheck source=lib/azure.sh
    source "$DEPLOY_ROOT/lib/azure.sh"
    azure_deploy "$environment" "$@"
    ;;
  *)
    usage
    ;;
esac
