#!/bin/sh
# run.sh — the catalog's writes fail (tests/fault/io_shim.c preloaded): a write, a sync,
# the WAL index, or the disk full from the middle of the ingest on (the Nth write of
# the WAL, N half of what the ingest writes there). The message names the catalog and
# what failed: SQLite's "disk I/O error" alone did not tell a write from a sync. The
# summary's "stored" is what the catalog holds, and the same ingest again completes it.
set -u
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
export MARSAD_NO_PROGRESS=1
shim=$(dirname "$MARSAD")/io_shim.so
asan=$(ldd "$MARSAD" | awk '/libasan/ { print $3 }') # the sanitizers' runtime comes first
preload=${asan:+$asan }$shim
$MARSAD clean --quiet data/examples | head -6 | sed 's/"body":"/"text":"/' >"$d/in.jsonl"
MARSAD_FAULT_IO=count MARSAD_FAULT_PATH='*/m.db-wal' MARSAD_FAULT_REPORT="$d/report" \
    LD_PRELOAD=$preload $MARSAD ingest --quiet --batch 1 --db "$d/m.db" "$d/in.jsonl"
half=$(($(sed -n 's/^io: write=\([0-9]*\).*/\1/p' "$d/report") / 2))
for fault in write:1 fsync:1 write:1:shm enospc; do
    rm -rf "$d/m.db"*
    case $fault in
    write:1:shm) io=write:1 path='*/m.db-shm' ;;
    enospc) io=write:$half:enospc path='*/m.db-wal' ;;
    *) io=$fault path='*/m.db-wal' ;;
    esac
    MARSAD_FAULT_IO=$io MARSAD_FAULT_PATH=$path MARSAD_FAULT_REPORT="$d/report" LD_PRELOAD=$preload \
        $MARSAD ingest --batch 1 --db "$d/m.db" "$d/in.jsonl" 2>"$d/err"
    rc=$?
    stored=$(sed -n 's/.*documents read, \([0-9]*\) stored.*/\1/p' "$d/err")
    held=$(sqlite3 "$d/m.db" 'SELECT count(*) FROM articles')
    echo "$fault: exit $rc, $(grep -v 'documents read' "$d/err" | sed "s|$d/||g")"
    if [ "$stored" != "$held" ]; then
        echo "  the summary says $stored stored, the catalog holds $held"
    elif [ $fault = enospc ]; then
        [ "$held" -gt 0 ] && [ "$held" -lt 6 ] && echo "  stored as committed: some, not all"
    fi
    $MARSAD ingest --quiet --batch 1 --db "$d/m.db" "$d/in.jsonl"
    echo "  again: exit $?, $(sqlite3 "$d/m.db" 'SELECT count(*) FROM articles') articles"
done
