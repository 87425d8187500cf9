"""A deliberately minimal HTTP/1.1 keep-alive client for load generation.

On a 2-core machine the load generator shares the CPU with the system under test; httpx
spends most of a core at 150-200 requests/s, which would be measured as the services'
latency. This client writes pre-encoded requests on pooled connections and reads
``Content-Length`` responses, nothing more (no redirects, no chunked bodies, no TLS).
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

IDLE_SECONDS = 3.0
"""Pooled connections idle longer are dropped: uvicorn closes them after 5 s."""


class HttpError(RuntimeError):
    pass


class _ClosedBeforeAnswer(HttpError):
    """The server closed the connection without answering (a stale keep-alive connection)."""


class _Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.last_used = time.monotonic()

    async def request(self, head: bytes, body: bytes) -> tuple[int, bytes]:
        self.writer.write(head + body)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise _ClosedBeforeAnswer("connection closed by the server")
        status = int(status_line.split(b" ", 2)[1])
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                raise HttpError("chunked responses are not supported")
        body = await self.reader.readexactly(length)
        self.last_used = time.monotonic()
        return status, body

    def close(self) -> None:
        self.writer.close()


class HttpClient:
    """Up to ``max_connections`` keep-alive connections to one ``host:port``."""

    def __init__(
        self, host: str, port: int, max_connections: int = 100, authorization: str | None = None
    ) -> None:
        self.host = host
        self.port = port
        # Sent with every request, as a real client's bearer token would be.
        self._auth = f"Authorization: {authorization}\r\n" if authorization else ""
        self._idle: list[_Connection] = []
        self._slots = asyncio.Semaphore(max_connections)

    async def post_json(self, path: str, payload: Any) -> tuple[int, bytes]:
        return await self.send_json("POST", path, payload)

    async def send_json(self, method: str, path: str, payload: Any) -> tuple[int, bytes]:
        body = json.dumps(payload).encode()
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            "Content-Type: application/json\r\n"
            f"{self._auth}Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        return await self._send(head, body)

    async def get(self, path: str, *, authorization: str | None = None) -> tuple[int, bytes]:
        """``authorization``: this request's ``Authorization`` value (one caller per request);
        a GET sends no other by default."""
        auth = f"Authorization: {authorization}\r\n" if authorization else ""
        head = f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n{auth}\r\n"
        return await self._send(head.encode(), b"")

    async def _send(self, head: bytes, body: bytes) -> tuple[int, bytes]:
        async with self._slots:
            connection, reused = self._pooled(), True
            if connection is None:
                connection, reused = await self._connect(), False
            try:
                result = await connection.request(head, body)
            except _ClosedBeforeAnswer:
                connection.close()
                if not reused:
                    raise
                # The server dropped an idle connection before reading the request: nothing
                # was processed, so sending it again on a new connection is safe.
                connection = await self._connect()
                result = await connection.request(head, body)
            except BaseException:
                connection.close()
                raise
            self._idle.append(connection)
            return result

    def _pooled(self) -> _Connection | None:
        while self._idle:
            connection = self._idle.pop()
            if time.monotonic() - connection.last_used < IDLE_SECONDS:
                return connection
            connection.close()
        return None

    async def _connect(self) -> _Connection:
        reader, writer = await asyncio.open_connection(self.host, self.port)
        return _Connection(reader, writer)

    async def close(self) -> None:
        for connection in self._idle:
            connection.close()
        self._idle.clear()

    async def __aenter__(self) -> HttpClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()
