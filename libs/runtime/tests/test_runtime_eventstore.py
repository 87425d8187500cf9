"""Event store against a real PostgreSQL: optimistic concurrency and the outbox."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_runtime.errores import ConflictoDeVersion
from eps_runtime.eventstore import EventStore
from eps_runtime.testing.events import afiliado_registrado

pytestmark = pytest.mark.integration

store = EventStore()


async def append(engine: AsyncEngine, stream_id: uuid.UUID, expected: int, count: int = 1) -> None:
    async with engine.begin() as conn:
        await store.append(
            conn,
            stream_id=stream_id,
            stream_type="Afiliado",
            expected_version=expected,
            events=[afiliado_registrado(stream_id) for _ in range(count)],
        )


async def test_los_eventos_se_leen_en_orden_de_version(engine: AsyncEngine) -> None:
    stream = uuid.uuid4()
    await append(engine, stream, 0, count=2)
    await append(engine, stream, 2)
    async with engine.connect() as conn:
        events = await store.load(conn, stream)
        assert [e.version for e in events] == [1, 2, 3]
        assert events[0].to_domain().afiliado_id == stream
        assert await store.current_version(conn, stream) == 3


async def test_cada_evento_deja_su_fila_en_el_outbox_en_la_misma_transaccion(
    engine: AsyncEngine,
) -> None:
    stream = uuid.uuid4()
    await append(engine, stream, 0, count=3)
    with pytest.raises(RuntimeError):
        async with engine.begin() as conn:
            await store.append(
                conn,
                stream_id=stream,
                stream_type="Afiliado",
                expected_version=3,
                events=[afiliado_registrado(stream)],
            )
            raise RuntimeError("el comando falla después de anexar")
    async with engine.connect() as conn:
        outbox = (
            (
                await conn.execute(
                    text("SELECT version FROM outbox WHERE stream_id = :s ORDER BY id"),
                    {"s": stream},
                )
            )
            .scalars()
            .all()
        )
        assert outbox == [1, 2, 3]
        assert await store.current_version(conn, stream) == 3


async def test_dos_anexos_concurrentes_con_la_misma_version_solo_uno_gana(
    engine: AsyncEngine,
) -> None:
    stream = uuid.uuid4()
    await append(engine, stream, 0)
    both_inside = asyncio.Barrier(2)

    async def writer() -> str:
        try:
            async with engine.begin() as conn:
                await conn.execute(text("SELECT 1"))
                await both_inside.wait()  # both transactions open before either appends
                await store.append(
                    conn,
                    stream_id=stream,
                    stream_type="Afiliado",
                    expected_version=1,
                    events=[afiliado_registrado(stream)],
                )
            return "ganó"
        except ConflictoDeVersion:
            return "conflicto"

    results = await asyncio.gather(writer(), writer())
    assert sorted(results) == ["conflicto", "ganó"]
    async with engine.connect() as conn:
        assert await store.current_version(conn, stream) == 2


@pytest.mark.parametrize("expected", [0, 2, 5])
async def test_version_esperada_distinta_de_la_actual_es_conflicto(
    engine: AsyncEngine, expected: int
) -> None:
    stream = uuid.uuid4()
    await append(engine, stream, 0)
    with pytest.raises(ConflictoDeVersion):
        await append(engine, stream, expected)
    async with engine.connect() as conn:
        assert [e.version for e in await store.load(conn, stream)] == [1]
