#!/usr/bin/env bash
# Builds, once per machine, local stand-ins for the official base images Bujji Coder's images, compose stack and AppHost
# use, tagged with the OFFICIAL names: no container registry is reachable here, so `FROM mcr.microsoft.com/...` and the
# AppHost's `postgres:18.3` must find an image locally. Each stand-in is a small recipe in eng/stand-ins/ on a Debian
# bookworm minbase (debootstrap), with this machine's .NET SDK / Node.js or Debian's nginx, PostgreSQL and Redis.
#
# An image that already exists under a name is kept: a real official image is never shadowed, and a second run costs a
# few seconds. Stand-ins carry the label org.bujjicoder.stand-in=true, so they can be told apart (and removed: docker
# image ls --filter label=org.bujjicoder.stand-in=true), and the hash of their recipe: a stand-in built before its recipe
# last changed is built again (and the old one removed when nothing uses it).
#
# The machine's own certificate authorities (/usr/local/share/ca-certificates) go into the stand-ins that have a trust
# store: where an egress proxy re-signs TLS, restores inside the SDK and Node.js stand-ins trust it as the host does.
#
#   eng/stand-in-images.sh          build what is missing
#   eng/stand-in-images.sh --list   print the official names this script provides, one a line
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
recipes="$repo/eng/stand-ins"
label=org.bujjicoder.stand-in=true
base=bujji-standin/debian:bookworm

# The official names. Aspire 13.6.5's AddPostgres/AddRedis ask for docker.io/library/postgres:18.3 and
# docker.io/library/redis:8.6 (PostgresContainerImageTags/RedisContainerImageTags); deploy/compose uses the same tags so
# one set of images serves both. Change a tag here and where it is used (deploy/images, deploy/compose) together.
aspnet=mcr.microsoft.com/dotnet/aspnet:10.0
sdk=mcr.microsoft.com/dotnet/sdk:10.0
node=node:20-bookworm-slim
nginx=nginx:1.28-bookworm
postgres=postgres:18.3
redis=redis:8.6

if [ "${1:-}" = --list ]; then
  printf '%s\n' "$aspnet" "$sdk" "$node" "$nginx" "$postgres" "$redis"
  exit 0
fi

die() { echo "stand-in-images: $*" >&2; exit 1; }

# Temporary directories (a debootstrap root, build contexts) go however the script ends.
scratch=()
trap 'rm -rf "${scratch[@]}"' EXIT
exists() { docker image inspect "$1" >/dev/null 2>&1; }
label_of() { docker image inspect -f "{{index .Config.Labels \"$2\"}}" "$1" 2>/dev/null; }

extra_ca=/usr/local/share/ca-certificates
extra_ca_files() { [ -d "$extra_ca" ] && find "$extra_ca" -type f -name '*.crt' | sort; }

# What a stand-in is made of, as far as this script can tell: its recipe, the scripts it copies in, and the extra
# authorities when it takes them. (Not the host's SDK or Node.js version: remove a stand-in to refresh it.)
recipe_inputs() {
  local recipe="$recipes/$1" script
  echo "$recipe"
  sed -n 's/^COPY \([^ ]*\.sh\) .*/\1/p' "$recipe" | while read -r script; do echo "$recipes/$script"; done
  if grep -q extra-ca "$recipe"; then
    extra_ca_files
  fi
}

recipe_hash() {
  recipe_inputs "$1" | xargs cat | sha256sum | cut -c1-16
}

# When the inputs last changed: a file of the repository when it was committed (now, if it has changes not committed),
# any other file when it was written. Several checkouts share the machine's images: a checkout whose recipe is older than
# the stand-in keeps it, so two versions of a recipe never take turns rebuilding it; the newer recipe wins.
recipe_time() {
  local newest=0 input time
  while read -r input; do
    if [[ "$input" == "$repo"/* ]] && git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
      if [ -n "$(git -C "$repo" status --porcelain -- "$input")" ]; then
        time="$(date +%s)"
      else
        time="$(git -C "$repo" log -1 --format=%ct -- "$input")"
      fi
    else
      time="$(stat -c %Y "$input")"
    fi
    [ "${time:-0}" -gt "$newest" ] && newest="$time"
  done < <(recipe_inputs "$1")
  echo "$newest"
}

docker info >/dev/null 2>&1 || die "no Docker engine answers: start one first (eng/prerequisites.sh: install_container_engine)."

# Several worktrees' test runs may start at once: one builds, the others wait and then find everything present.
exec 9>"${TMPDIR:-/tmp}/bujji-stand-in-images.lock"
flock -w 3600 9 || die "another stand-in build held the lock for an hour."

ensure_base() {
  exists "$base" && return 0
  [ "$(id -u)" = 0 ] || die "$base is missing and building it needs root (debootstrap): sudo $0"
  command -v debootstrap >/dev/null 2>&1 || die "$base is missing: apt-get install -y debootstrap, then run $0 again."
  echo "$base: debootstrap --variant=minbase bookworm (about 2 minutes)..."
  local root
  root="$(mktemp -d)"
  scratch+=("$root")
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
  rm -rf "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import --change "LABEL $label" --change 'CMD ["bash"]' - "$base" >/dev/null
  rm -rf "$root"
}

# stand_in <official name> <recipe> [<function printing the context's parts>]
# Each part is <name in context>=<path on this machine>. The context is a directory of symlinks sent dereferenced
# (tar -h): the SDK or Node.js goes to the engine as files without being copied on this machine first. The base image
# and the parts are looked for only when something is to be built: where every name is present (a CI runner that pulled
# the official images) the script needs neither root, nor debootstrap, nor a particular SDK or Node.js.
stand_in() {
  local tag="$1" recipe="$2" parts_of="${3:-}" hash old=""
  hash="$(recipe_hash "$recipe")"
  if exists "$tag"; then
    if [ "$(label_of "$tag" org.bujjicoder.stand-in)" != true ]; then
      echo "$tag: present (not a stand-in), kept"
      return 0
    fi
    if [ "$(label_of "$tag" org.bujjicoder.stand-in.recipe)" = "$hash" ]; then
      echo "$tag: present, kept"
      return 0
    fi
    if [ "$(date -d "$(docker image inspect -f '{{.Created}}' "$tag")" +%s)" -ge "$(recipe_time "$recipe")" ]; then
      echo "$tag: present (built from a newer recipe than this checkout's), kept"
      return 0
    fi
    old="$(docker image inspect -f '{{.Id}}' "$tag")"
    echo "$tag: its recipe changed since it was built; building it again..."
  else
    echo "$tag: building stand-in from eng/stand-ins/$recipe..."
  fi
  ensure_base
  local parts=""
  [ -z "$parts_of" ] || parts="$("$parts_of")"
  local context part certificate
  context="$(mktemp -d)"
  scratch+=("$context" "$context.log")
  ln -s "$recipes/$recipe" "$context/Dockerfile"
  mkdir "$context/extra-ca"
  for certificate in $(extra_ca_files); do
    ln -s "$certificate" "$context/extra-ca/$(basename "$certificate")"
  done
  # shellcheck disable=SC2086 # one part a word: the paths have no spaces (checked where they are found)
  for part in "$recipes"/*.sh $parts; do
    case "$part" in
      *=*) mkdir -p "$context/$(dirname "${part%%=*}")"; ln -s "${part#*=}" "$context/${part%%=*}" ;;
      *) ln -s "$part" "$context/$(basename "$part")" ;;
    esac
  done
  local started=$SECONDS log="$context.log"
  if ! tar -C "$context" -ch . | docker build --build-arg "BASE=$base" --label "$label" \
    --label "org.bujjicoder.stand-in.for=$tag" --label "org.bujjicoder.stand-in.recipe=$hash" -t "$tag" - >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    rm -rf "$context" "$log"
    die "$tag: the stand-in did not build (the last lines of docker build are above)."
  fi
  rm -rf "$context" "$log"
  # The replaced stand-in goes unless a container or another image still uses it (then docker refuses, and it stays).
  [ -z "$old" ] || docker rmi "$old" >/dev/null 2>&1 || true
  echo "$tag: built in $((SECONDS - started)) s"
}

dotnet_root() {
  local root
  command -v dotnet >/dev/null 2>&1 || die "the .NET stand-ins are made from this machine's .NET 10 SDK: install it."
  root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  [ -d "$root/shared/Microsoft.AspNetCore.App" ] || die "no ASP.NET Core runtime under $root: install the .NET 10 SDK."
  case "$root" in *" "*) die "the SDK's path has a space: $root" ;; esac
  echo "$root"
}
runtime_parts() {
  local root
  root="$(dotnet_root)"
  echo "dotnet/dotnet=$root/dotnet dotnet/host=$root/host dotnet/shared=$root/shared dotnet/LICENSE.txt=$root/LICENSE.txt"
}
sdk_parts() {
  local root
  root="$(dotnet_root)"
  echo "dotnet=$root"
}
node_parts() {
  local node_bin
  command -v node >/dev/null 2>&1 || die "$node is made from this machine's Node.js 20: install it."
  node_bin="$(readlink -f "$(command -v node)")"
  [ "$("$node_bin" -p 'process.versions.node.split(".")[0]')" = 20 ] \
    || die "$node stands in for Node.js 20, but this machine's node is $("$node_bin" --version)."
  echo "node=$node_bin node_modules/npm=$(npm root -g)/npm"
}

stand_in "$aspnet" dotnet.Dockerfile runtime_parts
stand_in "$sdk" dotnet.Dockerfile sdk_parts
stand_in "$node" node.Dockerfile node_parts
stand_in "$nginx" nginx.Dockerfile
stand_in "$postgres" postgres.Dockerfile
stand_in "$redis" redis.Dockerfile
