# Stand-in for node:20-bookworm-slim (eng/stand-in-images.sh): this machine's Node.js 20 and its npm, where the official
# image keeps them (/usr/local), with its 'node' user (UID 1000).
ARG BASE=bujji-standin/debian:bookworm
FROM ${BASE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates \
 && apt-get clean && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 1000 node && useradd --uid 1000 --gid node --create-home --shell /bin/bash node
# This machine's own certificate authorities (its egress proxy re-signs TLS, so the npm registry is otherwise
# untrusted); Node.js reads them from the system bundle through NODE_EXTRA_CA_CERTS. An empty folder elsewhere.
COPY extra-ca/ /usr/local/share/ca-certificates/
RUN update-ca-certificates
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
COPY node /usr/local/bin/node
COPY node_modules/ /usr/local/lib/node_modules/
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
ENV NODE_VERSION=20
CMD ["node"]
LABEL org.bujjicoder.stand-in=true
