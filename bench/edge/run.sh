#!/usr/bin/env bash
# Edge benchmark: a live origin (RTMP-fed all-in-one host), one edge in front of it, then
#  1. join storm: VIEWERS simulated viewers within WINDOW s (multivariant → media playlist → init → newest part),
#     once against the freshly started edge and once more against the same edge warm;
#  2. cached-hit throughput of a ~800 KB segment and a ~1 KB playlist through the edge, next to nginx serving
#     the same bytes from disk, as requests per server-CPU-second (utime+stime of the server process).
# Usage: bench/edge/run.sh [VIEWERS=10000] [WINDOW=10] [HAMMER_SECONDS=10] [CONCURRENCY=32]; figures in docs/PERFORMANCE.md
set -euo pipefail
cd "$(dirname "$0")/../.."
viewers=${1:-10000}; window=${2:-10}; hammer_s=${3:-10}; concurrency=${4:-32}
work=${WORK:-/tmp/sportall-edge-bench}; mkdir -p "$work"
out=$work/results.json

bench/load/make-workload.sh "$work/w720p30.flv" 20
dotnet build -c Release Sportall.MediaServer -o "$work/server" >/dev/null
dotnet build -c Release bench/edge/EdgeLoad -o "$work/load" >/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
nginx_ticks() { local t=0; for p in $(pgrep -f "nginx: .*$work/nginx.conf" || true) $(pgrep -P "$(cat "$work/nginx.pid")" || true) $(cat "$work/nginx.pid"); do t=$((t + $(cpu_ticks "$p"))); done; echo $t; }
hz=$(getconf CLK_TCK)

origin_port=$(free_port); rtmp_port=$(free_port); edge_port=$(free_port); nginx_port=$(free_port)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; }
trap cleanup EXIT

Logging__LogLevel__Default=Warning Server__BindAddress=127.0.0.1 Server__HttpPort=$origin_port Ingest__RtmpPort=$rtmp_port \
  Packager__DataPath="$work/data" dotnet "$work/server/Sportall.MediaServer.dll" >"$work/origin.log" 2>&1 &
pids+=($!)
Logging__LogLevel__Default=Warning Server__Roles=edge Server__BindAddress=127.0.0.1 Server__HttpPort=$edge_port Edge__Name=bench-edge \
  Edge__Origins__0=http://127.0.0.1:$origin_port dotnet "$work/server/Sportall.MediaServer.dll" >"$work/edge.log" 2>&1 &
edge_pid=$!; pids+=($edge_pid)
for port in $origin_port $edge_port; do  # both hosts up before the publisher connects
  for _ in $(seq 200); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
done
ffmpeg -hide_banner -loglevel error -re -stream_loop -1 -i "$work/w720p30.flv" -c copy -f flv "rtmp://127.0.0.1:$rtmp_port/live/bench" &
pids+=($!)
until curl -sf "http://127.0.0.1:$edge_port/live/bench/video/index.m3u8" | grep -q '#EXT-X-PART:'; do sleep 0.5; done
sleep 6  # a few complete segments in the window

# The first storm meets a freshly started edge (a node just scaled out: its code is still being compiled
# by the JIT); the second, a few seconds later, the same edge warm (a node that has been serving).
storm() { # → the client's JSON with the edge's CPU seconds during the storm added
  local before after result
  before=$(cpu_ticks "$edge_pid"); result=$("$work/load/EdgeLoad" join "http://127.0.0.1:$edge_port/" bench "$viewers" "$window" 1000); after=$(cpu_ticks "$edge_pid")
  python3 -c "import json,sys; r=json.loads(sys.argv[1]); r['edge_cpu_s']=(int(sys.argv[3])-int(sys.argv[2]))/int(sys.argv[4]); print(json.dumps(r))" "$result" "$before" "$after" "$hz"
}
echo "join storm: $viewers viewers in ${window}s (cold edge)" >&2
join=$(storm)
metrics=$(curl -sf "http://127.0.0.1:$edge_port/metrics" | grep -E '^sportall_edge_(origin_fetches|origin_objects|coalesced_waiters|requests)_total' || true)
sleep 2
echo "join storm: $viewers viewers in ${window}s (warm edge)" >&2
join_warm=$(storm)

# The newest complete segment and the multivariant playlist, fetched once, also written to disk for nginx.
media=$(curl -sf "http://127.0.0.1:$edge_port/live/bench/video/index.m3u8")
seg=$(echo "$media" | grep -E '^seg-[0-9]+\.m4s' | tail -2 | head -1)
mkdir -p "$work/www/live/bench/video"
curl -sf "http://127.0.0.1:$edge_port/live/bench/video/$seg" -o "$work/www/live/bench/video/$seg"
# The playlist used for the hit test is a blocking-reload URL (cached for its max-age, like a CDN would).
pl_url="live/bench/video/index.m3u8?_HLS_msn=$(echo "$seg" | sed -E 's/seg-([0-9]+)\.m4s/\1/')"
curl -sf "http://127.0.0.1:$edge_port/$pl_url" -o "$work/www/live/bench/video/playlist.m3u8"
seg_bytes=$(stat -c %s "$work/www/live/bench/video/$seg"); pl_bytes=$(stat -c %s "$work/www/live/bench/video/playlist.m3u8")

cat >"$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off; sendfile on; tcp_nopush on; keepalive_requests 1000000;
  types { application/vnd.apple.mpegurl m3u8; video/mp4 m4s; }
  server { listen 127.0.0.1:$nginx_port; root $work/www; }
}
NGINX
nginx -c "$work/nginx.conf"
sleep 1

hammer() { # name pid-ticks-function url
  local before after result
  before=$($2); result=$("$work/load/EdgeLoad" hammer "$3" "$hammer_s" "$concurrency"); after=$($2)
  python3 -c "import json,sys; r=json.loads(sys.argv[1]); cpu=(int(sys.argv[3])-int(sys.argv[2]))/int(sys.argv[4]); r['server_cpu_s']=cpu; r['req_per_cpu_s']=r['requests']/cpu if cpu else None; r['name']=sys.argv[5]; print(json.dumps(r))" "$result" "$before" "$after" "$hz" "$1"
}
edge_ticks() { cpu_ticks "$edge_pid"; }
echo "cached-hit throughput: segment $seg_bytes B, playlist $pl_bytes B" >&2
r1=$(hammer edge-segment edge_ticks "http://127.0.0.1:$edge_port/live/bench/video/$seg")
r2=$(hammer nginx-segment nginx_ticks "http://127.0.0.1:$nginx_port/live/bench/video/$seg")
r3=$(hammer edge-playlist edge_ticks "http://127.0.0.1:$edge_port/$pl_url")
r4=$(hammer nginx-playlist nginx_ticks "http://127.0.0.1:$nginx_port/live/bench/video/playlist.m3u8")

python3 - "$join" "$r1" "$r2" "$r3" "$r4" "$seg_bytes" "$pl_bytes" "$metrics" "$join_warm" <<'PY' | tee "$out"
import json, sys
join = json.loads(sys.argv[1]); hits = [json.loads(a) for a in sys.argv[2:6]]
metrics = {}
for line in sys.argv[8].splitlines():
    name, value = line.rsplit(' ', 1); metrics[name] = float(value)
# Media (init, segments, parts) is immutable: fetches per object must be 1. Live playlists are refetched
# once per their lifetime (about a part) by design, so they are reported apart.
per_kind = {}
for kind in ("init", "segment", "part", "playlist"):
    fetches = sum(v for k, v in metrics.items() if k.startswith('sportall_edge_origin_fetches_total') and f'kind="{kind}"' in k and 'status="2xx"' in k)
    objects = sum(v for k, v in metrics.items() if k.startswith('sportall_edge_origin_objects_total') and f'kind="{kind}"' in k)
    if objects:
        per_kind[kind] = {"origin_fetches": fetches, "objects": objects, "fetches_per_object": fetches / objects}
ratio = {h["name"]: h["req_per_cpu_s"] for h in hits}
print(json.dumps({"join": join, "join_warm": json.loads(sys.argv[9]), "origin_fetches_per_object": per_kind, "hits": hits,
                  "edge_vs_nginx_per_cpu_s": {"segment": ratio["edge-segment"] / ratio["nginx-segment"], "playlist": ratio["edge-playlist"] / ratio["nginx-playlist"]},
                  "segment_bytes": int(sys.argv[6]), "playlist_bytes": int(sys.argv[7]), "edge_metrics": metrics}, indent=1))
PY
