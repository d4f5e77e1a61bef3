# Stand-in for postgres:18.3, the tag Aspire 13.6.5's AddPostgres asks for (eng/stand-in-images.sh), from Debian's
# PostgreSQL 15. The official image's contract that the AppHost and deploy/compose rely on: POSTGRES_USER,
# POSTGRES_PASSWORD, POSTGRES_DB, POSTGRES_INITDB_ARGS and POSTGRES_HOST_AUTH_METHOD read on first start, initdb into
# PGDATA (/var/lib/postgresql/data) when it is empty, /docker-entrypoint-initdb.d run once, listening on all addresses
# with password auth, pg_isready and psql on PATH, root only long enough to hand PGDATA to 'postgres' (UID 999).
ARG BASE=bujji-standin/debian:bookworm
FROM ${BASE}
ENV PG_MAJOR=15
# C.UTF-8 (built into glibc) so initdb picks UTF8, as the official image's en_US.utf8 does; C alone means SQL_ASCII.
ENV PATH=/usr/lib/postgresql/${PG_MAJOR}/bin:$PATH \
    PGDATA=/var/lib/postgresql/data \
    LANG=C.UTF-8
# No cluster of Debian's own (pg_createcluster): the entrypoint runs initdb into PGDATA like the official image.
RUN groupadd --system --gid 999 postgres \
 && useradd --system --uid 999 --gid postgres --home-dir /var/lib/postgresql --shell /bin/bash postgres \
 && mkdir -p /var/lib/postgresql /etc/postgresql-common \
 && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.conf \
 && printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-${PG_MAJOR} \
 && apt-get clean && rm -rf /var/lib/apt/lists/* /usr/sbin/policy-rc.d \
 && sed -ri "s!^#?(listen_addresses)\s*=\s*\S+.*!\1 = '*'!" /usr/share/postgresql/${PG_MAJOR}/postgresql.conf.sample \
 && mkdir -p "$PGDATA" /var/run/postgresql /docker-entrypoint-initdb.d \
 && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql \
 && chmod 3777 /var/run/postgresql
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/postgresql
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
LABEL org.bujjicoder.stand-in=true
