#!/usr/bin/env bash
# Hardware key tests on the real PC/SC stack, against virtual YubiKeys:
#  1. token/piv's rig tests (piv-go -> libpcsclite -> pcscd -> vpcd -> card);
#  2. Yubico's own tools (ykman, yubico-piv-tool) and `twofold keys` reading
#     the virtual keys.
# Always starts its own rig, so the tests cannot skip; stops it on exit.
# Needs root and: pcscd libpcsclite-dev vsmartcard-vpcd yubikey-manager
# yubico-piv-tool iproute2.
set -euo pipefail
cd "$(dirname "$0")/.."

export TWOFOLD_RIG_DIR=${TWOFOLD_RIG_DIR:-/tmp/twofold-pcsc-rig}
trap 'scripts/pcsc-rig.sh stop >/dev/null' EXIT

# 1. Go tests: the test binary is built outside the rig's network namespace
# and runs inside it, where its virtual keys reach vpcd on 127.0.0.1.
go test -c -o "$TWOFOLD_RIG_DIR.piv.test" ./token/piv
scripts/pcsc-rig.sh stop >/dev/null
scripts/pcsc-rig.sh start
scripts/pcsc-rig.sh exec "$TWOFOLD_RIG_DIR.piv.test" -test.v -test.count=1 2>&1 | tee "$TWOFOLD_RIG_DIR.gotest.log"
if grep -q -- '--- SKIP' "$TWOFOLD_RIG_DIR.gotest.log"; then
	echo "test-hardware: rig tests skipped although the rig runs" >&2
	exit 1
fi
scripts/pcsc-rig.sh stop >/dev/null

# 2. Yubico's tools (and twofold) against two virtual keys.
scripts/pcsc-rig.sh start internal/vyubikey/testdata/two-keys.json
# shellcheck disable=SC1091
. "$TWOFOLD_RIG_DIR/env"
passed=0 failed=0
expect() { # expect NAME PATTERN OUTPUT
	if grep -qE -- "$2" <<<"$3"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		printf 'FAIL %s: no /%s/ in:\n%s\n' "$1" "$2" "$3" >&2
	fi
}
out=$(ykman list --serials)
expect "ykman list" "^10000001$" "$out"
expect "ykman list" "^10000002$" "$out"
out=$(ykman --device 10000001 piv info)
expect "ykman piv info 1" "PIV version: 5\.4\.3" "$out"
expect "ykman piv info 1" "PIN tries remaining: 3/3" "$out"
expect "ykman piv info 1" "WARNING: Using default PIN" "$out"
expect "ykman piv info 1" "Subject DN:.*CN=alice@example.com" "$out"
out=$(ykman --device 10000002 piv info)
expect "ykman piv info 2" "PIV version: 5\.7\.1" "$out"
expect "ykman piv info 2" "PIN tries remaining: 1/3" "$out"
expect "ykman piv info 2" "Management key algorithm: AES192" "$out"
out=$(yubico-piv-tool -r "Yubico YubiKey OTP+FIDO+CCID 00 00" -a status)
expect "yubico-piv-tool status" "Version:[[:space:]]+5\.4\.3" "$out"
expect "yubico-piv-tool status" "Serial Number:[[:space:]]+10000001" "$out"
expect "yubico-piv-tool status" "PIN tries left:[[:space:]]+3" "$out"
out=$(yubico-piv-tool -r "Yubico YubiKey OTP+FIDO+CCID 00 01" -a status)
expect "yubico-piv-tool status" "Serial Number:[[:space:]]+10000002" "$out"
expect "yubico-piv-tool status" "PIN tries left:[[:space:]]+1" "$out"

# 3. The twofold command on the same keys, and its errors.
go build -o "$TWOFOLD_RIG_DIR.twofold" ./cmd/twofold
out=$(env -u TWOFOLD_VAULT -u TWOFOLD_PASSPHRASE_FILE "$TWOFOLD_RIG_DIR.twofold" keys --json)
expect "twofold keys --json" '"serial": 10000001' "$out"
expect "twofold keys --json" '"serial": 10000002' "$out"
expect "twofold keys --json" '"code": "default_pin"' "$out"
expect "twofold keys --json" '"code": "pin_last_retry"' "$out"
out=$(PCSCLITE_CSOCK_NAME=$TWOFOLD_RIG_DIR/none.comm "$TWOFOLD_RIG_DIR.twofold" keys 2>&1 || true)
expect "twofold keys without pcscd" "smart card service is not running" "$out"
echo "tools: $passed passed, $failed failed"
[[ $failed == 0 ]]
