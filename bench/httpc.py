"""A minimal asyncio HTTP/1.1 client for the bench scripts (standard library only)."""
import asyncio
import json
import time


class Connection:
    """One keep-alive connection; `request` returns (status, headers, body bytes)."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    def close(self):
        if self.writer:
            self.writer.close()
            self.writer = None

    def send(self, method, path, body=b"", headers=None, close=False):
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        if body:
            lines.append("Content-Type: application/json")
        lines.append(f"Content-Length: {len(body)}")
        if close:
            lines.append("Connection: close")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)

    async def read_head(self):
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in header_lines:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        return int(status_line.split(" ", 2)[1]), headers

    async def body_chunks(self, headers):
        """Yields the body as it arrives (chunked, sized or until close)."""
        if headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readuntil(b"\r\n")
                    return
                data = await self.reader.readexactly(size)
                await self.reader.readexactly(2)
                yield data
        elif "content-length" in headers:
            length = int(headers["content-length"])
            if length:
                yield await self.reader.readexactly(length)
        else:
            while True:
                data = await self.reader.read(65536)
                if not data:
                    return
                yield data

    async def request(self, method, path, body=b"", headers=None):
        if self.writer is None:
            await self.open()
        self.send(method, path, body, headers)
        await self.writer.drain()
        status, response_headers = await self.read_head()
        data = b"".join([chunk async for chunk in self.body_chunks(response_headers)])
        if response_headers.get("connection", "").lower() == "close":
            self.close()
        return status, response_headers, data


def split_url(url):
    """('host', port, '/path') of an http:// URL."""
    rest = url.split("://", 1)[1]
    hostport, _, path = rest.partition("/")
    host, _, port = hostport.partition(":")
    return host, int(port or 80), "/" + path


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    index = min(len(values) - 1, max(0, int(round(p / 100 * len(values) + 0.5)) - 1))
    return values[index]


def now():
    return time.perf_counter()


def dumps(value):
    return json.dumps(value, separators=(",", ":")).encode()
