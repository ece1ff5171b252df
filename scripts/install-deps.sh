#!/bin/sh
# install-deps.sh [--check] [--fuzz] — installs the Debian packages marsad needs.
#
# Idempotent and quiet when everything is present. Uses sudo when not root.
#   --check  install nothing; exit 1 when a package is missing (the Makefile's probe)
#   --fuzz   also the clang toolchain and runtime for `make fuzz`
set -eu

# build: compiler and pkg-config; text core: utf8proc (NFKC), libstemmer (Snowball);
# readers: libxml2 (HTML), zlib and libzstd (gzip and zstd input), jansson (JSONL, JSON out);
# tests: zstd (the CLI makes the compressed end-to-end fixtures; gzip is essential);
# server: libmicrohttpd-dev (HTTP), curl (its end-to-end tests);
# FTS5 tokenizer: libsqlite3-dev (sqlite3ext.h), sqlite3 (the shell its e2e cases drive).
PKGS="gcc make pkg-config libmicrohttpd-dev curl libutf8proc-dev libstemmer-dev libxml2-dev zlib1g-dev libjansson-dev libzstd-dev zstd libsqlite3-dev sqlite3"
check=0
for arg in "$@"; do
    case $arg in
    --check) check=1 ;;
    --fuzz) PKGS="$PKGS clang libclang-rt-dev" ;;
    *) echo "usage: $0 [--check] [--fuzz]" >&2; exit 2 ;;
    esac
done

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
[ "$check" = 1 ] && exit 1

echo "install-deps: installing$missing" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root or sudo for:$missing" >&2; exit 1; }
    SUDO=sudo
fi
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
