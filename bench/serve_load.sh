#!/bin/sh
# serve_load.sh BUILD ARCHIVE QUERIES [CORPUS] — `marsad serve` under load, by wrk on
# loopback (docs/server.md): searches of QUERIES (one a line, the harness's
# make_queries.py) as GET /api/v1/search?q=…&limit=10&snippet=200, cycled by each wrk
# thread from its own place in the file.
#
#   1. requests/s, p50 and p99 at 1, 8 and 64 connections (SECONDS each, default 10);
#   2. the same at 8 connections while `marsad ingest` adds CORPUS (its ids renamed, so
#      every article is new) to a copy of ARCHIVE, the server serving the copy;
#   3. the server's RSS over RSS_SECONDS (default 300) of load at 8 connections: the
#      first sample (after 10 s), the last and the largest.
#
# The server runs with its defaults (a thread per core); wrk with 2 threads, on the same
# 2 cores: these figures are the machine's, client included. Never run by `make test`.
set -eu
build=$1 db=$2 queries=$3 corpus=${4:-}
secs=${SECONDS_EACH:-10} rss_secs=${RSS_SECONDS:-300}
if ! command -v wrk >/dev/null 2>&1; then
    apt-get install -y -qq wrk >/dev/null 2>&1 || sudo apt-get install -y -qq wrk >/dev/null
fi
tmp=$(mktemp -d)
pid=
stop() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    pid=
}
trap 'stop; rm -rf "$tmp"' EXIT

# wrk's Lua: the queries percent-encoded, each thread from a place of its own
cat >"$tmp/search.lua" <<'LUA'
local paths, i = {}, 0
local function enc(s)
    return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
function init(args)
    for line in io.lines(os.getenv("MARSAD_QUERIES")) do
        if #line > 0 then
            paths[#paths + 1] = "/api/v1/search?q=" .. enc(line) .. "&limit=10&snippet=200"
        end
    end
    math.randomseed(tonumber(tostring({}):sub(8), 16) or os.time())
    i = math.random(#paths)
end
function request()
    i = i % #paths + 1
    return wrk.format("GET", paths[i])
end
LUA
export MARSAD_QUERIES="$queries"

# serve ARCHIVE: starts the server, sets $pid and $url
serve() {
    "$build/marsad" serve --db "$1" --listen 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.log" &
    pid=$!
    for _ in $(seq 1 100); do
        url=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/serve.out" "$tmp/serve.log" 2>/dev/null | head -1 |
            sed 's/^[^:]*:http/http/')
        [ -n "$url" ] && curl -sf "$url/healthz" >/dev/null && return 0
        sleep 0.1
    done
    echo "serve_load: the server did not start:" >&2
    cat "$tmp/serve.log" >&2
    exit 1
}

# load LABEL CONNECTIONS SECONDS: one wrk run, one table line
load() {
    wrk -t"$([ "$2" -lt 2 ] && echo 1 || echo 2)" -c"$2" -d"$3"s --latency -s "$tmp/search.lua" "$url" >"$tmp/wrk.txt" 2>&1 || true
    awk -v label="$1" -v c="$2" '
        /Requests\/sec:/ { rps = $2 }
        /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
        /Non-2xx/ { bad = $NF }
        /requests in/ { n = $1 }
        END { printf "| %-26s | %3d | %9s | %8s | %8s | %7s | %s |\n", label, c, rps, p50, p99, n,
              bad == "" ? 0 : bad }' "$tmp/wrk.txt"
}

echo "| load | connections | requests/s | p50 | p99 | requests | non-2xx |"
echo "|---|---:|---:|---:|---:|---:|---:|"
serve "$db"
wrk -t2 -c8 -d3s -s "$tmp/search.lua" "$url" >/dev/null 2>&1 || true # warm the page cache
for c in 1 8 64; do load "searches" "$c" "$secs"; done
stop

if [ -n "$corpus" ]; then
    cp "$db" "$tmp/copy.db"
    cp -r "$db.idx" "$tmp/copy.db.idx"
    sed 's/"id": *"\([^"]*\)"/"id": "load-\1"/' "$corpus" >"$tmp/more.jsonl"
    serve "$tmp/copy.db"
    MARSAD_NO_PROGRESS=1 "$build/marsad" ingest --db "$tmp/copy.db" "$tmp/more.jsonl" \
        >/dev/null 2>"$tmp/ingest.log" &
    ing=$!
    sleep 2
    load "searches, ingest running" 8 "$secs"
    kill "$ing" 2>/dev/null || true
    wait "$ing" 2>/dev/null || true
    stop
fi

serve "$db"
wrk -t2 -c8 -d"$rss_secs"s -s "$tmp/search.lua" "$url" >"$tmp/long.txt" 2>&1 &
w=$!
: >"$tmp/rss"
t=0
while kill -0 "$w" 2>/dev/null; do
    sleep 10
    t=$((t + 10))
    awk -v t="$t" '/^VmRSS/ { print t, $2 }' "/proc/$pid/status" >>"$tmp/rss" 2>/dev/null || true
done
wait "$w" 2>/dev/null || true
awk -v secs="$rss_secs" 'NR == 1 { first = $2 } { last = $2; if ($2 > max) max = $2 }
    END { if (NR) printf "server RSS over %d s at 8 connections: %.1f MB after 10 s, %.1f MB at the end, %.1f MB at most (%+.1f%% first to last)\n",
          secs, first / 1024, last / 1024, max / 1024, 100 * (last - first) / first }' "$tmp/rss"
awk '/Requests\/sec:/ { printf "  (%s requests/s over the run)\n", $2 }' "$tmp/long.txt"
stop
