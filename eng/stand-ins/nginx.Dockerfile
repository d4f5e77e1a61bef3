# Stand-in for nginx:1.28-bookworm (eng/stand-in-images.sh), from Debian's nginx. What deploy/images/web.Dockerfile
# relies on, as in the official image: /usr/sbin/nginx, /etc/nginx/mime.types, envsubst (gettext-base), bash, the
# 'nginx' user (UID 101), logs to the container's stdout/stderr, and nothing that needs root once it is configured to
# keep its pid and temp files in a writable directory.
ARG BASE=bujji-standin/debian:bookworm
FROM ${BASE}
RUN groupadd --system --gid 101 nginx \
 && useradd --system --uid 101 --gid nginx --no-create-home --home-dir /nonexistent --shell /bin/false nginx \
 && printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx-light gettext-base ca-certificates \
 && apt-get clean && rm -rf /var/lib/apt/lists/* /usr/sbin/policy-rc.d /etc/nginx/sites-enabled/default \
 && mkdir -p /var/cache/nginx /etc/nginx/conf.d /usr/share/nginx/html \
 && ln -sf /dev/stdout /var/log/nginx/access.log \
 && ln -sf /dev/stderr /var/log/nginx/error.log
EXPOSE 80
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
LABEL org.bujjicoder.stand-in=true
