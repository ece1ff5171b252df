#!/bin/sh
# gen-wordlist.sh NAME FILE — prints a C file defining `const char *const NAME[]`, the
# non-comment, non-empty lines of FILE as string literals, ending with NULL.
# Word lists live in data/ as plain text; the build compiles them in so the binary
# needs no data directory at run time.
set -eu
name=$1
file=$2
printf '/* Generated from %s by scripts/gen-wordlist.sh; do not edit. */\n' "$file"
printf '#include <stddef.h>\n'
printf 'extern const char *const %s[];\n' "$name"
printf 'const char *const %s[] = {\n' "$name"
sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e 's/^[[:space:]]*//' "$file" | grep -v '^$' |
    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' -e 's/^/    "/' -e 's/$/",/'
printf '    NULL,\n};\n'
