# syntax=docker/dockerfile:1.7
# Portal role: Server__Roles=portal. No ffmpeg or libsrt: this role does no media work.
# Build from the repository root:  docker build -f deploy/docker/portal.Dockerfile -t ghcr.io/sportall/sportall-portal:0.1.0 .

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
COPY --from=frontend /src/Sportall.MediaServer/node_modules/ Sportall.MediaServer/node_modules/
RUN dotnet publish Sportall.MediaServer/Sportall.MediaServer.csproj -c Release -o /app --no-self-contained

# Not the chiseled image: the pods' preStop hook runs `sleep`.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble AS runtime
RUN groupadd --gid 10001 sportall \
 && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin sportall \
 && install -d -o 10001 -g 10001 /var/lib/sportall
WORKDIR /app
COPY --from=build /app ./
ENV Server__Roles=portal \
    Server__HttpPort=8080 \
    Packager__DataPath=/var/lib/sportall \
    DOTNET_gcServer=0
EXPOSE 8080/tcp
USER 10001:10001
ENTRYPOINT ["dotnet", "Sportall.MediaServer.dll"]
