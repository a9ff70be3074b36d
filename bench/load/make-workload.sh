#!/usr/bin/env bash
# Makes the load workload once: 720p30 H.264 ~3 Mb/s (2 s GOP, veryfast, CBR-ish) + AAC 128k in FLV.
# Noise on the test pattern keeps x264 at the rate cap, so the bitrate is real, not a near-static picture.
# Usage: make-workload.sh OUT.flv [SECONDS]
set -euo pipefail
out=${1:?usage: make-workload.sh OUT.flv [SECONDS]}
seconds=${2:-60}
if [[ -s "$out" ]]; then
  echo "workload: $out (cached)" >&2
  exit 0
fi
mkdir -p "$(dirname "$out")"
tmp="$out.partial.flv"
# Nice: the encode is one-off and must not disturb other work on the machine.
nice -n 19 ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=1280x720:rate=30,noise=alls=20:allf=t" \
  -f lavfi -i "sine=frequency=440:sample_rate=48000" \
  -t "$seconds" \
  -c:v libx264 -preset veryfast -profile:v high -pix_fmt yuv420p \
  -b:v 3M -maxrate 3M -bufsize 6M -g 60 -keyint_min 60 -sc_threshold 0 \
  -c:a aac -b:a 128k -ac 2 \
  -f flv "$tmp"
mv "$tmp" "$out"
echo "workload: $out (made)" >&2
