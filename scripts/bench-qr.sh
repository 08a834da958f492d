#!/usr/bin/env bash
# QR decode of a full-HD screenshot: Twofold's decoder (PNG decode plus QR
# search, as 'twofold add --qr' does) against zbarimg on the same image.
# Prints milliseconds per decode for each and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
runs=${RUNS:-20}
img=$(mktemp --suffix=.png)
trap 'rm -f "$img"' EXIT

ours=$(TWOFOLD_BENCH_QR_PNG=$img go test -run '^$' -bench DecodeFullHD -benchtime "${runs}x" ./token/qr/ |
	awk '/^BenchmarkDecodeFullHD/ {print $3 / 1e6}')

start=$(date +%s%N)
for _ in $(seq "$runs"); do zbarimg --quiet --raw "$img" >/dev/null 2>&1; done
zbar=$(( ($(date +%s%N) - start) / runs ))
zbar_ms=$(awk -v ns="$zbar" 'BEGIN {printf "%.1f", ns / 1e6}')

echo "full-HD screenshot, $runs runs each"
echo "twofold decode: ${ours} ms"
echo "zbarimg:        ${zbar_ms} ms (whole process, start-up included)"
awk -v a="$ours" -v b="$zbar_ms" 'BEGIN {printf "ratio twofold/zbarimg: %.2f\n", a / b}'
