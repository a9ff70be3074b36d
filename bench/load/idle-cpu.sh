#!/usr/bin/env bash
# CPU of an idle server: no publisher, no viewer. What a server costs between events.
#
# Usage: bench/load/idle-cpu.sh [SERVER.dll] [SECONDS]
#   default DLL: Sportall.MediaServer/bin/Release/net10.0/Sportall.MediaServer.dll (dotnet build -c Release first)
# Prints the process's utime + stime over SECONDS (default 30, after 10 s of start-up) in clock ticks
# (10 ms each) and as a share of one core, then the busiest threads by name.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dll=${1:-$here/../../Sportall.MediaServer/bin/Release/net10.0/Sportall.MediaServer.dll}
seconds=${2:-30}
work=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
http=$(free_port); rtmp=$(free_port); srt=$(free_port)
Logging__LogLevel__Default=Warning Server__BindAddress=127.0.0.1 Server__HttpPort=$http Ingest__RtmpPort=$rtmp \
  Ingest__SrtPort=$srt Packager__DataPath=$work/data dotnet "$dll" > "$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 300); do curl -sf -o /dev/null "http://127.0.0.1:$http/healthz" && break; sleep 0.1; done
sleep 10
threads() { for t in /proc/$pid/task/*; do printf '%s\t%s\n' "$(tr ' ' _ < "$t/comm")" "$(awk '{print $14+$15}' "$t/stat")"; done; }
ticks() { awk '{print $14+$15}' "/proc/$pid/stat"; }
threads > "$work/t0"; t0=$(ticks)
sleep "$seconds"
threads > "$work/t1"; t1=$(ticks)
python3 - "$work/t0" "$work/t1" "$((t1 - t0))" "$seconds" <<'PY'
import sys, collections
def load(p):
    d = collections.Counter()
    for line in open(p):
        name, v = line.rstrip("\n").split("\t"); d[name] += int(v)
    return d
a, b = load(sys.argv[1]), load(sys.argv[2])
total, seconds = int(sys.argv[3]), float(sys.argv[4])
print(f"process: {total} ticks in {seconds:.0f} s = {total / seconds:.2f} % of a core")
busy = sorted(((b[k] - a.get(k, 0), k) for k in b), reverse=True)
print("threads: " + "  ".join(f"{k} {v}" for v, k in busy if v > 0))
PY
