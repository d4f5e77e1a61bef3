# Stand-in for redis:8.6, the tag Aspire 13.6.5's AddRedis asks for (eng/stand-in-images.sh), from Debian's
# redis-server (7.0). The official image's contract: redis-server on PATH, data in /data (the working directory),
# reachable from other containers without a config file, root only long enough to hand /data to 'redis' (UID 999).
ARG BASE=bujji-standin/debian:bookworm
FROM ${BASE}
RUN groupadd --system --gid 999 redis \
 && useradd --system --uid 999 --gid redis --home-dir /var/lib/redis --shell /usr/sbin/nologin redis \
 && printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server \
 && apt-get clean && rm -rf /var/lib/apt/lists/* /usr/sbin/policy-rc.d \
 && mkdir /data && chown redis:redis /data
COPY redis-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /data
WORKDIR /data
EXPOSE 6379
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["redis-server"]
LABEL org.bujjicoder.stand-in=true
