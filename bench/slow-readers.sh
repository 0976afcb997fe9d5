#!/usr/bin/env bash
# Slow stream readers (issue 24 §8): N clients each start a long stream (POST /api/v2/generate/stream,
# gpt-5-nano, [[sim chunks=…]] deltas of 4 KB from the simulator) and then read nothing. Tollgate's VmRSS before and
# at its peak over BENCH_SLOW_SECONDS, and how the streams ended at the simulator (held back and cancelled, or
# read to the end into Tollgate's memory). Compare binaries with TOLLGATE_BIN.
#
#   bench/slow-readers.sh         # BENCH_SLOW_READERS=10 BENCH_SLOW_SECONDS=45 BENCH_SLOW_CHUNKS=20000
source "$(dirname "$0")/lib.sh"

READERS=${BENCH_SLOW_READERS:-10}
WATCH=${BENCH_SLOW_SECONDS:-45}
CHUNKS=${BENCH_SLOW_CHUNKS:-20000}
SIM_PORT=$(free_port)
start_simulator "$SIM_PORT"
port=$(free_port)
start_tollgate slow "$port" "http://127.0.0.1:$SIM_PORT"
pid=$(cat "$BENCH_TMP/slow.pid")
key=$(cut -d' ' -f1 "$BENCH_TMP/slow.key")
sleep 3
idle=$(rss_kb "$pid")
python3 - "$port" "$key" "$READERS" "$CHUNKS" "$WATCH" "$pid" >"$BENCH_TMP/slow.out" <<'PY'
import json, socket, sys, time
port, key, readers, chunks, watch, pid = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], float(sys.argv[5]), sys.argv[6]
word = "w" * 4096
body = json.dumps({"model": "gpt-5-nano", "prompt": f"{word} [[sim chunks={chunks}]]"}).encode()
connections = []
for _ in range(readers):
    s = socket.create_connection(("127.0.0.1", int(port)))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.sendall(b"POST /api/v2/generate/stream HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + key.encode()
              + b"\r\nContent-Type: application/json\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    s.recv(512)  # the head and the first event; nothing more is read
    connections.append(s)
def rss():
    with open(f"/proc/{pid}/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS"))
peak = 0
end = time.monotonic() + watch
while time.monotonic() < end:
    peak = max(peak, rss())
    time.sleep(0.5)
print(peak)
for s in connections: s.close()
PY
peak=$(cat "$BENCH_TMP/slow.out")
stats=$(curl -s "http://127.0.0.1:$SIM_PORT/_simulator/stats")
stop_pid "$pid"
echo "Slow readers — $READERS streams of up to $CHUNKS x 4 KB deltas, not read, watched $WATCH s ($(basename "$TOLLGATE"))"
echo
echo "| VmRSS idle MB | VmRSS peak MB | simulator streams completed | cancelled | still open |"
echo "|---:|---:|---:|---:|---:|"
python3 - "$stats" "$idle" "$peak" <<'PY'
import json, sys
stats = json.loads(sys.argv[1])
def get(*names):
    return next((stats[n] for n in names if n in stats), "?")
print(f"| {int(sys.argv[2]) // 1024} | {int(sys.argv[3]) // 1024} | {get('streams_completed', 'streamsCompleted')} "
      f"| {get('streams_cancelled', 'streamsCancelled')} | {get('open_streams', 'openStreams')} |")
PY
