#!/usr/bin/env bash
# Several Tollgate instances on one PostgreSQL (DESIGN: "several instances"), serving the same accounts:
# POST /api/v2/generate (gpt-5-nano, nginx upstream) against every instance at once; the summed req/s, the
# slowest instance's p99, and the deadlocks PostgreSQL counted meanwhile (pg_stat_database) — the instances'
# statements lock the same rows, so any two that take them in different orders show up there.
#   BENCH_INSTANCES=2 BENCH_ACCOUNTS=16 BENCH_CONCURRENCY=32 bench/instances.sh   # concurrency per instance
source "$(dirname "$0")/lib.sh"

BODY='{"model":"gpt-5-nano","prompt":"Say hello"}'
INSTANCES=${BENCH_INSTANCES:-2}
CONCURRENCY=${BENCH_CONCURRENCY:-32}
export BENCH_ACCOUNTS=${BENCH_ACCOUNTS:-16}
[[ -n "${PG_URL:-}" ]] || start_postgres
deadlocks() { psql "$PG_URL" -Atc "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"; }

NGINX_PORT=$(free_port)
start_nginx "$NGINX_PORT"
ports=()
for instance in $(seq "$INSTANCES"); do
    port=$(free_port)
    # The first creates the accounts and their keys; the others serve the same database and create none.
    if ((instance == 1)); then accounts=$BENCH_ACCOUNTS; else accounts=0; fi
    BENCH_ACCOUNTS=$accounts start_tollgate "instance-$instance" "$port" "http://127.0.0.1:$NGINX_PORT" "$PG_URL"
    ports+=("$port")
done
key=$(cat "$BENCH_TMP/instance-1.key")
# load_all SECONDS: wrk against every instance at once, each one's RESULT line in $BENCH_TMP/wrk-N.
load_all() {
    local pids=() i
    for i in "${!ports[@]}"; do
        run_wrk "http://127.0.0.1:${ports[$i]}/api/v2/generate" "$BODY" "$key" "$CONCURRENCY" "$1" >"$BENCH_TMP/wrk-$i" &
        pids+=($!)
    done
    wait "${pids[@]}"
}
load_all 2 # warm-up
wait_for_quiet
load=$(load1)
before=$(deadlocks)
load_all "$SECONDS_PER_RUN"
sleep 1 # PostgreSQL's backends report their counts when idle
after=$(deadlocks)
read -r rps p99 requests errors <<<"$(cat "$BENCH_TMP"/wrk-* | awk '{ rps += $1; if ($3 > p99) p99 = $3; n += $5; e += $6 } END { printf "%.0f %.3f %d %d", rps, p99, n, e }')"
echo "| instances | accounts | c each | req/s (sum) | p99 (slowest) | errors/requests | deadlocks | load |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
echo "| $INSTANCES | $BENCH_ACCOUNTS | $CONCURRENCY | $rps | $p99 | $errors/$requests | $((after - before)) | $load |"
echo
echo "ledger check after instances: $(ledger_check instance-1 "$PG_URL")"
