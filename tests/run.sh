#!/bin/sh
# run.sh BUILD — runs the unit tests and the end-to-end tests against BUILD/, then prints
# the total as "total: N passed, N failed" (the last line, read by CI).
set -u
build=${1:-build}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

"$build/test_unit" | tee "$log"
sh tests/e2e/run.sh "$build/marsad" | tee -a "$log"

awk '/^(unit|e2e): [0-9]+ passed, [0-9]+ failed/ { p += $2; f += $4 }
     END { printf "total: %d passed, %d failed\n", p, f; exit f ? 1 : 0 }' "$log"
