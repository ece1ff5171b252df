#!/bin/sh
# run.sh MARSAD — runs the declarative end-to-end cases against the marsad binary.
#
# Each case is a directory tests/e2e/cases/NAME/ holding:
#   cmd       one shell command line; $MARSAD is the binary, $CASE the case directory
#   stdin     (optional) fed to the command; otherwise stdin is /dev/null
#   expected  (optional) the exact standard output
#   status    (optional) the expected exit status (default 0)
#   stderr    (optional) a line that must appear in standard error (grep -F)
# Commands run from the repository root. Prints "e2e: N passed, N failed".
set -u
MARSAD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
export MARSAD
dir=$(dirname "$0")/cases
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for case in "$dir"/*/; do
    case=${case%/}
    name=$(basename "$case")
    CASE=$case
    export CASE
    input=/dev/null
    [ -f "$case/stdin" ] && input=$case/stdin
    sh -c "$(cat "$case/cmd")" <"$input" >"$tmp/out" 2>"$tmp/err"
    got=$?
    want=0
    [ -f "$case/status" ] && want=$(cat "$case/status")
    why=""
    [ "$got" = "$want" ] || why="exit status $got, want $want"
    if [ -z "$why" ] && [ -f "$case/expected" ] && ! cmp -s "$tmp/out" "$case/expected"; then
        why="stdout differs:
$(diff "$case/expected" "$tmp/out" | head -20)"
    fi
    if [ -z "$why" ] && [ -f "$case/stderr" ] && ! grep -qF -f "$case/stderr" "$tmp/err"; then
        why="stderr lacks: $(cat "$case/stderr")
stderr was: $(head -5 "$tmp/err")"
    fi
    if [ -z "$why" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL e2e/$name: $why" >&2
    fi
done
echo "e2e: $pass passed, $fail failed"
[ "$fail" = 0 ]
