# shellcheck shell=bash
# The azure path of deploy/deploy.sh: `deploy/deploy.sh azure <dev|staging|production> [--rollback]`.
# Sourced by deploy.sh (which sets -euo pipefail); defines azure_deploy and its helpers, all prefixed azure_.
#
#   1. preflight: azd, az and curl installed, both signed in, the azd environment exists
#   2. remembers the revision each app serves now
#   3. azd provision (infra/, idempotent) and azd deploy (images built from azure.yaml, or, with IMAGE_TAG set, the
#      images the pipeline pushed as <registry>/bujji-coder/<service>:<IMAGE_TAG>); the api migrates on start
#   4. smoke test through the front door: <WEB_URL>/health/ready and /api/v1/info
#   5. on any failure: traffic back to the remembered api and web revisions, the worker back to its image
# `--rollback` does step 5 alone, to each app's newest healthy revision before the one serving now.
#
# The AZURE_ENV_NAME variable names the azd environment (default: the environment argument); the argument is also the
# profile of infra/main.bicepparam (BUJJI_ENVIRONMENT_TYPE). Not run on the build machine (no azd/az there).

AZURE_SERVICES=(api web worker)

azure_log() { echo "deploy(azure): $*" >&2; }

azure_deploy() {
  local environment="${1:-}" rollback=false
  shift || true
  case "$environment" in
    dev | staging | production) ;;
    *) azure_log "environment must be dev, staging or production, not '$environment'"; return 2 ;;
  esac
  while [ $# -gt 0 ]; do
    case "$1" in
      --rollback) rollback=true ;;
      *) azure_log "unknown option '$1'"; return 2 ;;
    esac
    shift
  done

  local env_name="${AZURE_ENV_NAME:-$environment}"
  azure_preflight "$env_name" || return 1
  azd env select "$env_name" >/dev/null || return 1
  azd env set BUJJI_ENVIRONMENT_TYPE "$environment" >/dev/null || return 1

  if [ "$rollback" = true ]; then
    azure_rollback_to_previous
    return
  fi

  # What serves now (nothing before the first provision).
  local -A serving=()
  local worker_image="" service
  if [ -n "$(azure_value AZURE_RESOURCE_GROUP)" ]; then
    for service in api web; do
      serving[$service]="$(azure_serving_revision "$service")"
    done
    worker_image="$(azure_app worker show --query 'properties.template.containers[0].image' -o tsv 2>/dev/null || true)"
  fi

  if azure_provision_and_deploy && azure_smoke_test; then
    azure_log "environment $env_name runs the new release"
    return 0
  fi

  azure_log "the release failed: rolling back"
  for service in api web; do
    if [ -n "${serving[$service]:-}" ]; then
      azure_route_all_traffic "$service" "${serving[$service]}" || true
    fi
  done
  if [ -n "$worker_image" ]; then
    azure_app worker update --image "$worker_image" >/dev/null || true
  fi
  if [ -n "${serving[api]:-}" ] && azure_smoke_test; then
    azure_log "rolled back to ${serving[api]} (api) and ${serving[web]:-the previous web revision}"
  else
    azure_log "rollback did not bring the environment back: see docs/DEPLOYMENT.md, 'Upgrade and rollback'"
  fi
  return 1
}

azure_preflight() {
  local env_name="$1" tool
  for tool in azd az curl; do
    command -v "$tool" >/dev/null || { azure_log "$tool is not installed"; return 1; }
  done
  azd auth login --check-status >/dev/null 2>&1 || { azure_log "azd is not signed in (azd auth login)"; return 1; }
  az account show >/dev/null 2>&1 || { azure_log "az is not signed in (az login)"; return 1; }
  azd env list --output json | grep -q "\"Name\": *\"$env_name\"" ||
    { azure_log "no azd environment '$env_name' (azd env new $env_name; docs/DEPLOYMENT.md)"; return 1; }
}

azure_provision_and_deploy() {
  azd provision --no-prompt || return 1
  if [ -z "${IMAGE_TAG:-}" ]; then
    azd deploy --all --no-prompt
    return
  fi
  local registry service
  registry="$(azure_value AZURE_CONTAINER_REGISTRY_ENDPOINT)"
  for service in "${AZURE_SERVICES[@]}"; do
    azd deploy "$service" --from-package "$registry/bujji-coder/$service:$IMAGE_TAG" --no-prompt || return 1
  done
}

# Readiness through the front door: nginx → api → PostgreSQL, Redis, Key Vault. A new revision takes traffic only
# once its own probes pass, so this waits for the switch, up to 5 minutes.
azure_smoke_test() {
  local url
  url="$(azure_value WEB_URL)"
  [ -n "$url" ] || { azure_log "WEB_URL is not in the azd environment"; return 1; }
  local attempt
  for attempt in $(seq 1 30); do
    if curl -fsS --max-time 10 "$url/health/ready" >/dev/null && curl -fsS --max-time 10 "$url/api/v1/info" >/dev/null; then
      azure_log "smoke test passed: $url (attempt $attempt)"
      return 0
    fi
    sleep 10
  done
  azure_log "smoke test failed: $url/health/ready"
  return 1
}

# --rollback: api and web back to the newest healthy revision created before the one serving (so a second --rollback
# steps further back rather than forward again), and the worker to the api's release: the three images share a tag.
azure_rollback_to_previous() {
  local service current previous status=0 api_image=""
  for service in api web; do
    current="$(azure_serving_revision "$service")"
    previous="$(azure_app "$service" revision list --all \
      --query "sort_by([?name=='$current' || properties.healthState=='Healthy'], &properties.createdTime)[].name" -o tsv \
      | awk -v current="$current" '$0 == current { print last; exit } { last = $0 }' || true)"
    if [ -z "$previous" ]; then
      azure_log "$service: no healthy revision before $current"
      status=1
      continue
    fi
    azure_route_all_traffic "$service" "$previous" || status=1
    if [ "$service" = api ]; then
      api_image="$(azure_app api revision show --revision "$previous" --query "properties.template.containers[0].image" -o tsv || true)"
    fi
  done
  # <registry>/bujji-coder/api:<tag> → <registry>/bujji-coder/worker:<tag>
  if [[ "$api_image" == */api:* ]]; then
    azure_app worker update --image "${api_image/\/api:/\/worker:}" >/dev/null || status=1
  else
    azure_log "worker: left as it is (the api's previous image, '$api_image', names no release tag)"
  fi
  [ "$status" -eq 0 ] && azure_smoke_test
}

# All of an app's traffic to one revision (activated first: an inactive revision takes none). The next provision
# puts "latest revision" back, as infra/modules/apps.bicep declares it.
azure_route_all_traffic() {
  local service="$1" revision="$2"
  azure_log "$service: all traffic to $revision"
  azure_app "$service" revision activate --revision "$revision" >/dev/null 2>&1 || true
  azure_app "$service" ingress traffic set --revision-weight "$revision=100" >/dev/null
}

# The revision that takes the traffic: one pinned at 100 %, else the latest ready one.
azure_serving_revision() {
  local pinned
  pinned="$(azure_app "$1" ingress traffic show --query "[?weight==\`100\` && revisionName!=null].revisionName | [0]" -o tsv 2>/dev/null || true)"
  if [ -n "$pinned" ]; then
    echo "$pinned"
  else
    azure_app "$1" show --query properties.latestReadyRevisionName -o tsv 2>/dev/null || true
  fi
}

# az containerapp <command…> for a service: its name and resource group come from the azd environment.
azure_app() {
  local service="$1" name
  shift
  name="$(azure_value "SERVICE_${service^^}_NAME")"
  # The command's words (`show`, `revision list`, `ingress traffic set`) come before the options.
  local words=1
  case "$1" in
    revision) words=2 ;;
    ingress) words=3 ;;
  esac
  az containerapp "${@:1:words}" --name "$name" --resource-group "$(azure_value AZURE_RESOURCE_GROUP)" "${@:words+1}"
}

azure_value() { azd env get-value "$1" 2>/dev/null || true; }
