#!/usr/bin/env bash
# Scenario 3: 1,000 asynchronous jobs submitted at once; time until every one is final, jobs/s.
#
#   bench/async.sh                # BENCH_JOBS=1000 BENCH_MODEL=photon-flash BENCH_DBS="sqlite postgres"
# The simulator's job knob `[[sim job_ms=0]]` makes each job finish on its first poll.
source "$(dirname "$0")/lib.sh"

SIM_PORT=$(free_port)
start_simulator "$SIM_PORT"
for db in ${BENCH_DBS:-sqlite postgres}; do
    database=""
    watch=(--sqlite "$BENCH_TMP/async-$db-data/tollgate.sqlite")
    if [[ $db == postgres ]]; then
        [[ -n "${PG_URL:-}" ]] || start_postgres
        database=$PG_URL
        watch=(--psql "$PG_URL")
    fi
    port=$(free_port)
    start_tollgate "async-$db" "$port" "http://127.0.0.1:$SIM_PORT" "$database"
    wait_for_quiet
    python3 "$BENCH_DIR/jobs_client.py" --url "http://127.0.0.1:$port" --key "$(cat "$BENCH_TMP/async-$db.key")" \
        --count "${BENCH_JOBS:-1000}" --model "${BENCH_MODEL:-photon-flash}" \
        --prompt "${BENCH_PROMPT:-[[sim job_ms=0]] a red fox in snow}" --label "$db" "${watch[@]}"
    stop_pid "$(cat "$BENCH_TMP/async-$db.pid")"
    echo
    echo "ledger check after async-$db: $(ledger_check "async-$db" "$database")"
    echo
done
