#!/usr/bin/env bash
# Hardware key tests on the real PC/SC stack, against virtual YubiKeys:
#  1. token/piv's rig tests (piv-go -> libpcsclite -> pcscd -> vpcd -> card),
#     and the command line's (the vault opened with a YubiKey);
#  2. Yubico's own tools (ykman, yubico-piv-tool) and `twofold keys` reading
#     the virtual keys.
# Always starts its own rig, so the tests cannot skip; stops it on exit.
# Needs root and: pcscd libpcsclite-dev vsmartcard-vpcd yubikey-manager
# yubico-piv-tool iproute2 oathtool.
set -euo pipefail
cd "$(dirname "$0")/.."

export TWOFOLD_RIG_DIR=${TWOFOLD_RIG_DIR:-/tmp/twofold-pcsc-rig}
trap 'scripts/pcsc-rig.sh stop >/dev/null' EXIT

# 1. Go tests: the test binaries are built outside the rig's network
# namespace and run inside it, where their virtual keys reach vpcd on
# 127.0.0.1.
go test -c -o "$TWOFOLD_RIG_DIR.piv.test" ./token/piv
go test -c -o "$TWOFOLD_RIG_DIR.oath.test" ./token/oath
go test -tags twofold_fastkdf -c -o "$TWOFOLD_RIG_DIR.cmd.test" ./cmd/twofold
scripts/pcsc-rig.sh stop >/dev/null
scripts/pcsc-rig.sh start
{
	scripts/pcsc-rig.sh exec "$TWOFOLD_RIG_DIR.piv.test" -test.v -test.count=1 2>&1
	scripts/pcsc-rig.sh exec "$TWOFOLD_RIG_DIR.oath.test" -test.v -test.count=1 -test.run Rig 2>&1
	scripts/pcsc-rig.sh exec "$TWOFOLD_RIG_DIR.cmd.test" -test.v -test.count=1 -test.run Rig 2>&1
} | tee "$TWOFOLD_RIG_DIR.gotest.log"
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
# A P-256 key in a retired key-management slot, made by ykman with its
# policies, with a certificate it signs: ykman reads the slot back.
mgm=010203040506070801020304050607080102030405060708
ykman --device 10000001 piv keys generate -a ECCP256 --pin-policy ONCE --touch-policy ALWAYS -m $mgm 82 "$TWOFOLD_RIG_DIR.82.pem"
out=$(ykman --device 10000001 piv keys export 82 -)
if [[ $out == "$(cat "$TWOFOLD_RIG_DIR.82.pem")" ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL ykman exports another key from slot 82: $out" >&2; fi
ykman --device 10000001 piv certificates generate -s "CN=twofold unlock" -m $mgm -P 123456 82 "$TWOFOLD_RIG_DIR.82.pem"
out=$(ykman --device 10000001 piv info)
expect "ykman piv info lists slot 82" "Slot 82:" "$out"
expect "ykman piv info lists slot 82" "Subject DN:.*CN=twofold unlock" "$out"
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
# 4. Seeds on YubiKeys (OATH): what twofold writes, ykman reads and computes
# as oathtool does; what ykman writes, twofold reads; both with a password.
# oathtool runs before and after each command under test, so that a period
# boundary passing meanwhile cannot fail the comparison.
export TWOFOLD_VAULT=$TWOFOLD_RIG_DIR/oath.tfv TWOFOLD_PASSPHRASE_FILE=$TWOFOLD_RIG_DIR/oath.pass
rm -f "$TWOFOLD_VAULT"
(umask 077 && printf 'oath rig passphrase\n' >"$TWOFOLD_PASSPHRASE_FILE" && printf 'opensesame\n' >"$TWOFOLD_RIG_DIR/oath.pw" && printf 'wrong\n' >"$TWOFOLD_RIG_DIR/oath.badpw")
go build -tags twofold_fastkdf -o "$TWOFOLD_RIG_DIR.twofold-fast" ./cmd/twofold
tf() { "$TWOFOLD_RIG_DIR.twofold-fast" "$@" 2>&1; }
tf init >/dev/null
tf add --issuer GitHub --account carol --secret GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ >/dev/null
tf add 'otpauth://totp/Corp:dave?secret=JBSWY3DPEHPK3PXPJBSWY3DP&algorithm=SHA256&digits=8&period=60' >/dev/null
out=$(tf oath list || true)
expect "twofold oath list with two keys" "more than one YubiKey" "$out"
out=$(tf oath add carol --key 10000002)
expect "twofold oath add" "stored GitHub:carol on YubiKey 10000002" "$out"
out=$(tf oath add dave --key 10000002)
expect "twofold oath add period 60" "stored 60/Corp:dave" "$out"
out=$(tf oath add carol --key 10000002 || true)
expect "twofold oath add twice" "already holds a credential with this name" "$out"
out=$(ykman --device 10000002 oath accounts list)
expect "ykman lists twofold's" "^GitHub:carol$" "$out"
expect "ykman lists twofold's" "^60/Corp:dave$" "$out"
before=$(oathtool --totp -b GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ)
out=$(ykman --device 10000002 oath accounts code GitHub:carol)
want="($before|$(oathtool --totp -b GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ))"
expect "ykman code of twofold's = oathtool" "GitHub:carol +$want" "$out"
before=$(oathtool --totp=sha256 -d8 -s60 -b JBSWY3DPEHPK3PXPJBSWY3DP)
out=$(ykman --device 10000002 oath accounts code Corp:dave)
want="($before|$(oathtool --totp=sha256 -d8 -s60 -b JBSWY3DPEHPK3PXPJBSWY3DP))"
expect "ykman code of twofold's (SHA256, 8 digits, 60 s) = oathtool" "Corp:dave +$want" "$out"
# oath code: standard output is the code alone (what a script or
# aws-vault's mfa_process reads); the comparison goes to standard error;
# touch is asked for only where the credential needs it.
before=$(oathtool --totp=sha256 -d8 -s60 -b JBSWY3DPEHPK3PXPJBSWY3DP)
out=$("$TWOFOLD_RIG_DIR.twofold-fast" oath code dave --key 10000002 2>"$TWOFOLD_RIG_DIR.stderr")
err=$(cat "$TWOFOLD_RIG_DIR.stderr")
want="($before|$(oathtool --totp=sha256 -d8 -s60 -b JBSWY3DPEHPK3PXPJBSWY3DP))"
expect "twofold oath code: stdout is the code alone" "^$want$" "$out"
[[ $out =~ ^[0-9]{8}$ ]] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL oath code stdout: $out" >&2; }
expect "twofold oath code: the comparison on stderr" "the same as the vault's code" "$err"
if grep -qi touch <<<"$err"; then failed=$((failed + 1)); echo "FAIL oath code asks for a touch it does not need: $err" >&2; else passed=$((passed + 1)); fi
tf add --issuer Touchy --account erin --secret MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U >/dev/null
tf oath add erin --key 10000002 --touch >/dev/null
before=$(oathtool --totp -b MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U)
out=$("$TWOFOLD_RIG_DIR.twofold-fast" oath code erin --key 10000002 2>"$TWOFOLD_RIG_DIR.stderr")
err=$(cat "$TWOFOLD_RIG_DIR.stderr")
want="($before|$(oathtool --totp -b MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U))"
expect "twofold oath code of a touch credential: the code alone" "^$want$" "$out"
expect "twofold oath code of a touch credential asks for the touch" "touch YubiKey 10000002" "$err"
out=$(ykman --device 10000002 oath accounts code Touchy:erin 2>&1)
expect "ykman asks for a touch for twofold's touch credential" "Touch your YubiKey" "$out"
ykman --device 10000002 oath accounts add -i Yubi eve JBSWY3DPEHPK3PXP
out=$(tf oath list --key 10000002 --json)
expect "twofold reads ykman's" '"name": "Yubi:eve"' "$out"
ykman --device 10000002 oath access change -n opensesame >/dev/null
out=$(tf oath list --key 10000002 --password-file "$TWOFOLD_RIG_DIR/oath.badpw" || true)
expect "twofold oath wrong password" "wrong OATH access password" "$out"
out=$(tf oath rm carol --key 10000002 --yes --password-file "$TWOFOLD_RIG_DIR/oath.badpw" || true)
expect "twofold oath rm wrong password" "wrong OATH access password" "$out"
out=$(ykman --device 10000002 oath accounts list -p opensesame)
expect "wrong password changed nothing" "^GitHub:carol$" "$out"
out=$(tf oath list --key 10000002 --password-file "$TWOFOLD_RIG_DIR/oath.pw")
expect "twofold reads a protected key" "^Yubi:eve" "$out"
out=$(tf oath rm carol --key 10000002 --yes --password-file "$TWOFOLD_RIG_DIR/oath.pw")
expect "twofold oath rm" "deleted GitHub:carol" "$out"
out=$(ykman --device 10000002 oath accounts list -p opensesame)
expect "ykman sees the removal" "^Yubi:eve$" "$out"
if grep -q "GitHub:carol" <<<"$out"; then failed=$((failed + 1)); echo "FAIL oath rm: GitHub:carol still listed" >&2; fi
out=$(tf oath add carol --key 10000002 --password-file "$TWOFOLD_RIG_DIR/oath.pw")
expect "twofold oath add on a protected key" "stored GitHub:carol" "$out"
before=$(oathtool --totp -b GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ)
out=$(ykman --device 10000002 oath accounts code -p opensesame GitHub:carol)
want="($before|$(oathtool --totp -b GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ))"
expect "ykman code of twofold's on a protected key = oathtool" "GitHub:carol +$want" "$out"
out=$(tf check || true)
expect "check lists the copy" "seed GitHub \(carol\) has copies on: this vault, YubiKey 10000002 \(checked just now\)" "$out"
out=$(tf oath list --key 10000002 --password-file "$TWOFOLD_RIG_DIR/oath.pw")
expect "oath list names the vault seed" "^GitHub:carol.*seed [0-9a-f]{8} GitHub \(carol\)" "$out"
# Another secret under the same name, written by ykman: the copy no longer
# counts.
ykman --device 10000002 oath accounts add -f -p opensesame GitHub:carol JBSWY3DPEHPK3PXP >/dev/null
out=$(tf oath code carol --key 10000002 --password-file "$TWOFOLD_RIG_DIR/oath.pw" || true)
expect "oath code of a changed copy" "differs from the vault's" "$out"
out=$(tf check || true)
if grep -q "GitHub (carol) has copies" <<<"$out"; then failed=$((failed + 1)); echo "FAIL check still counts a changed copy" >&2; else passed=$((passed + 1)); fi
echo "tools: $passed passed, $failed failed"
[[ $failed == 0 ]]
