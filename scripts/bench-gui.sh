#!/usr/bin/env bash
# Figures for the desktop app, next to a bare Fyne window measured in the
# same run on the same machine (internal/barewindow):
#
#   - start: from exec to the window mapped on screen (polled with
#     xdotool every few milliseconds), the median of START_RUNS (default
#     7) starts of each, the two taking turns;
#   - memory: resident set (VmRSS) once the codes of 1,000 seeds show,
#     and the bare window's once it shows;
#   - idle CPU: CPU time used over IDLE_SECONDS (default 60) with the codes
#     on screen, the apps running side by side on their own Xvfb; next to
#     the bare window, and next to the bare window changing its label once
#     a second (barewindow -tick), since the codes' countdowns must redraw
#     the window once a second.
#
# Each app is started once before it is timed (and then stopped), so that
# the start is the one a user sees every day: fonts indexed, files cached.
#
#   scripts/bench-gui.sh            (IDLE_SECONDS=10 for a quick look)
#
# Both binaries are release builds (no test tags). The 1,000-seed vault
# is made by the release command line (init, then one import of a list
# of links), so its KDF has the release cost (scrypt N=2^17, 128 MiB):
# what a user has. KDF=test makes it with a test build instead (2^10),
# so that the unlock measures Twofold's own work alone.
#
# Every figure is measured twice, one case after the other: with a D-Bus
# session bus (a private one, from dbus-run-session), as on any desktop,
# where the app has its tray; and without one (no DBUS_SESSION_BUS_ADDRESS),
# where it has none and starts no bus. BENCH_BUS=session or none runs one.
#
# With BENCH_RESULTS set (scripts/bench.sh), each figure is also appended
# to that file as FIGURE<TAB>VALUE<TAB>UNIT<TAB>REFERENCE<TAB>VALUE.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f scripts/env.sh ]] && . scripts/env.sh
case ${BENCH_BUS:-} in
"")
	command -v dbus-run-session >/dev/null || { echo "bench-gui: dbus-run-session is missing (Debian dbus)" >&2; exit 1; }
	echo "=== with a session bus (dbus-run-session): the app has its tray"
	BENCH_BUS=session dbus-run-session -- "$0" "$@" || exit 1
	echo
	echo "=== without a session bus: no tray"
	BENCH_BUS=none exec env -u DBUS_SESSION_BUS_ADDRESS "$0" "$@"
	;;
session) [[ -n ${DBUS_SESSION_BUS_ADDRESS:-} ]] || { echo "BENCH_BUS=session needs a session bus" >&2; exit 2; } ;;
none) unset DBUS_SESSION_BUS_ADDRESS ;;
*) echo "BENCH_BUS is session or none" >&2; exit 2 ;;
esac
bus=$([[ $BENCH_BUS == session ]] && echo "session bus" || echo "no session bus")
idle=${IDLE_SECONDS:-60}
seeds=${SEEDS:-1000}
kdf=${KDF:-release}

work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	# The apps are not this shell's children (start runs in a subshell):
	# wait for them to be gone before removing what they write to.
	for p in "${pids[@]}"; do
		for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done
	done
	rm -rf "$work"
}
trap cleanup EXIT

echo "building (release: -trimpath, stripped) ..."
go build -trimpath -ldflags '-s -w' -o "$work/twofold" ./cmd/twofold
go build -trimpath -ldflags '-s -w' -o "$work/barewindow" ./internal/barewindow
case $kdf in
release) cli=$work/twofold ;;
test)
	cli=$work/twofold-cli
	go build -tags twofold_fastkdf -o "$cli" ./cmd/twofold
	;;
*) echo "KDF is release or test" >&2; exit 2 ;;
esac

echo "making a vault of $seeds seeds (KDF: $kdf) ..."
vault=$work/vault.age
printf 'correct horse battery\n' >"$work/pass"
for i in $(seq 1 "$seeds"); do
	secret=$(printf 'bench seed %06d' "$i" | base32 | tr -d '=')
	echo "otpauth://totp/Issuer$i:user$i@example.com?secret=$secret&issuer=Issuer$i"
done >"$work/links.txt"
tf() { "$cli" --vault "$vault" --passphrase-file "$work/pass" "$@" >/dev/null 2>&1; }
tf init
tf import "$work/links.txt"

xvfb() { # xvfb VAR: start an Xvfb, put its DISPLAY in VAR
	local fd=$work/display.$1
	Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp -noreset 3>"$fd" >/dev/null 2>&1 &
	pids+=($!)
	# A first Xvfb on a fresh machine may take seconds (font caches).
	for _ in $(seq 1500); do [[ -s $fd ]] && break; sleep 0.02; done
	[[ -s $fd ]] || { echo "Xvfb did not start within 30 s" >&2; exit 1; }
	printf -v "$1" ':%s' "$(cat "$fd")"
	# and answering (-noreset: a server resets when its last client
	# leaves, and refuses connections meanwhile; the apps come and go).
	for _ in $(seq 250); do DISPLAY=${!1} xdotool getdisplaygeometry >/dev/null 2>&1 && return; sleep 0.02; done
	echo "Xvfb ${!1} does not answer" >&2
	exit 1
}
xvfb disp_app
xvfb disp_bare
xvfb disp_tick

now_ms() { date +%s%3N; }
# start DISPLAY NAME CMD...: run CMD, print "PID MS" where MS is the time
# until a window named NAME is visible.
start() {
	local d=$1 name=$2 t0 pid
	shift 2
	t0=$(now_ms)
	DISPLAY=$d HOME=$work/home.$d "$@" >"$work/log.$d" 2>&1 &
	pid=$!
	pids+=($pid)
	until DISPLAY=$d xdotool search --onlyvisible --name "$name" >/dev/null 2>&1; do
		kill -0 "$pid" 2>/dev/null || { echo "$name exited:" >&2; cat "$work/log.$d" >&2; exit 1; }
	done
	echo "$pid $(($(now_ms) - t0))"
}
rss_kib() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

# startms DISPLAY NAME CMD...: start CMD and stop it, print the
# milliseconds until its window was on screen.
startms() {
	local pid ms
	read -r pid ms < <(start "$@")
	kill "$pid"
	while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
	echo "$ms"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
startms "$disp_bare" '^Bare window$' "$work/barewindow" >/dev/null # warm
startms "$disp_app" '^Twofold$' "$work/twofold" --vault "$vault" >/dev/null
# One start is noisy: the median of START_RUNS, the two taking turns.
starts=${START_RUNS:-7}
: >"$work/start.bare"
: >"$work/start.app"
for _ in $(seq "$starts"); do
	startms "$disp_bare" '^Bare window$' "$work/barewindow" >>"$work/start.bare"
	startms "$disp_app" '^Twofold$' "$work/twofold" --vault "$vault" >>"$work/start.app"
done
bare_ms=$(median <"$work/start.bare")
app_ms=$(median <"$work/start.app")

read -r bare_pid _ < <(start "$disp_bare" '^Bare window$' "$work/barewindow")
read -r app_pid _ < <(start "$disp_app" '^Twofold$' "$work/twofold" --vault "$vault")
read -r tick_pid _ < <(start "$disp_tick" '^Bare window$' "$work/barewindow" -tick)
pids+=("$bare_pid" "$app_pid" "$tick_pid")

# Unlock, then wait for the first code row: the screen changes from the
# unlock form (poll screenshots of the window).
win=$(DISPLAY=$disp_app xdotool search --onlyvisible --name '^Twofold$' | head -1)
DISPLAY=$disp_app xdotool windowfocus --sync "$win" 2>/dev/null || true
DISPLAY=$disp_app import -window "$win" "$work/locked.png" 2>/dev/null
DISPLAY=$disp_app xdotool type --delay 5 'correct horse battery'
DISPLAY=$disp_app import -window "$win" "$work/typed.png" 2>/dev/null
t0=$(now_ms)
DISPLAY=$disp_app xdotool key Return
while :; do
	DISPLAY=$disp_app import -window "$win" "$work/now.png" 2>/dev/null
	n=$(compare -metric AE "$work/typed.png" "$work/now.png" null: 2>&1 || true)
	awk -v n="${n%% *}" 'BEGIN { exit !(n > 20000) }' && break
done
unlock_ms=$(($(now_ms) - t0))
sleep 2 # let both settle before reading memory
app_rss=$(rss_kib "$app_pid")
bare_rss=$(rss_kib "$bare_pid")

echo "idle for $idle s with the codes on screen ..."
a0=$(cpu_ticks "$app_pid") b0=$(cpu_ticks "$bare_pid") t0=$(cpu_ticks "$tick_pid")
sleep "$idle"
a1=$(cpu_ticks "$app_pid") b1=$(cpu_ticks "$bare_pid") t1=$(cpu_ticks "$tick_pid")
kill -0 "$app_pid" || { echo "Twofold exited during the idle period (auto-lock does not quit)" >&2; exit 1; }

awk -v am="$app_ms" -v bm="$bare_ms" -v ar="$app_rss" -v br="$bare_rss" \
	-v ac=$((a1 - a0)) -v bc=$((b1 - b0)) -v tc=$((t1 - t0)) -v hz="$hz" -v idle="$idle" \
	-v um="$unlock_ms" -v seeds="$seeds" -v kdf="$kdf" -v bus="$bus" -v out="${BENCH_RESULTS:-}" 'BEGIN {
	printf "\n%-34s %12s %12s %8s  (%s)\n", "", "Twofold", "bare Fyne", "ratio", bus
	printf "%-34s %9d ms %9d ms %7.2fx\n", "exec to window on screen", am, bm, am / bm
	printf "%-34s %9.1f MiB %8.1f MiB %7.2fx\n", "resident memory, codes showing", ar / 1024, br / 1024, ar / br
	ap = 100 * ac / hz / idle; bp = 100 * bc / hz / idle
	printf "%-34s %10.2f %% %10.2f %% %7s\n", "CPU over " idle " s idle", ap, bp, (bp > 0 ? sprintf("%.2fx", ap / bp) : "-")
	tp = 100 * tc / hz / idle
	printf "%-34s %10.2f %% %10.2f %% %7s  (against the bare window redrawing once a second)\n", "", ap, tp, (tp > 0 ? sprintf("%.2fx", ap / tp) : "-")
	printf "%-34s %9d ms  (%d seeds, KDF %s, incl. screenshot polling)\n", "Return to codes on screen", um, seeds, kdf
	if (out == "") exit
	printf "window start (exec to window on screen), %s\t%d\tms\tbare Fyne window\t%d\n", bus, am, bm >>out
	printf "resident memory, %d seeds, codes showing, %s\t%.1f\tMiB\tbare Fyne window\t%.1f\n", seeds, bus, ar / 1024, br / 1024 >>out
	printf "idle CPU over %d s, codes showing, %s\t%.2f\t%%\tbare Fyne window\t%.2f\n", idle, bus, ap, bp >>out
	printf "idle CPU over %d s, codes showing, %s\t%.2f\t%%\tbare window, 1 redraw/s\t%.2f\n", idle, bus, ap, tp >>out
	printf "Return to codes on screen, %d seeds, KDF %s, %s\t%d\tms\t-\t-\n", seeds, kdf, bus, um >>out
}'
