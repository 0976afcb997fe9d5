#!/usr/bin/env bash
# Tollgate's CPU per billed request: POST /api/v2/generate (gpt-5-nano, nginx upstream) for
# BENCH_SECONDS at BENCH_CONCURRENCY, and the server's user+system CPU over that time divided by the
# requests. Less noisy than req/s on a shared machine; run two binaries in turn to compare them:
#   for bin in old new; do TOLLGATE_BIN=/tmp/$bin bench/cpu.sh; done
source "$(dirname "$0")/lib.sh"

BODY='{"model":"gpt-5-nano","prompt":"Say hello"}'
CONCURRENCY=${BENCH_CONCURRENCY:-64}
NGINX_PORT=$(free_port)
start_nginx "$NGINX_PORT"
echo "| db | c | req/s | p50 | p99 | requests | errors | CPU ms per request | load |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for db in ${BENCH_DBS:-sqlite}; do
    database=""
    if [[ $db == postgres ]]; then [[ -n "${PG_URL:-}" ]] || start_postgres; database=$PG_URL; fi
    port=$(free_port)
    start_tollgate "cpu-$db" "$port" "http://127.0.0.1:$NGINX_PORT" "$database"
    pid=$(cat "$BENCH_TMP/cpu-$db.pid")
    key=$(cat "$BENCH_TMP/cpu-$db.key")
    run_wrk "http://127.0.0.1:$port/api/v2/generate" "$BODY" "$key" "$CONCURRENCY" 2 >/dev/null # warm-up
    wait_for_quiet
    load=$(load1)
    before=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
    read -r rps p50 p99 _ requests errors <<<"$(run_wrk "http://127.0.0.1:$port/api/v2/generate" "$BODY" "$key" "$CONCURRENCY")"
    after=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
    ticks=$(getconf CLK_TCK)
    per=$(awk -v a="$before" -v b="$after" -v n="$requests" -v t="$ticks" 'BEGIN { printf "%.3f", (b - a) * 1000 / t / n }')
    echo "| $db | $CONCURRENCY | $rps | $p50 | $p99 | $requests | $errors | $per | $load |"
    stop_pid "$pid"
    echo "ledger check after cpu-$db: $(ledger_check "cpu-$db" "$database")" >&2
done
