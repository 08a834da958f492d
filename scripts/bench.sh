#!/usr/bin/env bash
# The benchmark suite: every figure Twofold promises, each next to its
# reference, measured in one run on one machine (make bench). BENCHMARKS.md
# records a run and what each figure means for a user.
#
#   figure                                      reference
#   unlock and list, 1,000 seeds, KDF apart     DESIGN.md's budget for our
#     (token/vault benchmark)                     own work, 100 ms
#   the same with 10,000 seeds                  ten times the 1,000 seeds
#   the same with the release KDF               scrypt alone at N=2^17
#   the codes of 1,000 seeds                    one frame at 60 Hz
#   window start, resident memory (1,000 seeds, a bare Fyne window
#     release KDF) and idle CPU, under Xvfb       (scripts/bench-gui.sh)
#   QR decode of a full-HD screenshot           zbarimg (scripts/bench-qr.sh)
#   twofold keys --json                         ykman piv info (bench-keys.sh)
#   twofold oath list                           ykman oath accounts list
#                                                 (bench-oath.sh)
#   import of 1,000 seeds, KDF apart            the 100 ms budget
#   import of 100,000 links, KDF apart          a few seconds (3 s)
#                                                 (bench-import.sh)
#   AWS organization sync, 50 member accounts   one account at a time
#     against moto, and its AWS calls             (bench-awsorg.sh)
#
# Each part is one of the scripts named, which also run alone. The
# hardware parts start a private pcscd with virtual YubiKeys and need root;
# without root they are reported as not run. Knobs: IDLE_SECONDS (the idle
# CPU window, default 60), RUNS (repetitions of the timed commands),
# VAULT_RUNS (iterations of the vault benchmarks, default 5).
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
BENCH_RESULTS=$(mktemp)
export BENCH_RESULTS
export TWOFOLD_RIG_DIR=${TWOFOLD_RIG_DIR:-/tmp/twofold-bench-rig}
trap 'rm -f "$BENCH_RESULTS"' EXIT

machine() {
	local cpu mem
	cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
	mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
	echo "machine: $(nproc) cores, $cpu, $mem memory; $(uname -sr); $(go version | awk '{ print $3 }'); load $(cut -d' ' -f1-3 /proc/loadavg)"
}

# vault_bench runs the token/vault benchmarks (a release build: no test
# tag) and records their figures.
vault_bench() {
	local out
	out=$(go test -run '^$' -bench 'UnlockAndList|Codes1000|UnlockWays' -benchtime "${VAULT_RUNS:-5}x" ./token/vault/) || {
		echo "$out"
		return 1
	}
	echo "$out"
	awk -v out="$BENCH_RESULTS" '
		/^Benchmark/ {
			name = $1; sub(/-[0-9]+$/, "", name)
			ms[name] = $3 / 1e6
			for (i = 5; i < NF; i += 2) if ($(i + 1) == "other-ms/op") other[name] = $i
		}
		END {
			kdf = ms["BenchmarkUnlockAndList/kdf"]
			if (kdf == "") exit 1
			own = other["BenchmarkUnlockAndList/seeds=1000/other"]; own10 = other["BenchmarkUnlockAndList/seeds=10000/other"]
			printf "unlock and list, 1,000 seeds, KDF apart\t%.1f\tms\tbudget of own work\t100\n", own >>out
			printf "unlock and list, 10,000 seeds, KDF apart\t%.1f\tms\t10 x the 1,000-seed figure\t%.1f\n", own10, 10 * own >>out
			for (n = 1000; n <= 10000; n *= 10)
				printf "unlock and list, %s seeds, release KDF\t%.0f\tms\tscrypt N=2^17 alone\t%.0f\n", (n == 1000 ? "1,000" : "10,000"), ms["BenchmarkUnlockAndList/seeds=" n "/total"], kdf >>out
			printf "codes of 1,000 seeds\t%.2f\tms\tone frame at 60 Hz\t16.7\n", ms["BenchmarkCodes1000"] >>out
			plain = ms["BenchmarkUnlockAndList/seeds=1000/total"]
			printf "unlock and list, 1,000 seeds, passphrase slot\t%.0f\tms\tthe plain file, release KDF\t%.0f\n", ms["BenchmarkUnlockWays/passphrase"], plain >>out
			printf "unlock and list, 1,000 seeds, keyring slot\t%.1f\tms\tthe plain file, release KDF\t%.0f\n", ms["BenchmarkUnlockWays/keyring"], plain >>out
			printf "unlock and list, 1,000 seeds, YubiKey slot (ECDH in software)\t%.1f\tms\tthe plain file, release KDF\t%.0f\n", ms["BenchmarkUnlockWays/yubikey"], plain >>out
		}' <<<"$out"
}

# hardware SCRIPT: a part that needs root for its PC/SC rig.
hardware() {
	if [[ $(id -u) != 0 ]]; then
		echo "not run: $1 needs root for its PC/SC rig" >&2
		return 1
	fi
	"$1"
}

failed=()
part() { # part NAME CMD...
	echo
	echo "=== $1"
	local start=$SECONDS
	"${@:2}" || failed+=("$1")
	echo "--- $1: $((SECONDS - start))s"
}

machine
part "vault: unlock, list and codes" vault_bench
part "desktop app against a bare Fyne window" scripts/bench-gui.sh
part "QR decode" scripts/bench-qr.sh
part "import" scripts/bench-import.sh
part "AWS organization sync" scripts/bench-awsorg.sh
part "twofold keys" hardware scripts/bench-keys.sh
part "twofold oath list" hardware scripts/bench-oath.sh

echo
machine
awk -F'\t' '
	BEGIN { printf "%-50s %11s    %-26s %11s  %7s\n", "figure", "Twofold", "reference", "", "ratio" }
	{
		ratio = ($5 != "-" && $5 > 0) ? sprintf("%.2fx", $2 / $5) : "-"
		ref = ($5 == "-") ? "" : $5 " " $3
		printf "%-50s %11s    %-26s %11s  %7s\n", $1, $2 " " $3, $4, ref, ratio
	}' "$BENCH_RESULTS"
if ((${#failed[@]})); then
	echo "parts that failed or did not run: ${failed[*]}"
	exit 1
fi
