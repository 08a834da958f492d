#!/usr/bin/env bash
# The whole test suite, as CI runs it. Installs what it needs first.
#
#   1. gofmt, go vet and staticcheck
#   2. go test: unit, CLI, vault (incl. the SIGKILL crash test), fuzz
#      corpora, comparisons with oathtool and zbarimg, Fyne screens
#   3. hardware: token/piv on the real pcscd with virtual YubiKeys, and
#      Yubico's own tools reading them (scripts/test-hardware.sh)
#   4. the real binary under Xvfb (scripts/gui-smoke.sh)
#
# Tools the tests compare against are required, never skipped
# (TWOFOLD_REQUIRE_TOOLS). Test builds use the twofold_fastkdf tag, which
# lowers the vault's KDF cost; release builds never set it.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scripts/setup.sh test || exit 1
export TWOFOLD_REQUIRE_TOOLS=1

passed=0 failed=0 failures=()
suite() { # suite NAME CMD...
	echo "=== $1"
	if "${@:2}"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures+=("$1")
	fi
}
format_check() {
	local bad
	bad=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
	[[ -z $bad ]] || { echo "gofmt would change: $bad" >&2; return 1; }
}

suite gofmt format_check
suite vet go vet -tags twofold_fastkdf ./...
suite staticcheck go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 -tags twofold_fastkdf ./...
suite "go test" go test -tags twofold_fastkdf -count=1 ./...
suite hardware scripts/test-hardware.sh
transfer_fuzz() {
	local target
	for target in FuzzMigration FuzzAegis FuzzTwoFAS FuzzDetect; do
		go test -tags twofold_fastkdf -run '^$' -fuzz "^$target\$" -fuzztime 10s ./token/transfer/ || return 1
	done
}
suite "transfer fuzz (10 s each)" transfer_fuzz
if [[ -x scripts/gui-smoke.sh ]]; then
	suite "gui smoke" scripts/gui-smoke.sh
fi

((failed == 0)) || echo "failed suites: ${failures[*]}"
echo "suites: $passed passed, $failed failed"
((failed == 0))
