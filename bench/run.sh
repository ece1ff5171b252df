#!/bin/sh
# run.sh BUILD — `make bench`: analysis throughput beside the peers, and stemmer
# agreement with Lucene. Uses ../shared/data when present (MARSAD_SHARED_DATA overrides).
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
else
    echo "(skipped: $shared/saudinewsnet.jsonl.zst not present)"
fi
