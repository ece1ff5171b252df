#!/bin/sh
# mkwarc.sh OUT [gz] HTML... — writes a WARC 1.1 file for the end-to-end tests: a
# warcinfo record, then for each page a request and a response record (HTTP 200,
# text/html), and one image/png response. With "gz", each record is its own gzip
# member, as Common Crawl writes them.
set -eu
out=$1
shift
gz=0
if [ "${1:-}" = gz ]; then gz=1; shift; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0

# record TYPE URI CONTENT-TYPE BLOCKFILE
record() {
    n=$((n + 1))
    len=$(wc -c <"$4")
    {
        printf 'WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012d>\r\n' "$1" "$n"
        printf 'WARC-Date: 2016-10-24T09:%02d:00Z\r\n' "$n"
        [ -n "$2" ] && printf 'WARC-Target-URI: %s\r\n' "$2"
        printf 'Content-Type: %s\r\nContent-Length: %s\r\n\r\n' "$3" "$len"
        cat "$4"
        printf '\r\n\r\n'
    } >"$tmp/r$n"
    if [ $gz = 1 ]; then gzip -9 -n -c "$tmp/r$n" >>"$out"; else cat "$tmp/r$n" >>"$out"; fi
}

: >"$out"
printf 'software: marsad tests\r\nformat: WARC File Format 1.1\r\n' >"$tmp/info"
record warcinfo "" application/warc-fields "$tmp/info"
i=0
for html in "$@"; do
    i=$((i + 1))
    uri="https://news.example/article/$i"
    printf 'GET /article/%s HTTP/1.1\r\nHost: news.example\r\n\r\n' "$i" >"$tmp/req"
    record request "$uri" "application/http; msgtype=request" "$tmp/req"
    {
        printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\n'
        printf 'Date: Mon, 24 Oct 2016 09:00:00 GMT\r\nContent-Length: %s\r\n\r\n' "$(wc -c <"$html")"
        cat "$html"
    } >"$tmp/resp"
    record response "$uri" "application/http; msgtype=response" "$tmp/resp"
done
{
    printf 'HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n'
    printf '\211PNG\r\n\032\n\000\000\000\rIHDR'
} >"$tmp/png"
record response "https://news.example/logo.png" "application/http; msgtype=response" "$tmp/png"
