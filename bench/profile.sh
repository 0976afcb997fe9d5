#!/usr/bin/env bash
# Where the CPU goes: perf samples of Tollgate (SQLite, nginx upstream) under POST /api/v2/generate at
# concurrency 64, printed as the top symbols by self time and by inclusive time (Swift names demangled).
#
#   bench/profile.sh              # BENCH_PROFILE_SECONDS=10 BENCH_DBS=sqlite BENCH_PROFILE_TOP=40
# The samples stay in /tmp/tollgate-perf-<db>.data for `perf report -i`.
source "$(dirname "$0")/lib.sh"

SECONDS_PROFILED=${BENCH_PROFILE_SECONDS:-10}
TOP=${BENCH_PROFILE_TOP:-40}
BODY='{"model":"gpt-5-nano","prompt":"Say hello"}'
NGINX_PORT=$(free_port)
start_nginx "$NGINX_PORT"
for db in ${BENCH_DBS:-sqlite}; do
    database=""
    if [[ $db == postgres ]]; then [[ -n "${PG_URL:-}" ]] || start_postgres; database=$PG_URL; fi
    port=$(free_port)
    start_tollgate "profile-$db" "$port" "http://127.0.0.1:$NGINX_PORT" "$database"
    pid=$(cat "$BENCH_TMP/profile-$db.pid")
    key=$(cat "$BENCH_TMP/profile-$db.key")
    run_wrk "http://127.0.0.1:$port/api/v2/generate" "$BODY" "$key" 64 2 >/dev/null # warm-up
    wait_for_quiet
    load=$(load1)
    perf record -F 2999 -g -p "$pid" -o "$BENCH_TMP/perf.data" -- sleep "$SECONDS_PROFILED" >/dev/null 2>&1 &
    perf_pid=$!
    result=$(run_wrk "http://127.0.0.1:$port/api/v2/generate" "$BODY" "$key" 64 "$SECONDS_PROFILED")
    wait "$perf_pid" || true
    echo "Profile ($db): $result (rps p50 p99 max requests errors), load $load"
    echo
    echo "Self time, top $TOP:"
    perf report -i "$BENCH_TMP/perf.data" --no-children --sort symbol --stdio 2>/dev/null \
        | grep -E '^ +[0-9.]+%' | head -n "$TOP" | swift demangle --simplified | cut -c1-200 || true
    echo
    echo "Inclusive time, top $TOP:"
    perf report -i "$BENCH_TMP/perf.data" --children --sort symbol --stdio -g none 2>/dev/null \
        | grep -E '^ +[0-9.]+%' | head -n "$TOP" | swift demangle --simplified | cut -c1-200 || true
    echo
    echo "By thread:"
    perf report -i "$BENCH_TMP/perf.data" --no-children --sort comm --stdio 2>/dev/null | grep -E '^ +[0-9.]+%' | head -n 10 || true
    cp "$BENCH_TMP/perf.data" "${BENCH_PERF_OUT:-/tmp/tollgate-perf-$db.data}"
    stop_pid "$pid"
done
