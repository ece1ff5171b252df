#!/bin/sh
# run.sh — the disk fills up while a new archive's catalog is made (tests/fault/io_shim.c
# preloaded: from the Nth write to PATH.new-PID on, every write fails with ENOSPC), for
# every N. The catalog is made under that name and renamed into place; its WAL keeps the
# temporary name, so what the WAL held must be in the file first. Closing checkpointed
# it and said nothing when that failed, and the catalog renamed into place lacked its
# schema: every command then said "database disk image is malformed" (or "disk I/O
# error"). Now the ingest stops naming the file and the cause, leaves no catalog, and
# the same ingest again makes the archive.
set -u
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
export MARSAD_NO_PROGRESS=1
shim=$(dirname "$MARSAD")/io_shim.so
asan=$(ldd "$MARSAD" | awk '/libasan/ { print $3 }') # the sanitizers' runtime comes first
line() { printf '{"id":"%s","title":"%s","text":"%s"}\n' "$1" "$2" "$3"; }
line A1 "سوق شعبي" "افتتحت البلدية سوقا شعبيا جديدا يضم مئة محل في وسط المدينة القديمة." >"$d/in.jsonl"
line A2 "أمطار غزيرة" "هطلت أمطار غزيرة على المدينة طوال الليل وغمرت المياه شوارع حي الزيتون." >>"$d/in.jsonl"
n=0 bad=0
while [ $n -lt 200 ]; do
    n=$((n + 1))
    rm -rf "$d/m.db"* "$d/report"
    MARSAD_FAULT_IO=write:$n:enospc MARSAD_FAULT_PATH='*/m.db.new-*[0-9]' \
        MARSAD_FAULT_REPORT="$d/report" LD_PRELOAD="${asan:+$asan }$shim" \
        $MARSAD ingest --quiet --db "$d/m.db" "$d/in.jsonl" 2>"$d/err"
    rc=$?
    grep -q '^fail ' "$d/report" || break # past the last write: nothing failed
    why=""
    [ $rc = 1 ] || why="exit $rc"
    grep -q 'm\.db\.new-[0-9]*: database or disk is full' "$d/err" || why="$why; message: $(cat "$d/err")"
    if [ -e "$d/m.db" ]; then
        $MARSAD stats --db "$d/m.db" >/dev/null 2>"$d/err" || why="$why; then: $(cat "$d/err")"
    fi
    $MARSAD ingest --quiet --db "$d/m.db" "$d/in.jsonl" 2>"$d/err" || why="$why; again: $(cat "$d/err")"
    [ "$(sqlite3 "$d/m.db" 'SELECT count(*) FROM articles' 2>&1)" = 2 ] || why="$why; not 2 articles"
    ls "$d" | grep -q 'm\.db\.new-' && why="$why; debris: $(ls "$d" | tr '\n' ' ')"
    [ -z "$why" ] || { bad=$((bad + 1)) && echo "write $n: $why" | head -3; }
done
[ $n -gt 2 ] || echo "only $n writes to the new catalog: the shim saw none"
echo "disk full at each write of the new catalog: $bad wrong"
