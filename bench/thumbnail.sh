#!/usr/bin/env bash
# What FrameGrabber's ffmpeg runs cost (Sources/TollgateServices/Media/FrameGrabber.swift), with its arguments:
# - the thumbnail of a video made from text: the first frame of real H.264 videos ffmpeg makes here (10 s of its test
#   pattern at 720p, 1080p and 4K), scaled to at most 1280 wide, as JPEG;
# - an image converted to a format its model's upstream does not make: ffmpeg's test pattern at 1024x1024 and
#   2048x2048, PNG to WebP and JPEG, JPEG to WebP, WebP to PNG.
# Prints the median and worst time and the peak memory of BENCH_RUNS (default 9) runs each.
#
#   bench/thumbnail.sh
set -euo pipefail
command -v ffmpeg >/dev/null || { echo "bench/thumbnail.sh: ffmpeg is not installed" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
runs=${BENCH_RUNS:-9}
grabber=(ffmpeg -nostdin -hide_banner -loglevel error -protocol_whitelist file -threads 1)

# Runs "$@" `runs` times; prints the input's size in MB, the median and worst seconds and the peak RSS in MB.
measure() {
    local input=$1 times=() peak=0 stats rss sorted
    for _ in $(seq "$runs"); do
        stats=$( { /usr/bin/time -f '%e %M' "${grabber[@]}" -i "$input" "${@:2}"; } 2>&1)
        times+=("${stats% *}")
        rss=${stats#* }
        (( rss > peak )) && peak=$rss
    done
    sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    printf '%10.1f %10s %10s %12.0f\n' "$(stat -c %s "$input")e-6" "$(sed -n "$(( (runs + 1) / 2 ))p" <<<"$sorted")" \
        "$(tail -1 <<<"$sorted")" "${peak}e-3"
}

printf '%-22s %10s %10s %10s %12s\n' "first frame of" "input MB" "median s" "worst s" "peak RSS MB"
for size in 1280x720 1920x1080 3840x2160; do
    video="$work/$size.mp4"
    ffmpeg -nostdin -loglevel error -f lavfi -i "testsrc2=s=$size:d=10:r=24" -c:v libx264 -pix_fmt yuv420p -y "$video"
    printf '%-22s ' "${size#*x}p H.264, 10 s"
    measure "$video" -frames:v 1 -an -vf "scale='min(iw,1280)':-2" -f image2 -c:v mjpeg -q:v 3 -y "$work/frame.jpeg"
done

echo
printf '%-22s %10s %10s %10s %12s\n' "image converted" "input MB" "median s" "worst s" "peak RSS MB"
for size in 1024x1024 2048x2048; do
    ffmpeg -nostdin -loglevel error -f lavfi -i "testsrc2=s=$size" -frames:v 1 -y "$work/$size.png"
    ffmpeg -nostdin -loglevel error -i "$work/$size.png" -c:v mjpeg -q:v 3 -y "$work/$size.jpeg"
    ffmpeg -nostdin -loglevel error -i "$work/$size.png" -c:v libwebp -quality 90 -y "$work/$size.webp"
    for pair in png:webp png:jpeg jpeg:webp webp:png; do
        from=${pair%:*} to=${pair#*:}
        case $to in
            jpeg) codec=(-c:v mjpeg -q:v 3) ;;
            png) codec=(-c:v png) ;;
            webp) codec=(-c:v libwebp -quality 90) ;;
        esac
        printf '%-22s ' "$size $from to $to"
        measure "$work/$size.$from" -frames:v 1 -an -f image2 "${codec[@]}" -y "$work/out.$to"
    done
done
