#!/usr/bin/env bash
# Smoke test of the real Twofold window under Xvfb.
#
#   scripts/gui-smoke.sh [SHOTS_DIR]     (default ./shots)
#
# Builds the binary (test build: -tags twofold_fastkdf), makes a vault
# with the command line, opens the window on it under Xvfb and drives it
# with xdotool as a person would: types the passphrase, searches, opens a
# seed, accepts the warning and shows its backup QR code, then types the
# code oathtool computes into "Verify on new phone", walks the new-phone
# wizard (File, Move seeds to a new phone), locks with Ctrl+L and quits
# with Ctrl+Q. It checks that:
#   - the window appears, and unlocking changes what it shows;
#   - zbarimg reads the seed's otpauth URI from a screenshot of the QR;
#   - the code oathtool computes is accepted, and the vault file (read
#     back by the command line) records the verification;
#   - the wizard shows each seed's QR code (zbarimg reads its URI from a
#     screenshot), refuses a wrong code, accepts the one oathtool computes
#     and records it: the AWS seed's "never verified" finding goes away;
#   - Ctrl+L brings back the unlock form; Ctrl+Q quits with status 0 and
#     no panic (the window runs without a D-Bus session bus, so no tray);
#     the app's output holds no secret.
# Screenshots (unlock, codes, detail, qr, verified, wizard*, locked .png)
# go to SHOTS_DIR.
# Clicks use positions in the 560x720 window the app opens with; if the
# layout changes, look at the screenshots to update them.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f scripts/env.sh ]] && . scripts/env.sh

shots=$(realpath -m "${1:-shots}")
mkdir -p "$shots"
for tool in Xvfb xdotool import compare zbarimg oathtool; do
	command -v "$tool" >/dev/null || { echo "gui-smoke: $tool is missing" >&2; exit 1; }
done

work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "gui-smoke: FAIL: $*" >&2; [[ -f $work/app.log ]] && sed 's/^/  app: /' "$work/app.log" >&2; exit 1; }

# The app id in the code must be the one packages are made with.
code_id=$(sed -n 's/^const appID = "\(.*\)"/\1/p' cmd/twofold/gui.go)
toml_id=$(sed -n 's/^ *ID *= *"\(.*\)"/\1/p' FyneApp.toml)
[[ -n $code_id && $code_id == "$toml_id" ]] || { echo "gui-smoke: appID $code_id in cmd/twofold/gui.go differs from FyneApp.toml's $toml_id" >&2; exit 1; }

echo "gui-smoke: building"
go build -tags twofold_fastkdf -o "$work/twofold" ./cmd/twofold

secret=JBSWY3DPEHPK3PXP
vault=$work/vault.age
printf 'correct horse battery\n' >"$work/pass"
tf() { "$work/twofold" --vault "$vault" --passphrase-file "$work/pass" "$@"; }
tf init >/dev/null
tf add "otpauth://totp/GitHub:alice@example.com?secret=$secret&issuer=GitHub" >/dev/null
tf add "otpauth://totp/Amazon%20Web%20Services:root@123456789012?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Amazon%20Web%20Services" >/dev/null

# Xvfb picks a free display and writes its number to fd 3.
exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
exec 3>&-
for _ in $(seq 100); do [[ -s $work/display ]] && break; sleep 0.05; done
[[ -s $work/display ]] || fail "Xvfb did not start"
export DISPLAY=":$(cat "$work/display")"

# A fresh HOME keeps the app's preferences out of the user's.
HOME=$work/home XDG_CONFIG_HOME=$work/home/.config env -u DBUS_SESSION_BUS_ADDRESS \
	"$work/twofold" --vault "$vault" >"$work/app.log" 2>&1 &
app=$!
pids+=($app)
win=$(timeout 20 xdotool search --sync --name '^Twofold$' | head -1) || fail "no window within 20 s"

shot() { import -window "$win" "$shots/$1" 2>/dev/null; }
# differs A B: the screenshots differ in more than 1000 pixels.
differs() {
	local n
	n=$(compare -metric AE "$shots/$1" "$shots/$2" null: 2>&1 || true)
	[[ ${n%% *} =~ ^[0-9.e+]+$ ]] && awk -v n="${n%% *}" 'BEGIN { exit !(n > 1000) }'
}
# looks_unlike A B MAX: A and B differ in more than MAX pixels.
looks_unlike() {
	local n
	n=$(compare -metric AE "$shots/$1" "$shots/$2" null: 2>&1 || true)
	[[ ${n%% *} =~ ^[0-9.e+]+$ ]] || return 0
	awk -v n="${n%% *}" -v max="$3" 'BEGIN { exit !(n > max) }'
}
# before: screenshot the window as it is before an action.
before() { shot before.png; }
# until_shot NAME: screenshot NAME once the window differs from before.png
# and has settled (two screenshots in a row alike).
until_shot() {
	for _ in $(seq 100); do
		shot "$1"
		if differs "$1" before.png; then
			for _ in $(seq 50); do
				sleep 0.1
				shot settled.png
				if ! differs settled.png "$1"; then
					mv "$shots/settled.png" "$shots/$1"
					return 0
				fi
				mv "$shots/settled.png" "$shots/$1"
			done
			return 0
		fi
		sleep 0.1
	done
	fail "$1: the window did not change after the last step"
}
click() { xdotool mousemove --window "$win" "$1" "$2" click 1; }

# The first frame can lag the window's mapping: wait for content.
# Until it is viewable, import fails: try again rather than stop here.
for _ in $(seq 50); do
	shot unlock.png || { sleep 0.1; continue; }
	[[ $(convert "$shots/unlock.png" -format '%k' info:) -gt 20 ]] && break
	sleep 0.1
done
xdotool windowfocus --sync "$win" 2>/dev/null || true

echo "gui-smoke: unlocking"
xdotool type --delay 15 'correct horse battery'
before
xdotool key Return
until_shot codes.png

echo "gui-smoke: opening the GitHub seed"
row=241 # y of the first row's centre, under the single-factor banner
before
xdotool type --delay 15 GitHub
until_shot search.png
before
click 538 "$row" # the info button of the first row
until_shot detail.png

echo "gui-smoke: showing its backup QR"
before
click 90 493 # Show backup QR…
until_shot warning.png
before
click 350 487 # Show QR code, in the warning
until_shot qr.png
uri=$(zbarimg -q --raw "$shots/qr.png" 2>/dev/null) || fail "zbarimg finds no QR code in qr.png"
[[ $uri == otpauth://totp/GitHub:alice@example.com\?secret=$secret\&* ]] || fail "the QR holds an unexpected URI"

echo "gui-smoke: verifying the code a phone would show"
click 185 683 # the "Code the new phone shows" entry
xdotool type --delay 15 "$(oathtool --totp -b "$secret")"
xdotool key Return
for _ in $(seq 100); do
	tf list --json | grep -q '"verified"' && break
	sleep 0.1
done
tf list --json | grep -q '"verified"' || fail "the vault does not record the verification"
shot verified.png

echo "gui-smoke: moving the seeds to a new phone with the wizard"
# unverified: the inventory check reports a seed never verified on a
# second device (check exits 1 while there are warnings).
unverified() { (tf check --json || true) | grep -q '"seed_unverified"'; }
unverified || fail "before the wizard, the AWS seed is not reported as never verified"
before
click 27 14 # the File menu
until_shot menu.png
before
click 90 153 # Move seeds to a new phone…
until_shot wizard.png
xdotool type --delay 15 'Pixel 9' # the phone's name, focused
before
click 110 694 # Show the first QR code…
until_shot wizard-warning.png
before
click 364 454 # Show the QR codes, in the warning
until_shot wizard-qr1.png
uri=$(zbarimg -q --raw "$shots/wizard-qr1.png" 2>/dev/null) || fail "zbarimg finds no QR code in wizard-qr1.png"
[[ $uri == otpauth://totp/GitHub:alice@example.com\?secret=$secret\&* ]] || fail "the wizard's first QR holds an unexpected URI"
before
xdotool type --delay 15 000000 # a wrong code, in the focused entry
xdotool key Return
until_shot wizard-wrong.png
before
xdotool type --delay 15 "$(oathtool --totp -b "$secret")"
xdotool key Return
until_shot wizard-qr2.png
uri=$(zbarimg -q --raw "$shots/wizard-qr2.png" 2>/dev/null) || fail "zbarimg finds no QR code in wizard-qr2.png"
aws_secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ
[[ $uri == otpauth://totp/Amazon%20Web%20Services:root@123456789012\?secret=$aws_secret\&* ]] || fail "the wizard's second QR holds an unexpected URI: the first code was not accepted"
before
xdotool type --delay 15 "$(oathtool --totp -b "$aws_secret")"
xdotool key Return
until_shot wizard-summary.png
for _ in $(seq 100); do
	unverified || break
	sleep 0.1
done
unverified && fail "after the wizard, the AWS seed is still reported as never verified"

echo "gui-smoke: locking with Ctrl+L"
before
xdotool key ctrl+l
until_shot locked.png
# The locked window is the first unlock form but for the passphrase
# field's focus ring (a lock focuses nothing, so no cursor blinks while
# locked; typing still goes to the field): a few thousand pixels, where
# any other screen differs by a hundred thousand.
if looks_unlike locked.png unlock.png 6000; then
	fail "after Ctrl+L the window does not show the unlock form again (see locked.png)"
fi

echo "gui-smoke: quitting with Ctrl+Q"
xdotool key ctrl+q
for _ in $(seq 100); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
kill -0 "$app" 2>/dev/null && fail "Ctrl+Q did not quit"
status=0
wait "$app" || status=$?
((status == 0)) || fail "the app exited with status $status after Ctrl+Q"
grep -q -e 'panic' -e 'goroutine [0-9]' "$work/app.log" && fail "the app panicked"
if grep -q -e "$secret" -e 'correct horse' "$work/app.log"; then
	fail "the app's output contains a secret"
fi
rm -f "$shots"/{warning,search,before,settled,menu,wizard-warning}.png
echo "gui-smoke: ok (screenshots in $shots)"
