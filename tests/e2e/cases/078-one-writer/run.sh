#!/bin/sh
# run.sh — one writer at a time: a second ingest while the first runs is refused at
# once with a clear message and touches nothing; the first completes. Then ingests in
# many small runs leave few segments (merges keep them logarithmic, at most nine of a
# level).
set -u
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
MARSAD_NO_PROGRESS=1 $MARSAD clean --quiet data/examples > "$d/base.jsonl"
copies() { # copies RUN N: N copies of each example with ids of their own
    awk -v r="$1" -v n="$2" '{ id = $0; sub(/^{"id":"/, "", id); sub(/".*/, "", id) }
        !seen[id]++ { l[++m] = $0 } END { for (i = 1; i <= n; i++) for (k = 1; k <= m; k++) {
        s = l[k]; sub(/"id":"/, "\"id\":\"r" r "c" i "-", s); sub(/"body":"/, "\"text\":\"", s);
        print s } }' "$d/base.jsonl"
}
copies 0 100 > "$d/big.jsonl"
MARSAD_NO_PROGRESS=1 $MARSAD ingest --db "$d/m.db" --batch 30 "$d/big.jsonl" 2>/dev/null &
pid=$!
while [ ! -e "$d/m.db.idx/LOCK" ] && kill -0 "$pid" 2>/dev/null; do sleep 0.01; done
copies 1 2 > "$d/small.jsonl"
err=$(MARSAD_NO_PROGRESS=1 $MARSAD ingest --db "$d/m.db" "$d/small.jsonl" 2>&1) &&
    { echo "a second writer was let in"; exit 1; }
kill -0 "$pid" 2>/dev/null || { echo "the first ingest ended too soon to test"; exit 1; }
echo "$err" | grep -q 'another writer (marsad ingest) has this archive open' ||
    { echo "unexpected refusal: $err"; exit 1; }
wait "$pid" || { echo "the first ingest failed"; exit 1; }
want=$(wc -l < "$d/big.jsonl")
n=$($MARSAD stats --db "$d/m.db" --json | sed 's/.*"articles":\([0-9]*\).*/\1/')
[ "$n" = "$want" ] || { echo "$n articles after the first ingest, not $want"; exit 1; }
# 12 more runs of 10 copies each, in batches of 30
for r in 1 2 3 4 5 6 7 8 9 10 11 12; do
    copies "$r" 10 > "$d/run.jsonl"
    want=$((want + $(wc -l < "$d/run.jsonl")))
    MARSAD_NO_PROGRESS=1 $MARSAD ingest --db "$d/m.db" --batch 30 "$d/run.jsonl" 2>/dev/null ||
        { echo "ingest run $r failed"; exit 1; }
done
sqlite3 "$d/m.db" 'SELECT level, count(*) FROM segments GROUP BY level' | while IFS='|' read -r lv c; do
    [ "$c" -le 9 ] || { echo "$c segments of level $lv"; exit 1; }
done || exit 1
s=$($MARSAD stats --db "$d/m.db" --json)
echo "$s" | grep -q "\"articles\":$want," || { echo "not $want articles: $s"; exit 1; }
echo "$s" | grep -q "\"index_documents\":$want," || { echo "the index disagrees: $s"; exit 1; }
echo "ok: one writer at a time; $want articles in $(echo "$s" | sed 's/.*"segments":\([0-9]*\).*/\1/') segments"
