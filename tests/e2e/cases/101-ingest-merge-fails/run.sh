#!/bin/sh
# run.sh — a merge that cannot write its segment (tests/fault/io_shim.c preloaded: the
# merged segment's creation, a write or its fsync fails, or the disk is full from its
# first write on). Ten batches of one make ten segments, which the tenth commit merges.
# The merge's error reached the user as "m.db: " and nothing more; now it names the
# index folder and the cause. The ten articles stay committed (closing merges them when
# it can), and the same ingest again leaves them merged; run again while the disk is
# still full, it said "m.db: closing: input/output error" (the merge left to closing,
# whose message is lost with the handle), and now says what the first run said.
set -u
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
export MARSAD_NO_PROGRESS=1
shim=$(dirname "$MARSAD")/io_shim.so
asan=$(ldd "$MARSAD" | awk '/libasan/ { print $3 }') # the sanitizers' runtime comes first
$MARSAD clean --quiet data/examples | head -10 | sed 's/"body":"/"text":"/' >"$d/in.jsonl"
segments() { $MARSAD stats --db "$d/m.db" --json | sed 's/.*"segments":\([0-9]*\).*/\1/'; }
faulty() {
    MARSAD_FAULT_IO=$1 MARSAD_FAULT_PATH='*.idx/seg-*-1-*.msx' LD_PRELOAD="${asan:+$asan }$shim" \
        $MARSAD ingest --quiet --batch 1 --db "$d/m.db" "$d/in.jsonl" 2>"$d/err"
    echo "exit $?, $(sed "s|$d/||g" "$d/err" | grep '^marsad')"
}
for fault in create:1 write:1 fsync:1 write:1:enospc; do
    rm -rf "$d/m.db"*
    echo "$fault: $(faulty $fault)"
    s=$($MARSAD stats --db "$d/m.db" --json)
    echo "  $(echo "$s" | grep -o '"articles":[0-9]*'), $(echo "$s" | grep -o '"index_documents":[0-9]*')"
    [ $fault = write:1:enospc ] && echo "  again, the disk still full: $(faulty $fault)"
    $MARSAD ingest --quiet --batch 1 --db "$d/m.db" "$d/in.jsonl"
    echo "  again: exit $?, segments $(segments)"
done
