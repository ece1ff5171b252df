#!/bin/sh
# run.sh — kill -9 an ingest at pseudo-random moments, then check that the archive opens
# at its last commit (whole batches only, the index and the catalog agreeing, SQLite's
# integrity check clean), and that running the same ingest again completes it.
set -u
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
# the examples 150 times over, each copy with its own id and a line of its own
MARSAD_NO_PROGRESS=1 $MARSAD clean --quiet data/examples > "$d/base.jsonl"
awk -v n=150 '{ for (i = 1; i <= n; i++) { l = $0; sub(/"id":"/, "\"id\":\"c" i "-", l);
    sub(/"body":"/, "\"text\":\"نسخة رقم " i " من التقرير.\\n", l); print l } }' "$d/base.jsonl" > "$d/corpus.jsonl"
# what a run without kills stores: the number the killed runs must end at
MARSAD_NO_PROGRESS=1 $MARSAD ingest --db "$d/ref.db" "$d/corpus.jsonl" 2>/dev/null
total=$(sqlite3 "$d/ref.db" 'SELECT count(*) FROM articles')
check() { # the archive as a crash left it
    # a writer makes the archive with its first article, after the first pass: killed
    # before it (on a loaded machine), the first runs leave none
    [ -e "$d/m.db" ] || [ -e "$d/m.db.idx" ] || { echo 0; return; }
    s=$($MARSAD stats --db "$d/m.db" --json) || { echo "stats failed after a kill"; exit 1; }
    a=$(echo "$s" | sed 's/.*"articles":\([0-9]*\).*/\1/')
    x=$(echo "$s" | sed 's/.*"index_documents":\([0-9]*\).*/\1/')
    [ "$a" = "$x" ] || { echo "catalog $a articles, index $x documents"; exit 1; }
    [ $((a % 40)) = 0 ] || [ "$a" = "$1" ] || { echo "$a articles: not whole batches"; exit 1; }
    [ "$(sqlite3 "$d/m.db" 'PRAGMA integrity_check')" = ok ] || { echo "integrity check failed"; exit 1; }
    echo "$a"
}
kills=0
for i in 1 2 3 4 5 6 7 8; do
    MARSAD_NO_PROGRESS=1 $MARSAD ingest --db "$d/m.db" --batch 40 "$d/corpus.jsonl" 2>/dev/null &
    pid=$!
    sleep "$(awk -v s="$i" 'BEGIN { srand(s); printf "%.2f", 0.1 + rand() * 1.2 }')"
    kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
    wait "$pid" 2>/dev/null
    n=$(check "$total") || { echo "$n"; exit 1; }
    [ -n "${KILL_VERBOSE:-}" ] && echo "after kill $i: $n articles" >&2
done
MARSAD_NO_PROGRESS=1 $MARSAD ingest --db "$d/m.db" --batch 40 "$d/corpus.jsonl" 2>/dev/null || { echo "the last ingest failed"; exit 1; }
a=$(check "$total") || { echo "$a"; exit 1; }
[ "$a" = "$total" ] || { echo "$a articles stored of $total"; exit 1; }
$MARSAD search --db "$d/m.db" --json --limit 1 'نسخة' | grep -q '"results":\[{' || { echo "search after the kills failed"; exit 1; }
ls "$d/m.db.idx" | grep -v -e '^seg-' -e '^LOCK$' && { echo "debris in the index directory"; exit 1; }
echo "ok: $total articles after $kills kills"
