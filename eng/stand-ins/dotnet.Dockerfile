# Stand-in for mcr.microsoft.com/dotnet/aspnet:10.0 and mcr.microsoft.com/dotnet/sdk:10.0 (eng/stand-in-images.sh).
# The build context holds this machine's SDK as dotnet/: only the muxer, host/ and shared/ for the runtime image, all of
# it for the SDK image. Both builds share the layers above the COPY of dotnet/, so the second costs one copy.
ARG BASE=bujji-standin/debian:bookworm
FROM ${BASE}
# What the official runtime-deps image adds to Debian: ICU (globalization), OpenSSL (TLS), root certificates, time zones.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libicu72 libssl3 ca-certificates tzdata zlib1g \
 && apt-get clean && rm -rf /var/lib/apt/lists/*
# The official images' non-root user and defaults, which deploy/images/*.Dockerfile rely on: UID 1654 'app', port 8080.
# This machine's own certificate authorities (its egress proxy re-signs TLS, so nuget.org is otherwise untrusted);
# an empty folder elsewhere. Stand-ins never leave the machine they were built on.
COPY extra-ca/ /usr/local/share/ca-certificates/
RUN update-ca-certificates
RUN groupadd --gid 1654 app && useradd --uid 1654 --gid 1654 --create-home --shell /bin/false app
ENV APP_UID=1654 \
    ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_RUNNING_IN_CONTAINER=true
COPY dotnet/ /usr/share/dotnet/
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
LABEL org.bujjicoder.stand-in=true
