# Sourced by the scripts: puts Go on PATH and lets an older go fetch the
# toolchain go.mod asks for.
if ! command -v go >/dev/null && [[ -x /usr/local/go/bin/go ]]; then
	export PATH="/usr/local/go/bin:$PATH"
fi
export PATH="$(go env GOPATH 2>/dev/null || echo "$HOME/go")/bin:$PATH"
export GOTOOLCHAIN=${GOTOOLCHAIN:-auto}
# Every build of the scripts is made as a release is (-trimpath: no build
# machine's paths in the binary), so tests, gates and `make dist` share
# one build cache instead of compiling Fyne twice.
case " ${GOFLAGS:-} " in *" -trimpath "*) ;; *) export GOFLAGS="${GOFLAGS:+$GOFLAGS }-trimpath" ;; esac
