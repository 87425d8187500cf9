"""Units of work that only append: one commit per unit, shared by concurrent units, each
with its own version check and its own answer (against a real PostgreSQL)."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_runtime.db import asyncpg_dsn
from eps_runtime.errores import ConflictoDeVersion
from eps_runtime.eventstore import EventStore
from eps_runtime.repositorio import UnidadDeTrabajoSql
from eps_runtime.testing.events import afiliado_registrado
from eps_runtime.testing.wait import eventually

pytestmark = pytest.mark.integration


async def _anexar(uow: UnidadDeTrabajoSql, stream: uuid.UUID, esperada: int) -> None:
    await uow.store.append(
        uow.conn,
        stream_id=stream,
        stream_type="Afiliado",
        expected_version=esperada,
        events=[afiliado_registrado(stream)],
    )


async def _escritores_a_la_vez(
    engine: AsyncEngine, store: EventStore, comandos: list[list[tuple[uuid.UUID, int]]]
) -> list[str]:
    """Each command (its streams and expected versions) in its own unit; every unit has
    appended before any commits, so their commits meet in the group."""
    todos_anexaron = asyncio.Barrier(len(comandos))

    async def escritor(anexos: list[tuple[uuid.UUID, int]]) -> str:
        try:
            async with UnidadDeTrabajoSql(engine, store) as uow:
                for stream, esperada in anexos:
                    await _anexar(uow, stream, esperada)
                await todos_anexaron.wait()
                await uow.commit()
            return "ganó"
        except ConflictoDeVersion:
            return "conflicto"

    return list(await asyncio.gather(*(escritor(c) for c in comandos)))


async def _filas(engine: AsyncEngine, tabla: str, streams: list[uuid.UUID]) -> list[tuple]:
    async with engine.connect() as conn:
        resultado = await conn.execute(
            text(f"SELECT stream_id, version FROM {tabla} WHERE stream_id = ANY(:s) ORDER BY 1, 2"),
            {"s": streams},
        )
        return [tuple(fila) for fila in resultado]


async def test_ocho_escritores_concurrentes_dos_en_el_mismo_stream_solo_uno_de_ellos_pierde(
    engine: AsyncEngine,
) -> None:
    store = EventStore()
    compartido = uuid.uuid4()
    propios = [uuid.uuid4() for _ in range(6)]
    comandos = [[(compartido, 0)], [(compartido, 0)]] + [[(s, 0)] for s in propios]

    resultados = await _escritores_a_la_vez(engine, store, comandos)

    assert sorted(resultados[:2]) == ["conflicto", "ganó"]
    assert resultados[2:] == ["ganó"] * 6
    esperadas = sorted([(compartido, 1)] + [(s, 1) for s in propios])
    assert await _filas(engine, "events", [compartido, *propios]) == esperadas
    assert await _filas(engine, "outbox", [compartido, *propios]) == esperadas
    async with engine.connect() as conn:
        commits = await conn.scalar(
            text("SELECT count(DISTINCT xmin::text) FROM events WHERE stream_id = ANY(:s)"),
            {"s": propios},
        )
    assert commits < len(propios)  # the units shared commits


async def test_en_un_commit_compartido_la_version_vieja_de_uno_no_hace_fallar_a_los_demas(
    engine: AsyncEngine,
) -> None:
    store = EventStore()
    avanzado = uuid.uuid4()
    async with UnidadDeTrabajoSql(engine, store) as uow:
        await _anexar(uow, avanzado, 0)
        await uow.commit()
    otros = [uuid.uuid4() for _ in range(5)]
    # The stale unit also touches a fresh stream: it is all or nothing.
    intacto = uuid.uuid4()
    comandos = [[(s, 0)] for s in otros] + [[(intacto, 0), (avanzado, 0)]]

    resultados = await _escritores_a_la_vez(engine, store, comandos)

    assert resultados == ["ganó"] * 5 + ["conflicto"]
    assert await _filas(engine, "events", [intacto, avanzado]) == [(avanzado, 1)]
    assert await _filas(engine, "outbox", otros) == sorted((s, 1) for s in otros)


async def test_si_otro_proceso_gana_la_carrera_el_lote_se_reparte_y_solo_pierde_su_stream(
    engine: AsyncEngine, database_url: str
) -> None:
    store = EventStore()
    disputado = uuid.uuid4()
    otros = [uuid.uuid4() for _ in range(5)]
    ajeno = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        transaccion = ajeno.transaction()
        await transaccion.start()
        await ajeno.execute(
            "INSERT INTO events (stream_id, version, event_id, stream_type, event_type, data)"
            " VALUES ($1, 1, $2, 'Afiliado', 'otro', '{}')",
            disputado,
            uuid.uuid4(),
        )
        # The unit that commits first sends alone; the rest queue behind it as one batch,
        # whose insert of the disputed stream waits for the other transaction.
        comandos = [[(disputado, 0)]] + [[(s, 0)] for s in otros]
        escritores = asyncio.create_task(_escritores_a_la_vez(engine, store, comandos))

        async def esperando_la_fila() -> int:
            async with engine.connect() as conn:  # not ``ajeno``: its transaction's view is fixed
                return int(
                    await conn.scalar(
                        text(
                            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                            " AND datname = current_database()"
                        )
                    )
                )

        await eventually(esperando_la_fila)  # the batch's insert waits on the other row
        await transaccion.commit()
        resultados = await escritores
    finally:
        await ajeno.close()

    assert resultados == ["conflicto"] + ["ganó"] * 5
    assert await _filas(engine, "outbox", [disputado, *otros]) == sorted((s, 1) for s in otros)


async def test_un_anexo_diferido_se_ve_y_se_escribe_antes_de_la_siguiente_sentencia(
    engine: AsyncEngine,
) -> None:
    stream = uuid.uuid4()
    async with UnidadDeTrabajoSql(engine) as uow:
        await _anexar(uow, stream, 0)
        visto = await uow.conn.scalar(
            text("SELECT count(*) FROM events WHERE stream_id = :s"), {"s": stream}
        )
        assert visto == 1
        assert [e.version for e in await uow.store.load(uow.conn, stream)] == [1]
        await uow.commit()
    assert await _filas(engine, "outbox", [stream]) == [(stream, 1)]


async def test_una_unidad_sin_commit_no_escribe_lo_que_anexo(engine: AsyncEngine) -> None:
    stream = uuid.uuid4()
    async with UnidadDeTrabajoSql(engine) as uow:
        await _anexar(uow, stream, 0)
    async with UnidadDeTrabajoSql(engine) as uow:
        await uow.conn.execute(text("SELECT 1"))
        await _anexar(uow, stream, 0)
    assert await _filas(engine, "events", [stream]) == []
    assert await _filas(engine, "outbox", [stream]) == []


async def test_quien_leyo_una_version_vieja_recibe_el_conflicto_en_su_commit(
    engine: AsyncEngine,
) -> None:
    store = EventStore()
    stream = uuid.uuid4()
    async with UnidadDeTrabajoSql(engine, store) as uow:
        await _anexar(uow, stream, 0)
        await uow.commit()
    async with UnidadDeTrabajoSql(engine, store) as lento:
        version = len(await store.load(lento.conn, stream))
        async with UnidadDeTrabajoSql(engine, store) as rapido:
            await _anexar(rapido, stream, len(await store.load(rapido.conn, stream)))
            await rapido.commit()
        await _anexar(lento, stream, version)
        with pytest.raises(ConflictoDeVersion):
            await lento.commit()
    assert await _filas(engine, "events", [stream]) == [(stream, 1), (stream, 2)]


async def test_una_conexion_devuelta_al_pool_no_arrastra_anexos_de_otra_unidad(
    engine: AsyncEngine, database_url: str
) -> None:
    store = EventStore()
    async with engine.connect() as conn:
        store.diferir(conn)  # a unit that never reached its end
    stream = uuid.uuid4()
    async with engine.begin() as conn:  # most likely the same pooled connection
        await store.append(
            conn,
            stream_id=stream,
            stream_type="Afiliado",
            expected_version=0,
            events=[afiliado_registrado(stream)],
        )
    otra = await asyncpg.connect(asyncpg_dsn(database_url))  # not the pool: it is committed
    try:
        assert await otra.fetchval("SELECT count(*) FROM outbox WHERE stream_id = $1", stream) == 1
    finally:
        await otra.close()
