# Shared helpers for the bench scripts (sourced, not run).
#
# Every process a script starts is recorded in $BENCH_TMP/pids and stopped (by its pid) on exit.
# Binaries come from the release build: swift build -c release --scratch-path .build-release

set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
TOLLGATE=${TOLLGATE_BIN:-$REPO/.build-release/release/tollgate}
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
MAX_LOAD=${BENCH_MAX_LOAD:-0.7}
MAX_WAIT_MINUTES=${BENCH_MAX_WAIT_MINUTES:-20}
# After the first wait of a script, later measurements wait at most this long (the machine is shared).
MAX_WAIT_EACH=${BENCH_MAX_WAIT_EACH:-2}
BENCH_TMP=$(mktemp -d /tmp/tollgate-bench.XXXXXX)
chmod 755 "$BENCH_TMP"
: >"$BENCH_TMP/pids"
ulimit -n 65536 2>/dev/null || true

[[ -x "$TOLLGATE" ]] || { echo "no release binary at $TOLLGATE (swift build -c release --scratch-path .build-release)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 1; }

cleanup() {
    local pid
    while read -r pid; do
        [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
    done <"$BENCH_TMP/pids"
    sleep 0.5
    while read -r pid; do
        [[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null || true
    done <"$BENCH_TMP/pids"
    if [[ -n "${PG_DIR:-}" ]]; then "$REPO/scripts/postgres-throwaway" stop "$PG_DIR" >/dev/null 2>&1 || true; fi
    rm -rf "$BENCH_TMP"
}
trap cleanup EXIT

log() { echo "# $*" >&2; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

load1() { cut -d' ' -f1 /proc/loadavg; }

# Waits until the 1-minute load average is at most $MAX_LOAD (checking every minute, at most
# $MAX_WAIT_MINUTES the first time in a script and $MAX_WAIT_EACH after that), then returns; the caller
# records `load1` next to its result either way.
WAITED_ONCE=""
wait_for_quiet() {
    local waited=0 limit=$MAX_WAIT_MINUTES
    [[ -n $WAITED_ONCE ]] && limit=$(( MAX_WAIT_EACH < MAX_WAIT_MINUTES ? MAX_WAIT_EACH : MAX_WAIT_MINUTES ))
    WAITED_ONCE=1
    while awk -v l="$(load1)" -v m="$MAX_LOAD" 'BEGIN { exit !(l > m) }'; do
        if (( waited >= limit )); then
            log "load still $(load1) after $waited min; measuring anyway"
            return 0
        fi
        log "load $(load1) > $MAX_LOAD; waiting a minute"
        sleep 60
        waited=$((waited + 1))
    done
}

# Waits until http://127.0.0.1:$1$2 answers (any status), up to 60 s.
wait_http() {
    local port=$1 path=${2:-/}
    for _ in $(seq 600); do
        if curl -s -o /dev/null "http://127.0.0.1:$port$path"; then return 0; fi
        sleep 0.1
    done
    echo "nothing answers on port $port" >&2
    return 1
}

# start_simulator PORT: the provider simulator with no latency (its defaults).
start_simulator() {
    "$TOLLGATE" simulate --port "$1" >"$BENCH_TMP/simulator.log" 2>&1 &
    echo $! >>"$BENCH_TMP/pids"
    wait_http "$1" /
}

# start_nginx PORT [CONFIG UPSTREAM_PORT]: nginx answering provider-shaped bodies from fixed files
# (bench/nginx.conf), or as the given configuration (bench/nginx-proxy.conf: a reverse proxy to UPSTREAM_PORT).
start_nginx() {
    local port=$1 config=${2:-nginx.conf} upstream=${3:-}
    local dir="$BENCH_TMP/${config%.conf}"
    mkdir -p "$dir/logs"
    sed -e "s|@PORT@|$port|g" -e "s|@DIR@|$dir|g" -e "s|@BENCH@|$BENCH_DIR|g" -e "s|@UPSTREAM@|$upstream|g" \
        "$BENCH_DIR/$config" >"$dir/nginx.conf"
    nginx -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' >"$dir/stderr.log" 2>&1 &
    echo $! >>"$BENCH_TMP/pids"
    wait_http "$port" /
}

# start_postgres: a throwaway cluster; sets PG_URL and PG_DIR.
start_postgres() {
    local out
    out=$("$REPO/scripts/postgres-throwaway" start)
    PG_URL=$(echo "$out" | sed -n 's/^TOLLGATE_TEST_POSTGRES_URL=//p')
    PG_DIR=$(echo "$out" | sed -n 's/^PGDATA_DIR=//p')
}

# A plans file equal to the bundled one but with the Elite plan's hour and day windows set to a
# limit no benchmark reaches, so every request runs the rate-window upserts of the hold transaction.
bench_plans() {
    python3 - "$REPO/Sources/TollgateCore/Resources/plans.json" "$BENCH_TMP/plans.json" <<'PY'
import json, sys
plans = json.load(open(sys.argv[1]))
for plan in plans["plans"]:
    if plan["code"] == "elite":
        plan["limit_hour"] = 1_000_000_000
        plan["limit_day"] = 1_000_000_000
json.dump(plans, open(sys.argv[2], "w"))
PY
    echo "$BENCH_TMP/plans.json"
}

# start_tollgate NAME PORT UPSTREAM_URL [DATABASE_URL]: a fresh data folder (or the given database),
# $BENCH_ACCOUNTS (default 1) Elite accounts with a huge package grant and a key each (space-separated in
# $BENCH_TMP/NAME.key; 0: none, for another instance on a database that has them); the pid is in
# $BENCH_TMP/NAME.pid. Extra environment (e.g. TOLLGATE_LOG_LEVEL) passes through.
start_tollgate() {
    local name=$1 port=$2 upstream=$3 database=${4:-}
    local -a where=(--data "$BENCH_TMP/$name-data")
    if [[ -n "$database" ]]; then where+=(--database "$database"); fi
    export TOLLGATE_PLANS_FILE=${TOLLGATE_PLANS_FILE:-$(bench_plans)}
    local account keys=()
    for account in $(seq "${BENCH_ACCOUNTS:-1}"); do
        "$TOLLGATE" accounts create "${where[@]}" --email "bench-$name-$account@example.com" --plan elite --tokens 100000000 >/dev/null
        keys+=("$("$TOLLGATE" keys create "${where[@]}" --account "bench-$name-$account@example.com" --name bench | tail -n 1)")
    done
    echo "${keys[*]}" >"$BENCH_TMP/$name.key"
    "$TOLLGATE" serve "${where[@]}" --port "$port" --simulator "$upstream" >"$BENCH_TMP/$name.log" 2>&1 &
    local pid=$!
    echo "$pid" >>"$BENCH_TMP/pids"
    echo "$pid" >"$BENCH_TMP/$name.pid"
    wait_http "$port" /healthz
}

stop_pid() {
    kill "$1" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$1" 2>/dev/null || true
}

# ledger_check NAME [DATABASE_URL]: "ok" when every bucket equals its entries and holds match.
ledger_check() {
    local name=$1 database=${2:-}
    local -a where=(--data "$BENCH_TMP/$name-data")
    if [[ -n "$database" ]]; then where+=(--database "$database"); fi
    if "$TOLLGATE" ledger check "${where[@]}" >/dev/null 2>&1; then echo ok; else echo FAILED; fi
}

rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM/ { print $2 }' "/proc/$1/status"; }

# run_wrk URL BODY KEY CONNECTIONS [SECONDS]: one bounded wrk run; prints
# "rps p50_ms p99_ms max_ms requests errors" (errors = socket errors + non-2xx answers).
run_wrk() {
    local url=$1 body=$2 key=$3 connections=$4 seconds=${5:-$SECONDS_PER_RUN} threads=2
    (( connections == 1 )) && threads=1
    BENCH_BODY=$body BENCH_KEY=$key timeout $((seconds + 30)) \
        wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "$BENCH_DIR/post.lua" "$url" \
        | awk '/^RESULT/ { print $2, $3, $4, $5, $6, $7 }'
}
