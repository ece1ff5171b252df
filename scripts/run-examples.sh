#!/bin/sh
# run-examples.sh MARSAD — the main job at this stage: analyze the bundled example
# corpus (data/examples/) with the text core and show what it makes of it.
set -eu
marsad=$1
dir=data/examples
files=$(ls "$dir"/*.txt)

echo "== marsad tokens: the first lines of one article =="
f=$dir/raqqa-offensive-alwatan.txt
printf 'surface\tnormalized\tstem\tstart\tend\n'
sed -n '1p' "$f" | "$marsad" tokens - | head -12

echo
echo "== marsad normalize: spelling variants, digits, presentation forms =="
"$marsad" normalize 'الإسلامية / الاسلامية — البشمركة / البيشمركة — ٢٥٬٠٠٠ — ﻻ ﷲ — مُستشفـى'

echo
echo "== the whole corpus =="
total_tok=0
total_bytes=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for f in $files; do
    "$marsad" tokens - <"$f" >>"$tmp"
    total_bytes=$((total_bytes + $(wc -c <"$f")))
done
total_tok=$(wc -l <"$tmp")
printf '%d articles, %d bytes, %d tokens, %d distinct normalized forms, %d distinct stems\n' \
    "$(echo "$files" | wc -l)" "$total_bytes" "$total_tok" \
    "$(cut -f2 "$tmp" | sort -u | wc -l)" "$(cut -f3 "$tmp" | sort -u | wc -l)"
echo "most frequent stems:"
cut -f3 "$tmp" | sort | uniq -c | sort -rn | head -10 | awk '{printf "  %6d  %s\n", $1, $2}'
