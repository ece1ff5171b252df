#!/bin/sh
# run.sh [--short|--full] [--step S] [--jobs K] [--only KINDS] — the fault harness
# (issue 11), in the spirit of SQLite's fault tests: fail the Nth allocation, the Nth
# write, fsync, rename, file creation or truncation, or fill the disk from the Nth write
# on, and check what marsad does about it. `make fault` builds what it needs and runs
# the short form.
#
# The corpus: the first ten examples twice over, each copy with an id of its own (exact
# and near duplicates among them), ingested with --jobs 1 --batch 2: ten batches of two,
# so ten commits and a merge of ten segments. Kinds of run, for each N:
#   alloc-ingest  ingest, the Nth allocation of marsad's code failing (marsad-fault, ASan)
#   alloc-search  four queries (--batch) on the reference archive, the Nth allocation failing
#   io-OP         ingest, the Nth OP (write fsync rename create truncate) failing with EIO
#   enospc        ingest, the disk full from the Nth write on (every write: ENOSPC)
# The I/O runs are of the ASan build too, build-asan/io_shim.so preloaded after ASan's
# runtime. --full runs every N (every Sth with --step S), and one past the last, where
# nothing fails; --short a deterministic spread of about 150 (under a minute on 2 cores).
# --only runs the kinds a regular expression matches ('io-.*|enospc'); --jobs K runs K
# at a time (default: one per core). The runs go to /dev/shm when TMPDIR is not set.
#
# A run is ok (exit 0), a clean error (exit 1), or a FAILURE: any other exit (a signal,
# an ASan, UBSan or LeakSanitizer report: exit 86 or 87, a hang), an exit 1 with no
# message (for I/O: a message that names no file under the archive's folder, or no cause,
# or says "no error"), an exit 1 when nothing failed, a summary whose "stored" is not what
# the archive holds, or an archive that fails a check: `marsad stats` opens it, its
# articles are its index documents, SQLite's integrity check says ok, `marsad check`
# passes (when this marsad has it); an ingest that exited 0 holds all of the reference's
# articles, a search that exited 0 answered as the reference did. After a faulted ingest
# the same ingest again without faults must end at the reference (its articles, the same
# ids for the reference searches), with no debris left. Prints a line per FAILURE and a
# summary; exits 1 on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 2
mode=short
par=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
only=""
step=1
while [ $# -gt 0 ]; do
    case $1 in
    --short) mode=short ;;
    --full) mode=full ;;
    --jobs) par=$2 && shift ;;
    --only) only=$2 && shift ;;
    --step) step=$2 && shift ;;
    *)
        echo "usage: tests/fault/run.sh [--short|--full] [--step S] [--jobs K] [--only KINDS]" >&2
        exit 2
        ;;
    esac
    shift
done

M=$PWD/build/marsad            # the reference, the checks, the runs again
F=$PWD/build-asan/marsad-fault # allocations failing
A=$PWD/build-asan/marsad       # I/O failing
SHIM=$PWD/build-asan/io_shim.so
for f in "$M" "$F" "$A" "$SHIM"; do
    [ -e "$f" ] || {
        echo "fault: $f is missing (make fault builds it)" >&2
        exit 2
    }
done
ASAN_RT=$(ldd "$A" | awk '/libasan/ { print $3 }')
[ -n "$ASAN_RT" ] || {
    echo "fault: $A is not linked with ASan's runtime" >&2
    exit 2
}
export MARSAD_NO_PROGRESS=1
# sanitizer reports exit with codes of their own: 1 is marsad's error
export ASAN_OPTIONS=exitcode=86:detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=exitcode=87:print_stacktrace=1:halt_on_error=1
TIMEOUT=""
command -v timeout >/dev/null 2>&1 && TIMEOUT="timeout 120"
# `marsad check`, once it exists
HAS_CHECK=0
"$M" help 2>&1 | grep -q '^ *check ' && HAS_CHECK=1

# in memory when it can be: the runs sync often, and the faults are the shim's anyway
dir=${TMPDIR:-/tmp}
[ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] && dir=/dev/shm
tmp=$(mktemp -d "$dir/marsad-fault-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
t0=$(date +%s)

# ---- The corpus and the reference ---------------------------------------------------------
"$M" clean --quiet data/examples | head -10 >"$tmp/base.jsonl"
awk '{ for (i = 1; i <= 2; i++) { l = $0; sub(/"id":"/, "\"id\":\"c" i "-", l);
    sub(/"body":"/, "\"text\":\"نسخة رقم " i " من التقرير.\\n", l); print l } }' \
    "$tmp/base.jsonl" >"$tmp/corpus.jsonl"
CORPUS=$tmp/corpus.jsonl
INGEST="ingest --jobs 1 --batch 2"
QUERIES='عرسال
اللاجئين التدفئة
"نداء دولي"
منى OR الحجاج'

# refsearch DB: the ids each query finds, duplicates included, in order, a line a query
refsearch() {
    echo "$QUERIES" | "$M" search --db "$1" --batch --all --json --limit 100 2>&1 |
        awk '{ s = $0; out = ""
            while (match(s, /"id":"[^"]*"/)) { out = out " " substr(s, RSTART + 6, RLENGTH - 7)
                s = substr(s, RSTART + RLENGTH) }
            print NR ":" out }'
}
# the --batch search's output without its timings
batchsearch() {
    echo "$QUERIES" | "$@" 2>/dev/null | sed 's/"took_ms":[0-9.]*,//'
}

$M $INGEST --db "$tmp/ref.db" "$CORPUS" 2>/dev/null || {
    echo "fault: the reference ingest failed" >&2
    exit 1
}
REF_ARTICLES=$(sqlite3 "$tmp/ref.db" 'SELECT count(*) FROM articles')
refsearch "$tmp/ref.db" >"$tmp/ref.ids"
batchsearch "$M" search --db "$tmp/ref.db" --batch --json --all --limit 20 >"$tmp/ref.batch"

# ---- How many of each: the range of N --------------------------------------------------------
count_io() {
    rm -rf "$tmp/count.db" "$tmp/count.db"*
    rm -f "$tmp/count.report"
    LD_PRELOAD="$ASAN_RT $SHIM" MARSAD_FAULT_IO=count MARSAD_FAULT_REPORT="$tmp/count.report" \
        "$A" $INGEST --db "$tmp/count.db" "$CORPUS" 2>/dev/null
    tail -1 "$tmp/count.report"
}
io_counts=$(count_io)
rm -f "$tmp/count.report"
MARSAD_FAULT_ALLOC=count MARSAD_FAULT_REPORT="$tmp/count.report" \
    "$F" $INGEST --db "$tmp/count2.db" "$CORPUS" 2>/dev/null
n_alloc_ingest=$(sed -n 's/^alloc: calls=\([0-9]*\).*/\1/p' "$tmp/count.report")
rm -f "$tmp/count.report"
batchsearch env MARSAD_FAULT_ALLOC=count MARSAD_FAULT_REPORT="$tmp/count.report" \
    "$F" search --db "$tmp/ref.db" --batch --json --all --limit 20 >/dev/null
n_alloc_search=$(sed -n 's/^alloc: calls=\([0-9]*\).*/\1/p' "$tmp/count.report")
io_n() { echo "$io_counts" | sed -n "s/.* $1=\([0-9]*\).*/\1/p"; }
echo "fault: corpus $(wc -l <"$CORPUS") documents, $REF_ARTICLES articles; allocations:" \
    "ingest $n_alloc_ingest, search $n_alloc_search; $io_counts"

# sample COUNT K: N from 1 to COUNT+1, every one (full; every step-th) or a spread of about
# K: one in each of K equal strata, at a point an LCG picks (the same every time), and
# COUNT+1
sample() {
    awk -v n="$1" -v k="$2" -v s="$step" -v full="$([ $mode = full ] && echo 1 || echo 0)" 'BEGIN {
        if (full || n <= k) {
            for (i = 1; i <= n; i += full ? s : 1) print i
            print n + 1
            exit
        }
        x = 12345
        for (i = 0; i < k; i++) {
            x = (x * 1103515245 + 12345) % 2147483648
            lo = int(i * n / k) + 1; hi = int((i + 1) * n / k)
            if (hi < lo) hi = lo
            print lo + int(x / 2147483648 * (hi - lo + 1))
        }
        print n + 1 }' | uniq
}
{
    sample "$n_alloc_ingest" 60 | sed 's/^/alloc-ingest /'
    sample "$n_alloc_search" 20 | sed 's/^/alloc-search /'
    for op in write fsync rename create truncate; do
        k=6
        [ $op = write ] && k=22
        [ $op = fsync ] && k=8
        sample "$(io_n $op)" $k | sed "s/^/io-$op /"
    done
    sample "$(io_n write)" 30 | sed 's/^/enospc /'
} | { [ -n "$only" ] && grep -E "^($only) " || cat; } >"$tmp/jobs"

# ---- One run -------------------------------------------------------------------------------

# check_archive DB: the archive, if there is one, opens and is sound; prints what is
# wrong, else its article count ("none" when there is no archive)
check_archive() {
    db=$1
    [ -e "$db" ] || {
        echo none
        return
    }
    s=$("$M" stats --db "$db" --json 2>&1) || {
        echo "stats fails: $(echo "$s" | head -1)"
        return
    }
    a=$(echo "$s" | sed -n 's/.*"articles":\([0-9]*\).*/\1/p')
    x=$(echo "$s" | sed -n 's/.*"index_documents":\([0-9]*\).*/\1/p')
    [ "$a" = "$x" ] || {
        echo "catalog $a articles, index $x documents"
        return
    }
    ic=$(sqlite3 "$db" 'PRAGMA integrity_check' 2>&1)
    [ "$ic" = ok ] || {
        echo "integrity check: $(echo "$ic" | head -1)"
        return
    }
    if [ $HAS_CHECK = 1 ]; then
        c=$("$M" check --db "$db" 2>&1) || {
            echo "marsad check: $(echo "$c" | tail -1)"
            return
        }
    fi
    echo "$a"
}

# the error lines of a command's stderr: its own, not the summary, not the shim's
errors() {
    grep -v -e '^io: ' -e '^alloc: ' -e '^fail ' -e 'documents read, .* stored' "$1"
}

# one KIND N W: runs it in W, prints "KIND N CLASS INJECTED DETAIL"
one() {
    kind=$1 n=$2 w=$3
    rm -rf "$w" && mkdir -p "$w"
    db=$w/m.db
    case $kind in
    alloc-ingest)
        MARSAD_FAULT_ALLOC=$n MARSAD_FAULT_REPORT="$w/report" $TIMEOUT \
            "$F" $INGEST --db "$db" "$CORPUS" >/dev/null 2>"$w/err"
        rc=$?
        ;;
    alloc-search)
        echo "$QUERIES" | MARSAD_FAULT_ALLOC=$n MARSAD_FAULT_REPORT="$w/report" $TIMEOUT \
            "$F" search --db "$tmp/ref.db" --batch --json --all --limit 20 >"$w/out" 2>"$w/err"
        rc=$?
        ;;
    io-*)
        LD_PRELOAD="$ASAN_RT $SHIM" MARSAD_FAULT_IO=${kind#io-}:$n \
            MARSAD_FAULT_REPORT="$w/report" $TIMEOUT "$A" $INGEST --db "$db" "$CORPUS" \
            >/dev/null 2>"$w/err"
        rc=$?
        ;;
    enospc)
        LD_PRELOAD="$ASAN_RT $SHIM" MARSAD_FAULT_IO=write:$n:enospc \
            MARSAD_FAULT_REPORT="$w/report" $TIMEOUT "$A" $INGEST --db "$db" "$CORPUS" \
            >/dev/null 2>"$w/err"
        rc=$?
        ;;
    esac
    inj=0
    if [ -f "$w/report" ]; then
        grep -q -e '^fail ' -e '^alloc: .*failed=[1-9]' "$w/report" && inj=1
    elif [ $rc = 0 ] || [ $rc = 1 ]; then
        echo "$kind $n FAILURE ? no report from the fault library"
        return
    fi
    msg=$(errors "$w/err" | head -1)
    fail() {
        echo "$kind $n FAILURE $inj $* [exit $rc; stderr: $(head -c 300 "$w/err" | tr '\n' '|')]"
    }
    case $rc in
    0 | 1) ;;
    *)
        fail "exit $rc: $(grep -m1 -e 'ERROR: ' -e 'runtime error' -e 'SUMMARY' "$w/err")"
        return
        ;;
    esac
    [ $rc = 1 ] && [ $inj = 0 ] && fail "exit 1 with nothing failed" && return
    [ $rc = 1 ] && [ -z "$msg" ] && fail "exit 1 without a message" && return
    if [ $rc = 1 ] && [ "${kind#alloc}" = "$kind" ]; then # an I/O error: the file and the cause
        case $msg in
        *"no error"*) fail "the message says no error" && return ;;
        *"$w/"*) ;;
        *) fail "the message names no file of the archive" && return ;;
        esac
        echo "$msg" | grep -qi -e 'input/output' -e 'I/O error' -e 'no space' -e 'disk is full' \
            -e 'unable to open' || {
            fail "the message names no cause"
            return
        }
    fi
    if [ $kind = alloc-search ]; then
        [ $rc = 1 ] || sed 's/"took_ms":[0-9.]*,//' "$w/out" | cmp -s - "$tmp/ref.batch" ||
            {
                fail "a search that succeeded answered differently"
                return
            }
        echo "$kind $n $([ $rc = 0 ] && echo ok || echo clean) $inj"
        return
    fi
    got=$(check_archive "$db")
    case $got in
    none | [0-9]*) ;;
    *) fail "after the fault: $got" && return ;;
    esac
    stored=$(sed -n 's/.*documents read, \([0-9]*\) stored.*/\1/p' "$w/err")
    [ -n "$stored" ] && [ "$stored" != "${got#none}" ] && [ "$stored:$got" != "0:none" ] &&
        fail "the summary says $stored stored, the archive holds $got" && return
    [ $rc = 0 ] && [ "$got" != "$REF_ARTICLES" ] &&
        fail "exit 0 with $got articles of $REF_ARTICLES" && return
    [ $rc = 0 ] && ! refsearch "$db" | cmp -s - "$tmp/ref.ids" &&
        fail "exit 0, and the searches differ from the reference" && return
    # the same ingest again, without faults, completes it
    if [ -n "$(ls "$w" | grep -v -e '^err$' -e '^report$')" ]; then
        "$M" $INGEST --db "$db" "$CORPUS" >/dev/null 2>"$w/err2" || {
            fail "the ingest again fails: $(errors "$w/err2" | head -1)"
            return
        }
        got=$(check_archive "$db")
        [ "$got" = "$REF_ARTICLES" ] || {
            fail "after the ingest again: $got (of $REF_ARTICLES)"
            return
        }
        refsearch "$db" | cmp -s - "$tmp/ref.ids" || {
            fail "after the ingest again, the searches differ from the reference"
            return
        }
        debris=$(ls "$w" "$db.idx" | grep -v -e '^m\.db' -e '^err' -e '^report$' -e '^seg-' \
            -e '^LOCK$' -e '^$' -e ':$')
        debris="$debris$(ls "$w" | grep '^m\.db\.new-')"
        [ -z "$debris" ] || {
            fail "debris left: $(echo "$debris" | tr '\n' ' ')"
            return
        }
    fi
    echo "$kind $n $([ $rc = 0 ] && echo ok || echo clean) $inj"
}

# ---- The runs, on par workers ----------------------------------------------------------------
total=$(wc -l <"$tmp/jobs")
echo "fault: $mode: $total runs on $par workers"
i=0
while [ $i -lt "$par" ]; do
    awk -v p="$par" -v i=$i 'NR % p == i' "$tmp/jobs" | while read -r kind n; do
        one "$kind" "$n" "$tmp/w$i"
    done >"$tmp/results.$i" &
    i=$((i + 1))
done
wait
cat "$tmp"/results.* >"$tmp/results"
secs=$(($(date +%s) - t0))
awk -v secs="$secs" '
    { runs++; inj += $4; cls[$3]++; kinds[$1]++; by[$1, $3]++ }
    $3 == "FAILURE" { print "FAILURE " $1 " N=" $2 ": " substr($0, index($0, $5)) }
    END {
        for (k in kinds)
            printf "fault: %-13s %5d runs: ok %d, clean error %d, FAILURE %d\n", k, kinds[k],
                by[k, "ok"], by[k, "clean"], by[k, "FAILURE"]
        printf "fault: %d runs, %d faults injected; ok %d, clean error %d, FAILURE %d; %d s\n",
            runs, inj, cls["ok"], cls["clean"], cls["FAILURE"], secs
        exit cls["FAILURE"] > 0 }' "$tmp/results"
