#!/usr/bin/env bash
# The release files, installed as a user would (make dist, then dpkg):
#
#   - SHA256SUMS checks out against the files beside it;
#   - the Debian package declares the libraries the binary links (each
#     NEEDED library's package is in Depends), and has no maintainer
#     scripts;
#   - installed with dpkg -i: 'twofold --version' says FyneApp.toml's
#     version; the .desktop file passes desktop-file-validate (errors and
#     warnings fail; hints are printed); its Icon is in every hicolor size;
#     its Exec, run as the menu would under Xvfb, opens the window (a
#     screenshot goes to SHOTS_DIR/dist-window.png), with no session bus
#     and without starting one (a dbus-launch stub first on PATH must not
#     run);
#   - dpkg -r removes the package's files and leaves the vault the user
#     made before installing, byte for byte, and still opening;
#   - the Windows zip holds twofold.exe (a Windows executable) and
#     README.txt; the Linux archive holds the binary and its .desktop file.
#
#   scripts/test-dist.sh [SHOTS_DIR]     (default ./shots; needs root)
#
# The package is purged at the end, so the machine is left as found. A
# machine that already has a twofold package is refused, not changed.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f scripts/env.sh ]] && . scripts/env.sh

shots=$(realpath -m "${1:-shots}")
mkdir -p "$shots"
fail() { echo "test-dist: FAIL: $*" >&2; exit 1; }
for tool in dpkg dpkg-deb desktop-file-validate Xvfb xdotool import identify unzip file sha256sum; do
	command -v "$tool" >/dev/null || fail "$tool is missing (scripts/setup.sh test)"
done
[[ $(id -u) == 0 ]] || fail "dpkg -i needs root"
if dpkg-query -W -f='${Status}' twofold 2>/dev/null | grep -q installed; then
	fail "a twofold package is already installed here; remove it first (this test would)"
fi

work=$(mktemp -d)
pids=()
installed=""
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	[[ -z $installed ]] || dpkg -P twofold >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

make --no-print-directory dist >"$work/make.log" 2>&1 || { cat "$work/make.log" >&2; fail "make dist"; }
version=$(awk -F'"' '/^ *Version *=/ { print $2 }' FyneApp.toml)
appid=$(sed -n 's/^ *ID *= *"\(.*\)"/\1/p' FyneApp.toml)
arch=$(go env GOARCH)
deb=dist/twofold_${version}_${arch}.deb
zipfile=dist/twofold-${version}-windows-amd64.zip
tarxz=dist/twofold-${version}-linux-${arch}.tar.xz
for f in "$deb" "$zipfile" "$tarxz" dist/SHA256SUMS; do [[ -s $f ]] || fail "make dist made no $f"; done
(cd dist && sha256sum --quiet -c SHA256SUMS) || fail "SHA256SUMS does not match the files"
[[ $(wc -l <dist/SHA256SUMS) == 3 ]] || fail "SHA256SUMS should list the 3 release files"
echo "test-dist: $(cd dist && ls -s --block-size=K "${deb#dist/}" "${tarxz#dist/}" "${zipfile#dist/}" | tr '\n' ' ')"

# The package's metadata.
depends=$(dpkg-deb -f "$deb" Depends)
echo "test-dist: Depends: $depends; Recommends: $(dpkg-deb -f "$deb" Recommends)"
dpkg-deb -e "$deb" "$work/control"
for s in preinst postinst prerm postrm; do
	[[ ! -e $work/control/$s ]] || fail "the package has a $s script"
done
dpkg-deb -x "$deb" "$work/root"
bin=$work/root/usr/bin/twofold
for lib in $(objdump -p "$bin" | awk '$1 == "NEEDED" { print $2 }'); do
	path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64|AArch64/ { print $NF; exit }')
	[[ -n $path ]] || fail "$lib, which the binary links, is not on this machine"
	pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1) ||
		pkg=$(dpkg -S "$path" | head -1 | cut -d: -f1)
	[[ -n $pkg ]] || fail "no package owns $path ($lib)"
	grep -Eq "(^|, )$pkg( |,|$)" <<<"$depends" || fail "the binary links $lib from $pkg, which Depends does not name"
done
objdump -h "$bin" | grep -q '\.debug_\|\.symtab' && fail "the packaged binary is not stripped"

# A vault made before the package is installed, where the app keeps it.
home=$work/home
mkdir -p "$home"
printf 'correct horse battery\n' >"$work/pass"
user() { env -i HOME="$home" PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
user "$bin" --passphrase-file "$work/pass" init >/dev/null 2>&1
user "$bin" --passphrase-file "$work/pass" add 'otpauth://totp/GitHub:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub' >/dev/null
vault_sums() { (cd "$home" && find .config/twofold -type f -print0 | sort -z | xargs -0 sha256sum); }
vault_sums >"$work/vault.before"
grep -q 'vault.age$' "$work/vault.before" || fail "init made no vault under \$HOME/.config/twofold"

installed=yes
dpkg -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "dpkg -i"; }
[[ $(user sh -c 'command -v twofold') == /usr/bin/twofold ]] || fail "twofold is not on PATH as /usr/bin/twofold"
line=$(user twofold --version)
echo "test-dist: $line"
[[ $(awk '{ print $2 }' <<<"$line") == "$version" ]] || fail "'twofold --version' says '$line', FyneApp.toml says $version"
grep -Eq '\(commit [0-9a-f]{12}\)' <<<"$line" || fail "'twofold --version' names no commit: $line"

desktop=/usr/share/applications/$appid.desktop
[[ -f $desktop ]] || fail "no $desktop"
desktop-file-validate "$desktop" >"$work/validate.log" 2>&1 || { cat "$work/validate.log" >&2; fail "desktop-file-validate"; }
sed 's/^/test-dist: desktop-file-validate: /' "$work/validate.log"
grep -Eq ': (error|warning):' "$work/validate.log" && fail "desktop-file-validate warns"
grep -qx 'Categories=Utility;Security;' "$desktop" || fail "the menu entry is not under Utility and Security"
icon=$(sed -n 's/^Icon=//p' "$desktop")
for n in 16 22 24 32 48 64 128 256 512; do
	f=/usr/share/icons/hicolor/${n}x$n/apps/$icon.png
	[[ $(identify -format '%wx%h' "$f" 2>/dev/null) == "${n}x$n" ]] || fail "no ${n}x$n icon at $f"
done

# The menu entry's Exec, as a launcher runs it (field codes dropped), in
# the user's session with no D-Bus session bus.
exec_line=$(sed -n 's/^Exec=//p' "$desktop" | sed 's/ *%[fFuUdDnNickvm]//g')
mkdir -p "$work/stub"
printf '#!/bin/sh\ntouch %q\nexit 1\n' "$work/dbus-launch-ran" >"$work/stub/dbus-launch"
chmod +x "$work/stub/dbus-launch"
exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
exec 3>&-
for _ in $(seq 600); do [[ -s $work/display ]] && break; sleep 0.05; done
[[ -s $work/display ]] || fail "Xvfb did not start"
display=":$(cat "$work/display")"
env -i HOME="$home" PATH="$work/stub:/usr/sbin:/usr/bin:/sbin:/bin" LANG=C.UTF-8 DISPLAY="$display" \
	sh -c "exec $exec_line" >"$work/app.log" 2>&1 &
app=$!
pids+=($app)
win=$(DISPLAY=$display timeout 60 xdotool search --sync --onlyvisible --name '^Twofold$' | head -1) || {
	cat "$work/app.log" >&2
	fail "the menu entry's Exec ($exec_line) opened no window within 60 s"
}
[[ $(readlink "/proc/$app/exe") == /usr/bin/twofold ]] || fail "the window is not the installed /usr/bin/twofold"
wmclass=$(sed -n 's/^StartupWMClass=//p' "$desktop")
DISPLAY=$display xdotool search --class "^$wmclass\$" | grep -qx "$win" ||
	fail "the window's class is not the menu entry's StartupWMClass ($wmclass): docks would not match them"
sleep 1 # let the first frame draw
DISPLAY=$display import -window "$win" "$shots/dist-window.png"
colors=$(identify -format '%k' "$shots/dist-window.png")
((colors > 20)) || fail "the window shows nothing ($colors colours; see $shots/dist-window.png)"
echo "test-dist: the menu entry opened the window ($(identify -format '%wx%h' "$shots/dist-window.png"), $colors colours): $shots/dist-window.png"
kill "$app"
wait "$app" 2>/dev/null || true
[[ ! -e $work/dbus-launch-ran ]] || fail "the app ran dbus-launch: a session bus daemon would outlive it"

dpkg -r twofold >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "dpkg -r"; }
for f in /usr/bin/twofold "$desktop" "/usr/share/icons/hicolor/48x48/apps/$icon.png"; do
	[[ ! -e $f ]] || fail "dpkg -r left $f"
done
vault_sums >"$work/vault.after"
cmp -s "$work/vault.before" "$work/vault.after" || {
	diff "$work/vault.before" "$work/vault.after" >&2
	fail "dpkg -r changed the vault"
}
user "$bin" --passphrase-file "$work/pass" list | grep -q GitHub || fail "the vault does not open after dpkg -r"
dpkg -P twofold >/dev/null 2>&1
installed=""
echo "test-dist: dpkg -r left the vault ($(awk '{ print $2 }' "$work/vault.after" | tr '\n' ' '))"

# The other two files.
unzip -l "$zipfile" >"$work/zip.list"
grep -q ' twofold\.exe$' "$work/zip.list" || fail "the Windows zip holds no twofold.exe"
grep -q ' README\.txt$' "$work/zip.list" || fail "the Windows zip holds no README.txt"
unzip -q -d "$work/win" "$zipfile" twofold.exe
file "$work/win/twofold.exe" | grep -q 'PE32+ executable.*x86-64.*Windows' || fail "twofold.exe is not a Windows executable: $(file -b "$work/win/twofold.exe")"
tar -tJf "$tarxz" >"$work/tar.list"
grep -q 'bin/twofold$' "$work/tar.list" || fail "the Linux archive holds no bin/twofold"
grep -q '\.desktop$' "$work/tar.list" || fail "the Linux archive holds no .desktop file"
echo "test-dist: ok"
