#!/usr/bin/env bash
# Payments: BENCH_PAYMENTS (1,000) package purchases through YooKassa's fake in the simulator, paid there with
# no notification, then that many notifications at once and the same again as duplicates: how long until
# every payment is credited (a notification is answered 200 once its outcome is durable), and that each was
# credited exactly once. Ends with `tollgate ledger check`, which counts the purchase entries per payment.
#
#   bench/payments.sh             # BENCH_PAYMENTS=1000 BENCH_DBS="sqlite postgres"
source "$(dirname "$0")/lib.sh"

SIM_PORT=$(free_port)
start_simulator "$SIM_PORT"
export TOLLGATE_YOOKASSA_SHOP_ID=bench TOLLGATE_YOOKASSA_SECRET_KEY=sk_bench
export TOLLGATE_YOOKASSA_API_URL="http://127.0.0.1:$SIM_PORT/yookassa/v3" TOLLGATE_YOOKASSA_TRUSTED_NETWORKS=127.0.0.0/8
for db in ${BENCH_DBS:-sqlite postgres}; do
    database=""
    if [[ $db == postgres ]]; then
        [[ -n "${PG_URL:-}" ]] || start_postgres
        database=$PG_URL
    fi
    port=$(free_port)
    start_tollgate "payments-$db" "$port" "http://127.0.0.1:$SIM_PORT" "$database"
    wait_for_quiet
    python3 "$BENCH_DIR/payments_client.py" --url "http://127.0.0.1:$port" --simulator "http://127.0.0.1:$SIM_PORT" \
        --key "$(cat "$BENCH_TMP/payments-$db.key")" --count "${BENCH_PAYMENTS:-1000}" --label "$db"
    stop_pid "$(cat "$BENCH_TMP/payments-$db.pid")"
    echo
    echo "ledger check after payments-$db: $(ledger_check "payments-$db" "$database")"
    echo
done
