#!/usr/bin/env bash
# Fuzzing the whole HTTP surface of one Tollgate (bench/fuzz_http.py): the operations of its own
# GET /openapi.json plus the web pages, valid and mutated requests, bad credentials, odd methods, paths and
# query strings, bad multipart, oversized and chunked bodies, SSRF-looking URLs and raw malformed HTTP; the
# pid is checked after every batch (a crash is saved and the server restarted). Prints markdown tables and
# `RESULT requests=N 5xx=N envelope_violations=N crashes=N hangs=N`; always exits 0. Ends with `ledger check`.
#
#   TOLLGATE_BIN=.build/debug/tollgate bench/fuzz.sh
#   # FUZZ_REQUESTS=10000 FUZZ_SECONDS=1800 FUZZ_WORKERS=8 FUZZ_SEED=1 BENCH_DBS=sqlite (or "sqlite postgres")
#   # FUZZ_OUT=/tmp/tollgate-fuzz.<time>: samples (.http = the raw request bytes, .txt = what came back), logs
source "$(dirname "$0")/lib.sh"
set +e

OUT=${FUZZ_OUT:-/tmp/tollgate-fuzz.$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
SIM_PORT=$(free_port)
start_simulator "$SIM_PORT"
# Payments and the bot point at the simulator's fakes, so their routes run for real.
export TOLLGATE_YOOKASSA_SHOP_ID=fuzz TOLLGATE_YOOKASSA_SECRET_KEY=sk_fuzz
export TOLLGATE_YOOKASSA_API_URL="http://127.0.0.1:$SIM_PORT/yookassa/v3" TOLLGATE_YOOKASSA_TRUSTED_NETWORKS=127.0.0.0/8
export TOLLGATE_TELEGRAM_BOT_TOKEN="123456:FUZZ" TOLLGATE_TELEGRAM_WEBHOOK_SECRET=fuzz-secret
export TOLLGATE_TELEGRAM_API_URL="http://127.0.0.1:$SIM_PORT/telegram"
for db in ${BENCH_DBS:-sqlite}; do
    database=""
    if [[ $db == postgres ]]; then
        [[ -n "${PG_URL:-}" ]] || start_postgres
        database=$PG_URL
    fi
    name="fuzz-$db"
    mkdir -p "$OUT/$db"
    port=$(free_port)
    start_tollgate "$name" "$port" "http://127.0.0.1:$SIM_PORT" "$database"
    where="--data '$BENCH_TMP/$name-data'"
    [[ -n "$database" ]] && where+=" --database '$database'"
    # After a crash: the same server again, on the same data and port.
    cat >"$BENCH_TMP/restart-$name.sh" <<SH
"$TOLLGATE" serve $where --port $port --simulator "http://127.0.0.1:$SIM_PORT" >>"$BENCH_TMP/$name.log" 2>&1 &
echo \$! >"$BENCH_TMP/$name.pid"
echo \$! >>"$BENCH_TMP/pids"
SH
    python3 "$BENCH_DIR/fuzz_http.py" --port "$port" --key "$(cat "$BENCH_TMP/$name.key")" \
        --requests "${FUZZ_REQUESTS:-10000}" --seconds "${FUZZ_SECONDS:-1800}" --workers "${FUZZ_WORKERS:-8}" \
        --seed "${FUZZ_SEED:-1}" --pid-file "$BENCH_TMP/$name.pid" --restart "bash $BENCH_TMP/restart-$name.sh" \
        --out "$OUT/$db" --telegram-secret "$TOLLGATE_TELEGRAM_WEBHOOK_SECRET" --label "$db, $(basename "$TOLLGATE") $("$TOLLGATE" --version)" \
        | tee "$OUT/$db/report.md"
    stop_pid "$(cat "$BENCH_TMP/$name.pid")"
    cp "$BENCH_TMP/$name.log" "$OUT/$db/server.log"
    echo
    echo "Server log ($db): $(grep -c ' error \| critical ' "$OUT/$db/server.log") error/critical lines; distinct:"
    sed -E 's/^[0-9T:+-]+ //' "$OUT/$db/server.log" | grep -E '^(error|critical) ' \
        | sed -E 's/(request_id|id|account|generation|payment|key)=[^ ]+/\1=…/g' | sort | uniq -c | sort -rn | head -20 | sed 's/^/    /'
    grep -E 'Fatal error|Crash|SIGSEGV|SIGILL|SIGABRT' "$OUT/$db/server.log" | head -5
    echo
    where_args=(--data "$BENCH_TMP/$name-data")
    [[ -n "$database" ]] && where_args+=(--database "$database")
    ledger=$("$TOLLGATE" ledger check "${where_args[@]}" 2>&1); rc=$?
    echo "ledger check after $name: $([[ $rc == 0 ]] && echo ok || echo FAILED) (exit $rc)"
    echo "$ledger" | tail -n 15 | sed 's/^/    /'
    echo
done
echo "samples and logs: $OUT"
exit 0
