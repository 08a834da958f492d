#!/usr/bin/env bash
# Benchmark: an AWS organization sync of 50 member accounts (and the
# management account) against moto_server behind the iamtest front, from
# the Go benchmark BenchmarkOrganizationSync in token/awsiam: the accounts
# read in parallel, with one account at a time as the reference, and the
# number of AWS calls one sync makes. moto answers its calls one at a
# time and costs CPU, so on a small machine the two are close; against
# AWS, where each call waits on the network, the parallel reads are what
# keeps a large organization to seconds.
# With BENCH_RESULTS set (scripts/bench.sh), the figures are appended to
# that file as FIGURE<TAB>VALUE<TAB>UNIT<TAB>REFERENCE<TAB>VALUE.
set -euo pipefail
cd "$(dirname "$0")/.."
export TWOFOLD_REQUIRE_TOOLS=${TWOFOLD_REQUIRE_TOOLS:-1}
go test -tags twofold_fastkdf -run '^$' -bench '^BenchmarkOrganizationSync$' -benchtime "${RUNS:-3}x" ./token/awsiam/ |
	awk -v out="${BENCH_RESULTS:-}" '
		/^BenchmarkOrganizationSync\// {
			name = $1; sub(/-[0-9]+$/, "", name); sub(/.*\//, "", name)
			s[name] = $3 / 1e9
			for (i = 5; i < NF; i += 2) if ($(i + 1) == "calls/op") calls[name] = $i
		}
		END {
			if (s["parallel"] == "") exit 1
			printf "organization sync, 50 members: %.2f s in parallel, %.2f s one at a time, %d AWS calls\n", s["parallel"], s["one_at_a_time"], calls["parallel"]
			if (out != "") {
				printf "AWS organization sync, 50 member accounts\t%.2f\ts\tone account at a time\t%.2f\n", s["parallel"], s["one_at_a_time"] >>out
				printf "AWS calls of that sync\t%d\tcalls\t-\t-\n", calls["parallel"] >>out
			}
		}'
