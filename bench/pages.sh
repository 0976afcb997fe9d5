#!/usr/bin/env bash
# Dashboard pages (SPEC §14: each under 50 ms on the server with 100,000 generations in the account): signs a
# user up through /signup, writes BENCH_GENERATIONS (100,000) generations into its account straight into the
# database (spread over 60 days, every status and category, some favourites), then loads each page with wrk
# (BENCH_CONNECTIONS, default 4, for BENCH_SECONDS) and prints its latency percentiles. Latency is measured by
# wrk on the same machine over loopback, so it is the server's time plus a loopback round trip.
#
#   bench/pages.sh             # BENCH_DBS="sqlite postgres" BENCH_GENERATIONS=100000
source "$(dirname "$0")/lib.sh"

SIM_PORT=$(free_port)
start_simulator "$SIM_PORT"
COUNT=${BENCH_GENERATIONS:-100000}
PAGES=(/dashboard /dashboard/history "/dashboard/history?category=image&favorites_only=true" "/dashboard/history?page=400"
    /dashboard/keys /dashboard/playground /dashboard/billing /dashboard/settings / /docs/models)

for db in ${BENCH_DBS:-sqlite postgres}; do
    database=""
    if [[ $db == postgres ]]; then
        [[ -n "${PG_URL:-}" ]] || start_postgres
        database=$PG_URL
    fi
    port=$(free_port)
    start_tollgate "pages-$db" "$port" "http://127.0.0.1:$SIM_PORT" "$database"
    base="http://127.0.0.1:$port"
    jar="$BENCH_TMP/pages-$db.cookies"
    email="reader-$db@example.com"
    csrf=$(curl -s -c "$jar" "$base/signup" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
    curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "_csrf=$csrf" --data-urlencode "email=$email" \
        --data-urlencode "password=bench password 1" "$base/signup"
    session=$(awk '$6 == "tollgate_session" { print $7 }' "$jar")
    [[ -n $session ]] || { echo "sign-up failed" >&2; exit 1; }
    if [[ -n $database ]]; then target=(--postgres "$database"); else target=(--sqlite "$BENCH_TMP/pages-$db-data/tollgate.sqlite"); fi
    python3 "$BENCH_DIR/pages_seed.py" --email "$email" --count "$COUNT" "${target[@]}"
    wait_for_quiet
    echo "== $db: $COUNT generations in the account, load $(load1)"
    # The chart reads 30 days once a day per account (then today alone): its first render, timed on its own.
    cold=$(curl -s -o /dev/null -w '%{time_total}' -b "tollgate_session=$session" "$base/dashboard")
    echo "first /dashboard of the day (30 days read): $(awk -v t="$cold" 'BEGIN { printf "%.2f ms", t * 1000 }')"
    printf '%-58s %8s %8s %8s %10s\n' page p50 p90 p99 requests/s
    for page in "${PAGES[@]}"; do
        # One warm-up pass, then the measured run.
        curl -s -o /dev/null -b "tollgate_session=$session" "$base$page"
        wrk -t1 -c"${BENCH_CONNECTIONS:-4}" -d"${SECONDS_PER_RUN}s" --latency -H "Cookie: tollgate_session=$session" \
            "$base$page" >"$BENCH_TMP/wrk.out"
        awk -v page="$page" '
            /^ +50%/ { p50 = $2 } /^ +90%/ { p90 = $2 } /^ +99%/ { p99 = $2 } /^Requests\/sec/ { rps = $2 }
            /Non-2xx/ { bad = $NF }
            END { printf "%-58s %8s %8s %8s %10s%s\n", page, p50, p90, p99, rps, bad ? "  NON-2xx: " bad : "" }
        ' "$BENCH_TMP/wrk.out"
    done
    stop_pid "$(cat "$BENCH_TMP/pages-$db.pid")"
    echo
done
