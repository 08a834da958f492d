#!/usr/bin/env bash
# Idle CPU of the desktop app in each state of its window, next to a bare
# Fyne window in the same state (internal/barewindow), still and
# redrawing once a second (-tick):
#
#   - focused: the window has the input focus (codes on screen);
#   - unfocused: another window (xmessage) has it, the codes still show;
#   - minimized: the window is iconified (xdotool windowminimize);
#   - locked: Twofold locked (Ctrl+L) and focused, the unlock prompt on
#     screen; the bare windows focused;
#   - locked-away: locked, and another window has the focus.
#
# Each app runs on an Xvfb of its own with a window manager (openbox:
# minimizing and focus need one), all three side by side, so that each
# state is measured at the same time for all. CPU is utime+stime from
# /proc/PID/stat over IDLE_SECONDS (default 30) per state, after a few
# seconds to settle.
#
#   scripts/bench-idle.sh           (IDLE_SECONDS=10 for a quick look)
#
# Both binaries are release builds; the vault holds SEEDS (default 1,000)
# seeds at the release KDF cost.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f scripts/env.sh ]] && . scripts/env.sh
idle=${IDLE_SECONDS:-30}
seeds=${SEEDS:-1000}
settle=${SETTLE_SECONDS:-3}
for tool in Xvfb openbox xdotool xmessage; do
	command -v "$tool" >/dev/null || { echo "bench-idle: $tool is needed" >&2; exit 2; }
done

work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do
		for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done
	done
	rm -rf "$work"
}
trap cleanup EXIT

echo "building (release) ..."
go build -o "$work/twofold" ./cmd/twofold
go build -o "$work/barewindow" ./internal/barewindow

echo "making a vault of $seeds seeds ..."
vault=$work/vault.age
printf 'correct horse battery\n' >"$work/pass"
for i in $(seq 1 "$seeds"); do
	secret=$(printf 'bench seed %06d' "$i" | base32 | tr -d '=')
	echo "otpauth://totp/Issuer$i:user$i@example.com?secret=$secret&issuer=Issuer$i"
done >"$work/links.txt"
tf() { "$work/twofold" --vault "$vault" --passphrase-file "$work/pass" "$@" >/dev/null 2>&1; }
tf init
tf import "$work/links.txt"

# desktop NAME: an Xvfb with openbox and a small window to take the focus;
# sets disp_NAME and other_NAME (that window's id).
desktop() {
	local fd=$work/display.$1 d
	Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp -noreset 3>"$fd" >/dev/null 2>&1 &
	pids+=($!)
	for _ in $(seq 1500); do [[ -s $fd ]] && break; sleep 0.02; done
	[[ -s $fd ]] || { echo "Xvfb did not start within 30 s" >&2; exit 1; }
	d=:$(cat "$fd")
	for _ in $(seq 250); do DISPLAY=$d xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.02; done
	DISPLAY=$d openbox --sm-disable >/dev/null 2>&1 &
	pids+=($!)
	local w= xm=
	for _ in $(seq 1500); do
		# (again if it left: the window manager may not be up yet)
		if [[ -z $xm ]] || ! kill -0 "$xm" 2>/dev/null; then
			DISPLAY=$d xmessage -geometry 200x60+700+600 -name other -title other 'other window' >/dev/null 2>&1 &
			xm=$!
			pids+=($xm)
		fi
		w=$(DISPLAY=$d xdotool search --onlyvisible --name '^other$' 2>/dev/null | head -1) && [[ -n $w ]] && break
		sleep 0.02
	done
	[[ -n $w ]] || { echo "the other window did not show on $d" >&2; exit 1; }
	printf -v "disp_$1" '%s' "$d"
	printf -v "other_$1" '%s' "$w"
}
# launch NAME TITLE CMD...: run CMD on NAME's desktop; sets pid_NAME and
# win_NAME once its window shows.
launch() {
	local name=$1 title=$2 d w=
	shift 2
	d=$(eval echo "\$disp_$name")
	DISPLAY=$d HOME=$work/home.$name "$@" >"$work/log.$name" 2>&1 &
	local pid=$!
	pids+=($pid)
	for _ in $(seq 1500); do
		w=$(DISPLAY=$d xdotool search --onlyvisible --name "$title" 2>/dev/null | head -1) && [[ -n $w ]] && break
		kill -0 "$pid" 2>/dev/null || { echo "$name exited:" >&2; cat "$work/log.$name" >&2; exit 1; }
		sleep 0.02
	done
	[[ -n $w ]] || { echo "$name: no window" >&2; exit 1; }
	printf -v "pid_$name" '%s' "$pid"
	printf -v "win_$name" '%s' "$w"
}
x() { local name=$1; shift; DISPLAY=$(eval echo "\$disp_$name") xdotool "$@" >/dev/null 2>&1 || true; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
apps=(app bare tick)

desktop app
desktop bare
desktop tick
launch app '^Twofold$' "$work/twofold" --vault "$vault"
launch bare '^Bare window$' "$work/barewindow"
launch tick '^Bare window$' "$work/barewindow" -tick

# Unlock and wait for the codes (the first row's issuer in the window's
# name is not visible to X; wait for the screen to change instead).
x app windowactivate --sync "$win_app"
x app type --delay 5 'correct horse battery'
x app key Return
sleep 5

# measure STATE: CPU of the three over idle seconds, as a percentage.
results=()
measure() {
	local state=$1 a b
	sleep "$settle"
	declare -A t0
	for n in "${apps[@]}"; do t0[$n]=$(cpu_ticks "$(eval echo "\$pid_$n")"); done
	sleep "$idle"
	local line=$state
	for n in "${apps[@]}"; do
		a=$(cpu_ticks "$(eval echo "\$pid_$n")")
		line+=" $((a - t0[$n]))"
	done
	results+=("$line")
	echo "  $state done"
}
each() { for n in "${apps[@]}"; do x "$n" "$@" "$(eval echo "\$win_$n")"; done; }
each_other() { for n in "${apps[@]}"; do x "$n" windowactivate --sync "$(eval echo "\$other_$n")"; done; }

echo "idle for $idle s in each state ..."
each windowactivate --sync
measure focused
each_other
measure unfocused
each windowminimize --sync
measure minimized
each windowactivate --sync
x app key ctrl+l
measure locked
each_other
measure locked-away
kill -0 "$pid_app" || { echo "Twofold exited" >&2; exit 1; }

printf '%s\n' "${results[@]}" | awk -v hz="$hz" -v idle="$idle" '
function pct(t) { return 100 * t / hz / idle }
function ratio(a, b) { return b > 0 ? sprintf("%.2fx", a / b) : "-" }
BEGIN {
	printf "\n%-11s %9s %11s %7s %13s %7s\n", "idle CPU", "Twofold", "bare still", "ratio", "bare 1 redraw/s", "ratio"
}
{
	a = pct($2); b = pct($3); t = pct($4)
	printf "%-11s %7.2f %% %9.2f %% %7s %15.2f %% %7s\n", $1, a, b, ratio(a, b), t, ratio(a, t)
}'
echo "($idle s per state; load average $(cut -d' ' -f1-3 /proc/loadavg))"
