#!/bin/sh
# run.sh BUILD — `make bench`: analysis throughput beside the peers, stemmer agreement
# with Lucene, the postings codecs, cleaning and fact extraction throughput, and the
# entity extractor's F1 on Wojood. Uses ../shared/data when present (MARSAD_SHARED_DATA
# overrides).
set -eu
build=$1
shared=${MARSAD_SHARED_DATA:-../shared/data}

echo "== analysis throughput =="
"$build/bench_analyze" --corpus "$shared/saudinewsnet.jsonl.zst"

echo
echo "== stemmer agreement with Lucene 8.7 (normalize + light stem) =="
if [ -d "$shared/stemmer-oracles" ]; then
    "$build/stem_agreement" "$shared/stemmer-oracles"
else
    echo "(skipped: $shared/stemmer-oracles not present)"
fi

echo
echo "== postings codecs on SaudiNewsNet postings (bench_codec) =="
"$build/bench_codec" --corpus "$shared/saudinewsnet.jsonl.zst"

echo
echo "== fact extraction throughput (bench_extract) =="
"$build/bench_extract" --corpus "$shared/saudinewsnet.jsonl.zst"

echo
echo "== entities against Wojood (wojood_eval; train+val are the development set, test held out) =="
if [ -d "$shared/wojood-sample" ]; then
    "$build/wojood_eval" "$shared/wojood-sample/train.txt" "$shared/wojood-sample/val.txt" \
        "$shared/wojood-sample/test.txt"
else
    echo "(skipped: $shared/wojood-sample not present)"
fi

echo
echo "== cleaning throughput (marsad clean, one core, both passes) =="
if [ -f "$shared/saudinewsnet.jsonl.zst" ]; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    zstd -q -dc "$shared/saudinewsnet.jsonl.zst" >"$tmp/snn.jsonl"
    "$build/jsonl2warc" "$tmp/snn.jsonl" "$tmp/snn.warc.gz" 2>/dev/null
    printf '%-22s %10s %10s %8s %10s %10s\n' input "file MB" "text MB" seconds "text MB/s" "docs/s"
    for f in snn.jsonl snn.warc.gz; do
        t0=$(date +%s.%N)
        MARSAD_NO_PROGRESS=1 "$build/marsad" clean "$tmp/$f" 2>"$tmp/err" >/dev/null
        t1=$(date +%s.%N)
        docs=$(sed -n 's/^marsad clean: \([0-9]*\) documents read.*/\1/p' "$tmp/err")
        text=$(sed -n 's/^marsad clean: \([0-9]*\) bytes of text in.*/\1/p' "$tmp/err")
        awk -v f="$f" -v s="$(wc -c <"$tmp/$f")" -v t="$text" -v d="$docs" -v a="$t0" -v b="$t1" \
            'BEGIN { x = b - a; printf "%-22s %10.1f %10.1f %8.1f %10.1f %10.0f\n", f, s / 1e6, t / 1e6, x, t / 1e6 / x, d / x }'
    done
    echo
    echo "== the whole marsad analyze path (read, clean, extract, JSON out) on SaudiNewsNet =="
    t0=$(date +%s.%N)
    MARSAD_NO_PROGRESS=1 "$build/marsad" analyze "$tmp/snn.jsonl" 2>/dev/null | wc -l >"$tmp/n"
    t1=$(date +%s.%N)
    awk -v d="$(cat "$tmp/n")" -v s="$(wc -c <"$tmp/snn.jsonl")" -v a="$t0" -v b="$t1" \
        'BEGIN { x = b - a; printf "%d articles in %.1f s: %.0f articles/s, %.1f MB/s of JSONL\n", d, x, d / x, s / 1e6 / x }'
else
    echo "(skipped: $shared/saudinewsnet.jsonl.zst not present)"
fi
