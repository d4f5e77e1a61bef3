# Sourced by run.sh and test.sh: checks for what Bujji Coder needs and installs what it can.
# Installs Debian packages only when running as root (as on CI); otherwise says in one line what to install.

die() { echo "$*" >&2; exit 1; }

# apt_install package...: installs Debian packages when this shell may (root with apt-get) and says so; returns non-zero
# when it may not, so the caller says in one line what to install.
apt_install() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
  echo "Installing $* with apt-get..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Debian starts some packages as system services on install; Bujji Coder runs its own instances when it needs them.
stop_services() {
  command -v service >/dev/null 2>&1 || return 0
  local unit
  for unit in "$@"; do service "$unit" stop >/dev/null 2>&1 || true; done
}

require_dotnet() {
  command -v dotnet >/dev/null 2>&1 || die "Install the .NET 10 SDK: https://dotnet.microsoft.com/download/dotnet/10.0"
}

# Vite 8 needs Node.js 20.19+ or 22.12+.
require_node() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
    || die "Install Node.js 20.19 or newer (with npm): https://nodejs.org"
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)||(a===20&&b>=19)||a===21?0:1)' \
    || die "Node.js $(node --version) is too old: install Node.js 20.19 or newer: https://nodejs.org"
}

# The Debian servers local mode and the tests run: PostgreSQL (binaries off PATH), Redis, and clamd (in /usr/sbin,
# off a normal user's PATH), which the upload-scanning tests start with a signature database of their own.
servers_installed() {
  compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null && command -v redis-server >/dev/null 2>&1 && [ -x /usr/sbin/clamd ]
}

# install_servers required|optional
install_servers() {
  servers_installed && return 0
  if apt_install postgresql redis-server clamav-daemon; then
    # The ClamAV services are also disabled: freshclam would download the full signature set and clamd load it (about
    # 1 GB of memory).
    stop_services postgresql redis-server clamav-daemon clamav-freshclam
    command -v systemctl >/dev/null 2>&1 && { systemctl disable clamav-daemon clamav-daemon.socket clamav-freshclam >/dev/null 2>&1 || true; }
    return 0
  fi
  [ "$1" = required ] && die "Install PostgreSQL, Redis and ClamAV first: sudo apt-get install -y postgresql redis-server clamav-daemon"
  return 0
}

# What the end-to-end tests drive: Debian's chromium (never `playwright install`, which downloads) and nginx serving
# the web build with deploy/nginx/web.conf. Each test run starts its own nginx; the system service is stopped.
browser_tools_installed() {
  [ -x /usr/bin/chromium ] && [ -x /usr/sbin/nginx ]
}

install_browser_tools() {
  browser_tools_installed && return 0
  if apt_install chromium nginx; then
    stop_services nginx
    return 0
  fi
  die "Install chromium and nginx first (the end-to-end tests drive them): sudo apt-get install -y chromium nginx"
}

# promtool, from Debian's prometheus package: the .NET tests run `promtool check rules` and `promtool test rules` on
# deploy/monitoring's alerts. The Prometheus service the package brings is stopped and disabled: nothing here needs it.
install_promtool() {
  command -v promtool >/dev/null 2>&1 && return 0
  if apt_install prometheus; then
    stop_services prometheus
    command -v systemctl >/dev/null 2>&1 && { systemctl disable prometheus >/dev/null 2>&1 || true; }
    return 0
  fi
  echo "Install promtool or the alert rule tests fail: sudo apt-get install -y --no-install-recommends prometheus" >&2
}

# npm ci when node_modules is missing or older than the lock file (the web app, or tests/tools' servers).
install_web_dependencies() {
  local web="$1"
  if [ ! -f "$web/node_modules/.package-lock.json" ] || [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
    (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# The Docker engine the deployment tests build the images on and run the compose stack with, Debian's docker-compose
# 1.29 (the compose v2 plugin is not packaged for Debian), and debootstrap for eng/stand-in-images.sh's base image.
# An engine that already answers is used as it is, root or not (a CI runner's own engine, a developer's Docker group).
install_container_engine() {
  local missing=()
  # A docker client alone (some images ship one) is not an engine: the daemon comes with docker.io too.
  if ! command -v docker >/dev/null 2>&1 || { ! docker info >/dev/null 2>&1 && ! command -v dockerd >/dev/null 2>&1; }; then
    missing+=(docker.io)
  fi
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  if [ "$(id -u)" = 0 ]; then
    command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  fi
  if [ "${#missing[@]}" -gt 0 ]; then
    apt_install "${missing[@]}" \
      || die "Install the Docker engine and docker-compose first: sudo apt-get install -y docker.io docker-compose debootstrap"
  fi

  docker info >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v dockerd >/dev/null 2>&1; then
    # No init system starts it in a container or on a bare CI machine: dockerd in the background, in its own session so
    # it outlives this shell, and waited for (it answers within seconds).
    echo "Starting dockerd in the background (log: /var/log/dockerd.log)..."
    setsid dockerd >/var/log/dockerd.log 2>&1 < /dev/null &
    local waited=0
    until docker info >/dev/null 2>&1; do
      [ "$waited" -ge 60 ] && die "dockerd did not answer within 60 s: see /var/log/dockerd.log"
      sleep 1
      waited=$((waited + 1))
    done
    return 0
  fi
  die "No Docker engine answers: start it (sudo systemctl start docker, or sudo dockerd &) and give your user access (the docker group)."
}
