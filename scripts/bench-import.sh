#!/usr/bin/env bash
# Benchmarks: importing a 1,000-seed encrypted Aegis export into a vault,
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

# The import of 100,000 otpauth:// links into a vault of 1,000 seeds, KDF
# apart (BenchmarkImportLinks100000): parsing, validation, the duplicate
# check through its index and the encoding of the saved vault. Reference:
# a few seconds (the duplicate check used to scan every seed held for
# each new one: about 90 s).
go test -tags twofold_fastkdf -run '^$' -bench '^BenchmarkImportLinks100000$' -benchtime 1x -count "$COUNT" ./token/transfer/ |
	awk -v out="${BENCH_RESULTS:-}" '/^BenchmarkImportLinks100000/ { s = $3 / 1e9; sum += s; n++; if (min == "" || s < min) min = s }
	     END { if (n == 0) exit 1; printf "import of 100,000 links (KDF apart): best %.2f s, mean %.2f s over %d runs\n", min, sum / n, n
	           if (out != "") printf "import of 100,000 links, KDF apart\t%.2f\ts\ta few seconds\t3\n", min >>out }'
