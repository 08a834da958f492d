#!/usr/bin/env bash
# The whole test suite, as CI runs it. Installs what it needs first.
#
#   1. gofmt, go vet, staticcheck, govulncheck
#   2. go test: unit, CLI (with the secret-hygiene test of the real
#      binary), vault (incl. the SIGKILL crash test), fuzz
#      corpora, comparisons with oathtool and zbarimg, the emergency kit
#      rendered by poppler (pdftoppm, pdftotext), Fyne screens
#   3. the race detector on every package whose tests need no cgo package
#      outside the standard library (found by rule, so new packages join)
#      and on the front ends, ui and cmd/twofold
#   4. every fuzz target (found by listing func Fuzz) for FUZZTIME each
#   5. hardware: token/piv on the real pcscd with virtual YubiKeys, and
#      Yubico's own tools reading them (scripts/test-hardware.sh)
#   6. the real binary under Xvfb (scripts/gui-smoke.sh)
#   7. the Windows build (mingw-w64) and the macOS vet of the packages
#      that need no cgo there
#
# Each suite prints how long it took.
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
	local start=$SECONDS
	if "${@:2}"; then
		passed=$((passed + 1))
		echo "--- $1: ok ($((SECONDS - start))s)"
	else
		failed=$((failed + 1))
		failures+=("$1")
		echo "--- $1: FAILED ($((SECONDS - start))s)"
	fi
}
format_check() {
	local bad
	bad=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
	[[ -z $bad ]] || { echo "gofmt would change: $bad" >&2; return 1; }
}

. scripts/gates.sh

suite gofmt format_check
suite vet go vet -tags twofold_fastkdf ./...
suite staticcheck go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 -tags twofold_fastkdf ./...
suite govulncheck vuln_check
suite "go test" go test -tags twofold_fastkdf -count=1 ./...
suite race race_check
suite fuzz fuzz_check
suite hardware scripts/test-hardware.sh
if [[ -x scripts/gui-smoke.sh ]]; then
	suite "gui smoke" scripts/gui-smoke.sh
fi
suite "windows build" windows_build
suite "macos vet" macos_vet

echo "all suites: $((SECONDS / 60))m$((SECONDS % 60))s"
((failed == 0)) || echo "failed suites: ${failures[*]}"
echo "suites: $passed passed, $failed failed"
((failed == 0))
