#!/bin/sh
# run.sh BUILD — runs the unit tests, the end-to-end tests, the HTTP server's tests and
# the fuzz targets' seeds against BUILD/, then prints
# the total as "total: N passed, N failed" (the last line, read by CI). A runner that
# crashes (a sanitizer abort, a signal) or prints no summary counts as a failure.
set -u
build=${1:-build}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

"$build/test_unit" >"$log.unit" 2>&1
rc=$?
cat "$log.unit"
cat "$log.unit" >>"$log"
rm -f "$log.unit"
if [ $rc -ne 0 ] && ! grep -qE '^unit: [0-9]+ passed, [1-9][0-9]* failed' "$log"; then
    echo "unit: the test runner exited with status $rc without reporting failures" >&2
    status=1
fi
grep -qE '^unit: [0-9]+ passed' "$log" || { echo "unit: no summary line" >&2; status=1; }

sh tests/e2e/run.sh "$build/marsad" >"$log.e2e"
rc=$?
cat "$log.e2e"
cat "$log.e2e" >>"$log"
rm -f "$log.e2e"
grep -qE '^e2e: [0-9]+ passed' "$log" || { echo "e2e: no summary line" >&2; status=1; }

# the HTTP server end to end (tests/server/): its API against the CLI, and abuse
for t in api abuse; do
    [ -f "tests/server/$t.sh" ] || continue
    sh "tests/server/$t.sh" "$build/marsad" >"$log.srv" 2>&1
    rc=$?
    cat "$log.srv"
    grep -E '^server: [0-9]+ passed' "$log.srv" >>"$log" ||
        { echo "server/$t: no summary line (status $rc)" >&2; status=1; }
    rm -f "$log.srv"
done

# the answers against docs/openapi.yaml, when node and the npm packages are there
# (`make test-server` installs them and runs it)
if command -v node >/dev/null 2>&1 && [ -d tests/server/node_modules/ajv ] &&
    [ -d tests/server/node_modules/yaml ]; then
    node tests/server/openapi.mjs "$build/marsad" >"$log.oa" 2>&1
    cat "$log.oa"
    grep -E '^openapi: [0-9]+ passed' "$log.oa" | sed 's/^openapi:/server:/' >>"$log" ||
        { echo "openapi: no summary line" >&2; status=1; }
    rm -f "$log.oa"
else
    echo "openapi: skipped (make test-server installs ajv and yaml)"
fi

# the fuzz targets' seeds, replayed (tests/fuzz/replay.c): a target that aborts fails
ok=0 bad=0
for r in "$build"/replay/fuzz_*; do
    [ -x "$r" ] || continue
    t=${r##*/}
    # shellcheck disable=SC2046 # one argument per seed folder
    if out=$("$r" $(sh tests/fuzz/seeds.sh "$t") 2>&1); then
        ok=$((ok + 1))
    else
        bad=$((bad + 1))
        echo "FAIL seeds of $t:"
        echo "$out" | tail -20
    fi
done
echo "seeds: $ok passed, $bad failed" | tee -a "$log"
[ $((ok + bad)) -gt 0 ] || { echo "seeds: no fuzz target was built" >&2; status=1; }

awk -v extra="$status" '/^(unit|e2e|seeds|server): [0-9]+ passed, [0-9]+ failed/ { p += $2; f += $4 }
     END { f += extra; printf "total: %d passed, %d failed\n", p, f; exit f ? 1 : 0 }' "$log"
