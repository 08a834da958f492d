#!/usr/bin/env bash
# Benchmark: wall time of `twofold oath list --key SERIAL` against
# `ykman --device SERIAL oath accounts list`, on the same virtual YubiKey
# holding the same credentials, through the real PC/SC stack, RUNS times
# each (default 20), and their ratio.
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
# The key only: no vault, so no passphrase KDF in the timing.
unset TWOFOLD_VAULT TWOFOLD_PASSPHRASE_FILE

# Ten credentials, written by ykman, so both tools list the same.
for i in $(seq 1 10); do
	ykman --device "$SERIAL" oath accounts add -f -i "Bench$i" "user$i@example.com" JBSWY3DPEHPK3PXP >/dev/null
done

# time_runs CMD...: total wall time in milliseconds of RUNS runs.
time_runs() {
	local start end i
	"$@" >/dev/null # warm up (and fail early)
	start=$(date +%s%N)
	for ((i = 0; i < RUNS; i++)); do "$@" >/dev/null; done
	end=$(date +%s%N)
	echo $(((end - start) / 1000000))
}

ours=$(time_runs "$TWOFOLD_RIG_DIR.twofold" oath list --key "$SERIAL")
theirs=$(time_runs ykman --device "$SERIAL" oath accounts list)
[[ -z ${BENCH_RESULTS:-} ]] || awk -v o="$ours" -v t="$theirs" -v n="$RUNS" 'BEGIN {
	printf "twofold oath list, 10 credentials\t%.1f\tms\tykman oath accounts list\t%.1f\n", o / n, t / n }' >>"$BENCH_RESULTS"
awk -v o="$ours" -v t="$theirs" -v n="$RUNS" -v s="$SERIAL" 'BEGIN {
	printf "twofold oath list --key %s:          %7.1f ms per run (%d runs)\n", s, o / n, n
	printf "ykman --device %s oath accounts list: %7.1f ms per run (%d runs)\n", s, t / n, n
	printf "ratio twofold/ykman:                         %7.2f\n", o / t
}'
