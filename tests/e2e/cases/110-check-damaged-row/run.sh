#!/bin/sh
# run.sh — a byte of an article's title flipped in the catalog file: SQLite's b-trees
# are whole, so its integrity check passes and, before row checksums, searches showed
# the changed title without a word. Now a search that returns the row fails naming the
# catalog and the row, `marsad check` lists it, and deleting it and ingesting it again
# makes the archive sound, answering as before.
set -u
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
export MARSAD_NO_PROGRESS=1
M="$MARSAD"
$M clean --quiet data/examples | sed 's/"body":"/"text":"/' > "$d/a.jsonl"
$M ingest --quiet --db "$d/m.db" "$d/a.jsonl"
q='الثلوج'
$M search --db "$d/m.db" --all --json "$q" | sed 's/"took_ms":[0-9.]*//' > "$d/before"
at=$(grep -boa 'الثلوج تحاصر' "$d/m.db" | head -1 | cut -d: -f1)
b=$(od -An -tu1 -j $((at + 1)) -N1 "$d/m.db" | tr -d ' ')
printf "$(printf '\\%03o' $((b ^ 1)))" | dd of="$d/m.db" bs=1 seek=$((at + 1)) conv=notrunc 2>/dev/null
echo "SQLite's integrity check: $(sqlite3 "$d/m.db" 'PRAGMA integrity_check')"
$M search --db "$d/m.db" --all --json "$q" > /dev/null 2> "$d/err"
echo "search: exit $?"
sed "s|$d/||; s|row [0-9][0-9]*|row N|" "$d/err"
$M check --db "$d/m.db" > "$d/check"
echo "check: exit $?"
id=$(sed -n 's/.*(id \([^)]*\)).*/\1/p' "$d/check")
sed "s|$d/||; s|row [0-9][0-9]*|row N|; s|$id|ID|" "$d/check"
grep "\"id\":\"$id\"" "$d/a.jsonl" > "$d/one.jsonl"
$M delete --db "$d/m.db" "$id" 2>&1 | sed 's/[0-9a-f]\{16\}/ID/'
$M ingest --quiet --db "$d/m.db" "$d/one.jsonl"
$M check --db "$d/m.db" --quiet && echo "check after the delete and ingest: sound"
$M search --db "$d/m.db" --all --json "$q" | sed 's/"took_ms":[0-9.]*//' > "$d/after"
# the same articles and titles (the one ingested again is now its group's last)
ids() { grep -o '"id":"[^"]*","score":[0-9.]*,"title":"[^"]*"' "$1" | sed 's/"score":[0-9.]*,//' | sort; }
[ "$(ids "$d/before")" = "$(ids "$d/after")" ] && echo "the search finds the same articles and titles as before the damage"
