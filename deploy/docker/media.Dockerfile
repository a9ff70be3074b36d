# syntax=docker/dockerfile:1.7
# Media role (ingest + hub + packager/origin): Server__Roles=media.
# Build from the repository root:  docker build -f deploy/docker/media.Dockerfile -t ghcr.io/sportall/sportall-media:0.1.0 .
# The all-in-one (single-node overlay) runs this image too, with Server__Roles=media,portal.

# hls.js (and the other front-end packages) come from npm at build time, never from a CDN.
FROM node:22.11.0-bookworm-slim AS frontend
WORKDIR /src/Sportall.MediaServer
COPY Sportall.MediaServer/package.json Sportall.MediaServer/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
WORKDIR /src
COPY Directory.Build.props Sportall.sln ./
COPY Sportall.Media/ Sportall.Media/
COPY Sportall.Packager/ Sportall.Packager/
COPY Sportall.MediaServer/ Sportall.MediaServer/
# With node_modules present the build embeds hls.js without running npm itself.
COPY --from=frontend /src/Sportall.MediaServer/node_modules/ Sportall.MediaServer/node_modules/
RUN dotnet publish Sportall.MediaServer/Sportall.MediaServer.csproj -c Release -o /app --no-self-contained

# Not the chiseled image: the pods' preStop hook runs `sleep`, and ffmpeg (transcoding) and libsrt
# (SRT ingest, loaded by its versioned name) come from the distribution's packages.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg libsrt1.5-gnutls \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 sportall \
 && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin sportall \
 && install -d -o 10001 -g 10001 /var/lib/sportall
WORKDIR /app
COPY --from=build /app ./
ENV Server__Roles=media \
    Server__HttpPort=8080 \
    Packager__DataPath=/var/lib/sportall \
    DOTNET_gcServer=0
EXPOSE 8080/tcp 1935/tcp 9000/udp
USER 10001:10001
ENTRYPOINT ["dotnet", "Sportall.MediaServer.dll"]
