"""Decides, in one place, which Kafka and PostgreSQL the tests use.

1. ``KAFKA_BOOTSTRAP_SERVERS`` and ``EPS_POSTGRES_URL`` set → those (a CI service, a cluster).
2. Else, a Docker engine answers → Kafka and PostgreSQL containers through testcontainers.
3. Else → the project's local processes, started (idempotently) by ``scripts/infra``.

Tests never care which: they receive an ``Infrastructure`` and ask it for databases.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

LOCAL_POSTGRES_URL = "postgresql://eps:eps@127.0.0.1:55432/postgres"
LOCAL_KAFKA = "127.0.0.1:9092"


def repo_root() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "scripts" / "infra").is_dir():
            return parent
    raise RuntimeError("no encuentro la raíz del repositorio (scripts/infra)")


@dataclass
class Infrastructure:
    kafka_bootstrap_servers: str
    postgres_url: str  # plain libpq URL of a server where tests may create databases
    origin: str
    created_databases: list[str] = field(default_factory=list)

    def database_url(self, name: str) -> str:
        base = self.postgres_url.rsplit("/", 1)[0]
        return f"{base.replace('postgresql://', 'postgresql+asyncpg://', 1)}/{name}"

    async def create_database(self, prefix: str = "t") -> str:
        """A new, empty database; returns its SQLAlchemy (asyncpg) URL."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        conn = await asyncpg.connect(self.postgres_url)
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()
        self.created_databases.append(name)
        return self.database_url(name)

    async def create_migrated_database(self, service_dir: Path, prefix: str) -> str:
        """A new database with the service's alembic migrations applied to head."""
        from eps_runtime.migrations import upgrade_to_head

        url = await self.create_database(prefix)
        await asyncio.to_thread(upgrade_to_head, service_dir, url)  # alembic owns a loop
        return url

    async def drop_created_databases(self) -> None:
        conn = await asyncpg.connect(self.postgres_url)
        try:
            for name in self.created_databases:
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()
        self.created_databases.clear()


def _docker_answers() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        result = subprocess.run(
            ["docker", "info", "--format", "{{.ServerVersion}}"],
            capture_output=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0 and bool(result.stdout.strip())


@contextmanager
def _containers() -> Iterator[Infrastructure]:
    from testcontainers.kafka import KafkaContainer
    from testcontainers.postgres import PostgresContainer

    with ExitStack() as stack:
        kafka = stack.enter_context(KafkaContainer("apache/kafka:4.1.1").with_kraft())
        postgres = stack.enter_context(
            PostgresContainer("postgres:15", username="eps", password="eps", dbname="postgres")
        )
        url = (
            f"postgresql://eps:eps@{postgres.get_container_host_ip()}:"
            f"{postgres.get_exposed_port(5432)}/postgres"
        )
        yield Infrastructure(kafka.get_bootstrap_server(), url, origin="testcontainers")


def _start_local_processes() -> None:
    root = repo_root()
    for script in ("postgres.sh", "kafka.sh"):
        subprocess.run(["bash", str(root / "scripts" / "infra" / script), "start"], check=True)


@contextmanager
def provide_infrastructure() -> Iterator[Infrastructure]:
    kafka = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    postgres = os.environ.get("EPS_POSTGRES_URL")
    if kafka and postgres:
        yield Infrastructure(kafka, postgres.replace("+asyncpg", ""), origin="environment")
    elif _docker_answers():
        with _containers() as infrastructure:
            yield infrastructure
    else:
        _start_local_processes()
        yield Infrastructure(LOCAL_KAFKA, LOCAL_POSTGRES_URL, origin="local processes")
