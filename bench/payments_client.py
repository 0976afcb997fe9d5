#!/usr/bin/env python3
"""Payments client: N package purchases through YooKassa's fake, paid at the fake with no notification sent,
then N notifications at once (and then the same N again, as duplicates): the time until every payment is
credited, and whether each was credited exactly once (the balance moved by exactly N packages)."""
import argparse
import asyncio
import base64
import json

from httpc import Connection, now, split_url


async def run_all(url, jobs, connections):
    """Runs `jobs` (a list of (method, path, body, headers)) over `connections` keep-alive connections."""
    host, port, _ = split_url(url)
    queue = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    answers = []

    async def worker():
        connection = Connection(host, port)
        while not queue.empty():
            method, path, body, headers = queue.get_nowait()
            try:
                status, _, data = await connection.request(method, path, body, headers)
            except Exception as error:
                answers.append((type(error).__name__, b""))
                connection.close()
                connection = Connection(host, port)
                continue
            answers.append((status, data))
        connection.close()

    await asyncio.gather(*(worker() for _ in range(min(connections, len(jobs)))))
    return answers


async def balance(url, key):
    host, port, _ = split_url(url)
    connection = Connection(host, port)
    status, _, data = await connection.request("GET", "/api/v2/balance", b"", {"Authorization": f"Bearer {key}"})
    connection.close()
    return json.loads(data)["token_balance"] if status == 200 else None


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--simulator", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    auth = {"Authorization": f"Bearer {args.key}"}
    start_balance = await balance(args.url, args.key)

    checkout = json.dumps({"product": "package:light", "provider": "yookassa"}).encode()
    created = await run_all(args.url, [("POST", "/api/v2/billing/checkout", checkout, auth)] * args.count, 32)
    externals = []
    refused = [status for status, _ in created if status != 201]
    if refused:
        print(f"{len(refused)} checkouts refused: {sorted(set(map(str, refused)))} {created[0][1][:300]!r}")
    for status, data in created:
        if status == 201:
            page = json.loads(data)["payment"]["confirmation_url"]
            externals.append(page.rsplit("/", 1)[1])
    # Paid at YooKassa; its notifications are what this measures, so the fake sends none itself.
    await run_all(args.simulator, [("POST", f"/yookassa/_sim/payments/{e}/succeed", b"", {}) for e in externals], 32)

    def notification(external):
        body = {"type": "notification", "event": "payment.succeeded", "object": {"id": external, "status": "succeeded"}}
        return ("POST", "/api/v2/billing/yookassa/notifications", json.dumps(body).encode(), {})

    rows = []
    for label in ("first delivery", "delivered again"):
        started = now()
        answers = await run_all(args.url, [notification(e) for e in externals], args.connections)
        elapsed = now() - started
        ok = sum(1 for status, _ in answers if status == 200)
        credited = (await balance(args.url, args.key)) - start_balance
        rows.append((label, len(externals), ok, elapsed, credited))
    print(f"| db | notifications | 200 answers | seconds until all answered (credited) | tokens credited | expected |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, count, ok, elapsed, credited in rows:
        print(f"| {args.label} {label} | {count} | {ok} | {elapsed:.2f} | {credited} | {len(externals) * 100} |")


asyncio.run(main())
