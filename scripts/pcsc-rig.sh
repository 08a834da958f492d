#!/usr/bin/env bash
# PC/SC test rig: a private pcscd with the vpcd driver, and virtual YubiKeys.
#
#   scripts/pcsc-rig.sh start [CARDS.json]  start pcscd (and vyubikey with CARDS.json)
#   scripts/pcsc-rig.sh stop                stop everything the rig started
#   scripts/pcsc-rig.sh env                 print the variables clients need
#   scripts/pcsc-rig.sh exec CMD [ARG...]   run CMD inside the rig's network
#                                           namespace (for in-process virtual keys)
#
# pcscd runs in its own mount and network namespaces:
# - the mount namespace puts a private directory over /run/pcscd, so a system
#   pcscd, if any, keeps running untouched; clients reach ours through
#   PCSCLITE_CSOCK_NAME, which libpcsclite honours;
# - the network namespace has only loopback, so the vpcd driver, which
#   listens on all interfaces, is reachable from 127.0.0.1 alone.
# Needs root (unshare, nsenter) and the Debian packages pcscd,
# vsmartcard-vpcd, iproute2 and util-linux.
set -euo pipefail

DIR=${TWOFOLD_RIG_DIR:-/tmp/twofold-pcsc-rig}
PORT=${TWOFOLD_VPCD_PORT:-35963}
VPCD_LIB=${VPCD_LIB:-/usr/lib/pcsc/drivers/serial/libifdvpcd.so}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

die() { echo "pcsc-rig: $*" >&2; exit 1; }

write_env() {
	cat >"$DIR/env" <<EOF
export PCSCLITE_CSOCK_NAME=$DIR/run/pcscd.comm
export TWOFOLD_PCSC_RIG=1
export TWOFOLD_VPCD_PORT=$PORT
export TWOFOLD_RIG_NETNS=/proc/$(cat "$DIR/pcscd.pid")/ns/net
export TWOFOLD_RIG_DIR=$DIR
EOF
}

running() { [[ -f "$DIR/pcscd.pid" ]] && kill -0 "$(cat "$DIR/pcscd.pid")" 2>/dev/null; }

# wait_for CMD...: poll CMD until it succeeds, for up to 20 seconds.
wait_for() {
	local i
	for ((i = 0; i < 200; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

start() {
	[[ -x "$VPCD_LIB" || -f "$VPCD_LIB" ]] || die "vpcd driver not found at $VPCD_LIB (apt-get install vsmartcard-vpcd)"
	command -v pcscd >/dev/null || die "pcscd not found (apt-get install pcscd)"
	command -v unshare >/dev/null && command -v nsenter >/dev/null || die "unshare/nsenter missing (util-linux)"
	command -v ip >/dev/null || die "ip missing (apt-get install iproute2)"
	[[ $(id -u) == 0 ]] || die "must run as root (it makes namespaces)"
	running && die "already running (scripts/pcsc-rig.sh stop first)"

	rm -rf "$DIR"
	mkdir -p "$DIR/conf" "$DIR/run"
	# One vpcd entry gives pcscd ten reader slots, on ports PORT..PORT+9.
	# The name makes Yubico's tools take the readers for YubiKeys.
	cat >"$DIR/conf/vpcd" <<EOF
FRIENDLYNAME "Yubico YubiKey OTP+FIDO+CCID"
DEVICENAME   /dev/null:$PORT
LIBPATH      $VPCD_LIB
CHANNELID    $PORT
EOF
	unshare --net --mount --propagation private -- sh -c '
		ip link set lo up &&
		mkdir -p /run/pcscd &&
		mount --bind "$1/run" /run/pcscd &&
		exec pcscd --foreground --config "$1/conf"' rig "$DIR" >"$DIR/pcscd.log" 2>&1 &
	echo $! >"$DIR/pcscd.pid"
	wait_for test -S "$DIR/run/pcscd.comm" || { cat "$DIR/pcscd.log" >&2; die "pcscd did not start"; }
	write_env

	if [[ $# -gt 0 ]]; then
		local cards=$1
		(cd "$ROOT" && go build -o "$DIR/vyubikey" ./internal/vyubikey/cmd/vyubikey)
		nsenter --net="/proc/$(cat "$DIR/pcscd.pid")/ns/net" -- \
			"$DIR/vyubikey" -port "$PORT" -config "$cards" -ca-out "$DIR/ca.pem" \
			>"$DIR/vyubikey.log" 2>&1 &
		echo $! >"$DIR/vyubikey.pid"
		wait_for grep -q "card serial" "$DIR/vyubikey.log" || { cat "$DIR/vyubikey.log" >&2; die "vyubikey did not start"; }
		# pcscd polls its readers: wait until every card shows up.
		local n
		n=$(grep -c "card serial" "$DIR/vyubikey.log")
		# shellcheck disable=SC1091
		. "$DIR/env"
		if command -v ykman >/dev/null; then
			wait_for sh -c "[ \$(ykman list --serials 2>/dev/null | wc -l) -ge $n ]" || die "cards not seen by pcscd"
		fi
	fi
	echo "pcsc-rig: running; . $DIR/env"
}

stop() {
	local f
	for f in vyubikey.pid pcscd.pid; do
		if [[ -f "$DIR/$f" ]]; then
			kill "$(cat "$DIR/$f")" 2>/dev/null || true
			rm -f "$DIR/$f"
		fi
	done
	echo "pcsc-rig: stopped"
}

cmd=${1:-}
shift || true
case $cmd in
start) start "$@" ;;
stop) stop ;;
env) running || die "not running"; cat "$DIR/env" ;;
exec)
	running || die "not running"
	# shellcheck disable=SC1091
	. "$DIR/env"
	exec nsenter --net="$TWOFOLD_RIG_NETNS" -- "$@"
	;;
*) die "usage: $0 start [CARDS.json] | stop | env | exec CMD [ARG...]" ;;
esac
