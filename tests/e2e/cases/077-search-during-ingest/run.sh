#!/bin/sh
# run.sh — readers search while an ingest runs: every search made during the ingest
# succeeds, the archive it sees holds whole batches only and never shrinks, and after
# the ingest every article is there.
set -u
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
MARSAD_NO_PROGRESS=1 $MARSAD clean --quiet data/examples > "$d/base.jsonl"
# the examples (one line per id) 100 times over, each copy with its own id
awk -v n=100 '{ id = $0; sub(/^{"id":"/, "", id); sub(/".*/, "", id) }
    !seen[id]++ { l[++m] = $0 } END { for (i = 1; i <= n; i++) for (k = 1; k <= m; k++) {
    s = l[k]; sub(/"id":"/, "\"id\":\"c" i "-", s); sub(/"body":"/, "\"text\":\"", s); print s } }' \
    "$d/base.jsonl" > "$d/corpus.jsonl"
total=$(wc -l < "$d/corpus.jsonl")
# a first batch, so that readers have an archive to open
head -n 30 "$d/corpus.jsonl" > "$d/first.jsonl"
MARSAD_NO_PROGRESS=1 $MARSAD ingest --db "$d/m.db" --batch 30 "$d/first.jsonl" 2>/dev/null
MARSAD_NO_PROGRESS=1 $MARSAD ingest --db "$d/m.db" --batch 30 "$d/corpus.jsonl" 2>/dev/null &
pid=$!
last=0 searches=0
while kill -0 "$pid" 2>/dev/null; do
    $MARSAD search --db "$d/m.db" --json --all --limit 3 'التحالف الرقة' | grep -q '"results":\[{' ||
        { echo "a search failed during the ingest"; exit 1; }
    n=$($MARSAD stats --db "$d/m.db" --json | sed 's/.*"articles":\([0-9]*\).*/\1/') ||
        { echo "stats failed during the ingest"; exit 1; }
    [ "$n" -ge "$last" ] || { echo "the archive shrank: $last then $n articles"; exit 1; }
    [ $((n % 30)) = 0 ] || [ "$n" = "$total" ] || { echo "$n articles: not whole batches"; exit 1; }
    last=$n searches=$((searches + 1))
done
wait "$pid" || { echo "the ingest failed"; exit 1; }
n=$($MARSAD stats --db "$d/m.db" --json | sed 's/.*"articles":\([0-9]*\).*/\1/')
[ "$n" = "$total" ] || { echo "$n of $total articles after the ingest"; exit 1; }
[ "$searches" -ge 2 ] || { echo "only $searches searches ran during the ingest"; exit 1; }
echo "ok: $total articles; the searches during the ingest saw whole batches only"
