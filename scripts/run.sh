#!/usr/bin/env bash
# Builds Twofold and starts it: with no arguments the desktop app, with
# arguments the command line (scripts/run.sh list).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scripts/setup.sh build
go build -o bin/twofold ./cmd/twofold
exec bin/twofold "$@"
