#!/bin/sh
# run.sh — a segment cut short under a running reader: `search --batch` answers a
# query, the file is truncated, the next query fails naming it and the search exits 1
# (it was killed by SIGBUS, reading the mapped pages past the new end: exit 135).
set -u
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
export MARSAD_NO_PROGRESS=1
M="$MARSAD"
$M ingest --quiet --db "$d/m.db" data/examples
mkfifo "$d/q"
$M search --db "$d/m.db" --batch --limit 1 < "$d/q" > "$d/out" 2> "$d/err" &
pid=$!
exec 3> "$d/q"
echo 'الحجاج' >&3
for i in $(seq 1 100); do [ -s "$d/out" ] && break; sleep 0.05; done
seg=$(ls "$d/m.db.idx"/seg-*)
: > "$seg"
printf 'التحالف\nمنى\n' >&3
exec 3>&-
wait "$pid"
echo "search: exit $?"
grep -c '^1\.' "$d/out" | sed 's/^/answered before the cut: /'
sed "s|$d/|D/|g; s|seg-[0-9a-f]*-[0-9]*-[0-9]*\.msx|SEG|g; s|byte [0-9]* of its [0-9]*|byte N of its M|" "$d/err" | sort -u
