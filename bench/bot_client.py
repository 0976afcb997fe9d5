#!/usr/bin/env python3
"""Bot client: USERS Telegram users each choose gpt-5-nano (a callback query) and send PROMPTS text prompts, posted
straight to the webhook as Telegram would (the secret header, increasing update ids, CONNECTIONS at once). Prints
the webhook's answer latency (the bot answers 200 once the update is kept; the work follows), how many updates a
second the webhook took, and how long until the bot had sent every reply (read from the simulator's Bot API fake;
the bot paces itself to Telegram's 30 messages a second in all, so that part is bounded by design)."""
import argparse
import asyncio
import json

from httpc import Connection, now, split_url


def update(update_id, user, text=None, data=None):
    sender = {"id": user, "is_bot": False, "first_name": f"User {user}", "language_code": "en"}
    chat = {"id": user, "type": "private"}
    if data is not None:
        body = {"callback_query": {"id": f"cb{update_id}", "from": sender, "data": data,
                                   "message": {"message_id": 1, "date": 1765000000, "chat": chat}}}
    else:
        body = {"message": {"message_id": update_id, "date": 1765000000, "chat": chat, "from": sender, "text": text}}
    body["update_id"] = update_id
    return json.dumps(body).encode()


async def post_all(url, secret, bodies, connections):
    host, port, _ = split_url(url)
    queue = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)
    latencies, statuses = [], {}

    async def worker():
        connection = Connection(host, port)
        while not queue.empty():
            body = queue.get_nowait()
            started = now()
            status, _, _ = await connection.request(
                "POST", "/api/v2/telegram/webhook", body, {"X-Telegram-Bot-Api-Secret-Token": secret})
            latencies.append(now() - started)
            statuses[status] = statuses.get(status, 0) + 1
        connection.close()

    await asyncio.gather(*(worker() for _ in range(connections)))
    return latencies, statuses


async def replies(simulator, token):
    host, port, _ = split_url(simulator)
    connection = Connection(host, port)
    _, _, data = await connection.request("GET", f"/telegram/_sim/calls?token={token}", b"", {})
    connection.close()
    calls = json.loads(data)["calls"]
    return sum(1 for call in calls if call["method"] == "sendMessage" and call["ok"])


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(fraction * (len(values) - 1) + 0.5))] * 1000


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--simulator", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--prompts", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    users = [700_000 + n for n in range(args.users)]
    next_id = iter(range(1, 10_000_000))
    # Each user picks the model; every such choice is answered with one message.
    await post_all(args.url, args.secret, [update(next(next_id), u, data="model:gpt-5-nano") for u in users], 16)
    expected = args.users
    while await replies(args.simulator, args.token) < expected:
        await asyncio.sleep(0.2)
    prompts = [update(next(next_id), u, text=f"Say something about the number {i}")
               for i in range(args.prompts) for u in users]
    started = now()
    latencies, statuses = await post_all(args.url, args.secret, prompts, args.connections)
    taken = now() - started
    expected += len(prompts)
    while await replies(args.simulator, args.token) < expected and now() - started < 600:
        await asyncio.sleep(0.2)
    done = now() - started
    sent = await replies(args.simulator, args.token) - args.users
    print(f"{args.label}: {len(prompts)} prompts from {args.users} users over {args.connections} connections; "
          f"statuses {statuses}")
    print(f"{args.label}: webhook answered p50 {percentile(latencies, 0.5):.2f} ms, p99 {percentile(latencies, 0.99):.2f} ms; "
          f"took {len(prompts) / taken:.0f} updates/s")
    print(f"{args.label}: {sent} replies sent in {done:.1f} s = {sent / done:.1f} replies/s "
          "(the bot paces itself to Telegram's 30 a second in all, 1 a second per chat)")


if __name__ == "__main__":
    asyncio.run(main())
