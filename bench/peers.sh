#!/bin/sh
# peers.sh BUILD — marsad beside Lucene 4.10 and 8.8, SQLite FTS5 and Xapian, in one run
# of the shared bench-peers harness (../shared/bench-peers/README.md) per corpus:
#
#   SaudiNewsNet (31k articles), then the 300,000-article corpus of gen_corpus.py
#   (BENCH_300K=0 leaves it out), then 1,000,000 articles when BENCH_1M=1; BENCH_SNN=0
#   leaves SaudiNewsNet out. Corpora already in BENCH_PEERS_OUT/corpora/ are reused.
#
# Per corpus: make_queries.py --n 500 makes the latency queries, run_all.sh runs the
# peers one after the other (marsad through adapters/marsad_peer.py, which drives
# `marsad ingest` and `marsad search --batch --json --all`), then bench_search times the
# same queries inside the process on the index the harness built, beside the table.
# Every marsad call of the harness runs under /usr/bin/time -v (MARSAD_BIN is a small
# wrapper), so the peak RSS of `marsad ingest` and of `marsad search --batch` is
# reported apart from the Python adapter's.
#
# Output: BENCH_PEERS_OUT (default a new /var/tmp/marsad-peers.XXXXXX, kept), one folder
# per corpus with the harness's results.md / results.json / logs, bench_search.txt and
# marsad-rss.txt. The other peers' indexes are removed once measured (Xapian's takes
# gigabytes) unless BENCH_PEERS_KEEP_INDEXES=1; marsad's stays. PEERS overrides the peer
# list. Needs ../shared (MARSAD_SHARED overrides) with data/ and bench-peers/ built by
# bench-peers/install.sh; skips with a message otherwise.
set -eu
build=${1:-build}
shared=${MARSAD_SHARED:-../shared}
data=${MARSAD_SHARED_DATA:-$shared/data}
hp=${MARSAD_BENCH_PEERS:-$shared/bench-peers}
peers=${PEERS:-marsad,lucene,lucene8,sqlite_fts5,xapian}
py=/usr/bin/python3 # Debian's: the adapters need its python3-* packages (README)

skip() {
    echo "(skipped: $*)"
    exit 0
}
[ -d "$shared" ] || skip "$shared not present"
[ -f "$data/saudinewsnet.jsonl.zst" ] || skip "$data/saudinewsnet.jsonl.zst not present"
[ -x "$hp/run_all.sh" ] || skip "$hp/run_all.sh not present"
[ -x "$py" ] || skip "$py not present (the adapters need Debian's python3)"
[ -x /usr/bin/time ] || skip "/usr/bin/time not present (the harness measures with it)"
command -v zstd >/dev/null || skip "zstd not present"
if [ ! -x "$hp/build/snowball_stem" ] || [ ! -f "$hp/build/java/LucenePeer.class" ]; then
    skip "the peers are not built: run $hp/install.sh (NO_APT=1 when the packages are there)"
fi

bin=$(cd "$build" && pwd)/marsad
bench_search=$(cd "$build" && pwd)/bench_search
analyze=$(cd "$build" && pwd)/bench_analyze
# `make bench` builds them; run by hand, the script would otherwise spend its corpora
# on a run whose in-process and analysis rows fail at the end
for p in "$bin" "$bench_search" "$analyze"; do
    [ -x "$p" ] || { echo "$p is not built: make bench builds it (make $build/${p##*/})" >&2; exit 1; }
done
hp=$(cd "$hp" && pwd)
out=${BENCH_PEERS_OUT:-$(mktemp -d /var/tmp/marsad-peers.XXXXXX)}
mkdir -p "$out/corpora"
out=$(cd "$out" && pwd)
echo "output: $out (kept)"
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
    "$(awk '/^MemTotal/ { printf "%.1f GB RAM", $2 / 1048576 }' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "marsad: $bin ($("$bin" --version)), built $(date -r "$bin" '+%F %T'); the tree now:" \
    "$(git rev-parse --short HEAD 2>/dev/null || echo '?') with" \
    "$(git status --porcelain -- src include data 2>/dev/null | wc -l) changed files under src/ include/ data/"
echo "peers: $peers"

# The RSS table of one run: every marsad call of the harness, in order (ingest, then a
# search process per mode with its warm-up, then the known-item titles in OR mode).
rss_table() {
    printf '%-20s %-54s %7s %12s\n' phase "marsad call" "wall s" "peak RSS MB"
    nor=0
    for f in "$1"/*.time; do
        [ -f "$f" ] || continue
        cmd=$(sed -n 's/^[[:space:]]*Command being timed: "\(.*\)"$/\1/p' "$f")
        case $cmd in
        *--version*) continue ;;
        *" ingest "*) phase=index ;;
        *--any*)
            nor=$((nor + 1))
            if [ $nor = 1 ]; then phase="OR latency"; else phase="known-item (OR)"; fi
            ;;
        *) phase="AND latency" ;;
        esac
        cmd=$(echo "$cmd" | sed -e "s|$bin ||" -e 's|--db [^ ]*/index/marsad/|--db |' \
            -e 's|[^ ]*/index/marsad/||' -e 's|--limit \([0-9]*\)|-k \1|')
        awk -v c="$cmd" -v p="$phase" '
            /Elapsed \(wall clock\)/ { n = split($NF, t, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + t[i] }
            /Maximum resident set size/ { r = $NF }
            END { printf "%-20s %-54s %7.1f %12.0f\n", p, substr(c, 1, 54), w, r / 1024 }' "$f"
    done
}

# run_corpus NAME CORPUS.jsonl [harness options]
run_corpus() {
    name=$1 corpus=$2
    shift 2
    dir=$out/$name
    mkdir -p "$dir/rss"
    rm -f "$dir"/rss/*.time
    cat >"$dir/rss/marsad" <<EOF
#!/bin/sh
# marsad under /usr/bin/time -v: one record per call, for peers.sh's RSS table
exec /usr/bin/time -v -o "$dir/rss/\$(date +%s%N).\$\$.time" "$bin" "\$@"
EOF
    chmod +x "$dir/rss/marsad"
    echo
    echo "=== $name: $(wc -l <"$corpus") articles, $(($(wc -c <"$corpus") / 1000000)) MB of JSONL ==="
    "$py" "$hp/make_queries.py" "$corpus" --n 500 --out "$dir/queries.txt"
    echo "harness: MARSAD_BIN=$dir/rss/marsad $hp/run_all.sh $corpus $dir/queries.txt $dir --peers $peers $*"
    echo "(progress in $dir/harness.log)"
    t0=$(date +%s)
    MARSAD_BIN=$dir/rss/marsad "$hp/run_all.sh" "$corpus" "$dir/queries.txt" \
        "$dir" --peers "$peers" "$@" >"$dir/harness.log" 2>&1 || echo "(the harness exited with $?)"
    echo "harness: $(($(date +%s) - t0)) s; its table (results.md):"
    echo
    cat "$dir/results.md" 2>/dev/null || tail -20 "$dir/harness.log"
    echo
    echo "--- marsad inside the process on the harness's index (bench_search) ---"
    if [ -f "$dir/index/marsad/marsad.db" ]; then
        "$bench_search" --db "$dir/index/marsad/marsad.db" --queries "$dir/queries.txt" \
            --k 10 --warmup 10000 | tee "$dir/bench_search.txt"
        echo "marsad stats (the harness's index MB for marsad is the whole folder: catalog" \
            "with the texts and facts, and the index segments):"
        "$bin" stats --db "$dir/index/marsad/marsad.db" | sed 's/^/  /'
    else
        echo "(no marsad index in $dir/index/marsad: see $dir/logs/marsad.index.err)"
    fi
    echo
    echo "--- peak RSS of each marsad process (the harness's RSS column is the larger of" \
        "index and search, over the adapter's process tree) ---"
    rss_table "$dir/rss" | tee "$dir/marsad-rss.txt"
    if [ "${BENCH_PEERS_KEEP_INDEXES:-0}" != 1 ]; then
        for d in "$dir"/index/*; do
            [ -d "$d" ] && [ "${d##*/}" != marsad ] && rm -rf "$d"
        done
        echo "(the other peers' indexes were removed; BENCH_PEERS_KEEP_INDEXES=1 keeps them)"
    fi
}

snn=$out/corpora/saudinewsnet.jsonl
[ -s "$snn" ] || zstd -q -dc "$data/saudinewsnet.jsonl.zst" >"$snn"
if [ "${BENCH_SNN:-1}" != 0 ]; then
    run_corpus saudinewsnet "$snn" --extra-analyzer "marsad=$analyze --peer"
fi

if [ "${BENCH_300K:-1}" != 0 ]; then
    g=$out/corpora/gen300k.jsonl
    [ -s "$g" ] || "$py" "$hp/gen_corpus.py" "$snn" --n 300000 --out "$g"
    # titles are drawn apart from the texts and almost none is unique: no known-item check
    run_corpus gen300k "$g" --ki-n 0 --analyzers '' --timeout 3600
fi
if [ "${BENCH_1M:-0}" = 1 ]; then
    g=$out/corpora/gen1m.jsonl
    [ -s "$g" ] || "$py" "$hp/gen_corpus.py" "$snn" --n 1000000 --out "$g"
    run_corpus gen1m "$g" --ki-n 0 --analyzers '' --timeout 7200
fi
echo
echo "all output: $out"
