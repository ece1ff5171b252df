#!/bin/sh
# run.sh — deleting articles: search no longer finds them, the catalog and the index
# agree, their duplicate groups move on to the next article, a merge drops them from
# the index for good, and ingesting them again stores them anew.
set -u
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
M=$MARSAD
export MARSAD_NO_PROGRESS=1
count() { $M search --db "$d/m.db" --json --all --exhaustive --limit 50 "$1" | sed 's/.*"total":\([0-9]*\).*/\1/'; }
field() { $M stats --db "$d/m.db" --json | sed "s/.*\"$1\":\([0-9]*\).*/\1/"; }
$M ingest --db "$d/m.db" data/examples 2>/dev/null
before=$(count 'التحالف')
# the first article of a group and one of its copies, and an id that is not there
first=$(sqlite3 "$d/m.db" "SELECT id FROM article_text WHERE article_id IN (SELECT grp FROM articles WHERE dup_kind IS NOT NULL) AND body LIKE '%التحالف%' ORDER BY id LIMIT 1")
copy=$(sqlite3 "$d/m.db" "SELECT b.ext_id FROM articles a JOIN articles b ON b.grp = a.id AND b.id != a.id WHERE a.ext_id = '$first' ORDER BY b.id LIMIT 1")
$M delete --db "$d/m.db" "$first" no-such-id 2>&1
after=$(count 'التحالف')
[ "$after" = $((before - 1)) ] || { echo "التحالف: $before before, $after after"; exit 1; }
$M search --db "$d/m.db" --json --all --limit 1000 'التحالف' | grep -q "\"$first\"" && { echo "the deleted article is found"; exit 1; }
[ "$(field articles)" = "$(field index_documents)" ] || { echo "catalog and index disagree"; exit 1; }
[ "$(sqlite3 "$d/m.db" "SELECT count(*) FROM articles a JOIN articles g ON g.id = a.grp WHERE a.ext_id = '$copy' AND g.ext_id = '$copy' AND a.dup_kind IS NULL")" = 1 ] ||
    { echo "the group did not move on to its next article"; exit 1; }
[ "$(sqlite3 "$d/m.db" "SELECT count(*) FROM entities e LEFT JOIN articles a ON a.id = e.article_id WHERE a.id IS NULL")" = 0 ] ||
    { echo "facts of the deleted article are left"; exit 1; }
# more batches than a merge takes, so the segment with the deletion is merged
$M clean --quiet data/examples > "$d/base.jsonl" 2>/dev/null
awk -v n=12 '{ for (i = 1; i <= n; i++) { l = $0; sub(/"id":"/, "\"id\":\"m" i "-", l);
    sub(/"body":"/, "\"text\":\"", l); print l } }' "$d/base.jsonl" > "$d/more.jsonl"
$M ingest --db "$d/m.db" --batch 24 "$d/more.jsonl" 2>/dev/null
[ "$(sqlite3 "$d/m.db" "SELECT count(*) FROM segments WHERE deleted IS NOT NULL")" = 0 ] ||
    { echo "the deletion bitmap outlived the merge"; exit 1; }
[ "$(field articles)" = "$(field index_documents)" ] || { echo "catalog and index disagree after the merge"; exit 1; }
$M search --db "$d/m.db" --json --all --limit 1000 'التحالف' | grep -q "\"$first\"" && { echo "found after the merge"; exit 1; }
# ingested again, it is back
$M ingest --db "$d/m.db" data/examples 2>&1 | sed 's/; [0-9.]* s$//'
$M search --db "$d/m.db" --json --all --limit 1000 'التحالف' | grep -q "\"$first\"" || { echo "not found once ingested again"; exit 1; }
echo "ok: $(field articles) articles in $(field segments) segments"
