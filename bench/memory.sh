#!/usr/bin/env bash
# Scenario 4: Tollgate's resident memory (VmRSS) idle after start, at peak during the scenario-1 load
# (POST /api/v2/generate at concurrency 64 against the simulator), and one minute after the load stops.
#
#   bench/memory.sh               # BENCH_DBS=sqlite BENCH_MEMORY_LOAD_SECONDS=30
source "$(dirname "$0")/lib.sh"

LOAD_SECONDS=${BENCH_MEMORY_LOAD_SECONDS:-30}
BODY='{"model":"gpt-5-nano","prompt":"Say hello"}'
SIM_PORT=$(free_port)
start_simulator "$SIM_PORT"
rows=()
for db in ${BENCH_DBS:-sqlite}; do
    database=""
    if [[ $db == postgres ]]; then [[ -n "${PG_URL:-}" ]] || start_postgres; database=$PG_URL; fi
    port=$(free_port)
    name="memory-$db"
    start_tollgate "$name" "$port" "http://127.0.0.1:$SIM_PORT" "$database"
    pid=$(cat "$BENCH_TMP/$name.pid")
    sleep 5
    idle=$(rss_kb "$pid")
    wait_for_quiet
    load=$(load1)
    # Sample every half second while wrk runs; the peak is the largest sample (and VmHWM).
    (
        while kill -0 "$pid" 2>/dev/null; do rss_kb "$pid"; sleep 0.5; done
    ) >"$BENCH_TMP/$name.samples" &
    sampler=$!
    echo "$sampler" >>"$BENCH_TMP/pids"
    result=$(run_wrk "http://127.0.0.1:$port/api/v2/generate" "$BODY" "$(cat "$BENCH_TMP/$name.key")" 64 "$LOAD_SECONDS")
    kill "$sampler" 2>/dev/null || true
    peak=$(sort -n "$BENCH_TMP/$name.samples" | tail -n 1)
    hwm=$(hwm_kb "$pid")
    sleep 60
    after=$(rss_kb "$pid")
    read -r rps _ <<<"$result"
    rows+=("| $db | $((idle / 1024)) | $((peak / 1024)) | $((hwm / 1024)) | $((after / 1024)) | $(awk -v a="$after" -v i="$idle" 'BEGIN { printf "%+.0f%%", (a - i) * 100 / i }') | $rps | $load |")
    stop_pid "$pid"
done
echo "Scenario 4 — memory (MB of VmRSS; load = $LOAD_SECONDS s of POST /api/v2/generate at c=64)"
echo
echo "| db | idle (5 s after start) | peak sample | VmHWM | 60 s after load | after vs idle | req/s during load | load avg |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
