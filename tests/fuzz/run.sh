#!/bin/sh
# run.sh DIR SECONDS TARGET... — runs each libFuzzer target for SECONDS with its seed
# corpus (tests/fuzz/corpus/TARGET, grown in DIR/corpus/TARGET) and prints a summary
# line per target with the number of executions.
set -eu
dir=$1
secs=$2
shift 2
status=0
for t in "$@"; do
    mkdir -p "$dir/corpus/$t"
    seeds=$(sh tests/fuzz/seeds.sh "$t" | tr '\n' ' ')
    # the targets that read text get the code points NFKC lengthens most (nfkc_dict.c)
    dict=""
    case $t in
    fuzz_codec | fuzz_segment | fuzz_warc) ;;
    *) [ -f "$dir/nfkc.dict" ] && dict="-dict=$dir/nfkc.dict" ;;
    esac
    log=$dir/$t.log
    if "$dir/$t" -max_total_time="$secs" -max_len=65536 -print_final_stats=1 $dict \
        -artifact_prefix="$dir/$t-" "$dir/corpus/$t" $seeds >"$log" 2>&1; then
        execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
        echo "fuzz $t: ${execs:-?} executions in ${secs}s, no crash"
    else
        echo "fuzz $t: FAILED, see $log" >&2
        tail -30 "$log" >&2
        status=1
    fi
done
exit $status
