#!/usr/bin/env bash
# Scenario 2: 256 simultaneous streams of 64 chunks at 20 ms pacing, against the simulator directly and
# through Tollgate (SQLite, billing on): lost and stalled frames, added time to first byte.
#
# The same streams also go through nginx as a plain reverse proxy (no auth, no billing): the reference for
# what relaying alone adds on this machine.
#
#   bench/stream.sh               # BENCH_STREAMS=256 BENCH_CHUNKS=64 BENCH_CHUNK_MS=20 BENCH_DBS=sqlite
#   BENCH_STREAM_SPREAD_MS=1000 bench/stream.sh   # the same streams started evenly over a second
#   BENCH_STREAM_RUNS=5 bench/stream.sh           # five rounds (each target in turn), percentiles over all
source "$(dirname "$0")/lib.sh"

SIM_PORT=$(free_port)
start_simulator "$SIM_PORT"
PROXY_PORT=$(free_port)
start_nginx "$PROXY_PORT" nginx-proxy.conf "$SIM_PORT"
for db in ${BENCH_DBS:-sqlite}; do
    database=""
    if [[ $db == postgres ]]; then [[ -n "${PG_URL:-}" ]] || start_postgres; database=$PG_URL; fi
    port=$(free_port)
    start_tollgate "stream-$db" "$port" "http://127.0.0.1:$SIM_PORT" "$database"
    # As many short streams each way first, open together (two chunks 100 ms apart), so that no proxy pays for
    # its upstream connections in the table (the client's own connections are open before a run starts; the
    # simulator keeps them alive, as a provider does). Streams of two chunks 1 ms apart overlapped too little:
    # they left ~64 upstream connections, and the first round opened the other ~190 at its peak.
    python3 "$BENCH_DIR/stream_client.py" --direct "http://127.0.0.1:$SIM_PORT" --through "http://127.0.0.1:$port" \
        --proxy "http://127.0.0.1:$PROXY_PORT" --key "$(cat "$BENCH_TMP/stream-$db.key")" --streams "${BENCH_STREAMS:-256}" \
        --chunks 2 --chunk-ms 100 >/dev/null
    wait_for_quiet
    echo "Database: $db"
    python3 "$BENCH_DIR/stream_client.py" --direct "http://127.0.0.1:$SIM_PORT" --through "http://127.0.0.1:$port" \
        --proxy "http://127.0.0.1:$PROXY_PORT" --key "$(cat "$BENCH_TMP/stream-$db.key")" --streams "${BENCH_STREAMS:-256}" \
        --chunks "${BENCH_CHUNKS:-64}" --chunk-ms "${BENCH_CHUNK_MS:-20}" --spread-ms "${BENCH_STREAM_SPREAD_MS:-0}" \
        --runs "${BENCH_STREAM_RUNS:-1}"
    stop_pid "$(cat "$BENCH_TMP/stream-$db.pid")"
    echo
    echo "ledger check after stream-$db: $(ledger_check "stream-$db" "$database")"
done
