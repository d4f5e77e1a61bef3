#!/bin/sh
# The web image's entrypoint: fills deploy/nginx/web.conf's placeholders from the environment (defaults below), then
# runs the command (nginx in the foreground). Only the listed names are substituted, so nginx's own $variables stay.
set -eu

: "${BUJJI_WEB_LISTEN:=8080}"
: "${BUJJI_WEB_ROOT:=/srv/bujji-web}"
: "${BUJJI_API_UPSTREAM:=api:8080}"
: "${BUJJI_API_SCHEME:=http}"
# nginx's own $host unless the Api is reached by a name it must be addressed by (Azure Container Apps' internal FQDN).
: "${BUJJI_API_HOST:=\$host}"
: "${BUJJI_WEB_ERROR_TRACKING_ORIGIN:=}"

# Several Api replicas: BUJJI_API_UPSTREAM="api-1:8080, api-2:8080" (each entry may carry nginx server parameters,
# "api-2:8080 backup"); every entry becomes one `server` line of the upstream block. Names are resolved when nginx
# starts or reloads (`nginx -s reload` after an Api container is replaced).
BUJJI_API_UPSTREAM="$(printf '%s' "$BUJJI_API_UPSTREAM" | sed 's/[[:space:]]*,[[:space:]]*/; server /g')"

# Behind a TLS-terminating proxy every connection comes from the proxy: BUJJI_WEB_TRUSTED_PROXIES (addresses or CIDRs,
# comma or space separated) are believed about the client's address in X-Forwarded-For, so $remote_addr, the access log
# and the X-Forwarded-For the Api receives (whose last entry it takes) name the browser. Empty: nobody is believed.
: "${BUJJI_WEB_TRUSTED_PROXIES:=}"
{
  for source in $(printf '%s' "$BUJJI_WEB_TRUSTED_PROXIES" | tr ',' ' '); do
    echo "set_real_ip_from $source;"
  done
  if [ -n "$(printf '%s' "$BUJJI_WEB_TRUSTED_PROXIES" | tr -d ', ')" ]; then
    echo "real_ip_header X-Forwarded-For;"
    echo "real_ip_recursive on;"
  fi
} > /etc/nginx/conf.d/real-ip.conf

export BUJJI_WEB_LISTEN BUJJI_WEB_ROOT BUJJI_API_UPSTREAM BUJJI_API_SCHEME BUJJI_API_HOST BUJJI_WEB_ERROR_TRACKING_ORIGIN
mkdir -p /tmp/nginx
# shellcheck disable=SC2016 # the list names the placeholders; envsubst must see them unexpanded.
envsubst '${BUJJI_WEB_LISTEN} ${BUJJI_WEB_ROOT} ${BUJJI_API_UPSTREAM} ${BUJJI_API_SCHEME} ${BUJJI_API_HOST} ${BUJJI_WEB_ERROR_TRACKING_ORIGIN}' \
  < /etc/nginx/templates/web.conf > /etc/nginx/conf.d/web.conf

exec "$@"
