"""Readiness checks every service's ``/readyz`` uses."""

from __future__ import annotations

from aiokafka.client import AIOKafkaClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine


async def database_ready(engine: AsyncEngine) -> None:
    """Raises unless the service's database answers a query."""
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))


async def kafka_ready(bootstrap_servers: str) -> None:
    """Raises unless a broker answers a metadata request (``bootstrap`` sends one)."""
    client = AIOKafkaClient(bootstrap_servers=bootstrap_servers, request_timeout_ms=2500)
    try:
        await client.bootstrap()
    finally:
        await client.close()
