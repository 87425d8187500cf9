"""The contacts directory's table (``directorio_contactos``) and the lock that orders it with
the e-mails waiting for it.

``bloquear`` takes, for each person, a transaction-scoped advisory lock. Both consumers take
it before they look: the e-mails' consumer before reading a recipient's entry, the
directory's before writing it and completing what waited. So an e-mail recorded as waiting
is always seen by the directory transaction that learns its recipient, and a directory
entry is always seen by an e-mail recorded after it: none waits forever, none is composed
twice. Locks are taken in one statement, in sorted order (no deadlock between the two).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from eps_runtime.proyecciones import upsert_versionado
from notifications.domain.correos import Contacto, Persona, TipoPersona
from notifications.domain.directorio import FichaContacto

# The first key of the two-key advisory locks: this module's own space (ASCII "DIRC").
_ESPACIO_BLOQUEOS = 0x44495243

_BLOQUEAR = text(
    "SELECT pg_advisory_xact_lock(:espacio, hashtext(clave)) "
    "FROM unnest(CAST(:claves AS text[])) AS c(clave)"
)
_LEER = text(
    """
    SELECT tipo, persona_id, version, email, nombre FROM directorio_contactos
    WHERE (tipo, persona_id) IN (
        SELECT * FROM unnest(CAST(:tipos AS text[]), CAST(:ids AS uuid[])))
    """
)
_GUARDAR = upsert_versionado(
    "directorio_contactos",
    ("tipo", "persona_id", "version", "email", "nombre"),
    ("tipo", "persona_id"),
)
_VACIAR = text("DELETE FROM directorio_contactos WHERE tipo = ANY(CAST(:tipos AS text[]))")


def parametros_personas(personas: Iterable[Persona]) -> dict[str, list[Any]]:
    """``tipos`` and ``ids`` arrays for ``unnest`` (the persons sorted)."""
    ordenadas = sorted(personas)
    return {"tipos": [p.tipo.value for p in ordenadas], "ids": [p.id for p in ordenadas]}


async def bloquear(conn: AsyncConnection, personas: Collection[Persona]) -> None:
    """Holds each person's lock until the transaction ends."""
    if personas:
        claves = sorted(f"{p.tipo.value}:{p.id}" for p in personas)
        await conn.execute(_BLOQUEAR, {"espacio": _ESPACIO_BLOQUEOS, "claves": claves})


async def fichas(
    conn: AsyncConnection, personas: Collection[Persona]
) -> dict[Persona, FichaContacto]:
    """The directory's entries for ``personas`` (those it knows)."""
    if not personas:
        return {}
    filas = await conn.execute(_LEER, parametros_personas(personas))
    return {
        (persona := Persona(TipoPersona(f.tipo), f.persona_id)): FichaContacto(
            persona, f.version, f.email, f.nombre
        )
        for f in filas
    }


async def contactos(
    conn: AsyncConnection, personas: Collection[Persona]
) -> Mapping[Persona, Contacto]:
    return {persona: ficha.contacto for persona, ficha in (await fichas(conn, personas)).items()}


async def guardar(conn: AsyncConnection, cambiadas: Iterable[FichaContacto]) -> None:
    """Writes the entries (one statement for the batch); never takes one back in time."""
    filas = [
        {
            "tipo": f.persona.tipo.value,
            "persona_id": f.persona.id,
            "version": f.version,
            "email": f.email,
            "nombre": f.nombre,
        }
        for f in sorted(cambiadas, key=lambda f: f.persona)
    ]
    if filas:
        await conn.execute(_GUARDAR, filas)


async def vaciar(conn: AsyncConnection, tipos: Iterable[TipoPersona]) -> None:
    await conn.execute(_VACIAR, {"tipos": [t.value for t in tipos]})
