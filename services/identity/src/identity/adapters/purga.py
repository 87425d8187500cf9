"""Purge of what identity no longer needs: spent or expired proofs, ended sessions, throttling
rows that no longer throttle.

What goes (``ahora`` is the injected clock):
- ``registro_preguntas`` and ``registro_tiquetes``: used or expired (both say "start again"
  whether the row is there or not);
- ``enlaces_cuenta`` (activation and reset links) and ``activaciones_delegado``: used or
  expired more than ``RETENCION_ENLACES`` ago; until then a person opening an old e-mail is
  told "ya fue usado" / "venció" rather than "no es válido";
- ``sesiones`` expired, or revoked more than ``RETENCION_SESIONES`` ago, with their
  ``tokens_renovacion`` (a refresh token of such a session is refused either way);
- ``fallos_inicio_sesion`` older than the throttling window (``VENTANA_FALLOS``);
- ``limites_tasa`` untouched for ``RETENCION_LIMITES``: every bucket is full again long
  before (the largest refills in minutes), and a missing row is a full bucket.

``registro_intentos`` is kept: a document's failed answer sets count until it registers or is
blocked, without a window, so forgetting them would grant attempts.

Guarantees: each batch (at most ``lote`` rows of one table) is its own short transaction, its
rows taken with ``FOR UPDATE SKIP LOCKED`` so a request using one of them is never waited on
nor made to fail; the purge is idempotent (a second run deletes nothing) and safe to run
from several places at once.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import TextClause, text
from sqlalchemy.ext.asyncio import AsyncEngine

from identity.application.credenciales import VENTANA_FALLOS

RETENCION_ENLACES = timedelta(days=7)
RETENCION_SESIONES = timedelta(days=1)
RETENCION_LIMITES = timedelta(days=1)
LOTE = 1000


@dataclass(frozen=True)
class _Limpieza:
    """``seleccion`` takes a batch of keys (``:lote``, ``:ahora``); ``borrados`` delete
    them (``:claves``), the referencing tables first."""

    tabla: str
    seleccion: TextClause
    borrados: tuple[TextClause, ...]


def _limpieza(tabla: str, clave: str, condicion: str, *hijas: str) -> _Limpieza:
    return _Limpieza(
        tabla,
        text(
            f"SELECT {clave} FROM {tabla} WHERE {condicion} "
            f"ORDER BY {clave} LIMIT :lote FOR UPDATE SKIP LOCKED"
        ),
        tuple(text(f"DELETE FROM {t} WHERE {clave} = ANY(:claves)") for t in (*hijas, tabla)),
    )


LIMPIEZAS = (
    _limpieza("registro_preguntas", "conjunto_id", "usado_en IS NOT NULL OR vence_en <= :ahora"),
    _limpieza("registro_tiquetes", "tiquete_hash", "usado_en IS NOT NULL OR vence_en <= :ahora"),
    _limpieza(
        "enlaces_cuenta",
        "token_hash",
        "usado_en <= CAST(:ahora AS timestamptz) - CAST(:retencion_enlaces AS interval) "
        "OR vence_en <= CAST(:ahora AS timestamptz) - CAST(:retencion_enlaces AS interval)",
    ),
    _limpieza(
        "activaciones_delegado",
        "token_hash",
        "usado_en <= CAST(:ahora AS timestamptz) - CAST(:retencion_enlaces AS interval) "
        "OR vence_en <= CAST(:ahora AS timestamptz) - CAST(:retencion_enlaces AS interval)",
    ),
    _limpieza(
        "sesiones",
        "familia_id",
        "vence_en <= :ahora "
        "OR revocada_en <= CAST(:ahora AS timestamptz) - CAST(:retencion_sesiones AS interval)",
        "tokens_renovacion",
    ),
    _limpieza(
        "fallos_inicio_sesion",
        "id",
        "ocurrido_en <= CAST(:ahora AS timestamptz) - CAST(:ventana_fallos AS interval)",
    ),
    _limpieza(
        "limites_tasa",
        "clave",
        "actualizado_en <= CAST(:ahora AS timestamptz) - CAST(:retencion_limites AS interval)",
    ),
)


async def purgar(
    engine: AsyncEngine,
    ahora: datetime,
    *,
    lote: int = LOTE,
    al_avanzar: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Deletes, batch by batch, what the module's docstring lists; returns the rows deleted
    per table (0 where nothing was due). ``al_avanzar(tabla, n)`` after each batch."""
    if lote < 1:
        raise ValueError("el lote debe ser de al menos una fila")
    parametros = {
        "ahora": ahora,
        "lote": lote,
        "retencion_enlaces": RETENCION_ENLACES,
        "retencion_sesiones": RETENCION_SESIONES,
        "retencion_limites": RETENCION_LIMITES,
        "ventana_fallos": VENTANA_FALLOS,
    }
    cuentas: dict[str, int] = {}
    for limpieza in LIMPIEZAS:
        cuentas[limpieza.tabla] = 0
        while True:
            async with engine.begin() as conn:
                seleccion = await conn.execute(limpieza.seleccion, parametros)
                claves = list(seleccion.scalars())
                for borrado in limpieza.borrados:
                    await conn.execute(borrado, {"claves": claves})
            cuentas[limpieza.tabla] += len(claves)
            if al_avanzar is not None and claves:
                al_avanzar(limpieza.tabla, len(claves))
            if len(claves) < lote:
                break
    return cuentas
