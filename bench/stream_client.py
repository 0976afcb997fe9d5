#!/usr/bin/env python3
"""Scenario 2 client: N simultaneous SSE streams against the simulator directly and through Tollgate.

Counts the content frames of every stream, its time to first byte (first body byte) and to first
content frame, and the largest gap between two frames. A stream *lost* a frame when it ended with
fewer content frames than asked for (or without its final event); it *stalled* when two consecutive
frames were further apart than --stall-ms. Prints a markdown table; "added" rows are through minus
direct at the same percentile.
"""
import argparse
import asyncio
import json
import os

from httpc import Connection, dumps, now, percentile, split_url


async def one_stream(url, body, headers, native, gate, timeout, delay):
    host, port, path = split_url(url)
    connection = Connection(host, port)
    await connection.open()
    await gate.wait()
    if delay > 0:
        await asyncio.sleep(delay)
    result = {"content": 0, "ended": False, "ttfb": None, "ttfc": None, "gaps": [], "status": None, "error": None}
    started = now()
    last = None
    try:
        async def run():
            nonlocal last
            connection.send("POST", path, body, headers, close=True)
            await connection.writer.drain()
            status, response_headers = await connection.read_head()
            result["status"] = status
            pending = b""
            async for chunk in connection.body_chunks(response_headers):
                t = now()
                if result["ttfb"] is None:
                    result["ttfb"] = t - started
                pending += chunk
                while b"\n\n" in pending:
                    frame, pending = pending.split(b"\n\n", 1)
                    if not frame.startswith(b"data: "):
                        continue  # a comment (keep-alive)
                    data = frame[6:]
                    if last is not None:
                        result["gaps"].append(t - last)
                    last = t
                    if data == b"[DONE]":
                        result["ended"] = True
                        continue
                    # A byte search, not a JSON parse: parsing 12,800 frames a second would make this
                    # client the bottleneck of the machine it shares with what it measures. Both servers
                    # write compact JSON, and the counted deltas never hold these byte strings.
                    if native:
                        is_content = b'"type":"content_delta"' in data
                    else:
                        is_content = b'"content":"' in data and b'"content":""' not in data
                    if is_content:
                        result["content"] += 1
                        if result["ttfc"] is None:
                            result["ttfc"] = t - started

        await asyncio.wait_for(run(), timeout)
    except Exception as error:  # a lost stream is counted, not raised
        result["error"] = type(error).__name__
    finally:
        connection.close()
    return result


async def run_target(label, url, body, headers, native, streams, chunks, stall_ms, timeout, spread_ms):
    gate = asyncio.Event()
    tasks = [asyncio.create_task(one_stream(url, body, headers, native, gate, timeout, spread_ms / 1000 * i / streams))
             for i in range(streams)]
    await asyncio.sleep(0.5)  # every connection open before the first request goes out
    started = now()
    gate.set()
    results = await asyncio.gather(*tasks)
    elapsed = now() - started
    lost = sum(1 for r in results if r["content"] < chunks or not r["ended"] or r["status"] != 200)
    stalled = sum(1 for r in results if any(g * 1000 > stall_ms for g in r["gaps"]))
    ttfb = [r["ttfb"] * 1000 for r in results if r["ttfb"] is not None]
    ttfc = [r["ttfc"] * 1000 for r in results if r["ttfc"] is not None]
    gaps = [g * 1000 for r in results for g in r["gaps"]]
    errors = sorted({r["error"] for r in results if r["error"]} | {f"HTTP {r['status']}" for r in results if r["status"] not in (200, None)})
    return {
        "label": label, "streams": streams, "ok": streams - lost, "lost": lost, "stalled": stalled,
        "frames": sum(r["content"] for r in results),
        "ttfb": [percentile(ttfb, 50), percentile(ttfb, 99), max(ttfb, default=float("nan"))],
        "ttfc": [percentile(ttfc, 50), percentile(ttfc, 99), max(ttfc, default=float("nan"))],
        "gap_p99": percentile(gaps, 99), "gap_max": max(gaps, default=float("nan")),
        "elapsed": elapsed, "errors": ", ".join(errors) or "-",
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--direct", required=True, help="simulator base URL")
    parser.add_argument("--through", required=True, help="Tollgate base URL")
    parser.add_argument("--key", required=True)
    parser.add_argument("--streams", type=int, default=256)
    parser.add_argument("--chunks", type=int, default=64)
    parser.add_argument("--chunk-ms", type=int, default=20)
    parser.add_argument("--stall-ms", type=float, default=200)
    parser.add_argument("--spread-ms", type=float, default=0,
                        help="start the streams evenly over this many ms instead of all at once")
    args = parser.parse_args()

    prompt = f"[[sim chunks={args.chunks} chunk_ms={args.chunk_ms}]] Count slowly"
    timeout = args.chunks * args.chunk_ms / 1000 + 60
    direct_body = dumps({"model": "gpt-5-nano", "stream": True, "messages": [{"role": "user", "content": prompt}]})
    native_body = dumps({"model": "gpt-5-nano", "prompt": prompt})
    load = open("/proc/loadavg").read().split()[0]

    async def both():
        direct = await run_target(
            "simulator direct", args.direct + "/openai/v1/chat/completions", direct_body,
            {"Authorization": "Bearer simulator"}, False, args.streams, args.chunks, args.stall_ms, timeout, args.spread_ms)
        load_through = open("/proc/loadavg").read().split()[0]
        through = await run_target(
            "through Tollgate (/api/v2/generate/stream)", args.through + "/api/v2/generate/stream", native_body,
            {"Authorization": f"Bearer {args.key}"}, True, args.streams, args.chunks, args.stall_ms, timeout, args.spread_ms)
        return direct, load, through, load_through

    try:
        # The client shares the two cores with what it measures; uvloop's event loop takes ~30% less CPU
        # for the same frames (`python3 -m pip install uvloop`). Without it, asyncio's own.
        import uvloop
        uvloop.install()
        loop_name = "uvloop"
    except ImportError:
        loop_name = "asyncio"
    direct, load, through, load_through = asyncio.run(both())
    start = "simultaneous" if args.spread_ms == 0 else f"started evenly over {args.spread_ms:g} ms,"
    print(f"Scenario 2 — streaming: {args.streams} {start} streams x {args.chunks} chunks at {args.chunk_ms} ms; "
          f"stalled = a gap over {args.stall_ms:g} ms between two frames; times in ms; client on {loop_name}")
    print()
    print("| target | streams ok | lost | stalled | content frames | TTFB p50 | TTFB p99 | TTFB max | first content p50 | p99 | max | frame gap p99 | gap max | wall s | errors | load |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    for r, l in ((direct, load), (through, load_through)):
        print(f"| {r['label']} | {r['ok']}/{r['streams']} | {r['lost']} | {r['stalled']} | {r['frames']} | "
              + " | ".join(f"{v:.2f}" for v in r["ttfb"] + r["ttfc"]) + f" | {r['gap_p99']:.2f} | {r['gap_max']:.2f} | "
              f"{r['elapsed']:.2f} | {r['errors']} | {l} |")
    added_ttfb = [t - d for t, d in zip(through["ttfb"], direct["ttfb"])]
    added_ttfc = [t - d for t, d in zip(through["ttfc"], direct["ttfc"])]
    print(f"| added by Tollgate | | | | | " + " | ".join(f"{v:+.2f}" for v in added_ttfb + added_ttfc) + " | | | | | |")


if __name__ == "__main__":
    os.chdir(os.path.dirname(os.path.abspath(__file__)))
    main()
