#!/usr/bin/env bash
# What each module costs in the twofold binary: the sizes of its code and
# data symbols (go tool nm -size; the symbol table is what a release build
# strips, so this measures a build that keeps it), added up by module
# (go version -m lists them), largest first. Twofold's own module is
# split by package, since assets (the kit's embedded fonts) is most of it.
#
#   scripts/binsize.sh
#
# Zero-filled data (.bss, .noptrbss: such as the 32 MiB the FIPS random
# generator reserves) takes no room in the file and is left out. Symbols
# no package owns (type descriptors, the function table that
# stack traces read, string data shared by all) are one line of their
# own, "(runtime tables)".
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f scripts/env.sh ]] && . scripts/env.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -trimpath -o "$work/full" ./cmd/twofold
go build -trimpath -ldflags '-s -w' -o "$work/stripped" ./cmd/twofold
# Where the zero-filled sections start (they come last in Go's layout).
bss=$(readelf -SW "$work/full" | sed -n 's/.*\] *\.\(bss\|noptrbss\) *NOBITS *\([0-9a-f]*\).*/\2/p' | sort | head -1)
[[ -n $bss ]] || { echo "binsize: no .bss section found" >&2; exit 1; }

go version -m "$work/full" | awk '$1 == "dep" || $1 == "mod" { print $2 }' >"$work/modules"
go tool nm -size "$work/full" >"$work/nm"
awk -v own="$(head -1 "$work/modules")" -v bss="$bss" '
	function hex16(h) { while (length(h) < 16) h = "0" h; return "x" h }
	FNR == NR { mods[$1] = 1; next }
	# nm lines: ADDRESS SIZE TYPE NAME.
	$3 ~ /^[BbU]$/ || hex16($1) >= hex16(bss) { next }
	{
		name = $4
		for (i = 5; i <= NF; i++) name = name " " $i
		sub(/^type:\.?(eq|hash)\./, "", name)
		# The package path: up to the first dot after the last slash
		# before any bracket or parenthesis.
		p = name; sub(/[\[(].*/, "", p)
		slash = match(p, /.*\//) ? RLENGTH : 0
		rest = substr(p, slash + 1)
		dot = index(rest, ".")
		pkg = dot ? substr(p, 1, slash + dot - 1) : ""
		if (pkg == "" || pkg ~ /^(go|type):/ || name ~ /^(go:|type:|runtime\.(pclntab|findfunctab|firstmoduledata|etext|text|epclntab))/) {
			group = "(runtime tables)"
		} else if (pkg !~ /^[^\/]*\./) {
			group = (pkg ~ /^(C|_cgo_|x_cgo)/) ? "C (cgo: GLFW, GL, PC/SC glue)" : "Go standard library"
		} else {
			group = ""
			for (m in mods) if ((pkg == m || index(pkg, m "/") == 1) && length(m) > length(group)) group = m
			if (group == own) group = pkg
			if (group == "") group = pkg
		}
		size[group] += $2; total += $2
	}
	END {
		for (g in size) printf "%8.2f MB  %5.1f %%  %s\n", size[g] / 1e6, 100 * size[g] / total, g
	}' "$work/modules" "$work/nm" | sort -rn >"$work/table"

full=$(stat -c %s "$work/full") stripped=$(stat -c %s "$work/stripped")
echo "twofold for $(go env GOOS)/$(go env GOARCH): $(awk -v b="$full" 'BEGIN { printf "%.1f MB", b / 1e6 }') as built, $(awk -v b="$stripped" 'BEGIN { printf "%.1f MB", b / 1e6 }') stripped (-s -w, as released)"
pcln=$(readelf -SW "$work/stripped" | sed -n 's/.*\] *\.gopclntab *PROGBITS *[0-9a-f]* *[0-9a-f]* *\([0-9a-f]*\).*/\1/p')
echo "of which the function table (.gopclntab, read by stack traces; -s -w keeps it): $(awk -v b="$((16#${pcln:-0}))" 'BEGIN { printf "%.1f MB", b / 1e6 }')"
echo "code and data by module (symbols of at least 0.1 MB; the rest summed):"
awk '$1 >= 0.1 { print; next } { rest += $1 } END { printf "%8.2f MB           smaller modules\n", rest }' "$work/table"
