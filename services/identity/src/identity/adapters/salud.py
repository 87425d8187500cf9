"""Readiness checks: does the database answer, does Kafka answer a metadata request."""

from aiokafka.client import AIOKafkaClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine


async def base_de_datos_responde(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))


async def kafka_responde(bootstrap_servers: str) -> None:
    """Raises unless a broker answers a metadata request (``bootstrap`` sends one)."""
    client = AIOKafkaClient(bootstrap_servers=bootstrap_servers, request_timeout_ms=2500)
    try:
        await client.bootstrap()
    finally:
        await client.close()
