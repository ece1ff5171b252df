#!/bin/sh
# run.sh — the archive is the same whatever the number of jobs: the same input ingested
# with --jobs 1, 2 and 4 gives the same ids, duplicate groups, facts, signatures, index
# and search results (the workers clean and analyze; one thread stores, in input order).
set -u
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
M=$MARSAD
export MARSAD_NO_PROGRESS=1
# an input of several formats, with duplicates across outlets and more than one batch
mkdir "$d/in"
cp -r data/examples tests/data/clean-holdout "$d/in/"
cp tests/data/html/article_full.html tests/data/html/legacy_cp1256.html "$d/in/"
$M clean --quiet data/examples > "$d/base.jsonl"
awk '{ for (i = 1; i <= 6; i++) { l = $0; sub(/"id":"/, "\"id\":\"j" i "-", l);
    sub(/"body":"/, "\"text\":\"", l); print l } }' "$d/base.jsonl" > "$d/in/more.jsonl"
gzip -c "$d/in/more.jsonl" > "$d/in/more2.jsonl.gz"
# what an archive holds, in a form two archives can be compared in
dump() {
    sqlite3 "$1" \
        "SELECT a.id, a.ext_id, a.grp, a.dup_kind, round(a.dup_jaccard, 6), a.body_hash, a.title,
                a.date, a.date_source, hex(a.body_z), a.facts_truncated, a.origin
           FROM articles a ORDER BY a.id" \
        "SELECT * FROM entity_mentions ORDER BY article_id, n" \
        "SELECT * FROM quote_texts ORDER BY article_id, n" \
        "SELECT * FROM number_claims ORDER BY article_id, n" \
        "SELECT * FROM date_mentions ORDER BY article_id, n" \
        "SELECT * FROM removed ORDER BY article_id, n" \
        "SELECT article_id, hex(minhash) FROM signatures ORDER BY article_id" \
        "SELECT * FROM lsh ORDER BY key, article_id" \
        "SELECT ndocs, bytes, level FROM segments ORDER BY id"
    for q in التحالف 'الرقة OR عرسال' '"وزارة الخارجية"' 'title:النفط' 'source:alwatan-today.example'; do
        $M search --db "$1" --json --all --limit 100 "$q" | sed 's/"took_ms":[0-9.]*,//'
    done
    $M dups --db "$1" --json
    $M stats --db "$1" --json | sed 's/"catalog_bytes":[0-9]*//'
}
for j in 1 2 4; do
    $M ingest --db "$d/j$j.db" --jobs $j --batch 40 "$d/in" 2>"$d/log$j" || { cat "$d/log$j"; exit 1; }
    sed 's/; [0-9.]* s$//' "$d/log$j" > "$d/sum$j"
    dump "$d/j$j.db" > "$d/dump$j"
done
cat "$d/sum1"
for j in 2 4; do
    cmp -s "$d/sum1" "$d/sum$j" || { echo "the summary of --jobs $j differs"; diff "$d/sum1" "$d/sum$j"; }
    cmp -s "$d/dump1" "$d/dump$j" && echo "--jobs $j: the same archive as --jobs 1" ||
        { echo "--jobs $j: another archive"; diff "$d/dump1" "$d/dump$j" | head -20; }
done
echo "$(wc -l < "$d/dump1") lines compared"
