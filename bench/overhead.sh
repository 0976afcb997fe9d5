#!/usr/bin/env bash
# Scenario 1: the upstream called directly vs through Tollgate (auth, rate windows and the ledger on),
# on POST /v1/chat/completions and POST /api/v2/generate (gpt-5-nano), SQLite and PostgreSQL, at
# concurrency 1 and 64; the simulator (no latency) and nginx (fixed bodies) as upstreams.
#
#   bench/overhead.sh                 # both upstreams, both databases
#   BENCH_UPSTREAMS=nginx BENCH_DBS=sqlite BENCH_SECONDS=5 bench/overhead.sh
#
# Prints a markdown table; "added" is through-Tollgate minus direct at the same concurrency.
source "$(dirname "$0")/lib.sh"

UPSTREAMS=${BENCH_UPSTREAMS:-simulator nginx}
DBS=${BENCH_DBS:-sqlite postgres}
CONCURRENCIES=${BENCH_CONCURRENCY:-1 64}
DIRECT_BODY='{"model":"gpt-5-nano","messages":[{"role":"user","content":"Say hello"}]}'
CHAT_BODY=$DIRECT_BODY
GENERATE_BODY='{"model":"gpt-5-nano","prompt":"Say hello"}'

declare -A BASE_P50 BASE_P99
rows=()
checks=()

row() { # upstream db path c result load base_key
    local upstream=$1 db=$2 path=$3 c=$4 result=$5 load=$6 rps p50 p99 max n errors added50="" added99=""
    read -r rps p50 p99 max n errors <<<"$result"
    if [[ $db != "-" ]]; then
        added50=$(awk -v a="$p50" -v b="${BASE_P50[$upstream$c]}" 'BEGIN { printf "%+.3f", a - b }')
        added99=$(awk -v a="$p99" -v b="${BASE_P99[$upstream$c]}" 'BEGIN { printf "%+.3f", a - b }')
    else
        BASE_P50[$upstream$c]=$p50
        BASE_P99[$upstream$c]=$p99
    fi
    local line="| $upstream | $db | $path | $c | $rps | $p50 | $p99 | $max | $errors/$n | $added50 | $added99 | $load |"
    rows+=("$line")
    echo "$line" >&2
}

measure() { # upstream db path url body key
    local upstream=$1 db=$2 path=$3 url=$4 body=$5 key=$6 c result load
    for c in $CONCURRENCIES; do
        wait_for_quiet
        load=$(load1)
        result=$(run_wrk "$url" "$body" "$key" "$c")
        row "$upstream" "$db" "$path" "$c" "$result" "$load"
    done
}

SIM_PORT=$(free_port)
NGINX_PORT=$(free_port)
[[ $UPSTREAMS == *simulator* ]] && start_simulator "$SIM_PORT"
[[ $UPSTREAMS == *nginx* ]] && start_nginx "$NGINX_PORT"
[[ $DBS == *postgres* ]] && start_postgres

for upstream in $UPSTREAMS; do
    if [[ $upstream == simulator ]]; then base="http://127.0.0.1:$SIM_PORT"; else base="http://127.0.0.1:$NGINX_PORT"; fi
    run_wrk "$base/openai/v1/chat/completions" "$DIRECT_BODY" simulator 64 2 >/dev/null # warm-up
    measure "$upstream" - "direct /openai/v1/chat/completions" "$base/openai/v1/chat/completions" "$DIRECT_BODY" simulator
    for db in $DBS; do
        name="$upstream-$db"
        port=$(free_port)
        database=""
        if [[ $db == postgres ]]; then
            psql -q "$PG_URL" -c "CREATE DATABASE \"bench_${upstream}\"" >/dev/null
            database="${PG_URL%/*}/bench_${upstream}"
        fi
        start_tollgate "$name" "$port" "$base" "$database"
        key=$(cat "$BENCH_TMP/$name.key")
        gw="http://127.0.0.1:$port"
        run_wrk "$gw/api/v2/generate" "$GENERATE_BODY" "$key" 64 2 >/dev/null # warm-up
        measure "$upstream" "$db" "/v1/chat/completions" "$gw/v1/chat/completions" "$CHAT_BODY" "$key"
        measure "$upstream" "$db" "/api/v2/generate" "$gw/api/v2/generate" "$GENERATE_BODY" "$key"
        stop_pid "$(cat "$BENCH_TMP/$name.pid")"
        checks+=("ledger check after $name: $(ledger_check "$name" "$database")")
        log "${checks[-1]}"
    done
done

echo
echo "Scenario 1 — overhead ($SECONDS_PER_RUN s per run, wrk on loopback; latency in ms; load = 1-min load average at the start of the run)"
echo
echo "| upstream | db | path | c | req/s | p50 | p99 | max | errors/requests | added p50 | added p99 | load |"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
printf '%s\n' "${checks[@]}"
