"""Group commit of append-only units of work: concurrent commands share one commit.

Guarantees:
- Each unit keeps its own answer: its appends are all written, or none of them and its own
  ``ConflictoDeVersion`` — another unit's conflict never fails it.
- The shared statement is one autocommit transaction: when a unit's ``confirmar`` returns,
  its events and outbox rows are committed and durable (``synchronous_commit`` stays on).
- Per-stream order: a stream appears at most once in a shared statement; a unit touching a
  stream already in it is sent on its own, after it.

The first unit to confirm sends at once (no added latency for a lone writer); units that
confirm while it waits for PostgreSQL queue up, and the next one to get its turn sends the
whole queue in one statement on its own connection.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

import asyncpg
from sqlalchemy.engine import Engine

from eps_runtime.errores import ConflictoDeVersion

if TYPE_CHECKING:
    from eps_runtime.eventstore import Anexo

Escritor = Callable[[asyncpg.Connection, "Anexo"], Awaitable[None]]
"""Sends one append on its own (raises ``ConflictoDeVersion`` if its stream moved)."""

# Every stream's guard is checked first; a unit with a failed guard inserts nothing and is
# answered with its conflict, the others insert. Two units that pass their guards on one
# stream cannot both be here (see ``_separar``); a concurrent writer elsewhere that wins the
# race makes the primary key fail the whole statement, and then each unit goes on its own.
_LOTE_SQL = """
    WITH lote AS (
        SELECT * FROM unnest($1::integer[], $2::uuid[], $3::text[], $4::integer[],
                             $5::integer[], $6::uuid[], $7::text[], $8::text[], $9::text[])
            AS l(unidad, stream_id, stream_type, esperada, version, event_id, event_type,
                 data, metadata)
    ),
    rechazos AS (
        SELECT g.unidad, g.stream_id, g.esperada
        FROM (SELECT DISTINCT unidad, stream_id, esperada FROM lote) g
        WHERE (SELECT coalesce(max(e.version), 0) FROM events e
               WHERE e.stream_id = g.stream_id) <> g.esperada
    ),
    appended AS (
        INSERT INTO events (stream_id, version, event_id, stream_type, event_type, data, metadata)
        SELECT stream_id, version, event_id, stream_type, event_type, data::jsonb,
               metadata::jsonb
        FROM lote WHERE unidad NOT IN (SELECT unidad FROM rechazos)
        RETURNING stream_id, version
    ),
    outboxed AS (
        INSERT INTO outbox (stream_id, version)
        SELECT stream_id, version FROM appended ORDER BY stream_id, version
    )
    SELECT DISTINCT ON (unidad) unidad, stream_id, esperada FROM rechazos
"""


@dataclass
class _Pedido:
    anexos: list[Anexo]
    aviso: asyncio.Future[list[_Pedido] | None]
    """Resolves to ``None`` (committed), to its conflict, or to the queue it must send."""
    error: BaseException | None = None
    respondido: bool = False

    def responder(self, error: BaseException | None = None) -> None:
        if self.respondido:
            return
        self.respondido = True
        if self.aviso.done():  # it is the one sending: it reads its answer from ``error``
            self.error = error
        elif error is None:
            self.aviso.set_result(None)
        else:
            self.aviso.set_exception(error)


@dataclass
class _Grupo:
    cola: list[_Pedido] = field(default_factory=list)
    enviando: bool = False
    """Someone is sending; it stays set while the queue is handed to the next sender."""


class GruposDeCommits:
    """One queue per engine and event loop (a unit can only be sent on a connection to its
    own database)."""

    def __init__(self, escribir: Escritor) -> None:
        self._escribir = escribir
        self._grupos: WeakKeyDictionary[
            asyncio.AbstractEventLoop, WeakKeyDictionary[Engine, _Grupo]
        ] = WeakKeyDictionary()

    async def confirmar(
        self, engine: Engine, driver: asyncpg.Connection, anexos: list[Anexo]
    ) -> None:
        """Commits ``anexos`` (one unit's) outside any transaction of ``driver``."""
        loop = asyncio.get_running_loop()
        por_engine = self._grupos.get(loop)
        if por_engine is None:
            por_engine = self._grupos[loop] = WeakKeyDictionary()
        grupo = por_engine.get(engine)
        if grupo is None:
            grupo = por_engine[engine] = _Grupo()
        if not grupo.enviando:  # nobody is sending: no queue to join, send at once
            grupo.enviando = True
            try:
                await self._unidad(driver, anexos)
            finally:
                _siguiente(grupo)
            return
        pedido = _Pedido(anexos, loop.create_future())
        grupo.cola.append(pedido)
        try:
            lote = await pedido.aviso
        except asyncio.CancelledError:
            _abandonar(grupo, pedido)
            raise
        if lote is None:
            return
        try:
            await self._enviar(driver, lote)
        finally:
            _siguiente(grupo)
        if pedido.error is not None:
            raise pedido.error

    async def _enviar(self, driver: asyncpg.Connection, lote: list[_Pedido]) -> None:
        juntos, solos = _separar(lote)
        error: BaseException | None = None
        try:
            if len(juntos) == 1 and len(juntos[0].anexos) == 1:
                solos.insert(0, juntos.pop())
            elif juntos:
                try:
                    await self._juntos(driver, juntos)
                except asyncpg.PostgresError:
                    solos = juntos + solos  # rolled back: each unit tries on its own
            for pedido in solos:
                await self._solo(driver, pedido)
        except BaseException as fallo:
            error = fallo
            raise
        finally:
            # Whoever is still unanswered has an unknown outcome (connection lost, cancelled).
            desconocido = error if isinstance(error, Exception) else None
            for pedido in lote:
                pedido.responder(desconocido or RuntimeError("el lote se interrumpió"))

    async def _juntos(self, driver: asyncpg.Connection, lote: list[_Pedido]) -> None:
        columnas: tuple[list[object], ...] = tuple([] for _ in range(9))
        for unidad, pedido in enumerate(lote):
            for anexo in pedido.anexos:
                for i, version in enumerate(anexo.versions):
                    fila = (
                        unidad,
                        anexo.stream_id,
                        anexo.stream_type,
                        anexo.expected_version,
                        version,
                        anexo.event_ids[i],
                        anexo.types[i],
                        anexo.datas[i],
                        anexo.metadata,
                    )
                    for columna, valor in zip(columnas, fila, strict=True):
                        columna.append(valor)
        rechazos = {r["unidad"]: r for r in await driver.fetch(_LOTE_SQL, *columnas)}
        for unidad, pedido in enumerate(lote):
            rechazo = rechazos.get(unidad)
            pedido.responder(
                None
                if rechazo is None
                else ConflictoDeVersion(rechazo["stream_id"], rechazo["esperada"])
            )

    async def _solo(self, driver: asyncpg.Connection, pedido: _Pedido) -> None:
        try:
            await self._unidad(driver, pedido.anexos)
        except (ConflictoDeVersion, asyncpg.PostgresError) as error:
            pedido.responder(error)
        else:
            pedido.responder()

    async def _unidad(self, driver: asyncpg.Connection, anexos: list[Anexo]) -> None:
        """One unit in its own transaction (one statement when it appended to one stream)."""
        if len(anexos) == 1:
            await self._escribir(driver, anexos[0])
            return
        async with driver.transaction():
            for anexo in anexos:
                await self._escribir(driver, anexo)


def _siguiente(grupo: _Grupo) -> None:
    """Hands what queued meanwhile to its first unit, which sends it on its connection."""
    lote = [p for p in grupo.cola if not p.aviso.done()]  # a cancelled unit is not sent
    grupo.cola = []
    if lote:
        lote[0].aviso.set_result(lote)
    else:
        grupo.enviando = False


def _abandonar(grupo: _Grupo, pedido: _Pedido) -> None:
    """A cancelled unit: not sent yet, it never happened; handed a queue, it passes it on."""
    if pedido in grupo.cola:
        grupo.cola.remove(pedido)
        return
    aviso = pedido.aviso
    if aviso.done() and not aviso.cancelled() and aviso.exception() is None:
        lote = aviso.result()
        if lote is not None:
            grupo.cola = [p for p in lote if p is not pedido] + grupo.cola
            _siguiente(grupo)


def _separar(lote: list[_Pedido]) -> tuple[list[_Pedido], list[_Pedido]]:
    """The units that can share one statement (no stream twice), and the rest, in order."""
    juntos: list[_Pedido] = []
    solos: list[_Pedido] = []
    vistos: set[uuid.UUID] = set()
    for pedido in lote:
        streams = [a.stream_id for a in pedido.anexos]
        if len(set(streams)) < len(streams) or vistos.intersection(streams):
            solos.append(pedido)
        else:
            juntos.append(pedido)
        vistos.update(streams)
    return juntos, solos
