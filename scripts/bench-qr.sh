#!/usr/bin/env bash
# QR decode of a full-HD screenshot: Twofold's decoder (PNG decode plus QR
# search, as 'twofold add --qr' does) against zbarimg on the same image,
# in one run: a screenshot with one code, then one with five codes
# scattered over the screen (qr.DecodeAll). Prints milliseconds per decode
# for each and the ratio; a ratio above 1 means Twofold is slower. Then
# the photo set of token/qr/testdata/photos.py (mangled phone photos and
# screenshots, made afresh): how many images each reads with the right
# text, and the time per image, PHOTO_RUNS (default 3) passes each.
# With BENCH_RESULTS set (scripts/bench.sh), each figure is also appended
# to that file as FIGURE<TAB>VALUE<TAB>UNIT<TAB>REFERENCE<TAB>VALUE.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
runs=${RUNS:-20}
one=$(mktemp --suffix=.png)
several=$(mktemp --suffix=.png)
photos=$(mktemp -d)
trap 'rm -f "$one" "$several"; rm -rf "$photos"' EXIT

bench=$(TWOFOLD_BENCH_QR_PNG=$one TWOFOLD_BENCH_QR_MULTI_PNG=$several \
	go test -run '^$' -bench 'Decode(All)?FullHD$' -benchtime "${runs}x" ./token/qr/)
ms_of() { awk -v name="$1" '$1 ~ "^"name"(-[0-9]+)?$" {print $3 / 1e6}' <<<"$bench"; }

zbar_ms() {
	local start ns
	start=$(date +%s%N)
	for _ in $(seq "$runs"); do zbarimg --quiet --raw "$1" >/dev/null 2>&1; done
	ns=$(( ($(date +%s%N) - start) / runs ))
	awk -v ns="$ns" 'BEGIN {printf "%.1f", ns / 1e6}'
}

report() {
	[[ -z ${BENCH_RESULTS:-} ]] || printf 'QR decode, %s\t%.1f\tms\tzbarimg\t%.1f\n' "$1" "$2" "$3" >>"$BENCH_RESULTS"
	echo "$1, $runs runs each"
	echo "  twofold decode: $2 ms"
	echo "  zbarimg:        $3 ms (whole process, start-up included)"
	awk -v a="$2" -v b="$3" 'BEGIN {printf "  ratio twofold/zbarimg: %.2f\n", a / b}'
}

report "full-HD screenshot, one code" "$(ms_of BenchmarkDecodeFullHD)" "$(zbar_ms "$one")"
report "full-HD screenshot, five codes" "$(ms_of BenchmarkDecodeAllFullHD)" "$(zbar_ms "$several")"

# The photo set. zbarimg reads each image once per pass, as a process per
# image (start-up included, as above); an image counts as read when its
# output is exactly the text qrencode was given.
photo_runs=${PHOTO_RUNS:-3}
python3 token/qr/testdata/photos.py "$photos"
set_bench=$(TWOFOLD_BENCH_QR_PHOTOS=$photos go test -run '^$' -bench 'DecodePhotoSet$' -benchtime "${photo_runs}x" ./token/qr/)
metric() { awk -v unit="$1" '$1 ~ /^BenchmarkDecodePhotoSet/ {for (i = 4; i <= NF; i++) if ($i == unit) print $(i - 1) + 0}' <<<"$set_bench"; }
images=$(metric images)
ours_read=$(metric read)
ours_ms=$(awk -v ns="$(metric ns/op)" -v n="$images" 'BEGIN {printf "%.1f", ns / n / 1e6}')
zbar_read=0
start=$(date +%s%N)
for _ in $(seq "$photo_runs"); do
	zbar_read=0
	while IFS=$'\t' read -r file payload; do
		got=$(zbarimg --quiet --raw -Sdisable -Sqrcode.enable "$photos/$file" 2>/dev/null || true)
		[[ $got != "$payload" ]] || zbar_read=$((zbar_read + 1))
	done < <(python3 -c 'import json, sys
for p in json.load(open(sys.argv[1])): print(p["file"] + "\t" + p["payload"])' "$photos/manifest.json")
done
zbar_ms=$(awk -v ns="$(( $(date +%s%N) - start ))" -v n="$(( images * photo_runs ))" 'BEGIN {printf "%.1f", ns / n / 1e6}')
if [[ -n ${BENCH_RESULTS:-} ]]; then
	printf 'QR photo set, %d images: images read\t%d\timages\tzbarimg\t%d\n' "$images" "$ours_read" "$zbar_read" >>"$BENCH_RESULTS"
	printf 'QR photo set, %d images: time per image\t%.1f\tms\tzbarimg\t%.1f\n' "$images" "$ours_ms" "$zbar_ms" >>"$BENCH_RESULTS"
fi
echo "photo set, $images images (token/qr/testdata/photos.py), $photo_runs passes each"
awk -v a="$ours_read" -v b="$zbar_read" -v n="$images" 'BEGIN {
	printf "  read: twofold %d (%.0f%%), zbarimg %d (%.0f%%), ratio %.2f\n", a, 100 * a / n, b, 100 * b / n, a / b }'
echo "  twofold decode: $ours_ms ms per image"
echo "  zbarimg:        $zbar_ms ms per image (whole process, start-up included)"
awk -v a="$ours_ms" -v b="$zbar_ms" 'BEGIN {printf "  ratio twofold/zbarimg: %.2f\n", a / b}'
