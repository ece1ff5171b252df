#!/bin/sh
# run.sh — a deleted article's document id is never given to another: ingest, delete
# the newest, ingest again, twice. With ids reused (SQLite hands out the deleted newest
# rowid again), the deleted article's index document came back as the new article, so a
# word only the deleted one had found the new one, and stats counted 2 index documents
# for 1 article.
set -u
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
export MARSAD_NO_PROGRESS=1
line() { printf '{"id":"%s","title":"%s","text":"%s"}\n' "$1" "$2" "$3"; }
line A1 "سوق شعبي" "افتتحت البلدية سوقا شعبيا جديدا يضم مئة محل في وسط المدينة القديمة." > "$d/A.jsonl"
line B1 "أمطار غزيرة" "هطلت أمطار غزيرة على المدينة طوال الليل وغمرت المياه شوارع حي الزيتون." > "$d/B.jsonl"
line C1 "طريق مغلق" "أغلقت السلطات الطريق الساحلي بسبب الانهيارات الصخرية قرب الميناء." > "$d/C.jsonl"
M="$MARSAD"
$M ingest --quiet --db "$d/m.db" "$d/A.jsonl"
$M delete --db "$d/m.db" A1 2>/dev/null
$M ingest --quiet --db "$d/m.db" "$d/B.jsonl"
$M delete --db "$d/m.db" B1 2>/dev/null
$M ingest --quiet --db "$d/m.db" "$d/C.jsonl"
echo "الزيتون: $($M search --db "$d/m.db" --json الزيتون | grep -o '"total":[0-9]*')"
echo "الساحلي: $($M search --db "$d/m.db" --json الساحلي | grep -o '"id":"[^"]*"')"
$M stats --db "$d/m.db" | sed -n 's/^\(articles\) *\([0-9]*\)$/\1 \2/p; s/^index *[0-9]* segments, \([0-9]*\) documents.*/index documents \1/p'
sqlite3 "$d/m.db" "SELECT id, ext_id FROM articles"
