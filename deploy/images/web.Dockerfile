# The web front door: the production build of BujjiCoder.Web served by nginx with deploy/nginx/web.conf (SPA fallback,
# caching, security headers, CSP, /api and /health proxied to the Api). Build context: the repository root.
#   docker build -f deploy/images/web.Dockerfile -t bujji-coder/web .
# Base images are build arguments defaulting to the official ones (eng/stand-in-images.sh builds local stand-ins).
ARG NODE_IMAGE=node:20-bookworm-slim
ARG NGINX_IMAGE=nginx:1.28-bookworm

FROM ${NODE_IMAGE} AS build
WORKDIR /src/BujjiCoder.Web
# Dependencies from the lock file alone, so this layer survives every source change.
COPY BujjiCoder.Web/package.json BujjiCoder.Web/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY BujjiCoder.Web/ ./
RUN npm run build

FROM ${NGINX_IMAGE}
ARG NGINX_UID=101
# nginx keeps its configuration, temp files and pid where its user may write: the rendered server block in conf.d, the
# compiled-in temp directories of Debian (/var/lib/nginx) and of the official image (/var/cache/nginx), and /tmp.
RUN rm -f /etc/nginx/conf.d/default.conf \
 && mkdir -p /etc/nginx/templates /var/cache/nginx /var/lib/nginx \
 && chown -R ${NGINX_UID}:${NGINX_UID} /etc/nginx/conf.d /var/cache/nginx /var/lib/nginx
COPY deploy/images/web/nginx.conf /etc/nginx/nginx.conf
COPY deploy/nginx/web.conf /etc/nginx/templates/web.conf
COPY deploy/images/web/entrypoint.sh /usr/local/bin/bujji-web-entrypoint
COPY deploy/images/healthcheck.sh /usr/local/bin/healthcheck
COPY --from=build /src/BujjiCoder.Web/dist/ /srv/bujji-web/
ENV BUJJI_WEB_LISTEN=8080 \
    BUJJI_WEB_ROOT=/srv/bujji-web \
    BUJJI_API_UPSTREAM=api:8080
USER ${NGINX_UID}
EXPOSE 8080
# The front door answers with the app's index.html; it stays healthy while the Api is away (the app shows its
# "Api unreachable" banner), so a restarting Api does not take the front door down with it.
HEALTHCHECK --interval=10s --timeout=10s --start-period=10s --retries=3 CMD healthcheck / "${BUJJI_WEB_LISTEN##*:}"
STOPSIGNAL SIGQUIT
ENTRYPOINT ["bujji-web-entrypoint"]
CMD ["nginx", "-g", "daemon off;"]

# Last, so a new revision or date rebuilds no layer. CI passes them (docs/DEPLOYMENT.md, Images).
ARG VERSION=
ARG REVISION=
ARG CREATED=
ARG SOURCE=
LABEL org.opencontainers.image.title="Bujji Coder web" \
      org.opencontainers.image.description="The Bujji Coder web app behind nginx, the front door to the Api" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.created="${CREATED}"
