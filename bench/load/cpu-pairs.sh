#!/usr/bin/env bash
# Paired CPU runs of two builds of the server, one after the other, so machine noise hits both alike.
#
# Usage: bench/load/cpu-pairs.sh BEFORE.dll AFTER.dll [PUBLISHERS] [PAIRS]
#   e.g. git worktree add /tmp/before <rev> && (cd /tmp/before && dotnet build -c Release Sportall.MediaServer)
#        bench/load/cpu-pairs.sh /tmp/before/Sportall.MediaServer/bin/Release/net10.0/Sportall.MediaServer.dll \
#          Sportall.MediaServer/bin/Release/net10.0/Sportall.MediaServer.dll 10 3
# Environment: WARM (seconds before the window, default 20), DUR (window seconds, default 30).
# Prints CPU-s per stream-minute from /proc/<pid>/stat over the window and CPU by thread name.
set -euo pipefail
before=${1:?usage: cpu-pairs.sh BEFORE.dll AFTER.dll [PUBLISHERS] [PAIRS]}
after=${2:?usage: cpu-pairs.sh BEFORE.dll AFTER.dll [PUBLISHERS] [PAIRS]}
n=${3:-10}; pairs=${4:-3}; warm=${WARM:-20}; dur=${DUR:-30}
here=$(cd "$(dirname "$0")" && pwd)
workload=${BENCH_CACHE:-/tmp/sportall-bench-cache}/w720p30-3M-60s.flv
"$here/make-workload.sh" "$workload" 60
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
threads() {
  python3 - "$1" <<'PY'
import os, sys
pid = sys.argv[1]; acc = {}
for t in os.listdir(f"/proc/{pid}/task"):
    try:
        stat = open(f"/proc/{pid}/task/{t}/stat").read(); name = open(f"/proc/{pid}/task/{t}/comm").read().strip()
    except OSError:
        continue
    fields = stat[stat.rindex(")") + 2:].split()  # the name may hold spaces
    acc[name] = acc.get(name, 0) + int(fields[11]) + int(fields[12])
for k, v in acc.items(): print(f"{k.replace(' ', '_')} {v}")
PY
}
run() {
  local label=$1 dll=$2 work http rtmp pid t0 a b
  work=$(mktemp -d); http=$(free_port); rtmp=$(free_port)
  Logging__LogLevel__Default=Warning Server__BindAddress=127.0.0.1 Server__HttpPort=$http Ingest__RtmpPort=$rtmp \
    Packager__DataPath=$work/data dotnet "$dll" > "$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 300); do curl -sf -o /dev/null "http://127.0.0.1:$http/healthz" && break; sleep 0.1; done
  for i in $(seq 0 $((n - 1))); do
    ffmpeg -hide_banner -loglevel error -re -stream_loop -1 -i "$workload" -t $((warm + dur + 15)) -c copy -f flv \
      "rtmp://127.0.0.1:$rtmp/live/pair$i" &
  done
  sleep "$warm"
  t0=$(threads $pid); a=$(ticks $pid)
  sleep "$dur"
  b=$(ticks $pid)
  python3 - "$label" "$a" "$b" "$n" "$dur" "$t0" "$(threads $pid)" <<'PY'
import sys
label, a, b, n, dur, t0, t1 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6], sys.argv[7]
before = dict((l.rsplit(" ", 1)[0], int(l.rsplit(" ", 1)[1])) for l in t0.splitlines())
by = sorted(((k, int(v) - before.get(k, 0)) for k, v in (l.rsplit(" ", 1) for l in t1.splitlines())), key=lambda x: -x[1])
print(f"{label}: {(b - a) / 100 / n / (dur / 60):.3f} CPU-s per stream-minute;", "  ".join(f"{k} {v / 100:.2f}s" for k, v in by if v > 2))
PY
  pkill -f "rtmp://127.0.0.1:$rtmp/" || true
  kill $pid; wait 2>/dev/null || true
  rm -rf "$work"
}
for p in $(seq "$pairs"); do run "pair $p before" "$before"; run "pair $p after" "$after"; done
