#!/bin/sh
# run.sh — a catalog emptied (truncated, or `: > PATH`) beside its index is refused by
# every command, writers included, and the segment files stay: an empty catalog is not
# taken for a new archive whose segments would be orphans to delete.
set -u
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
export MARSAD_NO_PROGRESS=1
$MARSAD ingest --quiet --db "$d/m.db" data/examples || exit 1
ls "$d/m.db.idx" | grep -c '^seg-' > "$d/before"
: > "$d/m.db"
for cmd in "delete --db $d/m.db x" "ingest --quiet --db $d/m.db data/examples" \
    "search --db $d/m.db التحالف" "stats --db $d/m.db"; do
    # shellcheck disable=SC2086 # the command's words
    $MARSAD $cmd > /dev/null 2> "$d/err"
    echo "$cmd: exit $? $(grep -c 'no marsad catalog in it' "$d/err")" | sed "s|$d/||g"
done
ls "$d/m.db.idx" | grep -c '^seg-' | cmp -s - "$d/before" && echo "segments kept"
wc -c < "$d/m.db" | tr -d ' '
