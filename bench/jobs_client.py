#!/usr/bin/env python3
"""Scenario 3 client: submits N asynchronous generations at once, then watches the generations table
until every one of them is final; prints a markdown table.

The table is read directly (SQLite file read-only, or psql) rather than polled over HTTP, so that
watching costs the server nothing; times come from the rows' created_at / completed_at (ms).
"""
import argparse
import asyncio
import json
import os
import sqlite3
import subprocess
import time

from httpc import Connection, dumps, now, percentile, split_url


async def submit_all(url, key, body, count, connections):
    host, port, path = split_url(url)
    queue = asyncio.Queue()
    for _ in range(count):
        queue.put_nowait(None)
    statuses, ids = [], []

    async def worker():
        connection = Connection(host, port)
        while not queue.empty():
            queue.get_nowait()
            try:
                status, _, data = await connection.request("POST", path, body, {"Authorization": f"Bearer {key}"})
            except Exception as error:
                statuses.append(type(error).__name__)
                connection.close()
                connection = Connection(host, port)
                continue
            statuses.append(status)
            if status == 200:
                ids.append(json.loads(data)["id"])
        connection.close()

    started = now()
    await asyncio.gather(*(worker() for _ in range(min(connections, count))))
    return statuses, ids, now() - started


def query(args, sql):
    if args.sqlite:
        with sqlite3.connect(f"file:{args.sqlite}?mode=ro", uri=True, timeout=10) as db:
            return db.execute(sql).fetchone()
    out = subprocess.run(["psql", "-qtAX", "-F", "|", args.psql, "-c", sql], capture_output=True, text=True, check=True)
    return [None if v == "" else int(v) for v in out.stdout.strip().split("|")]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True, help="Tollgate base URL")
    parser.add_argument("--key", required=True)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--model", default="photon-flash")
    parser.add_argument("--prompt", default="[[sim job_ms=0]] a red fox in snow")
    parser.add_argument("--sqlite", help="the server's SQLite file")
    parser.add_argument("--psql", help="the server's PostgreSQL URL")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--label", default="")
    args = parser.parse_args()

    load = open("/proc/loadavg").read().split()[0]
    body = dumps({"model": args.model, "prompt": args.prompt})
    first_id = query(args, "SELECT COALESCE(MAX(id), 0) FROM generations")[0]
    wall_start_ms = int(time.time() * 1000)
    statuses, ids, submit_seconds = asyncio.run(submit_all(args.url + "/api/v2/generate", args.key, body, args.count, args.connections))
    where = f"id > {first_id} AND model_slug = '{args.model}'"
    deadline = now() + args.timeout
    while True:
        pending, = query(args, f"SELECT COUNT(*) FROM generations WHERE {where} AND status = 'pending'")
        if pending == 0 or now() > deadline:
            break
        time.sleep(0.1)
    done, completed, failed, first_created, last_completed = query(args, f"""
        SELECT COUNT(*), SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END),
               SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), MIN(created_at), MAX(completed_at)
        FROM generations WHERE {where}""")
    accepted = sum(1 for s in statuses if s == 200)
    all_final = (last_completed - wall_start_ms) / 1000 if last_completed else float("nan")
    rejected = {}
    for s in statuses:
        if s != 200:
            rejected[s] = rejected.get(s, 0) + 1
    print(f"Scenario 3 — async: {args.count} jobs of {args.model} submitted at once over {min(args.connections, args.count)} "
          f"connections ({args.prompt!r}); times in s")
    print()
    print("| db | accepted | submit s | submit/s | pending left | completed | failed | all final after s | jobs/s | load |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {args.label} | {accepted}/{args.count} | {submit_seconds:.2f} | {accepted / submit_seconds:.0f} | {pending} | "
          f"{completed or 0} | {failed or 0} | {all_final:.2f} | {(done - pending) / all_final:.0f} | {load} |")
    if rejected:
        print(f"\nrejected submissions: {rejected}")


if __name__ == "__main__":
    os.chdir(os.path.dirname(os.path.abspath(__file__)))
    main()
