#!/usr/bin/env bash
# Benchmark: wall time of `twofold keys --json` against
# `ykman --device SERIAL piv info`, on the same virtual YubiKey through the
# real PC/SC stack, RUNS times each (default 20), and their ratio.
# Starts and stops its own rig (scripts/pcsc-rig.sh); needs root.
# With BENCH_RESULTS set (scripts/bench.sh), each figure is also appended
# to that file as FIGURE<TAB>VALUE<TAB>UNIT<TAB>REFERENCE<TAB>VALUE.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}
SERIAL=10000001
export TWOFOLD_RIG_DIR=${TWOFOLD_RIG_DIR:-/tmp/twofold-pcsc-rig}
trap 'scripts/pcsc-rig.sh stop >/dev/null' EXIT

go build -o "$TWOFOLD_RIG_DIR.twofold" ./cmd/twofold
scripts/pcsc-rig.sh stop >/dev/null
scripts/pcsc-rig.sh start internal/vyubikey/testdata/one-key.json >/dev/null
# shellcheck disable=SC1091
. "$TWOFOLD_RIG_DIR/env"
# Hardware only: no vault, so no passphrase KDF in the timing.
unset TWOFOLD_VAULT TWOFOLD_PASSPHRASE_FILE

# time_runs CMD...: total wall time in milliseconds of RUNS runs.
time_runs() {
	local start end i
	"$@" >/dev/null # warm up (and fail early)
	start=$(date +%s%N)
	for ((i = 0; i < RUNS; i++)); do "$@" >/dev/null; done
	end=$(date +%s%N)
	echo $(((end - start) / 1000000))
}

ours=$(time_runs "$TWOFOLD_RIG_DIR.twofold" keys --json)
theirs=$(time_runs ykman --device "$SERIAL" piv info)
[[ -z ${BENCH_RESULTS:-} ]] || awk -v o="$ours" -v t="$theirs" -v n="$RUNS" 'BEGIN {
	printf "twofold keys --json, one key\t%.1f\tms\tykman piv info\t%.1f\n", o / n, t / n }' >>"$BENCH_RESULTS"
awk -v o="$ours" -v t="$theirs" -v n="$RUNS" 'BEGIN {
	printf "twofold keys --json:          %7.1f ms per run (%d runs)\n", o / n, n
	printf "ykman --device %s piv info: %7.1f ms per run (%d runs)\n", "'"$SERIAL"'", t / n, n
	printf "ratio twofold/ykman:          %7.2f\n", o / t
}'
