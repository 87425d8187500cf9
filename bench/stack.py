"""Starting the real service processes for the end-to-end benchmark, and stopping them."""

from __future__ import annotations

import asyncio
import signal
import socket
import sys
import time
from pathlib import Path

from bench.http_client import HttpClient, HttpError

ROOT = Path(__file__).resolve().parents[1]


class StackError(RuntimeError):
    """The services could not be started or did not deliver every command."""


class Processes:
    """Python child processes (``sys.executable``) with their output in log files; stopped
    with SIGTERM, then SIGKILL after a grace period. Only the processes it started."""

    def __init__(self, logs: Path, env: dict[str, str]) -> None:
        self.logs = logs
        self.env = env
        self.children: dict[str, asyncio.subprocess.Process] = {}

    async def start(self, name: str, *args: str) -> None:
        with (self.logs / f"{name}.log").open("wb") as log:
            self.children[name] = await asyncio.create_subprocess_exec(
                sys.executable,
                *args,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=asyncio.subprocess.STDOUT,
            )

    def check(self) -> None:
        """Raises ``StackError`` (with the end of its log) if a process has exited."""
        for name, child in self.children.items():
            if child.returncode is not None:
                raise StackError(f"{name} exited with {child.returncode}: {self.tail(name)}")

    def tail(self, name: str, lines: int = 15) -> str:
        path = self.logs / f"{name}.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return " | ".join(text.strip().splitlines()[-lines:])

    async def __aenter__(self) -> Processes:
        return self

    async def __aexit__(self, *_: object) -> None:
        for child in self.children.values():
            if child.returncode is None:
                child.send_signal(signal.SIGTERM)
        for child in self.children.values():
            try:
                await asyncio.wait_for(child.wait(), timeout=15)
            except TimeoutError:
                child.kill()
                await child.wait()


async def run_checked(*args: str, cwd: Path, env: dict[str, str]) -> None:
    """Runs ``sys.executable *args`` to completion; ``StackError`` with its output if it fails."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *args,
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate()
    if process.returncode != 0:
        raise StackError(
            f"{' '.join(args)} in {cwd.name} failed: {output.decode(errors='replace')[-500:]}"
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def uvicorn_args(app: str, port: int) -> tuple[str, ...]:
    """``Processes.start`` arguments serving ``app`` (``module:attribute``) on loopback."""
    return (
        "-m",
        "uvicorn",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    )


async def wait_ready(
    client: HttpClient, processes: Processes, *, path: str = "/readyz", timeout: float = 90.0
) -> None:
    """Until ``path`` answers 200, or ``StackError`` (a process exited, or ``timeout``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        processes.check()
        try:
            status, _ = await client.get(path)
            if status == 200:
                return
        except (OSError, HttpError):
            pass  # not listening yet
        await asyncio.sleep(0.2)
    raise StackError(f"an API was not ready after {timeout:g} s")
