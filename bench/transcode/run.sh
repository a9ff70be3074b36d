#!/usr/bin/env bash
# Transcoding benchmark: the default ladder through our server (RTMP in, FFmpeg supervised by the
# server, renditions packaged) against plain `ffmpeg` running the same ladder by hand, in the same run.
#
#   bash bench/transcode/run.sh            # DURATION=30 SOURCE=1280x720 by default
#   DURATION=60 SOURCE=1920x1080 bash bench/transcode/run.sh
#
# Reports CPU-seconds per stream-minute for: plain ffmpeg (real time, -re), the server with transcoding
# off (passthrough only), the server with transcoding on; the overhead is
# (server on - server off - plain ffmpeg) / plain ffmpeg. Also the real-time factor of plain ffmpeg
# running flat out, and FFmpeg's own speed inside the server (sportall_transcoder_speed).
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-30}
SOURCE=${SOURCE:-1280x720}
FPS=25
WORK=$(mktemp -d /tmp/sportall-transcode-bench.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
CLK=$(getconf CLK_TCK)

echo "source ${SOURCE} ${FPS} fps, 2 s GOP, ${DURATION} s; work in $WORK"
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=${SOURCE}:rate=${FPS}" -f lavfi -i "sine=frequency=440:sample_rate=48000" \
  -t "$DURATION" -c:v libx264 -preset veryfast -b:v 4000k -g 50 -keyint_min 50 -sc_threshold 0 -bf 2 -pix_fmt yuv420p \
  -c:a aac -b:a 128k -f flv "$WORK/src.flv"

dotnet build -c Release Sportall.MediaServer -o "$WORK/server" -v quiet -nologo >/dev/null

# The ladder the server plans for this source (default rungs, none at or above the source height).
HEIGHT=${SOURCE#*x}; WIDTH=${SOURCE%x*}
LADDER=()
for rung in 720:3000 480:1200 360:600; do
  h=${rung%:*}; kbps=${rung#*:}
  if (( h < HEIGHT )); then
    w=$(python3 -c "import math; print(int(math.floor($WIDTH*$h/$HEIGHT/2+0.5))*2)")
    LADDER+=("$w:$h:$kbps")
  fi
done
echo "ladder: ${LADDER[*]}"

graph="[0:v]split=${#LADDER[@]}"; for i in "${!LADDER[@]}"; do graph+="[s$i]"; done; graph+=";"
outputs=()
for i in "${!LADDER[@]}"; do
  IFS=: read -r w h kbps <<<"${LADDER[$i]}"
  graph+="[s$i]scale=$w:$h[v$i]"; (( i + 1 < ${#LADDER[@]} )) && graph+=";"
  outputs+=(-map "[v$i]" -b:v "${kbps}k" -maxrate "${kbps}k" -bufsize "${kbps}k" -c:v libx264 -preset veryfast -profile:v main
            -pix_fmt yuv420p -bf 0 -sc_threshold 0 -force_key_frames source -an -fps_mode passthrough -f mpegts -mpegts_copyts 1 /dev/null)
done

cpu_of() { awk -v clk="$CLK" '{ print ($14 + $15 + $16 + $17) / clk }' "/proc/$1/stat"; }

echo "--- plain ffmpeg, real time (-re)"
/usr/bin/time -f "%e %U %S" -o "$WORK/plain.time" ffmpeg -hide_banner -nostdin -y -loglevel error -re -copyts -i "$WORK/src.flv" -filter_complex "$graph" "${outputs[@]}"
read -r plain_wall plain_user plain_sys <"$WORK/plain.time"
plain_cpu=$(python3 -c "print($plain_user + $plain_sys)")

echo "--- plain ffmpeg, flat out"
/usr/bin/time -f "%e %U %S" -o "$WORK/fast.time" ffmpeg -hide_banner -nostdin -y -loglevel error -copyts -i "$WORK/src.flv" -filter_complex "$graph" "${outputs[@]}"
read -r fast_wall _ _ <"$WORK/fast.time"

run_server() { # $1 = Transcoding:Enabled; prints "cpu speed"
  local http=$((20000 + RANDOM % 20000)) rtmp=$((40000 + RANDOM % 20000))
  (cd "$WORK/server" && exec dotnet Sportall.MediaServer.dll --Server:BindAddress=127.0.0.1 --Server:HttpPort=$http --Ingest:RtmpPort=$rtmp \
     --Ingest:SrtPort=0 --Packager:DataPath="$WORK/data-$1" --Transcoding:Enabled=$1 --Transcoding:HardwareAcceleration=None \
     --Transcoding:ThumbnailIntervalSeconds=0 --Logging:LogLevel:Default=Warning >"$WORK/server-$1.log" 2>&1) &
  local pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$http/healthz" >/dev/null && break; sleep 0.2; done
  local before; before=$(cpu_of $pid)
  ffmpeg -hide_banner -nostdin -loglevel error -re -i "$WORK/src.flv" -c copy -f flv "rtmp://127.0.0.1:$rtmp/live/bench"
  local speed; speed=$(curl -s "http://127.0.0.1:$http/metrics" | awk '/^sportall_transcoder_speed/ { print $2 }')
  # The transcoder ends with the stream; wait until its FFmpeg is reaped so its CPU is in cutime.
  for _ in $(seq 50); do pgrep -P $pid ffmpeg >/dev/null || break; sleep 0.2; done
  sleep 0.5
  local frames; frames=$(curl -s "http://127.0.0.1:$http/metrics" | awk '/^sportall_transcoder_output_frames_total/ { n++; s += $2 } END { print n ? s / n : 0 }')
  local after; after=$(cpu_of $pid)
  kill $pid; wait $pid 2>/dev/null || true
  echo "$(python3 -c "print($after - $before)") ${speed:-n/a} ${frames}"
}

echo "--- server, transcoding off"
read -r off_cpu _ < <(run_server false)
echo "--- server, transcoding on"
read -r on_cpu on_speed on_frames < <(run_server true)

python3 - "$DURATION" "$plain_cpu" "$fast_wall" "$off_cpu" "$on_cpu" "$on_speed" "${LADDER[*]}" "$SOURCE" "$on_frames" "$FPS" <<'PY'
import sys
duration, plain, fast_wall, off, on = (float(x) for x in sys.argv[1:6])
speed, ladder, source = sys.argv[6], sys.argv[7], sys.argv[8]
frames, fps = float(sys.argv[9]), float(sys.argv[10])
per_min = lambda cpu: cpu * 60 / duration
print(f"\nsource {source}, ladder {ladder}, {duration:.0f} s of media")
print(f"plain ffmpeg flat out: real-time factor {duration / fast_wall:.2f}x")
print(f"{'':34}CPU-s per stream-minute")
print(f"{'plain ffmpeg (-re)':34}{per_min(plain):8.1f}")
print(f"{'server, transcoding off':34}{per_min(off):8.1f}")
print(f"{'server, transcoding on':34}{per_min(on):8.1f}   (ffmpeg speed in server: {speed})")
transcode = on - off
print(f"{'server transcoding share (on-off)':34}{per_min(transcode):8.1f}")
print(f"rendition frames out of the server: {frames:.0f} of {duration * fps:.0f}")
# Per frame, so a server transcoder that fell behind and dropped frames is not flattered.
plain_per_frame = plain / (duration * fps)
server_per_frame = transcode / frames if frames else float('nan')
print(f"CPU-ms per source frame: plain {plain_per_frame * 1000:.2f}, server {server_per_frame * 1000:.2f}")
print(f"overhead vs plain ffmpeg: {(server_per_frame - plain_per_frame) / plain_per_frame * 100:+.1f} % per frame, {(transcode - plain) / plain * 100:+.1f} % per stream-minute")
PY
