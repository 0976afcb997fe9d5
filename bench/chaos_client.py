#!/usr/bin/env python3
"""Chaos client (bench/chaos.sh): mixed load over several Tollgate instances while one of them is killed now and
then, and afterwards the checks.

`load`: for `--seconds`, workers send sync generations (gpt-5-nano, POST /api/v2/generate), streams
(POST /api/v2/generate/stream), asynchronous jobs (photon-flash, polled until final), idempotent generations (an
Idempotency-Key per logical request, retried with the same key and body on the other instance after a connection
error, a 5xx or a 409 "not finished") and YooKassa package purchases (checkout, paid at the simulator's fake, the
notification posted to an instance until it answers 200). A worker whose connection fails switches to the next
instance. Every outcome goes to `--state` (JSON).

`report`: waits until the survivors have settled (no pending generation and no unanswered claim, at most
`--settle` seconds), then checks the database directly (psql) and runs `tollgate ledger check`: generations
pending past their deadline, idempotency claims left without an answer past theirs, every generation's ledger
entries against its status (a completed one charged exactly its tokens once, a failed one nothing, a pending one
holding its price), no logical idempotent request completed twice, every answer the clients got matching the
row, every paid purchase credited. Prints markdown tables and
`RESULT kills=N requests=N ledger=ok|FAIL stuck_pending=N unanswered_claims=N`.
"""
import argparse
import asyncio
import collections
import json
import random
import subprocess
import sys
import time

from httpc import Connection, split_url

TIMEOUT = 60.0


class Down(Exception):
    """The instance could not be reached or dropped the connection."""


class Client:
    """Requests to whichever instance is up: one keep-alive connection, moved to the next instance on failure."""

    def __init__(self, urls, start):
        self.targets = [split_url(u)[:2] for u in urls]
        self.index = start % len(self.targets)
        self.connection = None
        self.switches = 0

    def switch(self):
        self.close()
        self.index = (self.index + 1) % len(self.targets)
        self.switches += 1

    def close(self):
        if self.connection:
            self.connection.close()
            self.connection = None

    async def request(self, method, path, body=b"", headers=None, timeout=TIMEOUT):
        if self.connection is None:
            self.connection = Connection(*self.targets[self.index])
        try:
            return await asyncio.wait_for(self.connection.request(method, path, body, headers), timeout)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, IndexError) as error:
            self.switch()
            raise Down(type(error).__name__)
        except asyncio.TimeoutError:
            self.switch()
            raise Down("timeout")

    async def stream(self, path, body, headers, on_event, timeout=TIMEOUT):
        """POSTs and feeds each SSE `data:` payload to on_event; returns the status (and the body if not 200)."""
        self.close()  # a stream on a connection of its own
        connection = Connection(*self.targets[self.index])
        try:
            async def run():
                await connection.open()
                connection.send("POST", path, body, headers, close=True)
                await connection.writer.drain()
                status, response_headers = await connection.read_head()
                if status != 200:
                    data = b"".join([c async for c in connection.body_chunks(response_headers)])
                    return status, data
                buffer = b""
                async for chunk in connection.body_chunks(response_headers):
                    buffer += chunk
                    while b"\n\n" in buffer:
                        frame, buffer = buffer.split(b"\n\n", 1)
                        for line in frame.split(b"\n"):
                            if line.startswith(b"data: "):
                                on_event(line[6:])
                return status, b""
            return await asyncio.wait_for(run(), timeout)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, IndexError) as error:
            self.switch()
            raise Down(type(error).__name__)
        except asyncio.TimeoutError:
            self.switch()
            raise Down("timeout")
        finally:
            connection.close()


def error_code(data):
    try:
        doc = json.loads(data)
        return doc.get("error") if isinstance(doc.get("error"), str) else "-"
    except Exception:
        return "-"


class Load:
    def __init__(self, args):
        self.args = args
        self.keys = args.keys.split()
        self.end = time.monotonic() + args.seconds
        self.outcomes = collections.Counter()  # (kind, outcome) -> n
        self.requests = 0
        self.answers = []  # (kind, generation id, what the client was told: completed|failed)
        self.jobs = []  # async generation ids
        self.idem = []  # {marker, key, attempts, final status, generation id}
        self.payments = []  # {id, external, paid, notified, credited}
        self.unexpected = []  # samples of 5xx / odd answers
        self.run_id = f"{int(time.time()) % 100000:05d}"
        self.rng = random.Random(args.seed)

    def note(self, kind, outcome):
        self.outcomes[(kind, outcome)] += 1

    def odd(self, kind, status, data, request):
        if len(self.unexpected) < 40:
            self.unexpected.append({"kind": kind, "status": status, "body": data[:300].decode("utf-8", "replace"),
                                    "request": request})

    def auth(self, key):
        return {"Authorization": f"Bearer {key}"}

    # ---- sync
    async def sync_worker(self, n):
        client = Client(self.args.urls, n)
        key = self.keys[n % len(self.keys)]
        while time.monotonic() < self.end:
            prompt = "chaos sync " + self.rng.choice(["", "[[sim latency_ms=300]]", "[[sim latency_ms=1000]]",
                                                      "[[sim error=500]]", ""])
            body = json.dumps({"model": "gpt-5-nano", "prompt": prompt}).encode()
            self.requests += 1
            try:
                status, _, data = await client.request("POST", "/api/v2/generate", body, self.auth(key))
            except Down as error:
                self.note("sync", f"connection lost ({error})")
                await asyncio.sleep(0.2)
                continue
            self.classify("sync", status, data, body)

    def classify(self, kind, status, data, body):
        if status == 200:
            doc = json.loads(data)
            self.note(kind, f"200 {doc.get('status')}")
            self.answers.append((kind, doc.get("id"), doc.get("status"), doc.get("tokens_spent")))
            return doc
        code = error_code(data)
        self.note(kind, f"{status} {code}")
        expected = status == 500 and code == "provider_error" and b"error=500" in body
        if status >= 500 and not expected:
            self.odd(kind, status, data, body.decode("utf-8", "replace")[:300])
        if status == 500 and code == "provider_error":
            try:
                gid = json.loads(data)["details"]["generation_id"]
                self.answers.append((kind, gid, "failed", 0))
            except Exception:
                pass
        return None

    # ---- streams
    async def stream_worker(self, n):
        client = Client(self.args.urls, n)
        key = self.keys[n % len(self.keys)]
        while time.monotonic() < self.end:
            directive = self.rng.choice(["[[sim chunks=20 chunk_ms=50]]", "[[sim chunks=40 chunk_ms=50]]",
                                         "[[sim chunks=10 chunk_ms=20 error_after=5]]"])
            body = json.dumps({"model": "claude-haiku-4.5", "prompt": "chaos stream " + directive}).encode()
            events = []

            def on_event(payload):
                if payload == b"[DONE]":
                    events.append({"type": "[DONE]"})
                else:
                    try:
                        events.append(json.loads(payload))
                    except Exception:
                        events.append({"type": "unparsable"})
            self.requests += 1
            try:
                status, data = await client.stream("/api/v2/generate/stream", body, self.auth(key), on_event)
            except Down as error:
                started = next((e for e in events if e.get("type") == "generation_start"), None)
                self.note("stream", f"connection lost {'mid-stream' if started else 'before start'} ({error})")
                await asyncio.sleep(0.2)
                continue
            if status != 200:
                self.classify("stream", status, data, body)
                continue
            types = [e.get("type") for e in events]
            start = next((e for e in events if e.get("type") == "generation_start"), {})
            end = next((e for e in events if e.get("type") == "generation_end"), None)
            if end and types[-1] == "[DONE]":
                self.note("stream", "completed")
                self.answers.append(("stream", end.get("id"), "completed", end.get("tokens_spent")))
            elif "error" in types:
                self.note("stream", "error event" + (" (injected)" if "error_after" in directive else ""))
                if "error_after" not in directive:
                    err = next(e for e in events if e.get("type") == "error")
                    self.odd("stream", 200, json.dumps(err).encode(), body.decode())
                self.answers.append(("stream", start.get("id"), "failed", 0))
            else:
                self.note("stream", "closed without generation_end or error (silent close)")
                self.odd("stream", 200, json.dumps(events[-3:]).encode(), body.decode())

    # ---- async jobs
    async def async_worker(self, n):
        client = Client(self.args.urls, n)
        key = self.keys[n % len(self.keys)]
        while time.monotonic() < self.end:
            ms = self.rng.choice([300, 1000, 3000, 6000])
            fail = self.rng.random() < 0.15
            prompt = f"chaos job [[sim job_ms={ms}{' job_fail=1' if fail else ''}]]"
            body = json.dumps({"model": "photon-flash", "prompt": prompt}).encode()
            self.requests += 1
            try:
                status, _, data = await client.request("POST", "/api/v2/generate", body, self.auth(key))
            except Down as error:
                self.note("async", f"connection lost ({error})")
                await asyncio.sleep(0.2)
                continue
            if status == 200:
                doc = json.loads(data)
                self.note("async", f"200 {doc.get('status')}")
                self.jobs.append((doc["id"], key, fail))
            else:
                self.classify("async", status, data, body)
            await asyncio.sleep(0.3)

    async def poller(self, n):
        """Polls the jobs (GET /api/v2/generate/{id}) until final; keeps going until the end of the load."""
        client = Client(self.args.urls, n)
        final = {}
        while time.monotonic() < self.end + 1:
            for gid, key, fail in list(self.jobs):
                if gid in final or time.monotonic() >= self.end + 1:
                    continue
                self.requests += 1
                try:
                    status, _, data = await client.request("GET", f"/api/v2/generate/{gid}", b"", self.auth(key))
                except Down as error:
                    self.note("poll", f"connection lost ({error})")
                    await asyncio.sleep(0.2)
                    continue
                if status != 200:
                    self.classify("poll", status, data, b"")
                    continue
                doc = json.loads(data)
                self.note("poll", f"200 {doc['status']}")
                if doc["status"] != "pending":
                    final[gid] = doc["status"]
                    self.answers.append(("async", gid, doc["status"], doc.get("tokens_spent")))
            await asyncio.sleep(0.5)
        self.job_final = final

    # ---- idempotent retries
    async def idem_worker(self, n):
        client = Client(self.args.urls, n)
        key = self.keys[n % len(self.keys)]
        count = 0
        while time.monotonic() < self.end:
            count += 1
            marker = f"idem-{self.run_id}x{n}-{count}"
            latency = self.rng.choice([0, 300, 1500])
            body = json.dumps({"model": "gpt-5-nano", "prompt": f"chaos {marker} [[sim latency_ms={latency}]]"}).encode()
            headers = dict(self.auth(key), **{"Idempotency-Key": marker})
            record = {"marker": marker, "attempts": 0, "status": None, "id": None, "replayed": 0, "ids": []}
            self.idem.append(record)
            give_up = time.monotonic() + self.args.deadline + 20
            while time.monotonic() < give_up:
                record["attempts"] += 1
                self.requests += 1
                try:
                    status, response_headers, data = await client.request("POST", "/api/v2/generate", body, headers)
                except Down as error:
                    self.note("idempotent", f"attempt: connection lost ({error}), retried")
                    await asyncio.sleep(0.3)
                    continue
                code = error_code(data) if status != 200 else ""
                if status == 409 or status >= 500:
                    message = ""
                    if status == 409:
                        try:
                            message = " (" + json.loads(data)["message"] + ")"
                        except Exception:
                            pass
                    self.note("idempotent", f"attempt: {status} {code}{message}, retried")
                    if status >= 500:
                        self.odd("idempotent", status, data, marker)
                    await asyncio.sleep(0.5)
                    continue
                if response_headers.get("idempotent-replayed") == "true":
                    record["replayed"] += 1
                record["status"] = status
                if status == 200:
                    doc = json.loads(data)
                    record["id"] = doc.get("id")
                    record["ids"].append(doc.get("id"))
                    self.answers.append(("idempotent", doc.get("id"), doc.get("status"), doc.get("tokens_spent")))
                    # Asked once more, the same key must answer the same generation.
                    if self.rng.random() < 0.3:
                        self.requests += 1
                        try:
                            s2, h2, d2 = await client.request("POST", "/api/v2/generate", body, headers)
                            if s2 == 200:
                                record["ids"].append(json.loads(d2).get("id"))
                            else:
                                self.note("idempotent", f"repeat after the answer: {s2} {error_code(d2)}")
                        except Down:
                            pass
                break
            outcome = f"final {record['status']}" if record["status"] else "gave up"
            if record["attempts"] > 1:
                outcome += " after retries"
            self.note("idempotent", outcome)

    # ---- payments
    async def payment_worker(self, n):
        client = Client(self.args.urls, n)
        sim_host, sim_port, _ = split_url(self.args.simulator)
        key = self.keys[n % len(self.keys)]
        while time.monotonic() < self.end:
            body = json.dumps({"product": "package:start", "provider": "yookassa"}).encode()
            self.requests += 1
            try:
                status, _, data = await client.request("POST", "/api/v2/billing/checkout", body, self.auth(key))
            except Down as error:
                self.note("payment", f"checkout: connection lost ({error})")
                await asyncio.sleep(0.3)
                continue
            if status != 201:
                self.classify("payment", status, data, body)
                await asyncio.sleep(0.5)
                continue
            payment = json.loads(data)["payment"]
            external = payment["confirmation_url"].rsplit("/", 1)[1]
            record = {"id": payment["id"], "external": external, "paid": False, "notified": False, "key": key}
            self.payments.append(record)
            sim = Connection(sim_host, sim_port)
            try:
                s, _, _ = await sim.request("POST", f"/yookassa/_sim/payments/{external}/succeed", b"", {})
                record["paid"] = s == 200
            finally:
                sim.close()
            note = {"type": "notification", "event": "payment.succeeded", "object": {"id": external,
                                                                                      "status": "succeeded"}}
            until = time.monotonic() + 20
            while time.monotonic() < until:
                self.requests += 1
                try:
                    s, _, d = await client.request("POST", "/api/v2/billing/yookassa/notifications",
                                                   json.dumps(note).encode(), {})
                except Down as error:
                    self.note("payment", f"notification: connection lost ({error}), sent again")
                    await asyncio.sleep(0.3)
                    continue
                if s == 200:
                    record["notified"] = True
                    break
                self.note("payment", f"notification: {s} {error_code(d)}, sent again")
                if s >= 500:
                    self.odd("payment", s, d, "notification " + external)
                await asyncio.sleep(0.5)
            self.note("payment", "paid and notified" if record["notified"] else "paid, notification never accepted")
            await asyncio.sleep(0.5)

    async def run(self):
        tasks = []
        mix = self.args.mix.split(",")
        kinds = {"sync": self.sync_worker, "stream": self.stream_worker, "async": self.async_worker,
                 "idem": self.idem_worker, "payment": self.payment_worker}
        for i, kind in enumerate(mix):
            tasks.append(kinds[kind](i))
        tasks.append(self.poller(len(mix)))
        await asyncio.gather(*tasks)


def psql(url, sql):
    out = subprocess.run(["psql", "-qtAX", "-F", "|", url, "-c", sql], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip())
    return [line.split("|") for line in out.stdout.strip().splitlines() if line]


def scalar(url, sql):
    rows = psql(url, sql)
    return int(rows[0][0]) if rows and rows[0][0] != "" else 0


NOW_MS = "(extract(epoch from clock_timestamp()) * 1000)::bigint"
GRACE_MS = 10_000  # a sweep (5 s) and some: "past its deadline" once the sweeper had a chance


def report(args):
    state = json.load(open(args.state))
    url = args.psql
    deadline_ms = args.deadline * 1000
    unanswered_sql = f"""
        SELECT count(*) FROM idempotency_keys k LEFT JOIN generations g ON g.id = k.generation_id
        WHERE k.response_status IS NULL AND (
            (g.id IS NOT NULL AND g.deadline_at < {NOW_MS} - {GRACE_MS})
            OR (g.id IS NULL AND k.created_at < {NOW_MS} - {deadline_ms} - {GRACE_MS}))"""
    stuck_sql = f"SELECT count(*) FROM generations WHERE status = 'pending' AND deadline_at < {NOW_MS} - {GRACE_MS}"
    # Settle: until nothing is pending and no claim is unanswered, at most --settle seconds.
    started = time.monotonic()
    while time.monotonic() - started < args.settle:
        pending = scalar(url, "SELECT count(*) FROM generations WHERE status = 'pending'")
        open_claims = scalar(url, "SELECT count(*) FROM idempotency_keys WHERE response_status IS NULL")
        if pending == 0 and open_claims == 0:
            break
        time.sleep(2)
    settled = time.monotonic() - started
    pending = scalar(url, "SELECT count(*) FROM generations WHERE status = 'pending'")
    open_claims = scalar(url, "SELECT count(*) FROM idempotency_keys WHERE response_status IS NULL")
    stuck = scalar(url, stuck_sql)
    unanswered = scalar(url, unanswered_sql)
    stuck_rows = psql(url, f"""SELECT id, model_slug, ({NOW_MS} - deadline_at) / 1000, locked_by, attempts
        FROM generations WHERE status = 'pending' AND deadline_at < {NOW_MS} - {GRACE_MS} ORDER BY id LIMIT 10""")
    claim_rows = psql(url, f"""SELECT k.idempotency_key, k.owner, k.generation_id, g.status, ({NOW_MS} - k.created_at) / 1000
        FROM idempotency_keys k LEFT JOIN generations g ON g.id = k.generation_id
        WHERE k.response_status IS NULL ORDER BY k.created_at LIMIT 10""")
    # Every generation's ledger entries against its status.
    ledger_from = """
        FROM generations g LEFT JOIN (
            SELECT generation_id,
                -SUM(amount) FILTER (WHERE bucket IN ('subscription', 'package')) AS spent,
                SUM(amount) FILTER (WHERE bucket = 'hold') AS held
            FROM ledger_entries WHERE generation_id IS NOT NULL GROUP BY generation_id) l ON l.generation_id = g.id
        WHERE NOT (
            (g.status = 'completed' AND COALESCE(l.spent, 0) = g.tokens_spent AND g.tokens_spent = g.price
                AND COALESCE(l.held, 0) = 0)
            OR (g.status = 'failed' AND COALESCE(l.spent, 0) = 0 AND g.tokens_spent = 0 AND COALESCE(l.held, 0) = 0)
            OR (g.status = 'pending' AND COALESCE(l.spent, 0) = g.price AND COALESCE(l.held, 0) = g.price))"""
    ledger_bad = scalar(url, "SELECT count(*) " + ledger_from)
    ledger_rows = psql(url, "SELECT g.id, g.status, g.price, g.tokens_spent, COALESCE(l.spent, 0), COALESCE(l.held, 0), "
                            "g.hold_open " + ledger_from + " ORDER BY g.id LIMIT 20")
    doubled_count = scalar(url, """SELECT count(*) FROM (SELECT substring(prompt from 'idem-[0-9a-z]+-[0-9]+') AS marker
        FROM generations WHERE status = 'completed' AND prompt LIKE '%idem-%' GROUP BY marker HAVING count(*) > 1) x""")
    totals = {row[0]: int(row[1]) for row in psql(url, "SELECT status, count(*) FROM generations GROUP BY status")}
    doubled = psql(url, """
        SELECT substring(prompt from 'idem-[0-9a-z]+-[0-9]+') AS marker, count(*),
            string_agg(id || ':' || status || ':' || tokens_spent || ' tokens', ', ' ORDER BY id)
        FROM generations WHERE status = 'completed' AND prompt LIKE '%idem-%' GROUP BY marker HAVING count(*) > 1
        LIMIT 20""")
    # What the clients were told against the rows.
    told = {}
    for kind, gid, status, tokens in state["answers"]:
        if gid is not None:
            told.setdefault(int(gid), []).append((kind, status, tokens))
    rows = {}
    ids = list(told)
    for i in range(0, len(ids), 500):
        chunk = ",".join(str(x) for x in ids[i:i + 500])
        for gid, status, spent in psql(url, f"SELECT id, status, tokens_spent FROM generations WHERE id IN ({chunk})"):
            rows[int(gid)] = (status, int(spent))
    contradictions = []
    for gid, answers in told.items():
        row = rows.get(gid)
        for kind, status, tokens in answers:
            if status not in ("completed", "failed"):
                continue
            if row is None or row[0] != status or (status == "completed" and tokens is not None and row[1] != tokens):
                contradictions.append((gid, kind, status, tokens, row))
    # Idempotent requests: one generation per key, whatever the retries.
    idem_split = [r for r in state["idem"] if len(set(x for x in r["ids"] if x is not None)) > 1]
    # Purchases: each paid one credited exactly once (the unique index allows at most one; ledger check counts).
    paid = [p for p in state["payments"] if p["paid"]]
    credited = {}
    if paid:
        ids = ",".join(str(p["id"]) for p in paid)
        for pid, status in psql(url, f"SELECT id, status FROM payments WHERE id IN ({ids})"):
            credited[int(pid)] = status
    not_credited = [p for p in paid if credited.get(p["id"]) != "succeeded"]
    purchase_entries = scalar(url, "SELECT count(*) FROM ledger_entries WHERE payment_ref IS NOT NULL AND kind = 'purchase'") \
        if paid else 0
    # The ledger check.
    where = ["--database", url]
    if args.data:
        where += ["--data", args.data]
    ledger = subprocess.run([args.tollgate, "ledger", "check"] + where, capture_output=True, text=True)
    ledger_ok = ledger.returncode == 0

    outcomes = collections.Counter({tuple(k.split("\t")): v for k, v in state["outcomes"].items()})
    print(f"### Chaos: {args.instances} instances on one PostgreSQL, {state['seconds']} s of load, "
          f"{args.kills} kill -9 (restarted on the same port after 1 s)\n")
    print("| client | outcome | count |")
    print("|---|---|---:|")
    for (kind, outcome), count in sorted(outcomes.items()):
        print(f"| {kind} | {outcome} | {count} |")
    print(f"| **all** | **requests sent** | **{state['requests']}** |")
    print()
    print("| check | value |")
    print("|---|---:|")
    print(f"| kills (kill -9) | {args.kills} |")
    print(f"| settle wait after the load | {settled:.0f} s (at most {args.settle:.0f}) |")
    print(f"| generations: completed / failed / pending | {totals.get('completed', 0)} / {totals.get('failed', 0)} / "
          f"{totals.get('pending', 0)} |")
    print(f"| `tollgate ledger check` | {'ok' if ledger_ok else 'FAIL'} |")
    print(f"| pending past deadline + {GRACE_MS // 1000} s (stuck) | {stuck} |")
    print(f"| idempotency claims unanswered past their deadline + {GRACE_MS // 1000} s | {unanswered} |")
    print(f"| idempotency claims unanswered at all | {open_claims} |")
    print(f"| generations whose ledger entries disagree with their status (lost or doubled tokens) | {ledger_bad} |")
    print(f"| idempotent requests completed more than once (one marker, several completed rows) | {doubled_count} |")
    print(f"| idempotent requests answered with different generations | {len(idem_split)} |")
    print(f"| answers contradicted by the row (client told completed/failed, row says otherwise) | {len(contradictions)} |")
    print(f"| purchases paid / credited exactly once / not credited | {len(paid)} / {len(paid) - len(not_credited)} / "
          f"{len(not_credited)} |")
    print(f"| unexpected answers (5xx other than an injected provider_error, silent stream closes) | "
          f"{len(state['unexpected'])} |")
    print()
    if not ledger_ok:
        print("ledger check output:\n```\n" + (ledger.stdout + ledger.stderr)[-2000:] + "\n```\n")
    for title, items in (("Stuck pending (id, model, seconds past deadline, locked_by, attempts)", stuck_rows),
                         ("Unanswered claims (key, owner, generation, its status, age s)", claim_rows),
                         ("Ledger disagreements (id, status, price, tokens_spent, net charged, net held, hold_open)",
                          ledger_rows),
                         ("Doubled idempotent requests (marker, completed rows, id:status:charged)", doubled),
                         ("Contradicted answers (id, client, told, tokens, row)", contradictions[:10]),
                         ("Idempotent keys answered with different generations", [(r["marker"], r["ids"]) for r in idem_split[:10]]),
                         ("Paid but not credited", [(p["id"], p["external"], p["notified"], credited.get(p["id"])) for p in not_credited[:10]]),
                         ("Unexpected answers", [(u["kind"], u["status"], u["body"][:200], u["request"][:120]) for u in state["unexpected"][:10]])):
        if items:
            print(f"{title}:")
            for item in items:
                print(f"- `{item}`")
            print()
    print(f"RESULT kills={args.kills} requests={state['requests']} ledger={'ok' if ledger_ok else 'FAIL'} "
          f"stuck_pending={stuck} unanswered_claims={unanswered}")
    print(f"CHECKS ledger_mismatches={ledger_bad} doubled_idempotent={doubled_count} "
          f"split_idempotent={len(idem_split)} contradicted_answers={len(contradictions)} "
          f"uncredited_purchases={len(not_credited)} unexpected_answers={len(state['unexpected'])}")


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    load = sub.add_parser("load")
    load.add_argument("--urls", nargs="+", required=True)
    load.add_argument("--keys", required=True, help="space-separated API keys")
    load.add_argument("--simulator", required=True)
    load.add_argument("--seconds", type=float, default=60)
    load.add_argument("--deadline", type=float, default=30, help="the models' deadline_seconds")
    load.add_argument("--mix", default="sync,sync,sync,stream,stream,stream,async,async,idem,idem,idem,payment")
    load.add_argument("--seed", type=int, default=1)
    load.add_argument("--state", required=True)
    rep = sub.add_parser("report")
    rep.add_argument("--state", required=True)
    rep.add_argument("--psql", required=True)
    rep.add_argument("--tollgate", required=True)
    rep.add_argument("--data")
    rep.add_argument("--kills", type=int, default=0)
    rep.add_argument("--instances", type=int, default=2)
    rep.add_argument("--deadline", type=float, default=30)
    rep.add_argument("--settle", type=float, default=60)
    args = parser.parse_args()
    if args.command == "report":
        report(args)
        return
    runner = Load(args)
    started = time.monotonic()
    asyncio.run(runner.run())
    json.dump({
        "seconds": round(time.monotonic() - started), "requests": runner.requests,
        "outcomes": {f"{k}\t{o}": v for (k, o), v in runner.outcomes.items()},
        "answers": runner.answers, "idem": runner.idem, "payments": runner.payments,
        "unexpected": runner.unexpected,
    }, open(args.state, "w"))
    print(f"# load done: {runner.requests} requests in {time.monotonic() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
