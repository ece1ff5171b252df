#!/bin/sh
# api.sh MARSAD — the HTTP API end to end: an archive of data/examples, `marsad serve` on
# a free loopback port, every route checked (status, type, headers, and the body against
# the CLI's --json of the same object, byte for byte but took_ms), the error codes, the
# bearer token, an article posted (and one written by another process) searchable
# through the running server within seconds, 409 while another process holds the
# writer, and SIGTERM ending it with status 0. Prints "server: N passed, N failed".
set -u
MARSAD=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
suite=api
T=$(mktemp -d)
trap 'for f in "$T"/*.pid; do [ -f "$f" ] && kill -KILL "$(cat "$f")" 2>/dev/null; done; rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"
export MARSAD_NO_PROGRESS=1
db=$T/m.db
"$MARSAD" ingest --db "$db" data/examples 2>/dev/null
printf 'sekrit-token-1\n' >"$T/token"
chmod 600 "$T/token"
start main --db "$db" --token-file "$T/token" --threads 2 --max-body 1048576 || {
    summary
    exit 1
}

# ---- read routes: the CLI's JSON, byte for byte ------------------------------------------
j='application/json; charset=utf-8'
drop_took() { sed 's/"took_ms":[0-9.e+-]*/"took_ms":0/' "$@"; }
same() { # NAME EXPECTED-FILE: $T/body equals it
    if cmp -s "$2" "$T/body"; then ok; else bad "$1: body differs from the CLI's: $(diff "$2" "$T/body" | head -5)"; fi
}

what=healthz
get /healthz
want 200
check "healthz body" grep -q '^{"status":"ok","articles":41}$' "$T/body"
check "healthz type" [ "${got#* }" = "$j" ]

what=search
q='السيول'
get /api/v1/search --get --data-urlencode "q=$q" --data-urlencode limit=5
want 200
check "search type" [ "${got#* }" = "$j" ]
drop_took "$T/body" >"$T/b2" && mv "$T/b2" "$T/body"
"$MARSAD" search --db "$db" --json --limit 5 "$q" | drop_took >"$T/want"
same search "$T/want"

what="search with options"
get /api/v1/search --get --data-urlencode "q=$q" -d limit=3 -d offset=2 -d sort=newest -d all=1 \
    -d facets=1 -d snippet=50
want 200
drop_took "$T/body" >"$T/b2" && mv "$T/b2" "$T/body"
"$MARSAD" search --db "$db" --json --limit 3 --offset 2 --sort date --all --facets --snippet 50 "$q" |
    drop_took >"$T/want"
same "search options" "$T/want"

what="search by source and date"
src=$(sed -n 's/.*"source":"\([^"]*\)".*/\1/p' "$T/body" | head -1)
get /api/v1/search --get --data-urlencode "q=$q" --data-urlencode "source=$src" -d since=2016 -d until=2016-12
want 200
check "search source filter" sh -c "! grep -o '\"source\":\"[^\"]*\"' '$T/body' | grep -v '\"$src\"'"

id=$("$MARSAD" search --db "$db" --json --limit 1 "$q" | sed -n 's/.*"results":\[{"id":"\([^"]*\)".*/\1/p')
what=article
get "/api/v1/articles/$id"
want 200
"$MARSAD" show --db "$db" --json "$id" >"$T/want"
same article "$T/want"
what="article percent-encoded"
get "/api/v1/articles/$(printf %s "$id" | sed 's/-/%2D/g')"
want 200
what="article missing"
get /api/v1/articles/no-such-article
want 404 not_found

what=stories
get /api/v1/stories
want 200
{
    printf '{"stories":['
    "$MARSAD" stories --db "$db" --json | paste -sd, | tr -d '\n'
    printf ']}\n'
} >"$T/want"
same stories "$T/want"
what="stories all"
get "/api/v1/stories?all=1"
want 200
{
    printf '{"stories":['
    "$MARSAD" stories --db "$db" --json --all | paste -sd, | tr -d '\n'
    printf ']}\n'
} >"$T/want"
same "stories all" "$T/want"

sid=$("$MARSAD" stories --db "$db" --json --limit 1 | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
what=story
get "/api/v1/stories/$sid"
want 200
"$MARSAD" story --db "$db" --json "$sid" >"$T/want"
same story "$T/want"
what="story missing"
get /api/v1/stories/999999
want 404 not_found
get /api/v1/stories/abc
want 404 not_found

what=quotes
get /api/v1/quotes --get --data-urlencode 'speaker=عثمان الطيب' -d limit=3
want 200
{
    printf '{"quotes":['
    "$MARSAD" quotes --db "$db" --json --speaker 'عثمان الطيب' --limit 3 | paste -sd, | tr -d '\n'
    printf ']}\n'
} >"$T/want"
same quotes "$T/want"
get /api/v1/quotes
want 400 bad_request

what=entities
get "/api/v1/entities?limit=7"
want 200
{
    printf '{"entities":['
    "$MARSAD" entities --db "$db" --json --limit 7 | paste -sd, | tr -d '\n'
    printf ']}\n'
} >"$T/want"
same entities "$T/want"
get /api/v1/entities --get -d type=LOC --data-urlencode 'q=كسلا'
want 200
check "entities q" grep -q '"name":"كسلا","type":"LOC"' "$T/body"
get "/api/v1/entities?type=NOPE"
want 400 bad_request

what=dups
get /api/v1/dups
want 200
{
    printf '{"groups":['
    "$MARSAD" dups --db "$db" --json --limit 20 | paste -sd, | tr -d '\n'
    printf ']}\n'
} >"$T/want"
same dups "$T/want"

what=stats
get /api/v1/stats
want 200
"$MARSAD" stats --db "$db" --json >"$T/want"
same stats "$T/want"

# ---- the page, static files, headers -----------------------------------------------------
what=page
get /
want 200
check "page type" [ "${got#* }" = "text/html; charset=utf-8" ]
check "page is web/index.html" cmp -s "$T/body" web/index.html
get /static/index.html
want 200
get /static/no-such-file.js
want 404 not_found
curl -s -D "$T/h" -o /dev/null "http://127.0.0.1:$port/api/v1/stats"
check "CSP header" grep -qi "^Content-Security-Policy: default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'" "$T/h"
check "nosniff header" grep -qi '^X-Content-Type-Options: nosniff' "$T/h"
check "referrer header" grep -qi '^Referrer-Policy: no-referrer' "$T/h"
check "no CORS by default" sh -c "! grep -qi '^Access-Control' '$T/h'"

what=metrics
get /metrics
want 200
check "metrics type" [ "${got#* }" = "text/plain; version=0.0.4; charset=utf-8" ]
check "metrics requests" grep -q '^marsad_http_requests_total{route="search",status="200"} [1-9]' "$T/body"
check "metrics histogram" grep -q '^marsad_http_request_duration_seconds_bucket{route="healthz",le="+Inf"} [1-9]' "$T/body"
check "metrics gauges" grep -q '^marsad_articles 41$' "$T/body"
check "metrics segments" grep -q '^marsad_index_segments [1-9]' "$T/body"
check "metrics bytes" grep -q '^marsad_archive_bytes [1-9]' "$T/body"

# ---- errors --------------------------------------------------------------------------------
what="unknown path"
get /nope
want 404 not_found
check "404 is JSON" [ "${got#* }" = "$j" ]
what="wrong method"
get /api/v1/search -X DELETE
want 405 method_not_allowed
get /api/v1/ingest
want 405 method_not_allowed
get /api/v1/stats -X POST
want 405 method_not_allowed
what="missing q"
get /api/v1/search
want 400 bad_request
what="bad query"
get /api/v1/search --get --data-urlencode 'q=(السيول'
want 400 bad_query
check "bad query position" grep -q '"position":[0-9]' "$T/body"
what="stopwords only"
get /api/v1/search --get --data-urlencode 'q=في'
want 400 stopwords_only
what="only not"
get /api/v1/search --get --data-urlencode 'q=في -السيول'
want 400 only_not
what="bad limit"
get "/api/v1/search?q=x&limit=0"
want 400 bad_request
get "/api/v1/search?q=x&limit=101"
want 400 bad_request
get "/api/v1/search?q=x&limit=100&offset=9901"
want 400 bad_request
get "/api/v1/search?q=x&sort=sideways"
want 400 bad_request
get "/api/v1/search?q=x&since=yesterday"
want 400 bad_request
what="too many sources"
get "/api/v1/search?q=x$(i=0; while [ $i -lt 17 ]; do printf '&source=s%d' $i; i=$((i + 1)); done)"
want 400 bad_request
what="options without --cors"
get /api/v1/search -X OPTIONS
want 405 method_not_allowed
what="invalid UTF-8 in q"
get "/api/v1/search?q=%ff%fe"
want 400 bad_request

# ---- writes --------------------------------------------------------------------------------
post='{"id":"posted-1","source":"test.example","date":"2026-12-07","title":"زلزال قوي يضرب جزيرة كريت","text":"ضرب زلزال قوي بلغت شدته ست درجات جزيرة كريت اليونانية صباح اليوم، ولم ترد أنباء عن إصابات."}'
printf '%s\n' "$post" >"$T/post.jsonl"
what="post without token"
get /api/v1/ingest --data-binary @"$T/post.jsonl"
want 401 unauthorized
what="post with a wrong token"
get /api/v1/ingest -H 'Authorization: Bearer sekrit-token-2' --data-binary @"$T/post.jsonl"
want 401 unauthorized
get /api/v1/ingest -H 'Authorization: Bearer sekrit-token-' --data-binary @"$T/post.jsonl"
want 401 unauthorized
get /api/v1/ingest -H 'Authorization: sekrit-token-1' --data-binary @"$T/post.jsonl"
want 401 unauthorized
what="post too large"
head -c 2000000 /dev/zero | tr '\0' 'a' >"$T/big"
get /api/v1/ingest -H 'Authorization: Bearer sekrit-token-1' --data-binary @"$T/big"
want 413 payload_too_large
what="post"
get /api/v1/ingest -H 'Authorization: Bearer sekrit-token-1' --data-binary @"$T/post.jsonl"
want 200
check "post report" grep -q '^{"stored":1,"exact":0,"near":0,"known":0,"emptied":0,"rejected":0,"errors":\[\]}$' "$T/body"
# searchable through the same server within a few seconds
found_within() { # QUERY SECONDS
    n=0
    while [ $n -lt $(($2 * 10)) ]; do
        get /api/v1/search --get --data-urlencode "q=$1"
        grep -q '"total":[1-9]' "$T/body" && return 0
        sleep 0.1
        n=$((n + 1))
    done
    return 1
}
check "posted article searchable" found_within 'كريت' 5
what="post gzip, again"
gzip -c "$T/post.jsonl" >"$T/post.jsonl.gz"
get /api/v1/ingest -H 'Authorization: Bearer sekrit-token-1' --data-binary @"$T/post.jsonl.gz"
want 200
check "post known" grep -q '"stored":0,.*"known":1' "$T/body"
what="post a broken line"
printf '{"id":"x","text":\n' >"$T/broken.jsonl"
get /api/v1/ingest -H 'Authorization: Bearer sekrit-token-1' --data-binary @"$T/broken.jsonl"
want 200
check "post rejected" grep -q '"rejected":1,"errors":\["' "$T/body"

# another process writes while the server runs
printf '%s\n' '{"id":"cli-1","source":"test.example","date":"2026-12-07","title":"فيضانات في بنغازي","text":"غمرت مياه الفيضانات أحياء واسعة من مدينة بنغازي الليبية بعد أمطار غزيرة استمرت يومين."}' >"$T/cli.jsonl"
"$MARSAD" ingest --db "$db" "$T/cli.jsonl" 2>/dev/null
check "another process's article searchable" found_within 'بنغازي' 5

# another process holds the writer: 409 busy
mkfifo "$T/fifo"
"$MARSAD" ingest --db "$db" - <"$T/fifo" >/dev/null 2>&1 &
holder=$!
exec 9>"$T/fifo"
sleep 0.5
what="post while another writer holds the archive"
get /api/v1/ingest -H 'Authorization: Bearer sekrit-token-1' --data-binary @"$T/post.jsonl"
want 409 busy
exec 9>&-
wait $holder

what="healthz after writes"
get /healthz
want 200
check "healthz counts" grep -q '"articles":43' "$T/body"
stop main

# ---- writes disabled, CORS, bad token files -------------------------------------------------
start ro --db "$db" --cors https://example.org || true
what="writes disabled"
get /api/v1/ingest -H 'Authorization: Bearer sekrit-token-1' --data-binary @"$T/post.jsonl"
want 403 writes_disabled
curl -s -D "$T/h" -o /dev/null "http://127.0.0.1:$port/healthz"
check "CORS origin" grep -qi '^Access-Control-Allow-Origin: https://example.org' "$T/h"
what="CORS preflight"
get /api/v1/ingest -X OPTIONS -H 'Origin: https://example.org' -H 'Access-Control-Request-Method: POST'
want 204
stop ro

: >"$T/empty"
chmod 600 "$T/empty"
"$MARSAD" serve --db "$db" --listen 127.0.0.1:0 --token-file "$T/empty" >/dev/null 2>"$T/err"
check "empty token file refused" [ $? = 1 ]
printf 'x\n' >"$T/open"
chmod 644 "$T/open"
"$MARSAD" serve --db "$db" --listen 127.0.0.1:0 --token-file "$T/open" >/dev/null 2>"$T/err"
check "readable token file refused" [ $? = 1 ]
"$MARSAD" serve --listen nowhere >/dev/null 2>&1
check "bad --listen" [ $? = 2 ]

summary
[ "$fail" = 0 ]
