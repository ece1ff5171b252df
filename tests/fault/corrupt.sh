#!/bin/sh
# corrupt.sh [--short|--full] — damage an archive and see what each command does.
#
# The archive: the examples ingested twice over with ids of their own, in batches of 4
# (several segments, merges), then a third ingest killed after a commit, so that the
# catalog's WAL holds committed transactions. Each round copies it and damages one
# file: a byte flipped or the file cut short, in a segment, the catalog or its WAL.
# Then searches, stats and dups run on it, and each either answers as on the undamaged
# copy, or fails (exit 1) with a message naming a file of the archive; a crash, a hang
# or a nameless error is a failure. A changed answer is a failure unless `marsad check`
# then finds a problem (it names what to repair), or the damage was to the WAL and the
# archive reads as a consistent earlier commit (SQLite's WAL frames are checksummed:
# a damaged frame and those after it are ignored). Prints a summary; exit 1 on any
# failure. --short: 120 rounds (CI, half a minute), --full: 1,200.
set -u
cd "$(dirname "$0")/../.."
M=${MARSAD:-build/marsad}
rounds=120
[ "${1:-}" = --full ] && rounds=1200
export MARSAD_NO_PROGRESS=1
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
cp "$M" "$d/marsad" && M="$d/marsad" # a rebuild during the run does not touch it

# ---- the archive ---------------------------------------------------------------------
$M clean --quiet data/examples | sed 's/"body":"/"text":"/' > "$d/a.jsonl"
sed 's/"id":"/"id":"b-/' "$d/a.jsonl" > "$d/b.jsonl"
awk '{ for (i = 1; i <= 40; i++) { l = $0; sub(/"id":"/, "\"id\":\"c" i "-", l); print l } }' \
    "$d/a.jsonl" > "$d/c.jsonl"
mkdir "$d/base"
$M ingest --quiet --db "$d/base/m.db" --batch 4 "$d/a.jsonl"
$M ingest --quiet --db "$d/base/m.db" --batch 4 "$d/b.jsonl"
$M ingest --quiet --db "$d/base/m.db" --batch 8 "$d/c.jsonl" &
pid=$!
for i in $(seq 1 400); do # killed once the WAL holds a commit or more
    [ "$(stat -c %s "$d/base/m.db-wal" 2>/dev/null || echo 0)" -gt 200000 ] && break
    sleep 0.01
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
wal=$(stat -c %s "$d/base/m.db-wal" 2>/dev/null || echo 0)

queries='التحالف
الحجاج
منى
"المرصد السوري"
عرسا*
title:الحجاج OR مخيمات'

# Runs every reading command on archive $1 into $2/NAME.out and NAME.rc.
run_all() {
    i=0
    echo "$queries" | while read -r q; do
        i=$((i + 1))
        timeout 60 $M search --db "$1/m.db" --json --limit 20 "$q" > "$2/s$i.out" 2> "$2/s$i.err"
        echo $? > "$2/s$i.rc"
    done
    timeout 60 $M stats --db "$1/m.db" --json > "$2/stats.out" 2> "$2/stats.err"
    echo $? > "$2/stats.rc"
    timeout 60 $M dups --db "$1/m.db" --json > "$2/dups.out" 2> "$2/dups.err"
    echo $? > "$2/dups.rc"
    # what may differ between two runs of an unchanged archive
    for o in "$2"/*.out; do
        sed -i 's/"took_ms":[0-9.]*//; s/"catalog_bytes":[0-9]*//' "$o"
    done
}
mkdir "$d/ref"
run_all "$d/base" "$d/ref"
for f in "$d"/ref/*.rc; do
    [ "$(cat "$f")" = 0 ] || { echo "the undamaged archive fails: $f"; cat "${f%.rc}.err"; exit 1; }
done
$M check --db "$d/base/m.db" --quiet > /dev/null || { echo "the undamaged archive fails its check"; exit 1; }

# ---- the rounds ----------------------------------------------------------------------
kinds="segment-flip segment-cut catalog-flip catalog-cut wal-flip wal-cut"
ok=0 refused=0 found=0 earlier=0 failures=0
r=0
while [ "$r" -lt "$rounds" ]; do
    r=$((r + 1))
    w="$d/w"
    rm -rf "$w" "$d/out"
    cp -a "$d/base" "$w"
    mkdir "$d/out"
    kind=$(echo "$kinds" | tr ' ' '\n' | sed -n "$(((r - 1) % 6 + 1))p")
    case $kind in
    segment-*) segs=$(ls "$w/m.db.idx"/seg-* | wc -l)
        f=$(ls "$w/m.db.idx"/seg-* | sed -n "$(((r / 6) % segs + 1))p") ;;
    catalog-*) f="$w/m.db" ;;
    wal-*) f="$w/m.db-wal" ;;
    esac
    size=$(stat -c %s "$f")
    [ "$size" -gt 0 ] || continue
    at=$(awk -v s="$r" -v n="$size" 'BEGIN { srand(s * 7919); printf "%d", rand() * n }')
    case $kind in
    *-flip)
        b=$(od -An -tu1 -j "$at" -N1 "$f" | tr -d ' ')
        x=$(awk -v s="$r" 'BEGIN { srand(s); printf "%d", 1 + rand() * 254 }')
        printf "$(printf '\\%03o' $(((b + x) % 256)))" |
            dd of="$f" bs=1 seek="$at" conv=notrunc 2> /dev/null ;;
    *-cut) truncate -s "$at" "$f" ;;
    esac
    run_all "$w" "$d/out"
    changed=0 bad="" what=""
    for rc in "$d"/out/*.rc; do
        n=${rc%.rc}
        base=${n##*/}
        code=$(cat "$rc")
        if [ "$code" = 0 ]; then
            cmp -s "$n.out" "$d/ref/$base.out" || changed=$((changed + 1)) what="$what $base"
        elif [ "$code" = 1 ] && grep -q "$w/m.db" "$n.err"; then
            :
        else
            bad="$bad $base:exit=$code:$(head -c 200 "$n.err" | tr '\n' ' ')"
        fi
    done
    timeout 300 $M check --db "$w/m.db" --quiet > "$d/check.out" 2>&1
    crc=$?
    if [ "$r" = "${CORRUPT_DIFF:-}" ]; then # what the commands that answered said differently
        for o in "$d"/out/*.out; do
            [ "$(cat "${o%.out}.rc")" = 0 ] && ! cmp -s "$o" "$d/ref/${o##*/}" &&
                { echo "--- ${o##*/}"; cmp "$d/ref/${o##*/}" "$o"; n=$(cmp "$d/ref/${o##*/}" "$o" | sed 's/.*byte \([0-9]*\).*/\1/'); tail -c +$((n - 150)) "$d/ref/${o##*/}" | head -c 300; echo; tail -c +$((n - 150)) "$o" | head -c 300; echo; } >&2
        done
        cat "$d/check.out" >&2 2>/dev/null
    fi
    [ "$crc" -le 1 ] || bad="$bad check:exit=$crc"
    outcome=
    if [ -n "$bad" ]; then
        outcome="FAILURE:$bad"
    elif [ "$changed" = 0 ]; then
        if grep -q "$w" "$d"/out/*.err 2> /dev/null; then
            outcome=refused
        else
            outcome=ok
        fi
    elif [ "$crc" = 1 ]; then
        outcome=found
    else
        # an earlier commit, whole: the catalog and the index agree (check said so)
        case $kind in wal-*) outcome=earlier ;; *) outcome="FAILURE: $changed answers changed, check found nothing" ;; esac
    fi
    case $outcome in
    ok) ok=$((ok + 1)) ;;
    refused) refused=$((refused + 1)) ;;
    found) found=$((found + 1)) ;;
    earlier) earlier=$((earlier + 1)) ;;
    *) failures=$((failures + 1))
        echo "round $r: $kind of ${f##*/} at byte $at of $size: $outcome" ;;
    esac
    [ -n "${CORRUPT_VERBOSE:-}" ] && echo "round $r: $kind ${f##*/} @$at/$size: $outcome$what" >&2
done
echo "corrupt: $rounds rounds (WAL of $wal bytes): $ok answered as before, $refused refused naming the file, $found changed and found by check, $earlier read as an earlier commit, $failures failures"
[ "$failures" = 0 ]
