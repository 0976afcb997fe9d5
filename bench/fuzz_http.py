#!/usr/bin/env python3
"""HTTP fuzzer for one Tollgate (bench/fuzz.sh starts it).

Reads the operations from the server's own `GET /openapi.json` (plus the web pages and a few paths outside it),
then sends `--requests` requests (bounded also by `--seconds`) in batches from a few threads over plain sockets,
one connection each: valid requests from the schemas, the same with mutated fields (wrong types, huge and negative
numbers, unicode, NUL and control bytes, long strings, deep nesting, duplicate keys, truncated JSON), wrong or
missing content types, empty and oversized (also chunked) bodies, bad multipart, bad credentials, traversal in
`/files/` names, unknown methods, odd query strings, bad Idempotency-Keys, SSRF-looking URLs (pointing at a canary
listener of our own, which counts any request that reaches it), and a raw-socket subset of malformed HTTP (bad
request lines and headers, conflicting lengths, bad chunking, slow and partial bodies).

After every batch the server's pid is checked (a dead one is a crash: the batch is saved and the server restarted
with `--restart`). Prints markdown tables and a last line
`RESULT requests=N 5xx=N envelope_violations=N crashes=N hangs=N`; samples of every finding are written to
`--out` (the raw request bytes, `.http`, and what came back, `.txt`). Standard library only.
"""
import argparse
import base64
import collections
import http.server
import json
import os
import random
import re
import select
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

HANG_SECONDS = 15.0
BODY_LIMIT = 1 << 20  # max_body_bytes default

# ---------------------------------------------------------------------------------------------- the surfaces

WEB_PREFIXES = (
    "/dashboard", "/admin", "/docs", "/static/", "/login", "/signup", "/logout", "/forgot-password",
    "/reset-password", "/verify-email", "/llms.txt",
)
# Pages outside openapi.json (the server-rendered dashboard and docs): fuzzed for 5xx, crashes and hangs only.
WEB_OPS = [
    ("GET", "/"), ("GET", "/login"), ("GET", "/signup"), ("GET", "/forgot-password"), ("GET", "/reset-password"),
    ("GET", "/verify-email"), ("GET", "/docs"), ("GET", "/docs/api"), ("GET", "/docs/{page}"), ("GET", "/llms.txt"),
    ("GET", "/static/{name}"), ("GET", "/dashboard"), ("GET", "/dashboard/keys"), ("GET", "/dashboard/history"),
    ("GET", "/dashboard/history.csv"), ("GET", "/dashboard/playground"), ("GET", "/dashboard/billing"),
    ("GET", "/dashboard/settings"), ("GET", "/admin"), ("GET", "/admin/accounts/{id}"), ("POST", "/login"),
    ("POST", "/signup"), ("POST", "/logout"), ("POST", "/forgot-password"), ("POST", "/dashboard/playground"),
    ("POST", "/dashboard/keys"), ("POST", "/admin/payments/{id}/refund"), ("GET", "/login/telegram"),
]


def surface(path):
    """native | openai | anthropic | web: which error shape an error answer on `path` must have."""
    p = path.split("?", 1)[0]
    if p.startswith("/v1/messages"):
        return "anthropic"
    if p.startswith("/v1/"):
        return "openai"
    if p == "/" or p.startswith(WEB_PREFIXES):
        return "web"
    return "native"


def envelope_ok(shape, body):
    try:
        doc = json.loads(body)
    except Exception:
        return False
    if not isinstance(doc, dict):
        return False
    if shape == "native":
        return isinstance(doc.get("error"), str) and isinstance(doc.get("message"), str) and isinstance(
            doc.get("details"), dict)
    if shape == "openai":
        e = doc.get("error")
        return isinstance(e, dict) and isinstance(e.get("message"), str) and isinstance(e.get("type"), str)
    if shape == "anthropic":
        e = doc.get("error")
        return doc.get("type") == "error" and isinstance(e, dict) and isinstance(e.get("type"), str) and isinstance(
            e.get("message"), str)
    return True


def error_message(body):
    try:
        doc = json.loads(body)
    except Exception:
        return ""
    return doc.get("message", "") if isinstance(doc, dict) and isinstance(doc.get("message"), str) else ""


def error_code(body):
    try:
        doc = json.loads(body)
    except Exception:
        return "-"
    if not isinstance(doc, dict):
        return "-"
    e = doc.get("error")
    if isinstance(e, str):
        return e
    if isinstance(e, dict):
        return str(e.get("code") or e.get("type") or "-")
    return "-"


LEAK_PATTERNS = re.compile(
    rb"\.swift:\d|Fatal error|SQLITE_|sqlite3_|PSQLError|PostgresNIO|SELECT .* FROM|INSERT INTO|codingPath|"
    rb"Swift\.DecodingError|NIOCore\.|sk_bench|sk_fuzz|root:x:0:0|Traceback \(most recent")

# ------------------------------------------------------------------------------------------------- the values

UNICODE = [
    "caf\u00e9", "\u65e5\u672c\u8a9e", "\U0001f600\U0001f4a9", "\u202eevil\u202c", "e\u0301\u0301\u0301", "\ufeffbom",
    "\u0000nul", "tab\tnew\nline\rcr", "\x1b[31mred", "\u2028\u2029", "\uffff", "\U0010ffff", "ZALGO" + "\u0336" * 50,
]
STRINGS = [
    "", " ", "\u0000", "null", "true", "0", "-1", "1e309", "NaN", "../../etc/passwd", "%00", "%s%n%x", "{{7*7}}",
    "${jndi:ldap://x}", "<script>alert(1)</script>", "' OR 1=1 --", "\"; DROP TABLE generations; --", "\\",
    "a" * 300, "x" * 70_000, "\u00ff" * 1000,
]
NUMBERS = [0, -1, 1, 2 ** 31, 2 ** 53 + 1, 2 ** 63 - 1, 2 ** 63, -2 ** 63, -2 ** 63 - 1, 10 ** 30, 1e308, -1e308,
           1.5, -0.0, 0.1, 5e-324, 99999999999999999999999999999999]
# Literal JSON number texts the json module would not write.
NUMBER_TEXTS = [b"1e400", b"-1e400", b"NaN", b"Infinity", b"-Infinity", b"0x10", b"01", b"1.", b".5", b"+1",
                b"1" * 400, b"-0", b"1E+2", b"123456789012345678901234567890e-5"]

SSRF_TARGETS = [
    "http://127.0.0.1:{canary}/ssrf/{n}", "http://localhost:{canary}/ssrf/{n}", "http://[::1]:{canary}/ssrf/{n}",
    "http://0.0.0.0:{canary}/ssrf/{n}", "http://127.1:{canary}/ssrf/{n}", "http://2130706433:{canary}/ssrf/{n}",
    "http://0x7f000001:{canary}/ssrf/{n}", "http://[::ffff:127.0.0.1]:{canary}/ssrf/{n}",
    "http://127.0.0.1.nip.io:{canary}/ssrf/{n}", "http://user@127.0.0.1:{canary}/ssrf/{n}",
    "http://example.com@127.0.0.1:{canary}/ssrf/{n}", "http://127.0.0.1:{canary}#@example.com/ssrf/{n}",
    "http://169.254.169.254/latest/meta-data/", "http://metadata.google.internal/computeMetadata/v1/",
    "http://10.0.0.1/x.png", "http://192.168.1.1/x.png", "http://[fd00::1]/x.png", "file:///etc/passwd",
    "gopher://127.0.0.1:{canary}/_ssrf", "ftp://127.0.0.1/x", "http://127.0.0.1:{canary}/ssrf/{n}?.png",
    "HTTP://127.0.0.1:{canary}/ssrf/{n}", "http://017700000001:{canary}/ssrf/{n}", "http://127.000.000.001:{canary}/ssrf/{n}",
    "//127.0.0.1:{canary}/ssrf/{n}", "http:/\\127.0.0.1:{canary}/ssrf/{n}", "data:image/png;base64,AAAA",
]
URL_FIELDS = ("image_url", "callback_url", "audio_url", "video_url", "mask_url", "source_url", "return_url",
              "face_url", "style_url", "url")

SIM_DIRECTIVES = [
    ("[[sim chunks=3 chunk_ms=5]]", False), ("[[sim job_ms=0]]", False), ("[[sim latency_ms=30]]", False),
    ("[[sim chunks=0]]", False), ("[[sim chunks=-5]]", False), ("[[sim chunks=200]]", False),
    ("[[sim error=500]]", True), ("[[sim error=503]]", True), ("[[sim error=429]]", True), ("[[sim error=400]]", True),
    ("[[sim error=401]]", True), ("[[sim error_after=1 chunks=4]]", True), ("[[sim cut_after=2 chunks=4]]", True),
    ("[[sim job_fail=nsfw job_ms=0]]", True), ("[[sim job_fail=1 job_ms=0]]", True),
    ("[[sim error_rate=0.5 error=502]]", True), ("[[sim error=999]]", True), ("[[sim error=-3 job_ms=-5]]", False),
    ("[[sim", False), ("]][[sim ]]", False),
]

MAIN_KEY_IDS = set()


class State:
    """What earlier answers taught: ids and names to use in paths (shared by the workers)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.generation_ids = collections.deque(maxlen=300)
        self.file_names = collections.deque(maxlen=100)
        self.key_ids = collections.deque(maxlen=100)
        self.payment_ids = collections.deque(maxlen=100)
        self.refresh_tokens = collections.deque(maxlen=20)

    def learn(self, template, body):
        try:
            doc = json.loads(body)
        except Exception:
            return
        if not isinstance(doc, dict):
            return
        with self.lock:
            if template.startswith("/api/v2/generate") or template == "/api/v2/stt":
                if isinstance(doc.get("id"), int):
                    self.generation_ids.append(doc["id"])
            for field in ("result_url", "thumbnail_url"):
                url = doc.get(field)
                if isinstance(url, str) and "/files/" in url:
                    self.file_names.append(url.split("/files/", 1)[1])
            if template == "/api/v2/keys" and isinstance(doc.get("id"), int) and doc["id"] not in MAIN_KEY_IDS:
                self.key_ids.append(doc["id"])
            payment = doc.get("payment")
            if isinstance(payment, dict) and isinstance(payment.get("id"), int):
                self.payment_ids.append(payment["id"])
            if isinstance(doc.get("refresh_token"), str):
                self.refresh_tokens.append(doc["refresh_token"])
            data = doc.get("data")
            if isinstance(data, list):
                for item in data:
                    if isinstance(item, dict) and isinstance(item.get("url"), str) and "/files/" in item["url"]:
                        self.file_names.append(item["url"].split("/files/", 1)[1])

    def pick(self, kind, rng):
        with self.lock:
            items = list(getattr(self, kind))
        return rng.choice(items) if items else None


# ---------------------------------------------------------------------------------------------- the schemas


class Schemas:
    def __init__(self, doc):
        self.doc = doc

    def resolve(self, schema):
        seen = 0
        while isinstance(schema, dict) and "$ref" in schema and seen < 20:
            node = self.doc
            for part in schema["$ref"].lstrip("#/").split("/"):
                node = node[part]
            schema = node
            seen += 1
        return schema if isinstance(schema, dict) else {}

    def value(self, schema, rng, name="", depth=0):
        s = self.resolve(schema)
        if depth > 6:
            return None
        for key in ("oneOf", "anyOf"):
            if key in s:
                return self.value(rng.choice(s[key]), rng, name, depth + 1)
        if "allOf" in s:
            merged = {}
            for part in s["allOf"]:
                v = self.value(part, rng, name, depth + 1)
                if isinstance(v, dict):
                    merged.update(v)
            return merged
        if "const" in s:
            return s["const"]
        if "enum" in s and s["enum"]:
            return rng.choice(s["enum"])
        if "examples" in s and s["examples"] and rng.random() < 0.3:
            return s["examples"][0]
        t = s.get("type")
        if isinstance(t, list):
            non_null = [x for x in t if x != "null"]
            t = rng.choice(non_null) if non_null else "null"
        if t is None:
            t = "object" if "properties" in s else "string"
        if t == "object":
            out = {}
            props = s.get("properties", {})
            required = set(s.get("required", []))
            for prop, sub in props.items():
                if prop in required or rng.random() < 0.35:
                    if prop in ("callback_url",) and prop not in required:
                        continue  # callbacks only where a mutation puts one
                    v = self.value(sub, rng, prop, depth + 1)
                    if v is not None or prop in required:
                        out[prop] = v
            return out
        if t == "array":
            items = s.get("items", {})
            n = max(s.get("minItems", 0), rng.choice([1, 1, 2]))
            return [self.value(items, rng, name, depth + 1) for _ in range(n)]
        if t == "integer":
            lo, hi = s.get("minimum", 1), s.get("maximum", 100)
            if "default" in s and rng.random() < 0.3:
                return s["default"]
            return rng.randint(int(lo), int(min(hi, lo + 100)))
        if t == "number":
            lo, hi = s.get("minimum", 0), s.get("maximum", 1)
            return round(rng.uniform(lo, min(hi, lo + 10)), 2)
        if t == "boolean":
            return rng.random() < 0.5 if s.get("enum") is None else s["enum"][0]
        if t == "null":
            return None
        return self.string(s, rng, name)

    def string(self, s, rng, name):
        if "default" in s and rng.random() < 0.5:
            return s["default"]
        fmt = s.get("format", "")
        lname = name.lower()
        if fmt == "binary":
            return "binary"
        if lname == "email" or fmt == "email":
            return f"fuzz{rng.randrange(10 ** 9)}@example.com"
        if "password" in lname:
            return "Fuzz-password-1"
        if fmt == "uri" or lname.endswith("url"):
            return rng.choice(["https://example.com/a.png", "https://picsum.photos/200.jpg"])
        if lname == "prompt" or lname == "text" or lname == "input":
            return rng.choice(["a red fox in snow", "Say hello", "Count to three", "\u043f\u0440\u0438\u0432\u0435\u0442"])
        if lname == "language":
            return rng.choice(["en", "ru"])
        if lname in ("id",) or "pattern" in s and "0-9" in s.get("pattern", "") and "A-Za-z" in s.get("pattern", ""):
            return "fuzz_" + str(rng.randrange(10 ** 6))
        if lname == "role":
            return "user"
        n = s.get("minLength", 1)
        return "fuzz" + "x" * max(0, n - 4)


def load_operations(doc):
    ops = []
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method not in ("get", "post", "put", "patch", "delete") or not isinstance(op, dict):
                continue
            content = op.get("requestBody", {}).get("content", {})
            security = op.get("security")
            requires_auth = bool(security) and all(entry for entry in security)
            ops.append({
                "method": method.upper(), "path": path, "op": op, "content": content,
                "auth": security is not None and bool(security), "requires_auth": requires_auth,
                "params": [p for p in op.get("parameters", []) if isinstance(p, dict)],
                "documented": set(op.get("responses", {}).keys()), "web": False,
            })
    for method, path in WEB_OPS:
        ops.append({"method": method, "path": path, "op": {}, "content": {}, "auth": True, "requires_auth": False,
                    "params": [], "documented": None, "web": True})
    return ops


# -------------------------------------------------------------------------------------------- the requests


class Fuzzer:
    def __init__(self, args, doc):
        self.args = args
        self.rng = random.Random(args.seed)
        self.schemas = Schemas(doc)
        self.ops = load_operations(doc)
        self.state = State()
        self.key = args.key
        self.host, self.port = args.host, args.port
        self.canary_port = args.canary_port
        self.ssrf_n = 0
        self.model_slugs = []
        self.jwt = None

    # ---- helpers
    def auth_headers(self, rng, op):
        if not op["auth"]:
            return [], "none"
        r = rng.random()
        if self.jwt and r < 0.08:
            return [("Authorization", "Bearer " + self.jwt)], "jwt"
        if r < 0.18:
            return [("X-API-Key", self.key)], "key"
        if r < 0.22 and not op["requires_auth"]:
            return [], "none"
        return [("Authorization", "Bearer " + self.key)], "key"

    def fill_path(self, template, rng, mutate=False):
        def param(name):
            if mutate and rng.random() < 0.6:
                return rng.choice([
                    "0", "-1", "99999999999", "9223372036854775808", "-9223372036854775809", "1e3", "abc", "1.5",
                    "%00", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..", "%F0%9F%98%80", "%ZZ", "1;DROP", "a" * 5000,
                    "1%20", "+1", "0x10", "%20", "1/2", "\u00e9",
                ])
            if name == "id":
                if "/keys/" in template:
                    v = self.state.pick("key_ids", rng)
                    return str(v) if v is not None else str(rng.randint(1000, 2000))
                if "/payments/" in template:
                    v = self.state.pick("payment_ids", rng)
                    return str(v) if v is not None else "1"
                v = self.state.pick("generation_ids", rng)
                return str(v) if v is not None else str(rng.randint(1, 50))
            if name == "slug":
                return rng.choice(self.model_slugs or ["gpt-5-nano"])
            if name == "name":
                if "/static/" in template:
                    return rng.choice(["app.css", "app.js", "x"])
                v = self.state.pick("file_names", rng)
                return v or "nothing.png"
            if name == "page":
                return rng.choice(["quickstart", "errors", "streaming", "nope", "quickstart.md"])
            return "x"
        return re.sub(r"\{(\w+)\}", lambda m: param(m.group(1)), template)

    def query(self, op, rng, mutate=False):
        qp = [p for p in op["params"] if p.get("in") == "query"]
        if not qp and not mutate:
            return ""
        pairs = []
        for p in qp:
            if rng.random() < 0.5:
                pairs.append((p["name"], str(self.schemas.value(p.get("schema", {}), rng, p["name"]))))
        if mutate:
            for _ in range(rng.randint(1, 3)):
                name = rng.choice([p["name"] for p in qp] + ["page", "limit", "x", "", "a[]", "%00"])
                pairs.append((name, rng.choice([
                    "-1", "0", "1e9", "99999999999999999999", "abc", "", "%ZZ", "%00", "\u00e9", "a" * 3000,
                    "true", "1&limit=2", "%E2%80%AE", "..%2f", "NaN", "[]", "{}", "%",
                ])))
            if rng.random() < 0.2:
                return "?" + rng.choice(["", "&&&", "=", "==", "a", "%", "?", "#frag", ";a=1", "a=1&a=2&a=3" * 200])
        if not pairs:
            return ""
        return "?" + "&".join(f"{k}={v}" if v is not None else k for k, v in pairs)

    def valid_body(self, op, rng):
        """(content_type, body bytes, injected_failure) for a valid request of `op`."""
        content = op["content"]
        injected = False
        if "application/json" in content:
            schema = content["application/json"].get("schema", {})
            value = self.schemas.value(schema, rng)
            if isinstance(value, dict):
                if op["path"] == "/api/v2/billing/checkout" and rng.random() < 0.8:
                    value["provider"] = "yookassa"
                if op["path"] in ("/api/v2/billing/yookassa/notifications",):
                    pid = self.state.pick("payment_ids", rng)
                    value = {"type": "notification", "event": rng.choice(["payment.succeeded", "payment.canceled"]),
                             "object": {"id": f"fuzz-{pid or rng.randrange(1000)}"}}
                if op["path"] == "/api/v2/telegram/webhook":
                    value = self.telegram_update(rng)
                if op["path"] == "/api/v2/auth/refresh":
                    token = self.state.pick("refresh_tokens", rng)
                    if token:
                        value["refresh_token"] = token
                if op["path"] == "/api/v2/auth/logout":
                    token = self.state.pick("refresh_tokens", rng)
                    if token:
                        value = {"refresh_token": token}
                for prompt_field in ("prompt",):
                    if isinstance(value.get(prompt_field), str) and rng.random() < 0.15:
                        directive, fails = rng.choice(SIM_DIRECTIVES)
                        value[prompt_field] = value[prompt_field] + " " + directive
                        injected = injected or fails
                msgs = value.get("messages")
                if isinstance(msgs, list) and msgs and rng.random() < 0.1:
                    directive, fails = rng.choice(SIM_DIRECTIVES)
                    msgs.append({"role": "user", "content": "hi " + directive})
                    injected = injected or fails
            return "application/json", json.dumps(value).encode(), injected, value
        if "multipart/form-data" in content:
            ctype, body = self.multipart(op, rng)
            return ctype, body, False, None
        return None, b"", False, None

    def telegram_update(self, rng):
        uid = rng.randrange(1, 10 ** 9)
        chat = rng.randrange(1, 10 ** 6)
        text = rng.choice(["/start", "/balance", "/help", "/buy", "/settings", "hello", "/start abc", "\u0000", ""])
        kind = rng.random()
        user = {"id": chat, "is_bot": False, "first_name": "Fuzz", "language_code": rng.choice(["en", "ru", "zz"])}
        if kind < 0.6:
            return {"update_id": uid, "message": {"message_id": 1, "date": int(time.time()), "chat": {
                "id": chat, "type": "private"}, "from": user, "text": text}}
        if kind < 0.8:
            return {"update_id": uid, "callback_query": {"id": str(uid), "from": user, "data": rng.choice([
                "cat:text", "model:gpt-5-nano", "x" * 70, "", "lang:ru"]), "message": {"message_id": 1, "date": 0,
                                                                                   "chat": {"id": chat, "type": "private"}}}}
        return {"update_id": uid, "pre_checkout_query": {"id": str(uid), "from": user, "currency": "XTR",
                                                         "total_amount": rng.choice([1, -1, 0, 10 ** 12]),
                                                         "invoice_payload": rng.choice(["payment:1", "x", ""])}}

    def multipart(self, op, rng, boundary=None):
        boundary = boundary or "fuzzb" + str(rng.randrange(10 ** 9))
        file_field = "file" if op["path"].startswith("/v1/") else "audio"
        name = rng.choice(["a.mp3", "a.wav", "a.ogg", "a.webm", "a.m4a", "a.flac", "a.mp4"])
        audio = os.urandom(rng.choice([1, 100, 3000]))
        parts = [(file_field, name, "audio/mpeg", audio)]
        if rng.random() < 0.7:
            models = ["whisper", "gpt-4o-transcribe", "elevenlabs-scribe"] + (["whisper-1"] if file_field == "file" else [])
            parts.append(("model", None, None, rng.choice(models).encode()))
        if rng.random() < 0.3:
            parts.append(("language", None, None, rng.choice([b"en", b"ru"])))
        return f"multipart/form-data; boundary={boundary}", self.encode_multipart(boundary, parts)

    @staticmethod
    def encode_multipart(boundary, parts):
        out = b""
        for name, filename, ctype, data in parts:
            out += b"--" + boundary.encode() + b"\r\n"
            disp = f'Content-Disposition: form-data; name="{name}"'
            if filename is not None:
                disp += f'; filename="{filename}"'
            out += disp.encode() + b"\r\n"
            if ctype:
                out += f"Content-Type: {ctype}\r\n".encode()
            out += b"\r\n" + data + b"\r\n"
        return out + b"--" + boundary.encode() + b"--\r\n"

    def spec(self, op, rng, label, path=None, method=None, headers=None, body=b"", ctype=None, injected=False,
             **extra):
        template = op["path"] if op else (path or "?")
        path = path or self.fill_path(template, rng)
        hs = list(headers or [])
        if ctype is not None:
            hs.append(("Content-Type", ctype))
        d = {"kind": "http", "method": method or (op["method"] if op else "GET"), "path": path, "template": template,
             "headers": hs, "body": body, "label": label, "injected": injected, "op": op}
        d.update(extra)
        return d

    # ---- the generators; each returns one request spec
    def gen_valid(self, rng):
        op = rng.choice(self.ops)
        auth, _ = self.auth_headers(rng, op)
        ctype, body, injected, _ = self.valid_body(op, rng)
        headers = list(auth)
        if op["path"] == "/api/v2/telegram/webhook":
            headers.append(("X-Telegram-Bot-Api-Secret-Token", self.args.telegram_secret))
        if op["path"].startswith("/api/v2/generate") and op["method"] == "POST" and rng.random() < 0.3:
            headers.append(("Idempotency-Key", f"fuzz-{rng.randrange(200)}"))
        path = self.fill_path(op["path"], rng) + self.query(op, rng)
        return self.spec(op, rng, "valid", path=path, headers=headers, body=body, ctype=ctype, injected=injected)

    def json_ops(self):
        return [o for o in self.ops if "application/json" in o["content"]]

    def gen_json_mutation(self, rng):
        op = rng.choice(self.json_ops())
        auth, _ = self.auth_headers(rng, op)
        _, _, injected, value = self.valid_body(op, rng)
        if not isinstance(value, dict):
            value = {}
        how = rng.choice([
            "type", "type", "number", "number", "unicode", "control", "long", "deep", "dupkeys", "truncate",
            "toplevel", "extra", "drop", "numtext", "badutf8", "bom", "nested_params", "ssrf", "empty_strings",
        ])
        body = self.mutate_json(value, how, rng)
        headers = list(auth)
        if op["path"] == "/api/v2/telegram/webhook":
            headers.append(("X-Telegram-Bot-Api-Secret-Token", self.args.telegram_secret))
        return self.spec(op, rng, "json:" + how, headers=headers, body=body, ctype="application/json",
                         injected=injected)

    def leaves(self, value, prefix=()):
        if isinstance(value, dict):
            if not value:
                yield prefix
            for k, v in value.items():
                yield from self.leaves(v, prefix + (k,))
        elif isinstance(value, list):
            if not value:
                yield prefix
            for i, v in enumerate(value):
                yield from self.leaves(v, prefix + (i,))
        else:
            yield prefix

    @staticmethod
    def set_at(value, path, new):
        if not path:
            return new
        try:
            node = value
            for p in path[:-1]:
                node = node[p]
            node[path[-1]] = new
        except (KeyError, IndexError, TypeError):
            pass  # an earlier change replaced part of the path
        return value

    def random_value(self, rng):
        return rng.choice([
            rng.choice(NUMBERS), rng.choice(STRINGS), rng.choice(UNICODE), None, True, False, [], {}, [1, "a", None],
            {"a": {"b": [1]}}, [[[]]], rng.random(),
        ])

    def mutate_json(self, value, how, rng):
        leaves = list(self.leaves(value)) or [()]
        target = rng.choice(leaves)
        keys = list(value.keys()) if isinstance(value, dict) else []
        if how == "type":
            for _ in range(rng.randint(1, 3)):
                target = rng.choice(leaves)
                value = self.set_at(value, target, self.random_value(rng))
            return json.dumps(value).encode()
        if how == "number":
            for field in ("count", "max_tokens", "temperature", "n", "duration", "rating", "seed", "width", "height",
                          "page", "limit", "speed", "num_outputs"):
                if rng.random() < 0.2:
                    value[field] = rng.choice(NUMBERS)
            value = self.set_at(value, target, rng.choice(NUMBERS))
            return json.dumps(value).encode()
        if how == "numtext":
            marker = "__NUM__"
            value = self.set_at(value, target, marker)
            return json.dumps(value).encode().replace(b'"__NUM__"', rng.choice(NUMBER_TEXTS))
        if how == "unicode":
            value = self.set_at(value, target, rng.choice(UNICODE) * rng.randint(1, 20))
            text = json.dumps(value, ensure_ascii=rng.random() < 0.5)
            if rng.random() < 0.3:  # lone surrogate escapes
                text = text.replace("caf", "\\ud800caf").replace('"fuzz', '"\\udfff')
                text = text[:-1] + ', "s": "\\ud83d"' + text[-1] if text.endswith("}") else text
            return text.encode("utf-8", "surrogatepass")
        if how == "control":
            s = "".join(chr(rng.randrange(0, 32)) for _ in range(rng.randint(1, 40)))
            value = self.set_at(value, target, s)
            raw = json.dumps(value).encode()
            if rng.random() < 0.5:  # raw control bytes inside a string (invalid JSON)
                raw = raw.replace(b"\\u0000", b"\x00").replace(b"\\u001b", b"\x1b").replace(b"\\n", b"\n")
                raw = raw.replace(b'"', b'"\x00', 1) if rng.random() < 0.3 else raw
            return raw
        if how == "long":
            n = rng.choice([10_000, 100_000, 500_000, 1_000_000 - 200, 1_100_000])
            value = self.set_at(value, target, "A" * n)
            return json.dumps(value).encode()
        if how == "deep":
            depth = rng.choice([64, 512, 5_000, 100_000, 300_000])
            opener, closer = rng.choice([("[", "]"), ('{"a":', "}")])
            nested = opener * depth + "1" + closer * depth
            marker = "__DEEP__"
            value = self.set_at(value, target, marker)
            return json.dumps(value).encode().replace(b'"__DEEP__"', nested.encode())
        if how == "dupkeys":
            raw = json.dumps(value)
            if keys:
                k = rng.choice(keys)
                dup = json.dumps({k: self.random_value(rng)})[1:-1]
                raw = raw[:-1] + (", " if len(raw) > 2 else "") + dup + "}"
                if rng.random() < 0.3:
                    raw = raw[:-1] + (", " + dup) * 1000 + "}"
            return raw.encode()
        if how == "truncate":
            raw = json.dumps(value).encode()
            return raw[: rng.randrange(0, max(1, len(raw)))]
        if how == "toplevel":
            return rng.choice([b"[]", b'"x"', b"1", b"null", b"true", b"[{}]", b"{}", b"{}{}", b"{} []", b" ", b"\n",
                               b"{,}", b'{"a"}', b"{'model': 'x'}", b"/* c */ {}", b'{"a":1,}', b"[1,]"])
        if how == "extra":
            for _ in range(rng.randint(1, 5)):
                value[rng.choice(["__proto__", "constructor", "x", "", "\u0000", "a" * 1000, "params", "model",
                                  "stream", "callback_url", "count", "n", "messages"])] = self.random_value(rng)
            return json.dumps(value).encode()
        if how == "drop":
            for k in rng.sample(keys, min(len(keys), rng.randint(1, 2))):
                value.pop(k)
            return json.dumps(value).encode()
        if how == "badutf8":
            raw = json.dumps(value).encode()
            bad = rng.choice([b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xe2\x82", b"\x80"])
            i = raw.find(b'"', 2)
            return raw[: i + 1] + bad + raw[i + 1:] if i > 0 else raw + bad
        if how == "bom":
            return b"\xef\xbb\xbf" + json.dumps(value).encode()
        if how == "nested_params":
            value["params"] = rng.choice([
                {"params": {"params": {}}}, [], "x", None, {"": 1}, {"size": ["a"]}, {"aspect_ratio": {"a": 1}},
                {k: rng.choice(NUMBERS) for k in ("size", "quality", "duration", "n", "style")},
            ])
            if "model" in value and rng.random() < 0.3:
                value["model"] = rng.choice(["", "GPT-5-NANO", "gpt-5-nano ", "../x", None, 1, ["gpt-5-nano"]])
            return json.dumps(value).encode()
        if how == "ssrf":
            self.ssrf_n += 1
            url = rng.choice(SSRF_TARGETS).format(canary=self.canary_port, n=self.ssrf_n)
            fields = [f for f in URL_FIELDS if rng.random() < 0.4] or ["image_url"]
            for f in fields:
                if rng.random() < 0.5 and isinstance(value.get("params"), dict):
                    value["params"][f] = url
                else:
                    value[f] = url
            if isinstance(value.get("messages"), list):
                value["messages"].append({"role": "user", "content": [
                    {"type": "text", "text": "what is this"}, {"type": "image_url", "image_url": {"url": url}}]})
            return json.dumps(value).encode()
        if how == "empty_strings":
            for path in leaves:
                if path:
                    self.set_at(value, path, "")
            return json.dumps(value).encode()
        return json.dumps(value).encode()

    def gen_ssrf(self, rng):
        """A valid generation with an SSRF-looking URL in image_url / callback_url (the canary counts hits)."""
        self.ssrf_n += 1
        url = rng.choice(SSRF_TARGETS).format(canary=self.canary_port, n=self.ssrf_n)
        gen = [o for o in self.ops if o["path"] in ("/api/v2/generate", "/v1/chat/completions",
                                                       "/v1/images/generations", "/api/v2/billing/checkout")]
        op = rng.choice(gen)
        auth = [("Authorization", "Bearer " + self.key)]
        if op["path"] == "/api/v2/generate":
            model = rng.choice(["photon-flash", "flux-kontext-pro", "upscale", "remove-bg", "gpt-5-nano", "colorize",
                                "face-swap", "el-voice-isolator", "dall-e-3"])
            body = {"model": model, "prompt": "x [[sim job_ms=0]]"}
            where = rng.random()
            if where < 0.4:
                body["callback_url"] = url
            elif where < 0.7:
                body["params"] = {"image_url": url}
            else:
                body["image_url"] = url
            if model == "gpt-5-nano":
                body = {"model": model, "messages": [{"role": "user", "content": [
                    {"type": "text", "text": "hi"}, {"type": "image_url", "image_url": {"url": url}}]}],
                        "callback_url": url if rng.random() < 0.5 else None}
        elif op["path"] == "/api/v2/billing/checkout":
            body = {"product": "package:start", "provider": "yookassa", "return_url": url}
        elif op["path"] == "/v1/images/generations":
            body = {"model": "flux-kontext-pro", "prompt": "x", "image_url": url}
        else:
            body = {"model": "gpt-5-nano", "messages": [{"role": "user", "content": [
                {"type": "text", "text": "hi"}, {"type": "image_url", "image_url": {"url": url}}]}]}
        return self.spec(op, rng, "ssrf", headers=auth, body=json.dumps(body).encode(), ctype="application/json")

    def gen_auth(self, rng):
        op = rng.choice([o for o in self.ops if o["auth"] and not o["web"]] or self.ops)
        ctype, body, injected, _ = self.valid_body(op, rng)
        key = self.key
        forged_none = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode() + "." + \
            base64.urlsafe_b64encode(b'{"sub":"1","typ":"access","exp":9999999999,"iss":"tollgate"}').rstrip(
                b"=").decode() + "."
        forged_hs = forged_none.replace("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9") + \
            "c2lnbmF0dXJl"
        choice = rng.choice([
            [], [("Authorization", "")], [("Authorization", "Bearer")], [("Authorization", "Bearer ")],
            [("Authorization", "Bearer " + key[:-1] + ("A" if key[-1] != "A" else "B"))],
            [("Authorization", "Bearer " + key + " ")], [("Authorization", "bearer " + key)],
            [("Authorization", "BEARER " + key)], [("Authorization", "Bearer  " + key)],
            [("Authorization", "Basic " + base64.b64encode(key.encode() + b":").decode())],
            [("Authorization", "Token " + key)], [("Authorization", key)],
            [("Authorization", "Bearer nb_" + "A" * 45)], [("Authorization", "Bearer nb_")],
            [("Authorization", "Bearer " + "x" * 20000)], [("Authorization", "Bearer " + key + "\u00e9")],
            [("Authorization", "Bearer " + key[:10] + "\x00" + key[10:])],
            [("Authorization", "Bearer " + forged_none)], [("Authorization", "Bearer " + forged_hs)],
            [("Authorization", "Bearer a.b.c")], [("Authorization", "Bearer ...")],
            [("Authorization", "Bearer eyJ.eyJ.")], [("X-API-Key", "")], [("X-API-Key", key + "x")],
            [("X-API-Key", "nb_" + "0" * 45)], [("Authorization", "Bearer " + key), ("Authorization", "Bearer x")],
            [("Authorization", "Bearer x"), ("X-API-Key", key)], [("X-API-Key", key), ("X-API-Key", "x")],
            [("Authorization", "Bearer " + key.upper())], [("Authorization", "Bearer " + key.replace("nb_", "sk_"))],
            [("Authorization", "Bearer \t" + key)], [("Cookie", "session=" + "a" * 100)],
            [("Cookie", "tollgate_session=../../x; tollgate_session=1")],
        ])
        # Credentials with no valid key in them at all: a 2xx on a route that needs auth would be a bypass.
        bypass_candidate = not any(key in value for _, value in choice)
        return self.spec(op, rng, "auth", headers=choice, body=body, ctype=ctype, injected=injected,
                         bad_auth=bypass_candidate)

    def gen_headers(self, rng):
        op = rng.choice([o for o in self.ops if o["content"]] or self.ops)
        auth, _ = self.auth_headers(rng, op)
        ctype, body, injected, _ = self.valid_body(op, rng)
        how = rng.choice(["ctype", "ctype", "ctype", "idem", "idem", "idem", "misc", "expect"])
        headers = list(auth)
        if how == "ctype":
            ctype = rng.choice([
                None, "", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                "application/json; charset=utf-16", "application/json; charset=latin1", "application/xml",
                "application/jsonx", "APPLICATION/JSON", "application/json;;;", "*/*", "json", "\u00e9/\u00e9",
                "multipart/form-data; boundary=", "application/json, text/plain", "image/png",
                "application/vnd.api+json", "text/event-stream", "application/json\x00",
            ])
            return self.spec(op, rng, "header:content-type", headers=headers, body=body, ctype=ctype,
                             injected=injected)
        if how == "idem":
            gen = [o for o in self.ops if o["path"] in ("/api/v2/generate", "/api/v2/generate/stream")]
            op = rng.choice(gen)
            ctype, body, injected, _ = self.valid_body(op, rng)
            value = rng.choice([
                "", " ", "a" * 256, "a" * 10_000, "\u00e9\u00e9", "key\x01ctl", "key\twith\ttabs", "../../x",
                "fuzz-same", "fuzz-same", "fuzz-same", "%00", "'; DROP", "\u202e", "k" * 255,
            ])
            headers = [("Authorization", "Bearer " + self.key), ("Idempotency-Key", value)]
            if rng.random() < 0.2:
                headers.append(("Idempotency-Key", "second-" + str(rng.randrange(5))))
            return self.spec(op, rng, "header:idempotency", headers=headers, body=body, ctype=ctype,
                             injected=injected)
        if how == "expect":
            headers.append(("Expect", rng.choice(["100-continue", "200-ok", "", "100-continue\x00"])))
            return self.spec(op, rng, "header:expect", headers=headers, body=body, ctype=ctype, injected=injected)
        extra = rng.choice([
            [("Accept", "text/event-stream")], [("Accept", "\u00e9" * 100)], [("Accept-Language", "ru;q=x,,,")],
            [("Accept-Language", "a" * 8000)], [("X-Forwarded-For", "1.2.3.4, 127.0.0.1, ::1, garbage")],
            [("X-Forwarded-For", "x" * 5000)], [("Content-Encoding", "gzip")], [("Content-Encoding", "br")],
            [("Transfer-Encoding", "identity")], [("Range", "bytes=0-10")], [("Range", "bytes=-1--1")],
            [("If-None-Match", "*")], [("Origin", "http://evil.example")], [("X-Request-Id", "\u00e9" * 100)],
            [("X-Request-Id", "a" * 10000)], [("Host", "")],
        ])
        return self.spec(op, rng, "header:misc", headers=headers + extra, body=body, ctype=ctype, injected=injected)

    def gen_method(self, rng):
        op = rng.choice(self.ops)
        method = rng.choice(["FOO", "PROPFIND", "TRACE", "CONNECT", "OPTIONS", "HEAD", "PUT", "PATCH", "DELETE",
                             "POST", "GET", "get", "Post", "M-SEARCH", "A" * 100, "QUERY", "LINK"])
        auth, _ = self.auth_headers(rng, op)
        body = b'{"x":1}' if rng.random() < 0.4 else b""
        return self.spec(op, rng, "method", method=method, headers=auth, body=body,
                         ctype="application/json" if body else None)

    def gen_path(self, rng):
        how = rng.random()
        auth = [("Authorization", "Bearer " + self.key)] if rng.random() < 0.7 else []
        files_op = next(o for o in self.ops if o["path"] == "/files/{name}")
        if how < 0.45:
            name = self.state.pick("file_names", rng) or "nothing.png"
            path = "/files/" + rng.choice([
                "../tollgate.sqlite", "..%2ftollgate.sqlite", "..%2f..%2f..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/etc/passwd",
                "....//....//etc/passwd", "..\\..\\etc\\passwd", "%252e%252e%252fetc%252fpasswd", "/etc/passwd",
                "%2fetc%2fpasswd", name + "%00.png", name + "/..", name + "/../" + name, "./" + name, name.upper(),
                name + "?x=1", name + "#", name[:-1], name + ".", "." , "..", "...", "%", "%zz", "a" * 5000,
                "\u00e9.png", "%c0%ae%c0%ae/etc/passwd", "..;/etc/passwd", "~root", "*", "nothing.png",
                ".%2e/.%2e/tollgate.sqlite", "%2e%2e%5c%2e%2e%5cetc%5cpasswd", "", "tollgate.sqlite",
            ])
            return self.spec(files_op, rng, "path:files", path=path, headers=auth)
        if how < 0.6:
            op = rng.choice(self.ops)
            path = self.fill_path(op["path"], rng, mutate=True) + self.query(op, rng)
            ctype, body, injected, _ = self.valid_body(op, rng)
            auth2, _ = self.auth_headers(rng, op)
            return self.spec(op, rng, "path:params", path=path, headers=auth2, body=body, ctype=ctype,
                             injected=injected)
        if how < 0.8:
            op = rng.choice(self.ops)
            path = self.fill_path(op["path"], rng) + self.query(op, rng, mutate=True)
            ctype, body, injected, _ = self.valid_body(op, rng)
            auth2, _ = self.auth_headers(rng, op)
            return self.spec(op, rng, "path:query", path=path, headers=auth2, body=body, ctype=ctype,
                             injected=injected)
        path = rng.choice([
            "/api/v2", "/api/v2/", "/api/v2//balance", "/api/v2/balance/", "/api/v2/./balance", "/api/v2/x/../balance",
            "/API/V2/BALANCE", "/api/v3/balance", "/v1", "/v1/", "/v1/unknown", "/v1/messages/x", "/v1//models",
            "/v1/chat/completions/", "/api/v2/admin/payments/1/refund", "/api/v2/admin", "/%2e%2e/%2e%2e/etc/passwd",
            "/..%2f..%2fetc%2fpasswd", "//", "/" + "a/" * 3000, "/" + "a" * 9000, "/api/v2/generate/%00",
            "/api/v2/models/%2e%2e%2fapi%2fv2%2fbalance", "/api/v2/models/" + "\u00e9" * 10, "/\u00e9", "/%FF",
            "/static/../../../etc/passwd", "/static/%2e%2e%2f%2e%2e%2fPackage.swift", "/docs/../../README.md",
            "/docs/%2e%2e%2f%2e%2e%2fREADME", "/docs/" + "x" * 3000, "/metrics/", "/healthz?x=" + "y" * 5000,
            "*", "/api/v2/generate/1/../../balance", "/files", "/files/", "/api/v2/keys/1/x",
            "/api/v2/user/history/1/unknown", "/api/v2/generate/status/", "/.env", "/.git/config",
        ])
        return self.spec(None, rng, "path:odd", path=path, headers=auth, template="(odd path)")

    def gen_multipart(self, rng):
        op = rng.choice([o for o in self.ops if "multipart/form-data" in o["content"]])
        auth = [("Authorization", "Bearer " + self.key)] if rng.random() < 0.9 else []
        how = rng.choice(["boundary", "boundary", "body", "body", "fields", "parts", "big"])
        file_field = "file" if op["path"].startswith("/v1/") else "audio"
        if how == "boundary":
            b = "fuzzbound"
            ctype = rng.choice([
                "multipart/form-data", "multipart/form-data; boundary=", 'multipart/form-data; boundary=""',
                'multipart/form-data; boundary="', "multipart/form-data; boundary= ", "multipart/form-data; boundary=" + "b" * 71,
                "multipart/form-data; boundary=" + "b" * 70, "multipart/form-data; boundary=a b",
                "multipart/form-data; boundary=\u00e9", "multipart/form-data; boundary=--",
                "multipart/form-data; boundary=-", "multipart/form-data; boundary=\x00",
                "multipart/form-data; boundary=;", "multipart/form-data;boundary=fuzzbound;boundary=other",
                "multipart/mixed; boundary=fuzzbound", "MULTIPART/FORM-DATA; BOUNDARY=fuzzbound",
                "multipart/form-data; boundary=\"fuzzbound\"", "multipart/form-data; boundary= fuzzbound",
                "multipart/form-data; boundary=fuzz\tbound", "multipart/form-data; boundary=?",
                "multipart/form-data; charset=utf-8", "multipart/form-data; boundary=fuzzbound ",
            ])
            _, body = self.multipart(op, rng, boundary=b)
            return self.spec(op, rng, "multipart:boundary", headers=auth, body=body, ctype=ctype)
        b = "fuzzb" + str(rng.randrange(10 ** 6))
        ctype = f"multipart/form-data; boundary={b}"
        if how == "body":
            _, good = self.multipart(op, rng, boundary=b)
            body = rng.choice([
                b"", b"--" + b.encode() + b"--\r\n", b"--" + b.encode(), b"--" + b.encode() + b"\r\n",
                good[: len(good) // 2], good.replace(b"\r\n", b"\n"), good.replace(b"--" + b.encode() + b"--", b""),
                b"garbage" * 100, good + good, b"\r\n\r\n" + good, good.replace(b"Content-Disposition", b"X"),
                b"--" + b.encode() + b"\r\nContent-Disposition: form-data; name=\"" + file_field.encode() +
                b"\"; filename=\"a.mp3\"\r\n\r\n",  # no terminator
                b"--" + b.encode() + b"\r\n" + b"X: " + b"a" * 100_000 + b"\r\n\r\nx\r\n--" + b.encode() + b"--\r\n",
                b"--" + b.encode() + b"\r\nContent-Disposition: form-data\r\n\r\nx\r\n--" + b.encode() + b"--\r\n",
                b"--" + b.encode() + b"\r\nContent-Disposition: form-data; name=\r\n\r\nx\r\n--" + b.encode() + b"--\r\n",
                b"--" + b.encode() + b"\r\n\r\n\r\n--" + b.encode() + b"--\r\n",
                b"\x00" * 1000,
            ])
            return self.spec(op, rng, "multipart:body", headers=auth, body=body, ctype=ctype)
        if how == "fields":
            parts = [(file_field, rng.choice(["a.mp3", "", "a", "a.exe", "../../a.mp3", "a.mp3\x00.exe", "\u00e9.wav",
                                              "a" * 1000 + ".mp3", "a.MP3", ".mp3"]),
                      rng.choice(["audio/mpeg", "", "text/plain", "application/octet-stream", "audio/\u00e9", None]),
                      rng.choice([b"", b"x", os.urandom(500)]))]
            for field, vals in (("model", [b"", b"whisper", b"nope", b"gpt-5-nano", b"\x00", b"x" * 10000, b"dall-e-3",
                                           b"elevenlabs-scribe", b"whisper-1"]),
                                ("language", [b"", b"en", b"x" * 100, b"\xff\xfe", b"zz", b"en\x00"]),
                                ("diarize", [b"true", b"1", b"false", b"maybe", b""]),
                                ("response_format", [b"text", b"json", b"srt", b"verbose_json", b"\x00"])):
                if rng.random() < 0.5:
                    parts.append((field, None, None, rng.choice(vals)))
            if rng.random() < 0.2:
                parts.append((file_field, "b.mp3", "audio/mpeg", b"second"))
            return self.spec(op, rng, "multipart:fields", headers=auth, body=self.encode_multipart(b, parts),
                             ctype=ctype)
        if how == "parts":
            n = rng.choice([100, 2000, 20000])
            parts = [("f%d" % i, None, None, b"v") for i in range(n)] + [(file_field, "a.mp3", "audio/mpeg", b"xx")]
            return self.spec(op, rng, "multipart:many-parts", headers=auth, body=self.encode_multipart(b, parts),
                             ctype=ctype)
        # an upload over 25 MB, or just over the JSON body limit (uploads have their own)
        size = rng.choice([BODY_LIMIT + 10, 26 * 1024 * 1024])
        parts = [(file_field, "a.mp3", "audio/mpeg", b"\x00" * size)]
        return self.spec(op, rng, "multipart:big", headers=auth, body=self.encode_multipart(b, parts), ctype=ctype,
                         chunked=rng.random() < 0.5)

    def gen_oversize(self, rng):
        op = rng.choice(self.json_ops())
        auth, _ = self.auth_headers(rng, op)
        size = rng.choice([BODY_LIMIT + 1, BODY_LIMIT * 2, BODY_LIMIT * 8])
        body = b'{"model":"gpt-5-nano","prompt":"' + b"A" * size + b'"}'
        how = rng.choice(["chunked", "chunked", "length", "lying-length"])
        if how == "chunked":
            return self.spec(op, rng, "oversize:chunked", headers=auth, body=body, ctype="application/json",
                             chunked=True)
        if how == "length":
            return self.spec(op, rng, "oversize:length", headers=auth, body=body, ctype="application/json")
        # a Content-Length over the limit with a short body: the server may answer 413 at once or wait for it
        return self.spec(op, rng, "oversize:declared", headers=auth + [("Content-Length", str(BODY_LIMIT * 100))],
                         body=b"{}", ctype="application/json", no_cl=True, incomplete=True)

    def gen_raw(self, rng):
        """Malformed HTTP over a raw socket."""
        key = self.key
        host = f"127.0.0.1:{self.port}"
        good = (b"POST /api/v2/generate HTTP/1.1\r\nHost: " + host.encode() + b"\r\nAuthorization: Bearer " +
                key.encode() + b"\r\nContent-Type: application/json\r\n")
        body = b'{"model":"gpt-5-nano","prompt":"raw"}'
        cases = [
            ("garbage", b"GARBAGE\r\n\r\n", False), ("empty-line", b"\r\n\r\n", True), ("binary", os.urandom(300), False),
            ("no-version", b"GET /healthz\r\n\r\n", False), ("http09", b"GET /healthz\r\n", True),
            ("bad-version", b"GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n", False),
            ("http10", b"GET /api/v2/balance HTTP/1.0\r\nAuthorization: Bearer " + key.encode() + b"\r\n\r\n", False),
            ("no-host", b"GET /api/v2/balance HTTP/1.1\r\nAuthorization: Bearer " + key.encode() +
             b"\r\nConnection: close\r\n\r\n", False),
            ("absolute-uri", b"GET http://evil.example/api/v2/models HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n", False),
            ("long-uri", b"GET /api/v2/models?" + b"a" * 200_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", False),
            ("no-colon", b"GET /healthz HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n", False),
            ("nul-header", b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\nConnection: close\r\n\r\n", False),
            ("obs-fold", b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  folded\r\nConnection: close\r\n\r\n", False),
            ("space-before-colon", b"GET /healthz HTTP/1.1\r\nHost : x\r\nConnection: close\r\n\r\n", False),
            ("many-headers", b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"".join(
                b"X-%d: v\r\n" % i for i in range(20_000)) + b"Connection: close\r\n\r\n", False),
            ("huge-header", b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 2_000_000 + b"\r\n\r\n", False),
            ("cl-te", good + b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
             b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n", False),
            ("two-cl", good + b"Content-Length: %d\r\nContent-Length: 3\r\nConnection: close\r\n\r\n" % len(body) + body, False),
            ("neg-cl", good + b"Content-Length: -5\r\nConnection: close\r\n\r\n" + body, False),
            ("nan-cl", good + b"Content-Length: abc\r\nConnection: close\r\n\r\n" + body, False),
            ("huge-cl", good + b"Content-Length: 99999999999999999999999\r\nConnection: close\r\n\r\n" + body, False),
            ("bad-chunk-size", good + b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n" + body +
             b"\r\n0\r\n\r\n", False),
            ("huge-chunk-size", good + b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nffffffffffffffffff\r\n" +
             body + b"\r\n0\r\n\r\n", False),
            ("chunk-ext", good + b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n%x;a=b;" % len(body) + b"c" * 5000 +
             b"\r\n" + body + b"\r\n0\r\n\r\n", False),
            ("te-gzip", good + b"Transfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n%x\r\n" % len(body) + body +
             b"\r\n0\r\n\r\n", False),
            ("te-unknown", good + b"Transfer-Encoding: bogus\r\nConnection: close\r\n\r\n" + body, False),
            ("pipelined", (b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" * 50) + b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", False),
            ("h2-preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\x00\x00\x00\x04\x00\x00\x00\x00\x00", False),
            ("tls-hello", bytes.fromhex("16030100a5010000a10303") + os.urandom(200), False),
            ("lf-only", b"GET /healthz HTTP/1.1\nHost: x\nConnection: close\n\n", False),
            ("cr-only", b"GET /healthz HTTP/1.1\rHost: x\rConnection: close\r\r", True),
            ("tab-sep", b"GET\t/healthz\tHTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", False),
            ("utf8-path", "GET /api/v2/models/\u00e9\u00e9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode(), False),
            ("raw-space-path", b"GET /api/v2/mod els HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", False),
            ("head-incomplete", b"GET /healthz HTTP/1.1\r\nHost: x\r\n", True),
            ("body-short", good + b"Content-Length: 500\r\n\r\n" + body, True),
            ("unknown-method-body", b"BREW /api/v2/generate HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc", False),
            ("connect", b"CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n", False),
            ("smuggle", good + b"Content-Length: %d\r\nConnection: keep-alive\r\n\r\n" % (len(body) + 40) + body +
             b"GET /api/v2/balance HTTP/1.1\r\nX: ", True),
        ]
        name, raw, incomplete = rng.choice(cases)
        mode = "send"
        r = rng.random()
        if name == "body-short" and r < 0.5:
            mode = "shutdown"  # partial body, then half-close: the server must not hang or crash
            incomplete = False
        elif r < 0.1 and len(raw) < 4000:
            mode = "slow"  # bytes trickled over ~2 s
        return {"kind": "raw", "method": "RAW", "path": "(raw) " + name, "template": "(raw) " + name, "raw": raw,
                "label": "raw:" + name, "incomplete": incomplete, "mode": mode, "headers": [], "body": b"",
                "injected": False, "op": None}

    def next_spec(self, rng):
        r = rng.random()
        table = [
            (0.30, self.gen_valid), (0.60, self.gen_json_mutation), (0.68, self.gen_auth), (0.74, self.gen_headers),
            (0.78, self.gen_method), (0.85, self.gen_path), (0.91, self.gen_multipart), (0.93, self.gen_oversize),
            (0.95, self.gen_ssrf), (1.01, self.gen_raw),
        ]
        for bound, gen in table:
            if r < bound:
                try:
                    return gen(rng)
                except Exception as error:  # a bug of ours: note it and send a valid request instead
                    print(f"# generator {gen.__name__} failed: {error!r}", file=sys.stderr)
                    break
        return self.gen_valid(rng)


# ------------------------------------------------------------------------------------------------- sending


def request_bytes(spec, host, port):
    if spec["kind"] == "raw":
        return spec["raw"]
    method = spec["method"].encode("utf-8", "surrogateescape")
    path = spec["path"].encode("utf-8", "surrogateescape")
    out = [method + b" " + path + b" HTTP/1.1"]
    names = {n.lower() for n, _ in spec["headers"]}
    if "host" not in names:
        out.append(f"Host: {host}:{port}".encode())
    for name, value in spec["headers"]:
        v = value if isinstance(value, bytes) else value.encode("utf-8", "surrogateescape")
        out.append(name.encode() + b": " + v)
    body = spec["body"]
    if spec.get("chunked"):
        out.append(b"Transfer-Encoding: chunked")
        chunks, i = [], 0
        while i < len(body):
            n = random.randint(1, 256 * 1024)
            chunks.append(b"%x\r\n" % len(body[i:i + n]) + body[i:i + n] + b"\r\n")
            i += n
        body = b"".join(chunks) + b"0\r\n\r\n"
    elif not spec.get("no_cl") and (body or spec["method"] in ("POST", "PUT", "PATCH")):
        out.append(b"Content-Length: %d" % len(body))
    out.append(b"Connection: close")
    return b"\r\n".join(out) + b"\r\n\r\n" + body


class Hang(Exception):
    pass


def recv_some(sock, deadline):
    left = deadline - time.monotonic()
    if left <= 0:
        raise Hang()
    sock.settimeout(left)
    try:
        return sock.recv(262144)
    except socket.timeout:
        raise Hang()


def read_response(sock, deadline, method):
    """(status, headers, body) of the answer, skipping 1xx; status None when the server closed first."""
    buf = b""
    while True:
        while b"\r\n\r\n" not in buf:
            data = recv_some(sock, deadline)
            if not data:
                return (None, {}, buf) if not buf else ("partial", {}, buf)
            buf += data
        head, buf = buf.split(b"\r\n\r\n", 1)
        lines = head.split(b"\r\n")
        try:
            status = int(lines[0].split(b" ", 2)[1])
        except Exception:
            return ("garbled", {}, head)
        headers = {}
        for line in lines[1:]:
            if b":" in line:
                k, v = line.split(b":", 1)
                headers[k.strip().lower().decode("latin-1")] = v.strip().decode("latin-1")
        if 100 <= status < 200:
            continue
        break
    if method == "HEAD" or status in (204, 304):
        return status, headers, b""
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            while b"\r\n" not in buf:
                data = recv_some(sock, deadline)
                if not data:
                    return status, headers, body
                buf += data
            line, buf = buf.split(b"\r\n", 1)
            try:
                size = int(line.split(b";")[0], 16)
            except ValueError:
                return status, headers, body
            while len(buf) < size + 2:
                data = recv_some(sock, deadline)
                if not data:
                    return status, headers, body + buf
                buf += data
            body += buf[:size]
            buf = buf[size + 2:]
            if size == 0:
                return status, headers, body
    if "content-length" in headers:
        try:
            n = int(headers["content-length"])
        except ValueError:
            n = 0
        while len(buf) < n:
            data = recv_some(sock, deadline)
            if not data:
                break
            buf += data
        return status, headers, buf[:n]
    while True:
        data = recv_some(sock, deadline)
        if not data:
            return status, headers, buf
        buf += data


def send_one(spec, host, port):
    """Sends one spec; returns a result dict."""
    data = request_bytes(spec, host, port)
    started = time.monotonic()
    deadline = started + (3.0 if spec.get("incomplete") else HANG_SECONDS)
    result = {"status": None, "headers": {}, "body": b"", "elapsed": 0.0, "outcome": "ok", "sent": len(data)}
    try:
        sock = socket.create_connection((host, port), timeout=5)
    except OSError as error:
        result.update(outcome="connect-failed", error=str(error))
        return result
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        mode = spec.get("mode", "send")
        send_error = None
        try:
            if mode == "slow":
                step = max(1, len(data) // 20)
                for i in range(0, len(data), step):
                    sock.sendall(data[i:i + step])
                    time.sleep(0.1)
            else:
                # In pieces, stopping as soon as the server answers (e.g. a 413 before the whole body).
                view = memoryview(data)
                i = 0
                while i < len(view):
                    sock.settimeout(10)
                    sent = sock.send(view[i:i + 65536])
                    i += sent
                    if len(data) > 65536:
                        readable, _, _ = select.select([sock], [], [], 0)
                        if readable:
                            break
                if mode == "shutdown":
                    sock.shutdown(socket.SHUT_WR)
        except OSError as error:
            send_error = type(error).__name__
        try:
            status, headers, body = read_response(sock, deadline, spec["method"])
            result.update(status=status, headers=headers, body=body)
            if status is None:
                result["outcome"] = "closed" if not send_error else "reset:" + send_error
        except Hang:
            if spec.get("incomplete"):
                result["outcome"] = "waiting"  # the server waits for the rest: expected
            else:
                result["outcome"] = "hang"
        except OSError as error:
            result["outcome"] = "reset:" + (send_error or type(error).__name__)
    finally:
        sock.close()
        result["elapsed"] = time.monotonic() - started
    return result


# ------------------------------------------------------------------------------------------------ the canary


class Canary(http.server.BaseHTTPRequestHandler):
    hits = []

    def handle_one_request(self):
        try:
            self.request_version = "HTTP/1.0"
            self.raw_requestline = self.rfile.readline(65537)
            Canary.hits.append((time.time(), self.raw_requestline[:200].decode("latin-1", "replace"),
                                self.client_address[0]))
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", "0")
            self.end_headers()
        except Exception:
            pass
        self.close_connection = True

    def log_message(self, *args):
        pass


def start_canary():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Canary)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# ------------------------------------------------------------------------------------------------ the run


def alive(pid):
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("State:"):
                    return "Z" not in line.split()[1]
    except OSError:
        return False
    return True


def read_pid(path):
    with open(path) as f:
        return int(f.read().strip())


def wait_healthy(host, port, seconds=60):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            r = send_one({"kind": "http", "method": "GET", "path": "/healthz", "headers": [], "body": b""}, host, port)
            if r["status"] == 200:
                return True
        except Exception:
            pass
        time.sleep(0.2)
    return False


def simple_get(host, port, path, key=None):
    headers = [("Authorization", "Bearer " + key)] if key else []
    r = send_one({"kind": "http", "method": "GET", "path": path, "headers": headers, "body": b""}, host, port)
    return r["status"], r["body"]


def simple_post(host, port, path, body, key=None):
    headers = [("Content-Type", "application/json")] + ([("Authorization", "Bearer " + key)] if key else [])
    r = send_one({"kind": "http", "method": "POST", "path": path, "headers": headers, "body": json.dumps(body).encode()},
                 host, port)
    return r["status"], r["body"]


def describe(spec, result):
    lines = [f"# {spec['label']}  {spec['method']} {spec['path'][:300]}",
             f"# outcome={result.get('outcome')} status={result.get('status')} elapsed={result.get('elapsed', 0):.2f}s",
             "# response headers: " + json.dumps(result.get("headers", {}))[:1000], "# response body:",
             result.get("body", b"")[:4000].decode("utf-8", "replace")]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--seconds", type=float, default=1800)
    parser.add_argument("--workers", type=int, default=6)
    parser.add_argument("--batch", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pid-file", required=True)
    parser.add_argument("--restart", help="a command that restarts the server (after a crash) and rewrites --pid-file")
    parser.add_argument("--out", required=True, help="folder for samples")
    parser.add_argument("--telegram-secret", default="")
    parser.add_argument("--simulator", default="")
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    canary = start_canary()
    args.canary_port = canary.server_address[1]
    status, body = simple_get(args.host, args.port, "/openapi.json")
    assert status == 200, f"GET /openapi.json answered {status}"
    doc = json.loads(body)
    fuzzer = Fuzzer(args, doc)
    status, body = simple_get(args.host, args.port, "/api/v2/models")
    fuzzer.model_slugs = [m["slug"] for m in json.loads(body)["models"]] if status == 200 else []
    status, body = simple_get(args.host, args.port, "/api/v2/keys", args.key)
    if status == 200:
        doc_keys = json.loads(body)
        items = doc_keys.get("keys", doc_keys.get("items", [])) if isinstance(doc_keys, dict) else doc_keys
        for item in items or []:
            if isinstance(item, dict) and isinstance(item.get("id"), int):
                MAIN_KEY_IDS.add(item["id"])
    start_balance = json.loads(simple_get(args.host, args.port, "/api/v2/user/balance", args.key)[1])
    # A signed-in (JWT) user of the Starter plan, for the JWT path.
    email = f"fuzz-jwt-{args.seed}@example.com"
    simple_post(args.host, args.port, "/api/v2/auth/register", {"email": email, "password": "Fuzz-password-1"})
    s, b = simple_post(args.host, args.port, "/api/v2/auth/login", {"email": email, "password": "Fuzz-password-1"})
    if s == 200:
        fuzzer.jwt = json.loads(b).get("access_token")
        fuzzer.state.refresh_tokens.append(json.loads(b).get("refresh_token"))
    # Seed ids: a completed image (its file) and a key to play with.
    simple_post(args.host, args.port, "/api/v2/generate", {"model": "dall-e-3", "prompt": "seed"}, args.key)
    s, b = simple_post(args.host, args.port, "/api/v2/generate", {"model": "dall-e-3", "prompt": "seed"}, args.key)
    if s == 200:
        fuzzer.state.learn("/api/v2/generate", b)
    s, b = simple_post(args.host, args.port, "/api/v2/keys", {"name": "fuzz victim"}, args.key)
    if s in (200, 201):
        fuzzer.state.learn("/api/v2/keys", b)

    # Slow clients, in the background (bounded): a head never finished and a body never finished; the server
    # should close both by itself (idle_timeout_seconds, 30 s by default).
    slow_results = []

    def slow_probe(name, data):
        started = time.monotonic()
        try:
            sock = socket.create_connection((args.host, args.port), timeout=5)
            sock.sendall(data)
            sock.settimeout(45)
            got = sock.recv(65536)
            slow_results.append((name, "closed" if not got else "answered " + got[:12].decode("latin-1"),
                                 time.monotonic() - started))
        except socket.timeout:
            slow_results.append((name, "still open at 45 s", time.monotonic() - started))
        except OSError as error:
            slow_results.append((name, type(error).__name__, time.monotonic() - started))

    slow_threads = [threading.Thread(target=slow_probe, args=a, daemon=True) for a in [
        ("head never finished", b"GET /healthz HTTP/1.1\r\nHost: x\r\n"),
        ("body never finished (Content-Length 1000, 10 sent)",
         b"POST /api/v2/generate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + args.key.encode() +
         b"\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"model\":"),
        ("chunked body never finished",
         b"POST /api/v2/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":"),
        ("idle after connect", b""),
    ]]
    for t in slow_threads:
        t.start()

    counts = collections.Counter()
    by_class = collections.Counter()
    by_label = collections.defaultdict(collections.Counter)
    by_op = collections.defaultdict(collections.Counter)
    findings = collections.defaultdict(dict)  # kind -> signature -> (count, sample file)
    undocumented = collections.Counter()
    sample_n = [0]

    def save(kind, signature, spec, result, data):
        entry = findings[kind].get(signature)
        if entry:
            entry[0] += 1
            return
        sample_n[0] += 1
        base = os.path.join(args.out, f"{kind}-{sample_n[0]:03d}")
        with open(base + ".http", "wb") as f:
            f.write(data())
        with open(base + ".txt", "w") as f:
            f.write(describe(spec, result))
        findings[kind][signature] = [1, base + ".http", spec, result]

    rng = fuzzer.rng
    started = time.monotonic()
    sent = 0
    pid = read_pid(args.pid_file)
    n = collections.Counter()  # five, expected_five, envelope, parser_level, connect_refused, parser_native_v1, hangs, leaks, bypass, dropped, crashes
    elapsed_max = [0.0]

    def process(spec, result):
        status = result["status"]
        outcome = result["outcome"]
        elapsed_max[0] = max(elapsed_max[0], result["elapsed"])
        template = spec["template"]
        method = spec["method"]
        if isinstance(status, int):
            cls = f"{status // 100}xx"
        elif outcome == "hang":
            cls = "hang (>15 s)"
        elif outcome == "waiting":
            cls = "no answer, server waits for more (expected)"
        elif outcome.startswith("reset"):
            cls = "connection reset"
        elif outcome == "connect-failed":
            cls = "connect failed"
        else:
            cls = "closed without answer" if status is None else f"bad answer ({status})"
        by_class[cls] += 1
        by_label[spec["label"].split(":")[0]][cls] += 1
        op_name = f"{method} {template}" if spec["kind"] == "http" else "(raw socket)"
        if spec.get("op") is None and spec["kind"] == "http":
            op_name = f"* {template}"
        by_op[op_name][cls if cls[0] in "2345" else "other"] += 1
        data = (lambda spec=spec: request_bytes(spec, args.host, args.port) if spec["kind"] == "http"
                else spec["raw"])
        body = result["body"]
        if isinstance(status, int) and status < 400 and 200 <= status and spec["kind"] == "http":
            fuzzer.state.learn(template, body)
        if outcome == "hang":
            n["hangs"] += 1
            save("hang", f"{method} {template} {spec['label']}", spec, result, data)
        if isinstance(status, int) and status >= 500:
            code = error_code(body)
            sig = f"{method} {template} {status} {code}"
            if spec.get("injected") and code in ("provider_error", "provider_timeout", "model_unavailable",
                                                 "server_error", "api_error", "overloaded_error"):
                n["expected_five"] += 1
                save("5xx-injected", sig, spec, result, data)
            else:
                n["five"] += 1
                save("5xx", sig, spec, result, data)
        if isinstance(status, int) and status >= 400 and spec["kind"] == "http" and method != "HEAD":
            shape = surface(spec["path"])
            if method == "CONNECT" and status == 405 and not body and \
                    result["headers"].get("connection", "").lower() == "close":
                # By design: CONNECT is refused with 405 and the connection closed, but NIO's HTTP/1.1 encoder
                # frames any answer to CONNECT as a tunnel's (no Content-Length, no body), so the envelope
                # written with it never reaches the client. Not a violation; a CONNECT left open would still
                # show up as a hang, and any other status or a kept-alive connection as a violation.
                n["connect_refused"] += 1
                shape = "web"
            elif shape in ("openai", "anthropic") and status == 400 and "x-request-id" not in result["headers"] \
                    and envelope_ok("native", body) and \
                    error_message(body).startswith("The request is not valid HTTP/1.1"):
                # By design: a request the HTTP/1.1 parser refuses (bad method token, control byte in a header,
                # conflicting lengths) never reaches a route, and the parser does not hand on the target it had
                # read, so its 400 carries the SPEC §3 envelope whatever the path. Counted on its own line (an
                # OpenAI/Anthropic SDK still finds a message in it), not as a violation; an empty 400 still is.
                n["parser_native_v1"] += 1
                shape = "web"
            if shape != "web" and not envelope_ok(shape, body):
                n["envelope"] += 1
                if not body and "x-request-id" not in result["headers"]:
                    # Refused by the HTTP/1.1 decoder before any route ran: an empty answer.
                    n["parser_level"] += 1
                    save("envelope", f"{status} with an empty body from the HTTP decoder ({spec['label']})",
                         spec, result, data)
                else:
                    save("envelope", f"{method} {template} {status} ({shape})", spec, result, data)
        if isinstance(status, int) and spec["kind"] == "http" and LEAK_PATTERNS.search(body or b"") and not (
                200 <= status < 300 and template in ("/openapi.json", "/metrics", "/docs/{page}", "/docs/api",
                                                     "/llms.txt", "/docs")):
            n["leaks"] += 1
            save("leak", f"{method} {template} {status}", spec, result, data)
        if spec.get("bad_auth") and isinstance(status, int) and 200 <= status < 300 and spec["op"] and \
                spec["op"]["requires_auth"]:
            n["bypass"] += 1
            save("auth-bypass", f"{method} {template} {status}", spec, result, data)
        if spec["kind"] == "http" and status is None and outcome in ("closed",) and not spec.get("incomplete") \
                and not spec["label"].startswith(("oversize", "multipart:big")):
            n["dropped"] += 1
            save("dropped", f"{method} {template} {spec['label']}", spec, result, data)
        doc_statuses = spec["op"]["documented"] if spec.get("op") else None
        if doc_statuses and isinstance(status, int) and str(status) not in doc_statuses and \
                spec["method"] == spec["op"]["method"] and status not in (405,):
            undocumented[f"{method} {template} {status}"] += 1

    # A rolling window of 2 × workers requests in flight; the pid is checked every --batch answers.
    recent = collections.deque(maxlen=args.batch + 2 * args.workers)
    inflight = {}
    last_check = 0
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        while True:
            while (len(inflight) < 2 * args.workers and sent + len(inflight) < args.requests
                   and time.monotonic() - started < args.seconds):
                spec = fuzzer.next_spec(rng)
                inflight[pool.submit(send_one, spec, args.host, args.port)] = spec
            if not inflight:
                break
            done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
            for future in done:
                spec = inflight.pop(future)
                result = future.result()
                sent += 1
                process(spec, result)
                recent.append((spec, result))
            if sent - last_check < args.batch:
                continue
            if sent // 1000 != last_check // 1000:
                print(f"# {sent} requests, {time.monotonic() - started:.0f} s", file=sys.stderr)
            last_check = sent
            if alive(pid):
                continue
            n["crashes"] += 1
            path = os.path.join(args.out, f"crash-{n['crashes']:02d}.batch")
            with open(path, "wb") as f:
                f.write(b"# the last answers before the server was found dead, then the requests still in flight\n")
                for spec, result in list(recent) + [(sp, {"outcome": "in flight", "status": None})
                                                    for sp in inflight.values()]:
                    data = request_bytes(spec, args.host, args.port) if spec["kind"] == "http" else spec["raw"]
                    f.write(b"=== %s outcome=%s status=%s\n" % (spec["label"].encode(), result["outcome"].encode(),
                                                                str(result["status"]).encode()))
                    f.write(data[:20000] + b"\n")
            findings["crash"][f"crash {n['crashes']}"] = [1, path, None, None]
            print(f"# server {pid} died by request {sent}; the last requests are in {path}", file=sys.stderr)
            if not args.restart:
                break
            subprocess.run(args.restart, shell=True, check=False)
            if not wait_healthy(args.host, args.port):
                print("# server did not come back; stopping", file=sys.stderr)
                break
            pid = read_pid(args.pid_file)
    duration = time.monotonic() - started
    for t in slow_threads:
        t.join(timeout=max(0.0, 50 - (time.monotonic() - started)))
    time.sleep(1)
    alive_end = alive(read_pid(args.pid_file))
    end_balance = None
    if alive_end:
        s, b = simple_get(args.host, args.port, "/api/v2/user/balance", args.key)
        end_balance = json.loads(b) if s == 200 else None

    label = f" ({args.label})" if args.label else ""
    print(f"### Fuzzing{label}: {sent} requests in {duration:.0f} s, {args.workers} connections at a time\n")
    print("| answers | count |")
    print("|---|---:|")
    for cls, count in sorted(by_class.items()):
        print(f"| {cls} | {count} |")
    print(f"| **requests sent** | **{sent}** |")
    print()
    print("| request family | sent | 2xx | 3xx | 4xx | 5xx | other |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for fam, c in sorted(by_label.items()):
        other = sum(v for k, v in c.items() if not k[0] in "2345")
        print(f"| {fam} | {sum(c.values())} | {c['2xx']} | {c['3xx']} | {c['4xx']} | {c['5xx']} | {other} |")
    print()
    print("| operation | sent | 2xx | 4xx | 5xx | other |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, c in sorted(by_op.items()):
        print(f"| `{name}` | {sum(c.values())} | {c['2xx']} | {c['4xx']} | {c['5xx']} | {c['other'] + c['3xx']} |")
    print()
    print("| check | count |")
    print("|---|---:|")
    print(f"| 5xx (unexpected) | {n['five']} |")
    print(f"| 5xx after an injected upstream failure (`[[sim error=…]]`; SPEC §3 provider_error etc.) | {n['expected_five']} |")
    print(f"| envelope violations | {n['envelope']} |")
    print(f"| … of which empty 400s from the HTTP/1.1 decoder (no route ran: unknown method token, raw non-ASCII "
          f"or control bytes in the target or a header) | {n['parser_level']} |")
    print(f"| not violations: `CONNECT` refused with 405 and closed (NIO frames an answer to CONNECT as a tunnel's: "
          f"no body) | {n['connect_refused']} |")
    print(f"| not violations: parser-level 400 in the SPEC §3 envelope on a `/v1` path (no route ran; the parser "
          f"does not pass on the target) | {n['parser_native_v1']} |")
    print(f"| crashes (server process died) | {n['crashes']} |")
    print(f"| hangs (> {HANG_SECONDS:.0f} s) | {n['hangs']} |")
    print(f"| well-formed requests closed without an answer | {n['dropped']} |")
    print(f"| leaks in a body (SQL, stack, file, secret) | {n['leaks']} |")
    print(f"| authenticated route answered 2xx to bad credentials | {n['bypass']} |")
    print(f"| SSRF canary hits (requests reaching our loopback listener) | {len(Canary.hits)} |")
    print(f"| slowest answer | {elapsed_max[0]:.2f} s |")
    print(f"| server alive at the end | {'yes' if alive_end else 'NO'} |")
    print()
    if findings:
        print("| finding | signature (method, path, status, error) | times | sample |")
        print("|---|---|---:|---|")
        for kind in ("crash", "hang", "5xx", "envelope", "dropped", "leak", "auth-bypass", "5xx-injected"):
            for sig, (count, path, _, _) in sorted(findings.get(kind, {}).items()):
                print(f"| {kind} | `{sig[:160]}` | {count} | {os.path.basename(path)} |")
        print()
    if Canary.hits:
        print("SSRF canary hits (first 10):")
        for hit in Canary.hits[:10]:
            print(f"- {hit}")
        print()
    if undocumented:
        print("Statuses not among the operation's documented responses (informational):")
        for sig, count in undocumented.most_common(15):
            print(f"- `{sig}` ×{count}")
        print()
    print("Slow-client probes (the server should close them by itself):")
    for name, what, secs in slow_results:
        print(f"- {name}: {what} after {secs:.1f} s")
    print()
    if end_balance:
        print(f"Fuzz account: {json.dumps(start_balance)} before, {json.dumps(end_balance)} after")
        print()
    print(f"Samples: {args.out}")
    print()
    print(f"RESULT requests={sent} 5xx={n['five']} envelope_violations={n['envelope']} crashes={n['crashes']} hangs={n['hangs']}")


if __name__ == "__main__":
    main()
