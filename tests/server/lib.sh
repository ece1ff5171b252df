# lib.sh — what the server's test scripts share (sourced): checks counted as passed or
# failed, a server started on a free loopback port (port 0: the server prints the one it
# bound), requests through curl. Needs $MARSAD (the binary) and $T (a temporary folder).

pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL server/$suite: $*" >&2
}
# check NAME CMD...: the command succeeds
check() {
    name=$1
    shift
    if "$@"; then ok; [ -n "${VERBOSE:-}" ] && echo "ok $name"; else bad "$name"; fi
}

# start NAME ARGS...: runs `marsad serve ARGS` in the background; sets $port and
# NAME's pid file; waits (at most 10 s) for /healthz or for the server to exit.
start() {
    sname=$1
    shift
    rm -f "$T/$sname.out"
    "$MARSAD" serve --listen 127.0.0.1:0 "$@" >"$T/$sname.out" 2>"$T/$sname.log" &
    echo $! >"$T/$sname.pid"
    i=0
    port=""
    while [ $i -lt 100 ]; do
        port=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$T/$sname.out" 2>/dev/null)
        [ -n "$port" ] && break
        kill -0 "$(cat "$T/$sname.pid")" 2>/dev/null || break
        sleep 0.1
        i=$((i + 1))
    done
    [ -n "$port" ] || { bad "$sname did not start: $(cat "$T/$sname.log")"; return 1; }
    echo "$port" >"$T/$sname.port"
    i=0
    while [ $i -lt 100 ]; do
        curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    bad "$sname: /healthz never answered"
    return 1
}

# stop NAME: SIGTERM, and the exit status must be 0 within 10 s
stop() {
    pid=$(cat "$T/$1.pid")
    kill -TERM "$pid" 2>/dev/null
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid"
        bad "$1 did not stop on SIGTERM"
    fi
    wait "$pid"
    st=$?
    [ $st = 0 ] || bad "$1 exited with status $st after SIGTERM"
    [ $st = 0 ] && ok
}

# get PATH [CURL ARGS...]: the body into $T/body, "STATUS TYPE" into $got
get() {
    p=$1
    shift
    got=$(curl -s -o "$T/body" -w '%{http_code} %{content_type}' "$@" "http://127.0.0.1:$port$p")
}

# want STATUS [CODE]: the last answer's status, and its error code when given
want() {
    st=${got%% *}
    if [ "$st" != "$1" ]; then
        bad "$what: status $st, want $1 ($(head -c 200 "$T/body"))"
        return
    fi
    if [ -n "${2:-}" ] && ! grep -q "^{\"error\":{\"code\":\"$2\"" "$T/body"; then
        bad "$what: body $(head -c 200 "$T/body"), want error $2"
        return
    fi
    ok
}

summary() {
    echo "server: $pass passed, $fail failed"
}
