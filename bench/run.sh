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
