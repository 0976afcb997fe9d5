#!/usr/bin/env bash
# Chaos: CHAOS_INSTANCES (2) Tollgate instances on one throwaway PostgreSQL, the simulator as every provider and as
# YooKassa, under mixed load (bench/chaos_client.py: sync generations, streams, async jobs polled to the end,
# idempotent requests retried with the same key, package purchases) for CHAOS_SECONDS; every 3–8 s (random) one
# instance is killed with SIGKILL and started again on the same port a second later, and the clients move to
# another instance on a connection error. Then the survivors settle and the database is checked: ledger check,
# nothing pending past its deadline, no idempotency claim unanswered past its deadline, every generation's ledger
# entries against its status, one completed generation per idempotent request, every purchase credited once.
#
#   TOLLGATE_BIN=.build/debug/tollgate bench/chaos.sh
#   # CHAOS_SECONDS=60 CHAOS_INSTANCES=2 CHAOS_DEADLINE=30 CHAOS_JOB_LEASE=10 CHAOS_SETTLE=deadline+lease+20 BENCH_ACCOUNTS=4
#
# The models' deadlines are shortened to CHAOS_DEADLINE seconds (a catalog_file equal to the bundled one
# otherwise) and the job lease to CHAOS_JOB_LEASE, so that "nothing pending past its deadline" can be checked
# within the run. Prints `RESULT kills=N requests=N ledger=ok|FAIL stuck_pending=N unanswered_claims=N`.
source "$(dirname "$0")/lib.sh"
set +e

SECONDS_LOAD=${CHAOS_SECONDS:-60}
INSTANCES=${CHAOS_INSTANCES:-2}
DEADLINE=${CHAOS_DEADLINE:-30}
export TOLLGATE_JOB_LEASE_SECONDS=${CHAOS_JOB_LEASE:-10}
SETTLE=${CHAOS_SETTLE:-$((DEADLINE + TOLLGATE_JOB_LEASE_SECONDS + 20))}
export BENCH_ACCOUNTS=${BENCH_ACCOUNTS:-4}
[[ -n "${PG_URL:-}" ]] || start_postgres

python3 - "$REPO/Sources/TollgateCore/Resources/catalog.json" "$BENCH_TMP/catalog.json" "$DEADLINE" <<'PY'
import json, sys
catalog = json.load(open(sys.argv[1]))
for model in catalog["models"]:
    model["deadline_seconds"] = int(sys.argv[3])
json.dump(catalog, open(sys.argv[2], "w"))
PY
export TOLLGATE_CATALOG_FILE="$BENCH_TMP/catalog.json"

SIM_PORT=$(free_port)
start_simulator "$SIM_PORT"
SIM="http://127.0.0.1:$SIM_PORT"
export TOLLGATE_YOOKASSA_SHOP_ID=chaos TOLLGATE_YOOKASSA_SECRET_KEY=sk_chaos
export TOLLGATE_YOOKASSA_API_URL="$SIM/yookassa/v3" TOLLGATE_YOOKASSA_TRUSTED_NETWORKS=127.0.0.0/8

ports=()
urls=()
for i in $(seq "$INSTANCES"); do
    port=$(free_port)
    if ((i == 1)); then accounts=$BENCH_ACCOUNTS; else accounts=0; fi
    BENCH_ACCOUNTS=$accounts start_tollgate "chaos-$i" "$port" "$SIM" "$PG_URL"
    ports+=("$port")
    urls+=("http://127.0.0.1:$port")
done
disown -a # their SIGKILLs are on purpose: no "Killed" job reports

# restart I: the same instance again (same data folder, database and port, so the same instance id).
restart() {
    local i=$1 port=${ports[$(($1 - 1))]}
    # In a subshell of its own, so that its SIGKILL later is not reported as a job of this shell.
    ("$TOLLGATE" serve --data "$BENCH_TMP/chaos-$i-data" --database "$PG_URL" --port "$port" --simulator "$SIM" \
        >>"$BENCH_TMP/chaos-$i.log" 2>&1 &
        echo $! >>"$BENCH_TMP/pids"
        echo $! >"$BENCH_TMP/chaos-$i.pid")
    wait_http "$port" /healthz
}

# The killer: until the load ends, every 3–8 s one instance at random gets SIGKILL, and is started again 1 s later.
end_at=$(($(date +%s) + SECONDS_LOAD))
: >"$BENCH_TMP/kills"
killer() {
    while true; do
        sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.1f", 3 + 5 * r / 32767 }')"
        (($(date +%s) < end_at)) || break
        local i=$((RANDOM % INSTANCES + 1))
        local pid
        pid=$(cat "$BENCH_TMP/chaos-$i.pid")
        kill -9 "$pid" 2>/dev/null && echo "$(date +%T) killed instance $i (pid $pid)" >>"$BENCH_TMP/kills"
        sleep 1
        restart "$i"
    done
}
killer &
killer_pid=$!
echo "$killer_pid" >>"$BENCH_TMP/pids"

keys=$(cat "$BENCH_TMP/chaos-1.key")
log "load for $SECONDS_LOAD s on ${urls[*]}, kills every 3-8 s"
python3 "$BENCH_DIR/chaos_client.py" load --urls "${urls[@]}" --keys "$keys" --simulator "$SIM" \
    --seconds "$SECONDS_LOAD" --deadline "$DEADLINE" --state "$BENCH_TMP/chaos-state.json"
wait "$killer_pid"
kills=$(grep -c killed "$BENCH_TMP/kills")
log "load over; $kills kills; settling (at most $SETTLE s)"
python3 "$BENCH_DIR/chaos_client.py" report --state "$BENCH_TMP/chaos-state.json" --psql "$PG_URL" \
    --tollgate "$TOLLGATE" --data "$BENCH_TMP/chaos-1-data" --kills "$kills" --instances "$INSTANCES" \
    --deadline "$DEADLINE" --settle "$SETTLE"
echo
echo "Server logs: $(cat "$BENCH_TMP"/chaos-*.log | grep -c ' error \| critical ') error/critical lines; distinct:"
cat "$BENCH_TMP"/chaos-*.log | sed -E 's/^[0-9T:+-]+ //' | grep -E '^(error|critical) ' \
    | sed -E 's/(request_id|hb\.request\.id|id|account|generation|payment|key)=[^ ]+/\1=…/g' | sort | uniq -c | sort -rn \
    | head -15 | sed 's/^/    /'
if [[ -n "${CHAOS_KEEP_LOGS:-}" ]]; then mkdir -p "$CHAOS_KEEP_LOGS" && cp "$BENCH_TMP"/chaos-*.log "$BENCH_TMP/kills" "$BENCH_TMP/chaos-state.json" "$CHAOS_KEEP_LOGS/"; fi
exit 0
