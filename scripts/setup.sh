#!/usr/bin/env bash
# Installs what Twofold needs, on Debian 12 or a close relative, and only
# what is missing: quick when everything is already there.
#
#   scripts/setup.sh build   the C libraries Fyne and PC/SC need, a CJK font
#                            (the app draws Japanese and Chinese names with
#                            the system's fonts), Go, modules
#   scripts/setup.sh test    the above, plus the programs the tests run:
#                            pcscd with the vpcd driver, Xvfb, xdotool,
#                            ImageMagick, zbarimg, zxing-cpp (Python), qrencode, oathtool,
#                            pdftoppm and pdftotext (poppler-utils), ykman,
#                            yubico-piv-tool, moto_server (a local IAM
#                            for the AWS tests, from pip: moto[server]),
#                            age, gnome-keyring and secret-tool (the
#                            keyring way in), syncthing (two instances
#                            share a vault), mingw-w64 for the Windows
#                            build, and what make dist and its install
#                            test use (zip, desktop-file-validate,
#                            dbus-run-session)
#
# Go: go.mod asks for Go 1.26. A go of 1.21 or later fetches that toolchain
# itself from the module proxy (GOTOOLCHAIN=auto). Debian 12's golang-go
# is 1.19, which cannot: then this script has it download the toolchain
# module (golang.org/toolchain) and links its go into /usr/local/bin.
set -euo pipefail
cd "$(dirname "$0")/.."

build_packages=(gcc pkg-config libgl1-mesa-dev xorg-dev libpcsclite-dev fonts-noto-cjk)
test_packages=(pcscd vsmartcard-vpcd xvfb xdotool imagemagick zbar-tools qrencode oathtool
	yubikey-manager yubico-piv-tool iproute2 util-linux procps python3-pip python3-venv
	curl file gcc-mingw-w64-x86-64 poppler-utils age python3-zxing-cpp python3-numpy
	desktop-file-utils zip unzip xz-utils dbus gnome-keyring libsecret-tools syncthing)

case "${1:-build}" in
build) wanted=("${build_packages[@]}") ;;
test) wanted=("${build_packages[@]}" "${test_packages[@]}") ;;
*) echo "usage: scripts/setup.sh build|test" >&2; exit 2 ;;
esac

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=()
for p in "${wanted[@]}"; do installed "$p" || missing+=("$p"); done
if ! command -v go >/dev/null && [[ ! -x /usr/local/go/bin/go ]]; then
	missing+=(golang-go)
fi
if ((${#missing[@]})); then
	if ! command -v apt-get >/dev/null; then
		echo "setup: missing ${missing[*]}, and this is not a Debian-like system; see README.md" >&2
		exit 1
	fi
	sudo=""
	[[ $(id -u) == 0 ]] || sudo=sudo
	echo "setup: installing ${missing[*]}" >&2
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# moto_server, the local IAM the AWS tests run against, comes from pip
# (Debian's python3-moto has no server); it goes in a venv of its own.
if [[ ${1:-build} == test ]] && ! command -v moto_server >/dev/null; then
	echo "setup: installing moto[server] into /opt/twofold-moto" >&2
	sudo=""
	[[ $(id -u) == 0 ]] || sudo=sudo
	${sudo} python3 -m venv /opt/twofold-moto
	${sudo} /opt/twofold-moto/bin/pip install -q 'moto[server]'
	${sudo} ln -sf /opt/twofold-moto/bin/moto_server /usr/local/bin/moto_server
fi

. scripts/env.sh

# go_minor prints the minor version of the go on PATH (19 for go1.19.8).
go_minor() { go env GOVERSION 2>/dev/null | sed -E 's/^go1\.([0-9]+).*/\1/;t;s/.*/0/'; }
if (($(go_minor) < 21)); then
	want=$(awk '$1 == "go" {print $2}' go.mod)
	module="golang.org/toolchain@v0.0.1-go$want.$(go env GOOS)-$(go env GOARCH)"
	echo "setup: fetching Go $want ($module)" >&2
	dir=$(cd /tmp && GO111MODULE=on GOFLAGS=-mod=mod go mod download -json "$module" |
		sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
	[[ -f $dir/bin/go ]] || { echo "setup: could not fetch Go $want" >&2; exit 1; }
	# The module cache keeps no execute bits; the go command restores them
	# the same way when it switches toolchains.
	chmod -R u+w "$dir"
	chmod +x "$dir"/bin/* "$dir"/pkg/tool/*/*
	ln -sf "$dir/bin/go" "$dir/bin/gofmt" /usr/local/bin/
	hash -r
fi

go mod download
