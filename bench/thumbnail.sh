#!/usr/bin/env bash
# The thumbnail of a video made from text: the time and peak memory of one ffmpeg run cutting the first frame, with
# the arguments FrameGrabber passes (Sources/TollgateServices/Media/FrameGrabber.swift), on real H.264 videos
# that ffmpeg makes here (10 s of its test pattern at 720p, 1080p and 4K). Prints the median and worst of
# BENCH_RUNS (default 9) runs each.
#
#   bench/thumbnail.sh
set -euo pipefail
command -v ffmpeg >/dev/null || { echo "bench/thumbnail.sh: ffmpeg is not installed" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
runs=${BENCH_RUNS:-9}

printf '%-6s %10s %14s %14s %16s\n' size "video MB" "median s" "worst s" "peak RSS MB"
for size in 1280x720 1920x1080 3840x2160; do
    video="$work/$size.mp4"
    ffmpeg -nostdin -loglevel error -f lavfi -i "testsrc2=s=$size:d=10:r=24" -c:v libx264 -pix_fmt yuv420p -y "$video"
    times=()
    peak=0
    for _ in $(seq "$runs"); do
        stats=$( { /usr/bin/time -f '%e %M' ffmpeg -nostdin -hide_banner -loglevel error -protocol_whitelist file \
            -threads 1 -i "$video" -frames:v 1 -an -vf "scale='min(iw,1280)':-2" -q:v 3 -f image2 -c:v mjpeg \
            -y "$work/frame.jpg"; } 2>&1)
        times+=("${stats% *}")
        rss=${stats#* }
        (( rss > peak )) && peak=$rss
    done
    sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    median=$(sed -n "$(( (runs + 1) / 2 ))p" <<<"$sorted")
    worst=$(tail -1 <<<"$sorted")
    printf '%-6s %10.1f %14s %14s %16.0f\n' "${size#*x}p" "$(( $(stat -c %s "$video") ))e-6" "$median" "$worst" \
        "$(( peak ))e-3"
done
