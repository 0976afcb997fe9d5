#!/usr/bin/env python3
"""Scenario 2 client: N simultaneous SSE streams against the simulator directly and through Tollgate.

Counts the content frames of every stream, its time to first byte (first body byte) and to first
content frame, and the largest gap between two frames. Times are the kernel's receive stamps (see
StampedStream), so the client's own lateness in reading a socket is not counted against the server. A
stream *lost* a frame when it ended with fewer content frames than asked for (or without its final
event); it *stalled* when two consecutive frames were further apart than --stall-ms. Prints a markdown
table; "added" rows are a proxy's numbers minus direct at the same percentile.
"""
import argparse
import asyncio
import os
import socket
import struct
import time

from httpc import dumps, now, percentile, split_url


SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)  # Linux; Python's socket module does not name it
STAMP_SPACE = socket.CMSG_SPACE(16)  # one struct timespec


class StampedStream:
    """One streamed response read straight off a non-blocking socket. Every read carries the time the
    kernel received the newest bytes it returns (SO_TIMESTAMPNS), so a frame's time is when it reached
    this machine's socket, not when this client — busy with hundreds of other streams on the cores it
    shares with what it measures — got round to reading it. A read that returns several frames stamps
    them all with the newest one's arrival: the stamps are never early, at worst late."""

    def __init__(self, sock, native, result, done):
        self.sock, self.native, self.result, self.done = sock, native, result, done
        self.buffer = b""
        self.head = None  # response headers, once read
        self.until_close = False  # a body without chunks runs until the connection closes
        self.chunk_left = 0  # bytes of the current chunk still to come
        self.skip = 0  # bytes of the CRLF after a chunk still to come
        self.pending = b""  # body bytes not yet cut into SSE frames
        self.last = None

    def readable(self):
        while not self.done.done():
            try:
                data, ancillary, _, _ = self.sock.recvmsg(65536, STAMP_SPACE)
            except BlockingIOError:
                return
            except OSError as error:
                self.finish(error)
                return
            seen = time.time_ns()
            if not data:
                self.finish(None if self.result["ended"] else EOFError())
                return
            stamp = seen
            for level, kind, value in ancillary:
                if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
                    seconds, nanoseconds = struct.unpack("qq", value[:16])
                    stamp = seconds * 1_000_000_000 + nanoseconds
            self.feed(data, stamp, seen)

    def finish(self, error):
        if not self.done.done():
            self.done.set_result(error)

    def feed(self, data, stamp, seen):
        result = self.result
        self.buffer += data
        if self.head is None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            status_line, *lines = self.buffer[:end].decode("latin-1").split("\r\n")
            result["status"] = int(status_line.split(" ", 2)[1])
            self.head = {name.strip().lower(): value.strip()
                         for name, _, value in (line.partition(":") for line in lines)}
            self.buffer = self.buffer[end + 4:]
            self.until_close = self.head.get("transfer-encoding", "").lower() != "chunked"
        if result["ttfb"] is None and self.buffer:  # the first body byte
            result["ttfb"] = stamp - result["sent"]
            result["ttfb_seen"] = seen - result["sent"]
        body, last = b"", False
        if self.until_close:
            body, self.buffer = self.buffer, b""
        while self.buffer:
            if self.skip:
                taken = min(self.skip, len(self.buffer))
                self.buffer, self.skip = self.buffer[taken:], self.skip - taken
            elif self.chunk_left:
                piece = self.buffer[:self.chunk_left]
                self.buffer, self.chunk_left = self.buffer[len(piece):], self.chunk_left - len(piece)
                body += piece
                if not self.chunk_left:
                    self.skip = 2
            else:
                line_end = self.buffer.find(b"\r\n")
                if line_end < 0:
                    break
                self.chunk_left = int(self.buffer[:line_end].split(b";")[0], 16)
                self.buffer = self.buffer[line_end + 2:]
                if not self.chunk_left:  # the last chunk
                    last = True
                    break
        self.frames(body, stamp)
        if last:
            self.finish(None if result["ended"] else EOFError())

    def frames(self, body, stamp):
        result = self.result
        self.pending += body
        while b"\n\n" in self.pending:
            frame, self.pending = self.pending.split(b"\n\n", 1)
            if not frame.startswith(b"data: "):
                continue  # a comment (keep-alive)
            data = frame[6:]
            if self.last is not None:
                result["gaps"].append(stamp - self.last)
            self.last = stamp
            if data == b"[DONE]":
                result["ended"] = True
                continue
            # A byte search, not a JSON parse: parsing 12,800 frames a second would make this client
            # the bottleneck of the machine it shares with what it measures. Both servers write compact
            # JSON, and the counted deltas never hold these byte strings.
            if self.native:
                is_content = b'"type":"content_delta"' in data
            else:
                is_content = b'"content":"' in data and b'"content":""' not in data
            if is_content:
                result["content"] += 1
                if result["ttfc"] is None:
                    result["ttfc"] = stamp - result["sent"]


def request_bytes(host, port, path, body, headers):
    lines = [f"POST {path} HTTP/1.1", f"Host: {host}:{port}", "Content-Type: application/json",
             f"Content-Length: {len(body)}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def one_stream(url, body, headers, native, gate, timeout, delay):
    loop = asyncio.get_running_loop()
    host, port, path = split_url(url)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    result = {"content": 0, "ended": False, "ttfb": None, "ttfb_seen": None, "ttfc": None, "gaps": [],
              "status": None, "error": None, "sent": None}
    try:
        await loop.sock_connect(sock, (host, port))
        sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        await gate.wait()
        if delay > 0:
            await asyncio.sleep(delay)
        done = loop.create_future()
        stream = StampedStream(sock, native, result, done)
        loop.add_reader(sock.fileno(), stream.readable)
        try:
            result["sent"] = time.time_ns()
            await loop.sock_sendall(sock, request_bytes(host, port, path, body, headers))
            error = await asyncio.wait_for(done, timeout)
            if error is not None:
                raise error
        finally:
            loop.remove_reader(sock.fileno())
    except Exception as error:  # a lost stream is counted, not raised
        result["error"] = type(error).__name__
    finally:
        sock.close()
    return result


async def run_target(url, body, headers, native, streams, timeout, spread_ms):
    """One run: `streams` streams against `url`, started together or evenly over `spread_ms`; stream i sends
    `headers[i % len(headers)]`."""
    gate = asyncio.Event()
    tasks = [asyncio.create_task(one_stream(url, body, headers[i % len(headers)], native, gate, timeout, spread_ms / 1000 * i / streams))
             for i in range(streams)]
    await asyncio.sleep(0.5)  # every connection open before the first request goes out
    started = now()
    gate.set()
    results = await asyncio.gather(*tasks)
    return results, now() - started


def summary(label, runs, chunks, stall_ms, load):
    """One table row over every stream of `runs` ([(results, wall seconds)]): percentiles of the lot."""
    results = [r for run, _ in runs for r in run]
    lost = sum(1 for r in results if r["content"] < chunks or not r["ended"] or r["status"] != 200)
    stalled = sum(1 for r in results if any(g / 1e6 > stall_ms for g in r["gaps"]))

    def ms(key):
        return [r[key] / 1e6 for r in results if r[key] is not None]

    ttfb, ttfb_seen, ttfc = ms("ttfb"), ms("ttfb_seen"), ms("ttfc")
    gaps = [g / 1e6 for r in results for g in r["gaps"]]
    errors = sorted({r["error"] for r in results if r["error"]} | {f"HTTP {r['status']}" for r in results if r["status"] not in (200, None)})
    return {
        "label": label, "streams": len(results), "ok": len(results) - lost, "lost": lost, "stalled": stalled,
        "frames": sum(r["content"] for r in results),
        "ttfb": [percentile(ttfb, 50), percentile(ttfb, 99), max(ttfb, default=float("nan"))],
        "ttfc": [percentile(ttfc, 50), percentile(ttfc, 99), max(ttfc, default=float("nan"))],
        "ttfb_seen": [percentile(ttfb_seen, 50), percentile(ttfb_seen, 99)],
        "gap_p99": percentile(gaps, 99), "gap_max": max(gaps, default=float("nan")),
        "elapsed": max(wall for _, wall in runs), "errors": ", ".join(errors) or "-", "load": load,
    }


def added(row, direct):
    """The "added" numbers of `row` over `direct`, at the same percentiles."""
    return [t - d for t, d in zip(row["ttfb"] + row["ttfc"] + row["ttfb_seen"], direct["ttfb"] + direct["ttfc"] + direct["ttfb_seen"])]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--direct", required=True, help="simulator base URL")
    parser.add_argument("--through", required=True, help="Tollgate base URL")
    parser.add_argument("--proxy", help="a reference reverse proxy (nginx) in front of the same simulator")
    parser.add_argument("--key", required=True, help="Tollgate API key; several, space-separated, are taken in turn")
    parser.add_argument("--streams", type=int, default=256)
    parser.add_argument("--chunks", type=int, default=64)
    parser.add_argument("--chunk-ms", type=int, default=20)
    parser.add_argument("--stall-ms", type=float, default=200)
    parser.add_argument("--spread-ms", type=float, default=0,
                        help="start the streams evenly over this many ms instead of all at once")
    parser.add_argument("--runs", type=int, default=1,
                        help="rounds of runs (each target in turn); the table's percentiles are over every stream")
    args = parser.parse_args()

    prompt = f"[[sim chunks={args.chunks} chunk_ms={args.chunk_ms}]] Count slowly"
    timeout = args.chunks * args.chunk_ms / 1000 + 60
    openai_body = dumps({"model": "gpt-5-nano", "stream": True, "messages": [{"role": "user", "content": prompt}]})
    native_body = dumps({"model": "gpt-5-nano", "prompt": prompt})
    simulator_key = [{"Authorization": "Bearer simulator"}]
    targets = [("simulator direct", args.direct + "/openai/v1/chat/completions", openai_body, simulator_key, False)]
    if args.proxy:
        targets.append(("through nginx (reverse proxy: no auth, no billing)", args.proxy + "/openai/v1/chat/completions",
                        openai_body, simulator_key, False))
    targets.append(("through Tollgate (/api/v2/generate/stream)", args.through + "/api/v2/generate/stream", native_body,
                    [{"Authorization": f"Bearer {key}"} for key in args.key.split()], True))

    async def rounds():
        runs = {label: [] for label, *_ in targets}
        loads = {}
        for _ in range(args.runs):
            for label, url, body, headers, native in targets:
                loads.setdefault(label, open("/proc/loadavg").read().split()[0])
                runs[label].append(await run_target(url, body, headers, native, args.streams, timeout, args.spread_ms))
        return runs, loads

    try:
        # The client shares the two cores with what it measures; uvloop's event loop takes ~30% less CPU
        # for the same frames (`python3 -m pip install uvloop`). Without it, asyncio's own.
        import uvloop
        uvloop.install()
        loop_name = "uvloop"
    except ImportError:
        loop_name = "asyncio"
    runs, loads = asyncio.run(rounds())
    rows = [summary(label, runs[label], args.chunks, args.stall_ms, loads[label]) for label, *_ in targets]
    direct = rows[0]
    start = "simultaneous" if args.spread_ms == 0 else f"started evenly over {args.spread_ms:g} ms,"
    over = f"; {args.runs} rounds, percentiles over all {args.runs * args.streams} streams of a target" if args.runs > 1 else ""
    print(f"Scenario 2 — streaming: {args.streams} {start} streams x {args.chunks} chunks at {args.chunk_ms} ms{over}; "
          f"stalled = a gap over {args.stall_ms:g} ms between two frames; times in ms, from the request's send to "
          f"the kernel's receive stamp (\"as read\": to the client's read); client on {loop_name}")
    print()
    print("| target | streams ok | lost | stalled | content frames | TTFB p50 | TTFB p99 | TTFB max | first content p50 | p99 | max | frame gap p99 | gap max | TTFB as read p50 | p99 | wall s | errors | load |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    for r in rows:
        print(f"| {r['label']} | {r['ok']}/{r['streams']} | {r['lost']} | {r['stalled']} | {r['frames']} | "
              + " | ".join(f"{v:.2f}" for v in r["ttfb"] + r["ttfc"]) + f" | {r['gap_p99']:.2f} | {r['gap_max']:.2f} | "
              + " | ".join(f"{v:.2f}" for v in r["ttfb_seen"]) + f" | {r['elapsed']:.2f} | {r['errors']} | {r['load']} |")
    for r in rows[1:]:
        a = added(r, direct)
        print(f"| added by {r['label'].split()[1]} | | | | | " + " | ".join(f"{v:+.2f}" for v in a[:6]) + " | | | "
              + " | ".join(f"{v:+.2f}" for v in a[6:]) + " | | | |")
    if args.runs > 1:
        print()
        print("Each round: added TTFB p50 / p99 / max (ms), that round's streams only")
        print()
        print("| round | " + " | ".join(f"{r['label'].split()[1]} p50 | p99 | max" for r in rows[1:]) + " |")
        print("|---:|" + "---:|---:|---:|" * (len(rows) - 1))
        for index in range(args.runs):
            one = [summary(label, [runs[label][index]], args.chunks, args.stall_ms, "") for label, *_ in targets]
            cells = [f"{v:+.2f}" for r in one[1:] for v in added(r, one[0])[:3]]
            print(f"| {index + 1} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    os.chdir(os.path.dirname(os.path.abspath(__file__)))
    main()
