# shellcheck shell=bash
# The compose path of deploy/deploy.sh, sourced by it (which sets -euo pipefail). One entry point:
#   compose_deploy <environment>
# Every other function and variable here is prefixed compose_ / COMPOSE_.
#
# Settings come from deploy/compose/<environment>.env (or the file $BUJJI_ENV_FILE names), as documented in
# deploy/compose/.env.example; a variable set in the shell wins over the file, as it does for docker-compose.
#
# First deploy (no Api replica exists): PostgreSQL and Redis, the one-off `migrate`, then both replicas, the Worker and
# the front door, each waited for until Docker reports it healthy.
# Upgrade: `migrate` with the new Api image, then one replica at a time: out of the front door's upstream (nginx
# reloaded, requests under way allowed to finish), replaced, waited for until healthy, back in. A replica that does not
# turn healthy in time is put back on the image it ran before (and so is any replica this run already replaced); the
# other replica serves throughout. The Worker follows the Api, the front door last.

COMPOSE_DIR="$DEPLOY_ROOT/compose"
COMPOSE_API_REPLICAS=(api-1 api-2)

compose_log() { echo "deploy: $*" >&2; }
compose_fail() {
  compose_log "FAILED: $*"
  return 1
}

# The value of a setting: the shell's, else the env file's (KEY=VALUE lines; the first '=' splits), else empty.
compose_value() {
  local key="$1"
  if [ -n "${!key+set}" ]; then
    printf '%s' "${!key}"
    return
  fi
  [ -f "$COMPOSE_ENV_FILE" ] || return 0
  local line
  line="$(grep -E "^[[:space:]]*${key}=" "$COMPOSE_ENV_FILE" | tail -n 1 || true)"
  line="${line#*=}"
  # Quotes around a whole value are the file's syntax, not part of the value (as docker-compose reads it).
  if [[ "$line" =~ ^\"(.*)\"$ || "$line" =~ ^\'(.*)\'$ ]]; then
    line="${BASH_REMATCH[1]}"
  fi
  printf '%s' "$line"
}

compose_dc() {
  docker-compose "${COMPOSE_ARGS[@]}" "$@"
}

# --- preflight -------------------------------------------------------------------------------------------------------

# Sample or placeholder values: the .env.example's <…> markers and the usual stand-ins for a secret.
compose_is_sample() {
  local value="${1,,}"
  [[ -z "$value" || "$value" == *"<"* || "$value" == *">"* ]] && return 0
  case "$value" in
    changeme* | change-me* | password* | secret* | sample* | example* | your-* | your_* | placeholder* | todo* | xxx* | test) return 0 ;;
  esac
  return 1
}

compose_check_secret() {
  local key="$1" min_bytes="$2" value
  value="$(compose_value "$key")"
  if compose_is_sample "$value"; then
    COMPOSE_PROBLEMS+=("$key is not set or still a sample value: generate one (see .env.example)")
  elif [ "${#value}" -lt "$min_bytes" ]; then
    COMPOSE_PROBLEMS+=("$key is shorter than $min_bytes characters")
  fi
}

compose_preflight() {
  local environment="$1"
  COMPOSE_PROBLEMS=()

  command -v docker >/dev/null || compose_fail "docker is not installed" || return 1
  command -v docker-compose >/dev/null || compose_fail "docker-compose is not installed (apt-get install docker-compose)" || return 1
  docker info >/dev/null 2>&1 || compose_fail "the Docker engine does not answer (is dockerd running, may this user use it?)" || return 1
  docker-compose version --short >/dev/null 2>&1 || compose_fail "docker-compose does not run" || return 1

  [ -f "$COMPOSE_ENV_FILE" ] || compose_fail "no env file $COMPOSE_ENV_FILE: copy deploy/compose/.env.example to it and fill it in" || return 1

  local key value
  for key in BUJJI_API_IMAGE BUJJI_WORKER_IMAGE BUJJI_WEB_IMAGE; do
    value="$(compose_value "$key")"
    if [[ -z "$value" || "$value" == *"<"* ]]; then
      COMPOSE_PROBLEMS+=("$key is not set: the image of the release to deploy")
    fi
  done
  compose_check_secret BUJJI_POSTGRES_PASSWORD 12
  compose_check_secret BUJJI_REDIS_PASSWORD 12
  compose_check_secret BUJJI_JWT_SIGNING_KEY 32
  compose_check_secret BUJJI_BACKUP_ENCRYPTION_KEY 44
  value="$(compose_value BUJJI_BACKUP_ENCRYPTION_KEY)"
  if ! compose_is_sample "$value" && [ "$(printf '%s' "$value" | base64 -d 2>/dev/null | wc -c)" -ne 32 ]; then
    COMPOSE_PROBLEMS+=("BUJJI_BACKUP_ENCRYPTION_KEY must be the base64 of 32 bytes (openssl rand -base64 32)")
  fi
  value="$(compose_value BUJJI_EDGE_SUBNET)"
  if ! [[ "$value" =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}/[0-9]{1,2}$ ]]; then
    COMPOSE_PROBLEMS+=("BUJJI_EDGE_SUBNET must be a free private subnet in CIDR form (e.g. 172.30.80.0/24)")
  fi
  if [ "$(compose_value BUJJI_ASPNETCORE_ENVIRONMENT)" = Development ]; then
    COMPOSE_PROBLEMS+=("BUJJI_ASPNETCORE_ENVIRONMENT must not be Development: it accepts sample secrets")
  fi
  if [ ${#COMPOSE_PROBLEMS[@]} -gt 0 ]; then
    for value in "${COMPOSE_PROBLEMS[@]}"; do compose_log "$COMPOSE_ENV_FILE: $value"; done
    compose_fail "the env file of '$environment' is not ready; nothing was changed"
    return 1
  fi

  local errors
  if ! errors="$(compose_dc config -q 2>&1)"; then
    compose_log "$errors"
    compose_fail "docker-compose refuses the configuration; nothing was changed"
    return 1
  fi

  # Images: what the env file names must be on this machine, pulled from the registry if not.
  local image missing=()
  for key in BUJJI_API_IMAGE BUJJI_WORKER_IMAGE BUJJI_WEB_IMAGE BUJJI_POSTGRES_IMAGE BUJJI_REDIS_IMAGE; do
    image="$(compose_value "$key")"
    case "$key" in
      BUJJI_POSTGRES_IMAGE) image="${image:-postgres:18.3}" ;;
      BUJJI_REDIS_IMAGE) image="${image:-redis:8.6}" ;;
    esac
    if ! docker image inspect "$image" >/dev/null 2>&1; then
      compose_log "pulling $image ($key)"
      docker pull --quiet "$image" >/dev/null 2>&1 || missing+=("$image ($key)")
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    compose_fail "images not on this machine and not pullable: ${missing[*]}; nothing was changed"
    return 1
  fi
  compose_log "preflight passed: docker $(docker version --format '{{.Server.Version}}'), docker-compose $(docker-compose version --short), env file $COMPOSE_ENV_FILE, images present"
}

# --- containers and health --------------------------------------------------------------------------------------------

compose_container() { compose_dc ps -q "$1" 2>/dev/null | head -n 1; }

# healthy | unhealthy | starting | running (no health check) | exited | restarting | missing
compose_state() {
  local container="$1"
  [ -n "$container" ] || { echo missing; return; }
  docker inspect --format '{{if eq .State.Status "running"}}{{if .State.Health}}{{.State.Health.Status}}{{else}}running{{end}}{{else}}{{.State.Status}}{{end}} {{.RestartCount}}' "$container" 2>/dev/null || echo missing
}

# Waits until the service's container is healthy; fails at once when it is unhealthy, has stopped or has restarted (a
# crash loop never turns healthy), and after the timeout.
compose_wait_healthy() {
  local service="$1" timeout="$2" container state restarts deadline
  container="$(compose_container "$service")"
  deadline=$((SECONDS + timeout))
  while :; do
    read -r state restarts <<<"$(compose_state "$container")"
    case "$state" in
      healthy | running) return 0 ;;
      unhealthy)
        compose_log "$service is unhealthy; its last health check said: $(docker inspect --format '{{range .State.Health.Log}}{{.ExitCode}}: {{.Output}}{{"\n"}}{{end}}' "$container" 2>/dev/null | grep -v '^$' | tail -n 1)"
        break
        ;;
      exited | dead | missing) compose_log "$service is $state"; break ;;
    esac
    if [ "${restarts:-0}" -gt 0 ]; then
      compose_log "$service restarted $restarts time(s) while starting"
      break
    fi
    if [ $SECONDS -ge $deadline ]; then
      compose_log "$service was not healthy within ${timeout} s (still $state)"
      break
    fi
    sleep 2
  done
  compose_log "last lines of $service's log:"
  docker logs --tail 20 "$container" 2>&1 | sed 's/^/    /' >&2 || true
  return 1
}

compose_image_id() { docker image inspect --format '{{.Id}}' "$1" 2>/dev/null || true; }

# True when the service's container already runs what the configuration asks for: the same image and the same
# service definition (docker-compose's own config hash), so deploying twice replaces nothing.
compose_is_current() {
  local service="$1" image="$2" container
  container="$(compose_container "$service")"
  [ -n "$container" ] || return 1
  [ "$(docker inspect --format '{{.Image}}' "$container")" = "$(compose_image_id "$image")" ] || return 1
  local hash
  hash="$(compose_dc config --hash="$service" 2>/dev/null | awk '{print $2}')"
  [ "$(docker inspect --format '{{index .Config.Labels "com.docker.compose.config-hash"}}' "$container")" = "$hash" ] || return 1
  [[ "$(compose_state "$container")" == healthy* ]]
}

# --- the front door's upstream ----------------------------------------------------------------------------------------

# Marks an Api replica down (out) or up (in) in the front door's rendered server block and reloads nginx gracefully:
# new requests go only to the replicas in it, requests under way finish where they are.
compose_upstream() {
  local service="$1" mode="$2" web mark=""
  web="$(compose_container web)"
  [ -n "$web" ] || return 0
  [ "$mode" = out ] && mark=" down"
  docker exec "$web" sh -c '
    # The loaded file that holds the upstream (not the template it was rendered from).
    conf="$(nginx -T 2>/dev/null | sed -n "s/^# configuration file \(.*\):\$/\1/p" | while read -r f; do grep -l "upstream bujji_api" "$f"; done | head -n 1)"
    [ -n "$conf" ] || { echo "nginx has no upstream bujji_api" >&2; exit 1; }
    sed -i -E "/^[[:space:]]*#/!s/server $1:8080( down)?;/server $1:8080$2;/" "$conf" && nginx -t -q && nginx -s reload
  ' sh "$service" "$mark" || compose_fail "could not take $service $mode of the front door's upstream"
}

# --- rolling update ---------------------------------------------------------------------------------------------------

# Replaces one service's container with the image in $2 (a reference or an image id), through docker-compose so the
# container keeps the service's definition.
compose_replace() {
  local service="$1" image="$2" variable="$3"
  env "$variable=$image" docker-compose "${COMPOSE_ARGS[@]}" up -d --no-deps "$service" >&2
}

compose_roll_replica() {
  local service="$1" image="$2"
  compose_upstream "$service" out || return 1
  sleep "$COMPOSE_DRAIN_SECONDS"
  compose_replace "$service" "$image" BUJJI_API_IMAGE || return 1
  compose_wait_healthy "$service" "$COMPOSE_HEALTH_TIMEOUT" || return 1
  compose_upstream "$service" in
}

compose_rollback_replica() {
  local service="$1" previous="$2"
  compose_log "rolling $service back to $previous"
  compose_upstream "$service" out || true
  compose_replace "$service" "$previous" BUJJI_API_IMAGE &&
    compose_wait_healthy "$service" "$COMPOSE_HEALTH_TIMEOUT" &&
    compose_upstream "$service" in
}

# The replicas in the order to roll them: those not healthy first (they serve nothing, so replacing them costs nothing
# and may bring one back), then the healthy ones.
compose_roll_order() {
  local service
  for service in "${COMPOSE_API_REPLICAS[@]}"; do
    [[ "$(compose_state "$(compose_container "$service")")" == healthy* ]] || echo "$service"
  done
  for service in "${COMPOSE_API_REPLICAS[@]}"; do
    [[ "$(compose_state "$(compose_container "$service")")" == healthy* ]] && echo "$service"
  done
  return 0
}

# True when a replica other than $1 is healthy, i.e. taking $1 out leaves the front door something to send requests to.
compose_other_replica_serves() {
  local service
  for service in "${COMPOSE_API_REPLICAS[@]}"; do
    [ "$service" = "$1" ] && continue
    [[ "$(compose_state "$(compose_container "$service")")" == healthy* ]] && return 0
  done
  return 1
}

compose_roll_api() {
  local image service container previous rolled=() previous_of=() order
  image="$(compose_value BUJJI_API_IMAGE)"
  mapfile -t order < <(compose_roll_order)
  for service in "${order[@]}"; do
    if compose_is_current "$service" "$image"; then
      compose_log "$service already runs $image"
      continue
    fi
    if ! compose_other_replica_serves "$service"; then
      compose_log "WARNING: no other Api replica is healthy: requests fail until $service is back"
    fi
    container="$(compose_container "$service")"
    previous=""
    [ -n "$container" ] && previous="$(docker inspect --format '{{.Image}}' "$container")"
    compose_log "rolling $service to $image"
    if compose_roll_replica "$service" "$image"; then
      compose_log "$service runs $image and is back in the front door"
      rolled+=("$service")
      previous_of+=("$previous")
      continue
    fi

    local failed="$service" outcome="rolled back"
    if [ -z "$previous" ]; then
      outcome="left out of the front door (it had no previous image)"
    elif ! compose_rollback_replica "$service" "$previous"; then
      outcome="NOT rolled back: it is out of the front door; see its log"
    fi
    local i
    for i in "${!rolled[@]}"; do
      compose_rollback_replica "${rolled[$i]}" "${previous_of[$i]}" || outcome="$outcome; ${rolled[$i]} could not be rolled back"
    done
    compose_fail "$failed did not turn healthy on $image: $outcome. The other replica kept serving; the Worker and the front door were not touched."
    return 1
  done
}

# The Worker has no traffic to move: replaced in place, rolled back the same way.
compose_roll_single() {
  local service="$1" variable="$2" image container previous
  image="$(compose_value "$variable")"
  if compose_is_current "$service" "$image"; then
    compose_log "$service already runs $image"
    return 0
  fi
  container="$(compose_container "$service")"
  previous=""
  [ -n "$container" ] && previous="$(docker inspect --format '{{.Image}}' "$container")"
  compose_log "rolling $service to $image"
  compose_replace "$service" "$image" "$variable" || return 1
  if compose_wait_healthy "$service" "$COMPOSE_HEALTH_TIMEOUT"; then
    compose_log "$service runs $image"
    return 0
  fi
  if [ -n "$previous" ]; then
    compose_log "rolling $service back to $previous"
    if ! { compose_replace "$service" "$previous" "$variable" && compose_wait_healthy "$service" "$COMPOSE_HEALTH_TIMEOUT"; }; then
      compose_log "$service could not be rolled back either"
    fi
  fi
  compose_fail "$service did not turn healthy on $image and was rolled back to its previous image"
}

compose_migrate() {
  compose_log "migrating the database with $(compose_value BUJJI_API_IMAGE)"
  compose_dc run --rm -T migrate >&2 || compose_fail "migrations failed: no replica was replaced (docs/RUNBOOK.md, \"Run migrations by hand\")"
}

compose_first_deploy() {
  local started=$SECONDS service
  compose_log "no Api replica runs: first deploy, in dependency order"
  compose_dc up -d postgres redis >&2
  for service in postgres redis; do
    compose_wait_healthy "$service" "$COMPOSE_HEALTH_TIMEOUT" || { compose_fail "$service did not start"; return 1; }
  done
  compose_migrate || return 1
  compose_dc up -d --no-deps "${COMPOSE_API_REPLICAS[@]}" worker >&2
  for service in "${COMPOSE_API_REPLICAS[@]}" worker; do
    compose_wait_healthy "$service" "$COMPOSE_HEALTH_TIMEOUT" || { compose_fail "$service did not turn healthy"; return 1; }
  done
  compose_dc up -d --no-deps web >&2
  compose_wait_healthy web "$COMPOSE_HEALTH_TIMEOUT" || { compose_fail "the front door did not turn healthy"; return 1; }
  compose_log "ready: the stack was up and healthy $((SECONDS - started)) s after compose up"
}

compose_upgrade() {
  compose_log "upgrading the running stack"
  # Brought up if they were stopped, never replaced here: a new database image is a deliberate upgrade of its own.
  compose_dc up -d --no-recreate postgres redis >&2
  if ! { compose_wait_healthy postgres "$COMPOSE_HEALTH_TIMEOUT" && compose_wait_healthy redis "$COMPOSE_HEALTH_TIMEOUT"; }; then
    compose_fail "PostgreSQL or Redis is not healthy; nothing was replaced"
    return 1
  fi
  compose_migrate || return 1
  compose_roll_api || return 1
  compose_roll_single worker BUJJI_WORKER_IMAGE || return 1
  compose_roll_single web BUJJI_WEB_IMAGE || return 1
  compose_log "done: every service runs the release in $COMPOSE_ENV_FILE"
}

compose_deploy() {
  local environment="$1"
  shift
  [ $# -eq 0 ] || { compose_log "unknown option(s) for compose: $*"; return 2; }
  [[ "$environment" =~ ^[A-Za-z0-9][A-Za-z0-9_-]*$ ]] || { compose_log "environment must be a simple name, not '$environment'"; return 2; }

  COMPOSE_ENV_FILE="${BUJJI_ENV_FILE:-$COMPOSE_DIR/$environment.env}"
  # Absolute, so docker-compose finds it whatever its project directory.
  if [ -d "$(dirname "$COMPOSE_ENV_FILE")" ]; then
    COMPOSE_ENV_FILE="$(cd "$(dirname "$COMPOSE_ENV_FILE")" && pwd)/$(basename "$COMPOSE_ENV_FILE")"
  fi
  local project override
  project="$(compose_value COMPOSE_PROJECT_NAME)"
  project="${project:-bujji-$environment}"
  COMPOSE_ARGS=(--project-name "$project" --project-directory "$COMPOSE_DIR" --env-file "$COMPOSE_ENV_FILE" -f "$COMPOSE_DIR/compose.yaml")
  IFS=: read -r -a overrides <<<"$(compose_value BUJJI_COMPOSE_OVERRIDES)"
  for override in "${overrides[@]}"; do
    [ -n "$override" ] && COMPOSE_ARGS+=(-f "$COMPOSE_DIR/$override")
  done
  COMPOSE_HEALTH_TIMEOUT="$(compose_value BUJJI_HEALTH_TIMEOUT)"
  COMPOSE_HEALTH_TIMEOUT="${COMPOSE_HEALTH_TIMEOUT:-180}"
  COMPOSE_DRAIN_SECONDS="$(compose_value BUJJI_DRAIN_SECONDS)"
  COMPOSE_DRAIN_SECONDS="${COMPOSE_DRAIN_SECONDS:-5}"

  compose_log "compose project '$project', environment '$environment'"
  # One deployment of a project at a time: two interleaved rolling updates would take both replicas out at once.
  command -v flock >/dev/null || { compose_fail "flock is not installed (apt-get install util-linux)"; return 1; }
  exec 9>"${TMPDIR:-/tmp}/bujji-deploy-$project.lock"
  if ! flock -n 9; then
    compose_fail "another deploy.sh is running for project '$project'; nothing was changed"
    return 1
  fi
  compose_preflight "$environment" || return 1

  local replicas=0 service
  for service in "${COMPOSE_API_REPLICAS[@]}"; do
    [ -n "$(compose_container "$service")" ] && replicas=$((replicas + 1))
  done
  if [ "$replicas" -eq 0 ]; then
    compose_first_deploy
  else
    compose_upgrade
  fi
}
