#!/bin/bash
# The images' HEALTHCHECK probe. The .NET runtime and nginx images have no curl or wget, but they have bash: one
# HTTP/1.1 GET over bash's /dev/tcp, healthy on a 2xx status only (a 503 from /health/ready is unhealthy).
#   healthcheck [path] [port]   defaults: /health/ready, the first of ASPNETCORE_HTTP_PORTS, else 8080
path="${1:-/health/ready}"
ports="${ASPNETCORE_HTTP_PORTS:-8080}"
port="${2:-${ports%%[;,]*}}"

exec 3<>"/dev/tcp/127.0.0.1/$port" || { echo "$path: nothing listens on $port"; exit 1; }
# Host with the port: the Api maps /metrics for Host *:<Management:Port> only.
printf 'GET %s HTTP/1.1\r\nHost: localhost:%s\r\nUser-Agent: healthcheck\r\nConnection: close\r\n\r\n' "$path" "$port" >&3
# A hanging dependency still gets an answer within HealthChecks:Timeout (5 s); 9 s stays inside HEALTHCHECK's 10 s.
read -r -t 9 _ status _ <&3
case "$status" in
  2??) echo "$path: $status"; exit 0 ;;
  *) echo "$path: ${status:-no answer in 9 s}"; exit 1 ;;
esac
