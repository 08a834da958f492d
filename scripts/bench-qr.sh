#!/usr/bin/env bash
# QR decode of a full-HD screenshot: Twofold's decoder (PNG decode plus QR
# search, as 'twofold add --qr' does) against zbarimg on the same image,
# in one run: a screenshot with one code, then one with five codes
# scattered over the screen (qr.DecodeAll). Prints milliseconds per decode
# for each and the ratio; a ratio above 1 means Twofold is slower.
# With BENCH_RESULTS set (scripts/bench.sh), each figure is also appended
# to that file as FIGURE<TAB>VALUE<TAB>UNIT<TAB>REFERENCE<TAB>VALUE.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
runs=${RUNS:-20}
one=$(mktemp --suffix=.png)
several=$(mktemp --suffix=.png)
trap 'rm -f "$one" "$several"' EXIT

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
