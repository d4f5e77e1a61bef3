# The Api image. Build context: the repository root (see /.dockerignore).
#   docker build -f deploy/images/api.Dockerfile -t bujji-coder/api .
# Base images are build arguments defaulting to the official ones; on machines without a registry,
# eng/stand-in-images.sh builds local stand-ins under the same names.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
# Offline revocation checks: the build container reaches nuget.org but not every certificate revocation server.
ENV NUGET_CERT_REVOCATION_MODE=offline \
    NUGET_XMLDOC_MODE=skip \
    DOTNET_NOLOGO=true \
    DOTNET_CLI_TELEMETRY_OPTOUT=true
WORKDIR /src
# Restore from the project files alone, so this layer survives every source change. The Api and Worker images restore
# the same two projects with the same lines: each build reuses the other's layer.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY BujjiCoder.ServiceDefaults/BujjiCoder.ServiceDefaults.csproj BujjiCoder.ServiceDefaults/
COPY BujjiCoder.Data/BujjiCoder.Data.csproj BujjiCoder.Data/
COPY BujjiCoder.Workspaces/BujjiCoder.Workspaces.csproj BujjiCoder.Workspaces/
COPY BujjiCoder.Api/BujjiCoder.Api.csproj BujjiCoder.Api/
COPY BujjiCoder.Worker/BujjiCoder.Worker.csproj BujjiCoder.Worker/
# For this machine's Linux runtime identifier (linux-x64, linux-arm64): the native libraries of every other platform
# (SQLite's, about 30 MB) stay out of the image.
RUN rid="linux-$(dpkg --print-architecture | sed 's/amd64/x64/')" \
 && dotnet restore BujjiCoder.Api/BujjiCoder.Api.csproj -r "$rid" \
 && dotnet restore BujjiCoder.Worker/BujjiCoder.Worker.csproj -r "$rid"
COPY BujjiCoder.ServiceDefaults/ BujjiCoder.ServiceDefaults/
COPY BujjiCoder.Data/ BujjiCoder.Data/
COPY BujjiCoder.Workspaces/ BujjiCoder.Workspaces/
COPY BujjiCoder.Api/ BujjiCoder.Api/
# Framework-dependent and without the native launcher: the runtime image has the shared framework, `dotnet` starts it.
RUN dotnet publish BujjiCoder.Api/BujjiCoder.Api.csproj -c Release --no-restore -o /app \
      -r "linux-$(dpkg --print-architecture | sed 's/amd64/x64/')" --self-contained false -p:UseAppHost=false

FROM ${RUNTIME_IMAGE}
# The official images' non-root user; numeric, so a runtime can check it is not root without reading /etc/passwd.
ARG APP_UID=1654
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_ENVIRONMENT=Production \
    Management__Port=9464 \
    DOTNET_NOLOGO=true
# Npgsql looks for GSSAPI (Kerberos) when it connects and logs the library's absence at every start: present, it is quiet.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libgssapi-krb5-2 \
 && apt-get clean && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
COPY deploy/images/healthcheck.sh /usr/local/bin/healthcheck
USER ${APP_UID}
# 8080: the Api (through the web front door). 9464: /metrics for Prometheus, inside the cluster only.
EXPOSE 8080 9464
# Ready, not merely live: a replica that cannot reach PostgreSQL or Redis must not receive traffic, and a rolling update
# waits for this before it stops the previous replica.
HEALTHCHECK --interval=10s --timeout=10s --start-period=60s --retries=3 CMD ["healthcheck", "/health/ready"]
# `docker run <image> migrate` etc. reach the Api's operator commands (docs/RUNBOOK.md).
ENTRYPOINT ["dotnet", "BujjiCoder.Api.dll"]

# Last, so a new revision or date rebuilds no layer. CI passes them (docs/DEPLOYMENT.md, Images).
ARG VERSION=
ARG REVISION=
ARG CREATED=
ARG SOURCE=
LABEL org.opencontainers.image.title="Bujji Coder Api" \
      org.opencontainers.image.description="The Bujji Coder HTTP API (ASP.NET Core)" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.created="${CREATED}"
