#!/bin/sh
# run.sh BUILD — `make bench`: analysis throughput beside the peers, stemmer agreement
# with Lucene, the postings codecs, cleaning and fact extraction throughput, the
# entity extractor's F1 on Wojood, the quotation extractor against hand labels
# (quote_eval), main-text extraction on trafilatura's evaluation set beside
# readability-lxml (traf_eval), index build throughput (bench_index), search latency
# inside the process (bench_search), and last, the longest: marsad beside Lucene, FTS5
# and Xapian in the shared bench-peers harness (bench/peers.sh; BENCH_PEERS=0 leaves it
# out). Uses ../shared/data when present (MARSAD_SHARED_DATA overrides).
set -eu
build=$1
shared=${MARSAD_SHARED_DATA:-../shared/data}
peers_dir=${MARSAD_BENCH_PEERS:-$(dirname "$shared")/bench-peers}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

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
echo "== quotations against 147 hand labels in 40 SaudiNewsNet articles (quote_eval; bench/quotes) =="
if [ -f "$shared/saudinewsnet.jsonl.zst" ]; then
    "$build/quote_eval" "$shared/saudinewsnet.jsonl.zst" bench/quotes/ids.txt bench/quotes/labels.tsv
else
    echo "(skipped: $shared/saudinewsnet.jsonl.zst not present)"
fi

echo
echo "== main text of HTML pages on trafilatura's evaluation set (traf_eval; readability-lxml beside it) =="
# trafilatura's own F1 on this set: 0.9195 (fast), 0.9253 (with fallbacks)
if [ -f "$shared/trafilatura-eval.tar.zst" ]; then
    mkdir "$tmp/traf"
    zstd -q -dc "$shared/trafilatura-eval.tar.zst" | tar -x -C "$tmp/traf"
    "$build/traf_eval" "$tmp/traf"
    if /usr/bin/python3 -c 'import readability, lxml' 2>/dev/null; then
        /usr/bin/python3 bench/traf_readability.py "$tmp/traf"
    else
        echo "(readability skipped: python3-readability not installed)"
    fi
    rm -rf "$tmp/traf"
else
    echo "(skipped: $shared/trafilatura-eval.tar.zst not present)"
fi

echo
echo "== cleaning throughput (marsad clean, one core, both passes) =="
if [ -f "$shared/saudinewsnet.jsonl.zst" ]; then
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

echo
echo "== index build, one core: analysis + inverted index of the texts, no titles (bench_index) =="
"$build/bench_index" --corpus "$shared/saudinewsnet.jsonl.zst"

echo
echo "== search latency inside the process (bench_search) on SaudiNewsNet as marsad ingest archives it (titles too) =="
if [ -f "$tmp/snn.jsonl" ] && [ -f "$peers_dir/make_queries.py" ] && [ -x /usr/bin/time ]; then
    MARSAD_NO_PROGRESS=1 /usr/bin/time -v -o "$tmp/ingest.time" \
        "$build/marsad" ingest --verbose --db "$tmp/snn.db" "$tmp/snn.jsonl" 2>"$tmp/ingest.err" >/dev/null
    grep '^marsad ingest: [0-9]* documents read' "$tmp/ingest.err"
    /usr/bin/python3 "$peers_dir/make_queries.py" "$tmp/snn.jsonl" --n 500 --out "$tmp/q.txt"
    "$build/bench_search" --db "$tmp/snn.db" --queries "$tmp/q.txt" --k 10 --warmup 10000
    /usr/bin/time -v -o "$tmp/search.time" "$build/marsad" search --db "$tmp/snn.db" --batch \
        --json --all --limit 10 --any <"$tmp/q.txt" >/dev/null
    for f in ingest search; do
        awk -v f="$f" '
            /Elapsed \(wall clock\)/ { n = split($NF, t, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + t[i] }
            /Maximum resident set size/ { r = $NF }
            END { printf "marsad %-44s %6.1f s wall, peak RSS %4.0f MB\n", f == "ingest" ? "ingest (SaudiNewsNet, titles too)" : "search --batch --json --all --any (500 lines)", w, r / 1024 }' "$tmp/$f.time"
    done
else
    echo "(skipped: needs $shared/saudinewsnet.jsonl.zst, $peers_dir/make_queries.py and /usr/bin/time)"
fi

echo
echo "== marsad serve under wrk: SaudiNewsNet's queries at 1, 8, 64 connections, during an ingest, RSS over 5 min =="
if [ -f "$tmp/snn.db" ] && [ -f "$tmp/q.txt" ]; then
    sh bench/serve_load.sh "$build" "$tmp/snn.db" "$tmp/q.txt" "$tmp/snn.jsonl"
else
    echo "(skipped: needs the SaudiNewsNet archive and queries above)"
fi

echo
echo "== stories: quality on the development days, cost (story_eval; docs/stories.md) =="
if [ -f "$tmp/snn.db" ]; then
    grep -E '"date": "2015-07-2[1-5]' "$tmp/snn.jsonl" >"$tmp/dev.jsonl"
    MARSAD_NO_PROGRESS=1 "$build/marsad" ingest --db "$tmp/dev.db" "$tmp/dev.jsonl" 2>/dev/null
    echo "B-cubed over bench/stories/gold.tsv (2015-07-21 … 25, 29 stories, 157 distractors):"
    "$build/story_eval" "$tmp/dev.db" bench/stories/gold.tsv
    echo "the stories stage of the SaudiNewsNet ingest above (its share of the stages' CPU, and of the wall):"
    awk '/time by stage/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9.]+$/) { sum += $i; if ($(i - 1) == "stories") st = $i } }
         /documents read/ { w = $NF; sub(/s$/, "", w); if (w == "") w = $(NF - 1) }
         END { printf "  stories %.1f s of %.1f s of stages (%.1f%%); %.0f%% of %.1f s wall\n", st, sum, 100 * st / sum, 100 * st / w, w }' \
        "$tmp/ingest.err"
    echo "assignment alone as the archive grows (the SaudiNewsNet vectors replayed, each copy 30 days on):"
    "$build/story_eval" "$tmp/snn.db" - --cost 33
    echo "ledger on SaudiNewsNet: claims and disagreements in stories of 3 articles or more:"
    "$build/marsad" stories --db "$tmp/snn.db" --json --min-articles 3 --limit 100000 |
        sed 's/^{"id":\([0-9]*\).*/\1/' >"$tmp/ids"
    while read -r id; do "$build/marsad" story --db "$tmp/snn.db" --json "$id"; done <"$tmp/ids" |
        grep -o '"verdict":"[a-z]*"' | sort | uniq -c
else
    echo "(skipped: needs the SaudiNewsNet archive above)"
fi

echo
echo "== marsad beside Lucene 4.10 / 8.8, SQLite FTS5 and Xapian: the bench-peers harness (bench/peers.sh) =="
if [ "${BENCH_PEERS:-1}" != 0 ]; then
    MARSAD_SHARED=$(dirname "$shared") MARSAD_SHARED_DATA=$shared MARSAD_BENCH_PEERS=$peers_dir \
        sh bench/peers.sh "$build"
else
    echo "(skipped: BENCH_PEERS=0)"
fi
