#!/bin/sh
# abuse.sh MARSAD — hostile clients against `marsad serve` (loopback only; bounded counts
# and times): a malformed request line, oversized headers, an oversized body, invalid
# UTF-8 and a query nested 1000 deep, writes without or with a wrong token, path
# traversal, 2,000 idle connections, a client sending a byte a second; after each,
# /healthz must answer, and at the end the server's memory must be sane and SIGTERM
# must end it with status 0. The hostile clients are BUILD/server_abuse (abuse.c).
# Prints "server: N passed, N failed".
set -u
MARSAD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ABUSE=$(dirname "$MARSAD")/server_abuse
suite=abuse
T=$(mktemp -d)
trap 'for f in "$T"/*.pid; do [ -f "$f" ] && kill -KILL "$(cat "$f")" 2>/dev/null; done; rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"
[ -x "$ABUSE" ] || {
    bad "no $ABUSE (make builds it)"
    summary
    exit 1
}
export MARSAD_NO_PROGRESS=1
db=$T/m.db
"$MARSAD" ingest --db "$db" data/examples 2>/dev/null
printf 'tok\n' >"$T/token"
chmod 600 "$T/token"
timeout=2
start main --db "$db" --token-file "$T/token" --threads 2 --timeout $timeout --max-body 65536 \
    --max-conns-per-ip 64 || {
    summary
    exit 1
}
healthy() {
    got=$(curl -s -m 5 -o "$T/body" -w '%{http_code}' "http://127.0.0.1:$port/healthz")
    [ "$got" = 200 ]
}
raw() { "$ABUSE" raw "$port"; }

# malformed request lines: a 400 or a closed connection, never a crash
r=$(printf 'GARBAGE\r\n\r\n' | raw)
check "malformed request line: $r" sh -c "echo '$r' | grep -qE '^(HTTP/1.[01] 400|closed)'"
r=$(printf 'GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n' | raw)
check "bad version: $r" sh -c "echo '$r' | grep -qE '^(HTTP/1.[01] (400|505)|closed)'"
r=$(printf '\000\001\002\377\r\n\r\n' | raw)
check "binary request: $r" sh -c "echo '$r' | grep -qE '^(HTTP/1.[01] 400|closed)'"
check "healthy after malformed lines" healthy

# oversized headers: 431 or closed
{
    printf 'GET /healthz HTTP/1.1\r\nHost: x\r\n'
    i=0
    while [ $i -lt 100 ]; do
        printf 'X-Big-%d: %0500d\r\n' $i 0
        i=$((i + 1))
    done
    printf '\r\n'
} >"$T/bighead"
r=$(raw <"$T/bighead")
check "oversized headers: $r" sh -c "echo '$r' | grep -qE '^(HTTP/1.[01] 431|closed)'"
check "healthy after oversized headers" healthy

# a query string over 8 KiB: 414
long=$(head -c 9000 /dev/zero | tr '\0' 'a')
got=$(curl -s -o "$T/body" -w '%{http_code}' "http://127.0.0.1:$port/api/v1/search?q=$long")
check "long query string: $got" [ "$got" = 414 ] || [ "$got" = 431 ]

# an oversized body: 413, declared or chunked
head -c 200000 /dev/zero | tr '\0' 'a' >"$T/big"
what="body over --max-body"
get /api/v1/ingest -H 'Authorization: Bearer tok' --data-binary @"$T/big"
want 413 payload_too_large
what="chunked body over --max-body"
get /api/v1/ingest -H 'Authorization: Bearer tok' -H 'Transfer-Encoding: chunked' --data-binary @"$T/big"
want 413 payload_too_large
check "healthy after big bodies" healthy

# invalid UTF-8 and deep nesting in q: 400
what="invalid UTF-8 in q"
get "/api/v1/search?q=%c0%af"
want 400 bad_request
what="query nested 1000 deep"
deep="$(head -c 1000 /dev/zero | tr '\0' '(')x$(head -c 1000 /dev/zero | tr '\0' ')')"
get /api/v1/search --get --data-urlencode "q=$deep"
want 400 bad_query
what="invalid UTF-8 in the path"
get "/api/v1/articles/%ff"
want 400 bad_request

# writes without or with a wrong token
what="post without token"
get /api/v1/ingest --data-binary 'x'
want 401 unauthorized
what="post with a wrong token"
get /api/v1/ingest -H 'Authorization: Bearer tol' --data-binary 'x'
want 401 unauthorized

# path traversal: never a file's contents
for p in '/static/../Makefile' '/static/%2e%2e/Makefile' '/static/..%2fMakefile' '//etc/passwd' \
    '/static//etc/passwd' '/static/%2fetc%2fpasswd' '/../../etc/passwd' '/static/index.html/..'; do
    got=$(curl -s --path-as-is -o "$T/body" -w '%{http_code}' "http://127.0.0.1:$port$p")
    check "traversal $p: $got" [ "$got" = 404 ]
    check "traversal $p: no file" sh -c "! grep -q -e 'root:' -e 'VERSION' '$T/body'"
done
r=$(printf 'GET ../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n' | raw)
check "raw traversal: $r" sh -c "echo '$r' | grep -qE '^(HTTP/1.[01] (400|404)|closed)'"

# 2,000 idle connections from 127.0.0.2 (its own per-address cap), /healthz meanwhile
"$ABUSE" idle "$port" 2000 127.0.0.2 $((timeout + 8)) >"$T/idle" 2>&1 &
idler=$!
i=0
while ! grep -q opened "$T/idle" 2>/dev/null && [ $i -lt 100 ]; do
    sleep 0.1
    i=$((i + 1))
done
check "2000 idle connections opened: $(head -1 "$T/idle")" grep -q '^opened [1-9]' "$T/idle"
check "healthy with 2000 idle connections" healthy
wait $idler
check "idle connections dropped: $(tail -1 "$T/idle")" grep -q '^closed 2000$' "$T/idle"
check "healthy after idle connections" healthy

# slow-drip clients: dropped by the request head's deadline, /healthz meanwhile
for k in 1 2 3; do
    "$ABUSE" drip "$port" $((timeout + 6)) >"$T/drip$k" 2>&1 &
    echo $! >"$T/drip$k.pid"
done
sleep 1
check "healthy with slow clients" healthy
for k in 1 2 3; do
    wait "$(cat "$T/drip$k.pid")"
    rm -f "$T/drip$k.pid"
    check "slow client $k: $(cat "$T/drip$k")" grep -qE "^dropped after [0-$((timeout + 2))] s" "$T/drip$k"
done
check "healthy after slow clients" healthy

# memory: the resident size stays small after all of it
rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$(cat "$T/main.pid")/status" 2>/dev/null)
check "RSS sane: ${rss:-?} kB" [ "${rss:-999999}" -lt 200000 ]
stop main
summary
[ "$fail" = 0 ]
