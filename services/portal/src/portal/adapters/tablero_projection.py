"""The dashboard read model (``tablero_personas``, ``tablero_grupos``), built only from
affiliation's events on ``eps.affiliation.afiliados``; the portal never reads another
service's database.

Each batch: load the rows its events touch (locked), fold the events onto them in memory
(``tablero_filas.plegar``), write back only the rows that changed (one statement per table,
``eps_runtime.proyecciones.upsert_versionado_lote``), then ``pg_notify`` the channel
``portal_tablero`` with what changed (one statement for all the batch's notices). All of it
runs in the consumer's transaction, so the notice is delivered only if, and when, the change
commits.

Guarantees (on top of the consumer's exactly-once effects):
- a row never goes back in time: an event is applied only if its aggregate version is
  greater than the row's (``tablero_filas``), and the upsert repeats the check in SQL;
- the family group converges whatever the order across partitions: the cotizante's
  inclusions and the beneficiaries' own rows are kept apart and joined when read;
- a notice names every dashboard whose content may have changed: the affiliates whose row
  changed (with their new versions) and the cotizantes whose group did.

Notice payload (JSON, split so each stays under PostgreSQL's 8000-byte limit)::

    {"afiliados": {"<uuid>": <version>, ...}, "cotizantes": ["<uuid>", ...]}
"""

import json
from collections.abc import Iterator, Sequence
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from eps_contracts.catalog import SUBSCRIPTIONS, topic_for
from eps_contracts.events import AfiliadoRegistrado
from eps_runtime.consumer import ConsumedEvent
from eps_runtime.proyecciones import upsert_versionado_lote
from portal.adapters.tablero_filas import (
    COLUMNAS_GRUPO,
    COLUMNAS_PERSONA,
    TIPOS_ATENDIDOS,
    Plegado,
    plegar,
)

TOPICO = topic_for(AfiliadoRegistrado).name
GRUPO = next(s.group_id for s in SUBSCRIPTIONS["portal"] if s.topic == TOPICO)
CANAL_AVISOS = "portal_tablero"
"""The LISTEN/NOTIFY channel of committed dashboard changes."""

# Entries (affiliates and cotizantes together) per notice; see cargas_de_aviso.
_ENTRADAS_POR_AVISO = 100

_CARGAR_PERSONAS = text(
    f"SELECT {', '.join(COLUMNAS_PERSONA)} FROM tablero_personas "
    "WHERE afiliado_id = ANY(CAST(:ids AS uuid[])) FOR UPDATE"
)
_CARGAR_GRUPOS = text(
    f"SELECT {', '.join(COLUMNAS_GRUPO)} FROM tablero_grupos "
    "WHERE cotizante_id = ANY(CAST(:ids AS uuid[])) FOR UPDATE"
)


# One statement per table per batch (the fold leaves one row per key).
_GUARDAR_PERSONAS = upsert_versionado_lote("tablero_personas", COLUMNAS_PERSONA, ("afiliado_id",))
_GUARDAR_GRUPOS = upsert_versionado_lote(
    "tablero_grupos", COLUMNAS_GRUPO, ("cotizante_id", "beneficiario_id")
)
_AVISAR = text("SELECT pg_notify(:canal, :carga)")
_AVISAR_TODO = text("SELECT pg_notify(:canal, carga) FROM unnest(CAST(:cargas AS text[])) carga")


class TableroProjection:
    """A ``Projection`` for ``ExactlyOnceConsumer`` and ``rebuild_projection``.

    Handles every Afiliado event type: those without dashboard fields still advance the
    row's version, so a client may wait for the version any command returned.
    """

    def __init__(self, topic_prefix: str = "") -> None:
        self.name = GRUPO
        self.topics: tuple[str, ...] = (topic_prefix + TOPICO,)

    def handles(self, ce_type: str) -> bool:
        return ce_type in TIPOS_ATENDIDOS

    async def apply(self, conn: AsyncConnection, events: Sequence[ConsumedEvent]) -> None:
        # Every Afiliado event names its aggregate in ``afiliado_id``.
        ids = sorted({getattr(e.event, "afiliado_id") for e in events})  # noqa: B009
        personas = {
            f.afiliado_id: dict(f._mapping)
            for f in await conn.execute(_CARGAR_PERSONAS, {"ids": ids})
        }
        grupos = {
            (f.cotizante_id, f.beneficiario_id): dict(f._mapping)
            for f in await conn.execute(_CARGAR_GRUPOS, {"ids": ids})
        }
        plegado = plegar(
            personas, grupos, ((e.event, e.envelope.aggregate_version) for e in events)
        )
        # Sorted keys: concurrent writers (a rebuild, the live consumer) lock in one order.
        await _GUARDAR_PERSONAS(
            conn, [plegado.personas[i] for i in sorted(plegado.personas_cambiadas)]
        )
        await _GUARDAR_GRUPOS(conn, [plegado.grupos[k] for k in sorted(plegado.grupos_cambiados)])
        cargas = list(cargas_de_aviso(plegado))
        if cargas:
            await conn.execute(_AVISAR_TODO, {"canal": CANAL_AVISOS, "cargas": cargas})

    async def reset(self, conn: AsyncConnection) -> None:
        await conn.execute(text("TRUNCATE tablero_personas, tablero_grupos"))


def cargas_de_aviso(plegado: Plegado) -> Iterator[str]:
    """The JSON payloads announcing ``plegado``'s changes, each of bounded size.

    The bound counts both lists together: an affiliate entry (``"<uuid>":<version>``) is at
    most ~50 bytes and a cotizante (``"<uuid>"``) ~40, so 100 entries stay far below
    PostgreSQL's 8000-byte limit whatever their mix (a batch over the limit would fail and
    be retried one event at a time)."""
    entradas: list[tuple[str, str, int | None]] = [
        ("afiliados", str(i), int(plegado.personas[i]["version"]))
        for i in sorted(plegado.personas_cambiadas)
    ]
    entradas += [("cotizantes", str(c), None) for c in sorted(plegado.cotizantes_afectados)]
    for inicio in range(0, len(entradas), _ENTRADAS_POR_AVISO):
        afiliados: dict[str, int] = {}
        cotizantes: list[str] = []
        for lista, ident, version in entradas[inicio : inicio + _ENTRADAS_POR_AVISO]:
            if lista == "afiliados" and version is not None:
                afiliados[ident] = version
            else:
                cotizantes.append(ident)
        carga = {"afiliados": afiliados, "cotizantes": cotizantes}
        yield json.dumps(carga, separators=(",", ":"))


async def avisar(conn: AsyncConnection, afiliados: Sequence[UUID]) -> None:
    """Announces, when ``conn``'s transaction commits, that these affiliates' dashboards
    changed (a domain section's projection calls it); payloads stay under NOTIFY's limit."""
    unicos = sorted(set(afiliados), key=str)
    for inicio in range(0, len(unicos), _ENTRADAS_POR_AVISO):
        lote = unicos[inicio : inicio + _ENTRADAS_POR_AVISO]
        carga = json.dumps({"afiliados": {str(a): 0 for a in lote}, "cotizantes": []})
        await conn.execute(_AVISAR, {"canal": CANAL_AVISOS, "carga": carga})
