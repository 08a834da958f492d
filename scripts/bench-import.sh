#!/usr/bin/env bash
# Benchmark: importing a 1,000-seed encrypted Aegis export into a vault,
# KDF apart (decryption, parsing, validation, duplicate check), from the
# Go benchmark BenchmarkImportAegis1000 in token/transfer.
# With BENCH_RESULTS set (scripts/bench.sh), the best run is also
# appended to that file as FIGURE<TAB>VALUE<TAB>UNIT<TAB>REFERENCE<TAB>VALUE;
# the reference is DESIGN.md's budget for our own work at unlock, 100 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-5}
go test -tags twofold_fastkdf -run '^$' -bench '^BenchmarkImportAegis1000$' -benchtime 20x -count "$COUNT" ./token/transfer/ |
	awk -v out="${BENCH_RESULTS:-}" '/^BenchmarkImportAegis1000/ { ms = $3 / 1e6; sum += ms; n++; if (min == "" || ms < min) min = ms }
	     END { if (n == 0) exit 1; printf "import of 1,000 Aegis seeds (KDF apart): best %.1f ms, mean %.1f ms over %d runs\n", min, sum / n, n
	           if (out != "") printf "import of 1,000 Aegis seeds, KDF apart\t%.1f\tms\tbudget of own work\t100\n", min >>out }'
