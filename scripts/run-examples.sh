#!/bin/sh
# run-examples.sh MARSAD — the main job on the bundled example corpus (data/examples/):
# ingest the crawled articles into an archive (build/examples.db), search it, list its
# duplicate groups and its stories, show the story of the flood with its ledger of
# figures; then show one cleaned article, what was dropped from it and the
# claims and dates found in it, and what the text core makes of a headline.
set -eu
marsad=$1
dir=data/examples
export MARSAD_NO_PROGRESS=1
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

db=build/examples.db
rm -rf "$db" "$db-wal" "$db-shm" "$db.idx"
echo "== marsad ingest --db $db $dir =="
"$marsad" ingest --db "$db" "$dir" 2>&1 | sed 's/^marsad ingest: /  /'

echo
echo "== marsad stats =="
"$marsad" stats --db "$db" | sed 's/^/  /'

# a prefix form (والتحالف), a spelling variant (الاسلامية), a phrase, a filter
for q in 'والتحالف الرقة' 'الاسلامية' '"المرصد السوري"' 'البشمركة from:2022-01-01'; do
    echo
    echo "== marsad search '$q' =="
    "$marsad" search --db "$db" --limit 3 "$q" | sed 's/^/  /'
done

echo
echo "== marsad dups: the groups of duplicates (first article, then its copies) =="
"$marsad" dups --db "$db" | head -12 | sed 's/^/  /'
echo "  (search it yourself: build/marsad search --db $db 'QUERY')"

echo
echo "== marsad stories: what is happening, most active first =="
"$marsad" stories --db "$db" --limit 5 | sed 's/^/  /'

id=$("$marsad" stories --db "$db" --json 'title:كسلا' | head -1 | sed 's/^{"id":\([0-9]*\).*/\1/')
echo
echo "== marsad story $id: the Kassala flood, its ledger (disagreements and updates) =="
"$marsad" story --db "$db" "$id" | sed -n '1,/^ledger:/p' | sed 's/^/  /'
"$marsad" story --db "$db" "$id" | sed -n '/^ledger:/,/^quotations:/p' |
    grep -e '^  [^ ]' -e disagrees -e update | sed 's/^/  /'
echo "  (the whole story, its quotations and entities: build/marsad story --db $db $id)"

echo
echo "== marsad clean $dir =="
"$marsad" clean "$dir" 2>&1 >"$tmp" | sed 's/^marsad clean: /  /'

echo
echo "== marsad analyze: one article, cleaned =="
# the outlet's six pages together, so its boilerplate is seen repeating
"$marsad" analyze "$dir"/*-alwatan.txt 2>/dev/null | grep '"origin":"[^"]*raqqa' >"$tmp"
printf 'title:  '
grep -o '"title":"[^"]*"' "$tmp" | cut -d'"' -f4
printf 'source: '
grep -o '"source":"[^"]*"' "$tmp" | cut -d'"' -f4
echo "body, first paragraph:"
grep -o '"body":"[^"]*' "$tmp" | cut -c9- | sed 's/\\n\\n.*//; s/^/  /'
echo "dropped lines:"
grep -o '{"line":[0-9]*,"text":"[^"]*","reason":"[a-z-]*"}' "$tmp" |
    sed 's/{"line":\([0-9]*\),"text":"\([^"]*\)","reason":"\([a-z-]*\)"}/  line \1 (\3): \2/'

echo "numeric claims and dates:"
grep -o '{"text":"[^"]*","value":[^,]*,"qualifier":"[a-z]*"' "$tmp" |
    sed 's/{"text":"\([^"]*\)","value":\([^,]*\),"qualifier":"\([a-z]*\)"/  \1 = \2 (\3)/'
grep -o '{"text":"[^"]*","value":"[^"]*","grain":"[a-z]*"' "$tmp" |
    sed 's/{"text":"\([^"]*\)","value":"\([^"]*\)","grain":"\([a-z]*\)"/  \1 = \2 (\3)/'

echo
echo "== marsad tokens: the headline =="
printf 'surface\tnormalized\tstem\tstart\tend\n'
sed -n '1p' "$dir/raqqa-offensive-alwatan.txt" | "$marsad" tokens - | head -8
