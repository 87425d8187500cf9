"""The real stack for end-to-end tests: fresh databases, own ports and topics, real processes."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import socket
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from eps_runtime.auth import Rol
from eps_runtime.testing.infrastructure import Infrastructure, repo_root
from eps_runtime.testing.kafka import delete_topics_with_prefix
from eps_runtime.testing.tokens import EmisorTokens

ROOT = repo_root()


def _load_stack() -> ModuleType:
    spec = importlib.util.spec_from_file_location("stack", ROOT / "scripts" / "stack.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["stack"] = module
    spec.loader.exec_module(module)
    return module


stack = _load_stack()

# Every service whose descriptor has an API: the fuzzing gate and the BOLA matrix cover each
# one as soon as it is added (the portal's web pages are HTML for browsers, with tests of
# their own; its JSON API and gateway are in its OpenAPI).
SERVICIOS_CON_API = tuple(
    s.name for s in stack.services() if any(p.kind == "api" for p in s.processes)
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class RunningStack:
    urls: dict[str, str]
    """Service name → base URL of its API (every API of the stack)."""
    env: dict[str, str]
    run_dir: Path
    emisor: EmisorTokens
    ports: dict[str, int]

    @property
    def affiliation_url(self) -> str:
        return self.urls["affiliation"]

    @property
    def identity_url(self) -> str:
        return self.urls["identity"]

    @property
    def portal_url(self) -> str:
        return self.urls["portal"]

    def operador(self) -> dict[str, str]:
        """Headers of a back-office operator's request."""
        return {"Authorization": f"Bearer {self.emisor.emitir(rol=Rol.OPERADOR)}"}

    def log(self, process: str) -> str:
        return (self.run_dir / f"{process}.log").read_text(errors="replace")

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )


def migrate(service: str, env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "alembic", "upgrade", "heads"],
        cwd=ROOT / "services" / service,
        env={**os.environ, **env},
        check=True,
        capture_output=True,
        timeout=120,
    )


# One stack for the whole run: ~35 processes take minutes to start on 2 cores, and every e2e
# module works with its own people (fresh document numbers), so they can share it.
@pytest.fixture(scope="session")
async def running_stack(
    infrastructure: Infrastructure, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[RunningStack]:
    emisor = EmisorTokens()
    jwks = tmp_path_factory.mktemp("auth") / "jwks.json"
    emisor.guardar_jwks(jwks)
    # identity signs the tokens it issues with the same key the other services trust.
    clave = jwks.parent / "clave.pem"
    emisor.guardar_clave(clave)
    services = stack.services()
    env = {
        "AUTH_JWKS_FILE": str(jwks),
        "IDENTITY_CLAVE_FIRMA_FILE": str(clave),
        "AFFILIATION_SOPORTES_DIR": str(tmp_path_factory.mktemp("soportes")),
        # Tests reach the portal over plain http://127.0.0.1, as `make up` does.
        "PORTAL_COOKIE_SEGURA": "true",
        "NOTIFICATIONS_SINK_DIR": str(tmp_path_factory.mktemp("smtp")),
        "KAFKA_BOOTSTRAP_SERVERS": infrastructure.kafka_bootstrap_servers,
        "EPS_TOPIC_PREFIX": f"e2e.{uuid.uuid4().hex[:8]}.",
        # The stack under test uses the development CAPTCHA (X-Captcha: no-soy-un-robot).
        "EPS_ENTORNO": "desarrollo",
        # Spans go to each process's log, so a test can follow one trace across them.
        "OTEL_TRACES_EXPORTER": "console",
        "OTEL_BSP_SCHEDULE_DELAY": "200",
    }
    for service in services:
        if service.database is not None:
            url = await infrastructure.create_database(f"e2e_{service.name}")
            env[f"{service.env_prefix}DATABASE_URL"] = url
        # Files a service keeps (attachments, certificates) stay in the test's folder.
        env[f"{service.env_prefix}ARCHIVOS_DIR"] = str(tmp_path_factory.mktemp(service.name))
    for service in services:
        if (service.path / "alembic.ini").exists():
            migrate(service.name, env)
    ports = {name: free_port() for name in stack.default_ports()}
    run_dir = tmp_path_factory.mktemp("stack")
    procs = stack.processes(ports, env)
    try:
        # ~35 processes import their libraries at once on 2 cores: minutes, not seconds.
        stack.start(procs, run_dir=run_dir, timeout=240.0)
    except SystemExit as error:
        # Never leave a half-started stack behind, and fail as an error pytest reports
        # (a SystemExit out of an async fixture breaks every later test's event loop).
        stack.stop(procs, run_dir=run_dir)
        await delete_topics_with_prefix(env["KAFKA_BOOTSTRAP_SERVERS"], env["EPS_TOPIC_PREFIX"])
        raise RuntimeError(str(error)) from None
    try:
        yield RunningStack(stack.urls(ports), env, run_dir, emisor, ports)
    finally:
        stack.stop(procs, run_dir=run_dir)
        await delete_topics_with_prefix(env["KAFKA_BOOTSTRAP_SERVERS"], env["EPS_TOPIC_PREFIX"])
    problemas = revisar_logs(run_dir)
    assert not problemas, "los logs del stack incumplen las reglas:\n" + "\n".join(problemas)


# What no log line may carry (issue 17): tokens, bound SQL parameters, plain tracebacks, and
# the seeded people's document numbers; and every line must be one JSON object.
_PROHIBIDO = {
    "un token (JWT)": re.compile(r"eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
    "un encabezado Bearer": re.compile(r"Bearer [A-Za-z0-9._-]{20,}"),
    "parámetros de SQL": re.compile(r"\[parameters: "),
    "un traceback en texto": re.compile(r"Traceback \(most recent call last\)"),
    "un número de documento sembrado": re.compile(r"\b100000000[1-5]\b"),
}


def revisar_logs(run_dir: Path) -> list[str]:
    """Every rule each process's log breaks, with the process and line number."""
    problemas: list[str] = []
    for log in sorted(run_dir.glob("*.log")):
        for numero, linea in enumerate(log.read_text(errors="replace").splitlines(), start=1):
            if not linea.strip():
                continue
            try:
                json.loads(linea)
            except ValueError:
                problemas.append(f"{log.name}:{numero}: no es JSON: {linea[:120]!r}")
                continue
            for que, patron in _PROHIBIDO.items():
                if patron.search(linea):
                    problemas.append(f"{log.name}:{numero}: lleva {que}")
    return problemas[:50]
