#!/usr/bin/env bash
# Load benchmark: N RTMP publishers into Sportall.MediaServer (CMAF → LL-HLS + DASH) and, one after the
# other, into nginx-rtmp (MPEG-TS HLS), measured from /proc and the server's metrics.
#
# Usage: bench/load/run.sh PUBLISHERS SECONDS [ours|nginx|both]
#   e.g. bench/load/run.sh 10 60        bench/load/run.sh 2 15 nginx
# Environment:
#   BENCH_CACHE     workload cache folder (default /tmp/sportall-bench-cache)
#   WARMUP          seconds left out at the start of each run (default 10, or SECONDS/3 when shorter)
#   NGINX_WORKERS   nginx worker_processes (default 1; `auto` for one per core)
#   NGINX_HLS=off   nginx-rtmp receives and relays only (no HLS): the floor under any RTMP server's CPU
#   SKIP_BUILD=1    use the Release build already there
#   RECORD=1        append the table to docs/PERFORMANCE.md
#   KEEP=1          keep the servers' output folders (logs, segments) for inspection
#   WAIT_QUIET=S    before each server, wait up to S seconds for a 1-minute load average below 1.0
#   INGEST=srt      our publishers push MPEG-TS over SRT instead of RTMP (nginx-rtmp always takes RTMP)
set -euo pipefail
publishers=${1:?usage: run.sh PUBLISHERS SECONDS [ours|nginx|both]}
seconds=${2:?usage: run.sh PUBLISHERS SECONDS [ours|nginx|both]}
which=${3:-both}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${BENCH_CACHE:-/tmp/sportall-bench-cache}
warmup=${WARMUP:-$(( seconds / 3 < 10 ? seconds / 3 : 10 ))}
workers=${NGINX_WORKERS:-1}

for tool in ffmpeg ffprobe python3; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install -y ffmpeg python3)" >&2; exit 1; }
done
if [[ $which != ours ]] && { ! command -v nginx >/dev/null || [[ ! -e /usr/lib/nginx/modules/ngx_rtmp_module.so ]]; }; then
  echo "nginx-rtmp is missing: apt-get install -y nginx libnginx-mod-rtmp" >&2; exit 1
fi

# 60 s of 720p30 H.264 ~3 Mb/s + AAC 128k; longer runs loop it (-stream_loop -1 … -t SECONDS).
workload="$cache/w720p30-3M-60s.flv"
"$here/make-workload.sh" "$workload" 60
probe=$(ffprobe -v error -show_entries stream=codec_name,width,height,r_frame_rate -of csv=p=0 "$workload" | paste -sd' ')
echo "workload: $probe ($(du -h "$workload" | cut -f1))" >&2
case "$probe" in
  *h264,1280,720,30/1*aac*) ;;
  *) echo "unexpected workload: $probe (delete $workload to remake it)" >&2; exit 1 ;;
esac

if [[ $which != nginx && ${SKIP_BUILD:-0} != 1 ]]; then
  (cd "$repo" && dotnet build -c Release Sportall.MediaServer -v quiet -nologo) >&2
fi

stamp=$(date -u +%Y%m%dT%H%M%SZ)
results="$cache/results/$stamp"
mkdir -p "$results"
extra=()
[[ ${KEEP:-0} == 1 ]] && extra+=(--keep)
servers=()
[[ $which == both || $which == ours ]] && servers+=(ours)
[[ $which == both || $which == nginx ]] && servers+=(nginx)
files=()
wait_quiet() {
  local limit=${WAIT_QUIET:-0} waited=0
  while (( waited < limit )) && awk '{ exit !($1 >= 1.0) }' /proc/loadavg; do
    sleep 5; waited=$(( waited + 5 ))
  done
}
for server in "${servers[@]}"; do
  wait_quiet
  echo "== $server: $publishers publishers × $seconds s (warm-up $warmup s), load now: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  python3 "$here/loadbench.py" run --server "$server" --publishers "$publishers" --seconds "$seconds" \
    --warmup "$warmup" --nginx-workers "$workers" --nginx-hls "${NGINX_HLS:-on}" --workload "$workload" --ingest "${INGEST:-rtmp}" \
    --out "$results/$server.json" "${extra[@]}" >"$results/$server.log"
  files+=("$results/$server.json")
  # Let the machine calm down between the two servers so neither inherits the other's tail.
  sleep 5
done

report=(python3 "$here/loadbench.py" report "${files[@]}"
        --command "bench/load/run.sh $* (WARMUP=$warmup NGINX_WORKERS=$workers)")
[[ ${RECORD:-0} == 1 ]] && report+=(--markdown "$repo/docs/PERFORMANCE.md")
"${report[@]}"
echo "raw results: $results" >&2
