#!/bin/sh
# seeds.sh TARGET — prints the seed folders of a fuzz target, one a line: its corpus
# (tests/fuzz/corpus/TARGET) and the test fixtures that suit it. Used by run.sh (the
# libFuzzer runs) and by tests/run.sh (the seeds replayed under `make test`).
t=$1
n=0
seed() {
    [ -d "$1" ] && echo "$1" && n=$((n + 1))
}
seed "tests/fuzz/corpus/$t"
# the test fixtures seed the readers and the extractors too
case $t in
fuzz_html) seed tests/data/html ;;
fuzz_input) seed tests/data/html; seed data/examples; seed tests/fuzz/corpus/fuzz_warc ;;
fuzz_extract) seed data/examples ;;
esac
# a target with no seeds of its own starts from the example articles' bytes
[ $n -gt 0 ] || seed data/examples
