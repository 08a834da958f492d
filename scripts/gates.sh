# Sourced by scripts/test.sh: the gates that need more than one command.
# Each function returns non-zero when its gate fails.

# Pinned so that a run is reproducible; raise them on purpose.
GOVULNCHECK=golang.org/x/vuln/cmd/govulncheck@v1.9.0
VULNDB_MODULE=golang.org/x/vulndb
VULNDB_VERSION=v0.0.0-20261105234957-e22db6528018
FUZZTIME=${FUZZTIME:-10s}

# no_cgo_packages [ENV...]: the module's packages whose tests, built with
# the given environment, need no cgo package outside the standard library.
# The race detector and the macOS vet run on these, so a new package joins
# them without anyone listing it.
no_cgo_packages() {
	local pkg uses
	for pkg in $(env "$@" go list ./...); do
		uses=$(env "$@" CGO_ENABLED=1 go list -test -deps \
			-f '{{if and .CgoFiles (not .Standard)}}{{.ImportPath}}{{end}}' "$pkg")
		[[ -n $uses ]] || echo "$pkg"
	done
}

# vuln_check runs govulncheck. Without a route to vuln.go.dev it reads the
# same database from Go's vulnerability database module, fetched through
# the module proxy and indexed once into the user's cache.
vuln_check() {
	local db=https://vuln.go.dev
	if ! curl -fsS --max-time 10 -o /dev/null "$db/index/db.json" 2>/dev/null; then
		db=${XDG_CACHE_HOME:-$HOME/.cache}/twofold/vulndb-$VULNDB_VERSION
		if [[ ! -f $db/index/db.json ]]; then
			echo "govulncheck: vuln.go.dev unreachable; indexing $VULNDB_MODULE@$VULNDB_VERSION" >&2
			local src
			src=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "$VULNDB_MODULE@$VULNDB_VERSION" |
				sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p') || return 1
			rm -rf "$db.tmp" && mkdir -p "$(dirname "$db")" &&
				(cd /tmp && go run "$VULNDB_MODULE/cmd/indexdb@$VULNDB_VERSION" \
					-vulns "$src/data/osv" -out "$db.tmp") &&
				mv "$db.tmp" "$db" || return 1
		fi
		db=file://$db
		echo "govulncheck: database $VULNDB_MODULE@$VULNDB_VERSION"
	fi
	go run "$GOVULNCHECK" -db "$db" -tags twofold_fastkdf ./...
}

# race_check runs the race detector on every package whose tests need no
# cgo package, and on the two front ends, ui and cmd/twofold (Fyne and
# PC/SC through cgo), whose goroutines (key watching, timers, work off
# the window's goroutine) need it most. The front ends' tests under the
# detector take a few minutes on two cores; the timeout bounds a hang.
RACE_FRONT_ENDS=(github.com/twofoldmfa/twofold/ui github.com/twofoldmfa/twofold/cmd/twofold)
race_check() {
	local pkgs
	mapfile -t pkgs < <(no_cgo_packages)
	((${#pkgs[@]})) || { echo "race: no package found" >&2; return 1; }
	pkgs+=("${RACE_FRONT_ENDS[@]}")
	echo "race: ${pkgs[*]#github.com/twofoldmfa/twofold/}"
	go test -race -tags twofold_fastkdf -count=1 -timeout 25m "${pkgs[@]}"
}

# fuzz_check runs every fuzz target found in the tests, FUZZTIME each,
# starting from its seed corpus (f.Add and testdata/fuzz), and prints the
# executions each made, so a target too slow to explore shows. Minimizing
# a new corpus entry is bounded (FUZZMINIMIZE executions; Go's default is
# up to 60 s an entry, which took a short run's whole time, counting no
# executions).
fuzz_check() {
	local file dir name out execs status=0 found=0 summary=()
	while IFS=: read -r file name; do
		dir=./$(dirname "$file")
		found=$((found + 1))
		echo "fuzz: $name in $dir for $FUZZTIME"
		out=$(go test -tags twofold_fastkdf -run '^$' -fuzz "^$name\$" -fuzztime "$FUZZTIME" \
			-fuzzminimizetime "${FUZZMINIMIZE:-100x}" "$dir" 2>&1) || status=1
		echo "$out"
		execs=$(grep -o 'execs: [0-9]*' <<<"$out" | tail -1 | cut -d' ' -f2)
		if [[ -n $execs ]]; then
			execs="$execs execs"
		else # the time went on the corpus: say how far
			execs="baseline $(grep -o 'baseline coverage: [0-9/]*' <<<"$out" | tail -1 | cut -d' ' -f3) only"
		fi
		summary+=("$(printf '%-22s %-22s %16s' "$name" "$dir" "$execs")")
	done < <(git grep -o -E '^func Fuzz[A-Za-z0-9_]*' -- '*_test.go' | sed 's/:func /:/')
	((found)) || { echo "fuzz: no target found" >&2; return 1; }
	echo "fuzz: executions in $FUZZTIME each:"
	printf '  %s\n' "${summary[@]}"
	return $status
}

# windows_build cross-compiles the Windows executable with mingw-w64.
windows_build() {
	local out=${TMPDIR:-/tmp}/twofold-windows-$$.exe
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
		go build -o "$out" ./cmd/twofold || return 1
	file "$out" 2>/dev/null || ls -l "$out"
	rm -f "$out"
}

# macos_vet vets, for macOS, the packages that need no cgo there (the
# toolchain here has no macOS C compiler for Fyne and PC/SC).
macos_vet() {
	local pkgs
	mapfile -t pkgs < <(no_cgo_packages GOOS=darwin GOARCH=arm64)
	((${#pkgs[@]})) || { echo "macos vet: no package found" >&2; return 1; }
	echo "macos vet: ${pkgs[*]#github.com/twofoldmfa/twofold/}"
	GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 go vet -tags twofold_fastkdf "${pkgs[@]}"
}
