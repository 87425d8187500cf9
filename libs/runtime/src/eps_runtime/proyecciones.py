"""SQL shared by read models: the versioned upsert that never takes a row back in time,
row by row or a whole batch in one statement."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import TextClause, text
from sqlalchemy.ext.asyncio import AsyncConnection


def upsert_versionado(
    tabla: str,
    columnas: Sequence[str],
    clave: Sequence[str],
    *,
    version: str = "version",
    marca_tiempo: str | None = "actualizado_en",
) -> TextClause:
    """``INSERT … ON CONFLICT (clave) DO UPDATE`` with named parameters ``:<columna>``.

    Guarantee: an existing row is replaced only by a strictly newer ``version``, so a
    redelivered or late event (or a rebuild racing the live consumer) cannot undo a newer
    state. ``marca_tiempo`` (when given) is set to ``now()`` on update.
    """
    if version not in columnas:
        raise ValueError(f"la columna de versión {version!r} debe estar entre las columnas")
    actualizadas = [c for c in columnas if c not in clave]
    asignaciones = [f"{c} = EXCLUDED.{c}" for c in actualizadas]
    if marca_tiempo:
        asignaciones.append(f"{marca_tiempo} = now()")
    return text(
        f"INSERT INTO {tabla} AS t ({', '.join(columnas)}) "
        f"VALUES ({', '.join(':' + c for c in columnas)}) "
        f"ON CONFLICT ({', '.join(clave)}) DO UPDATE SET {', '.join(asignaciones)} "
        f"WHERE t.{version} < EXCLUDED.{version}"
    )


class UpsertVersionadoLote:
    """``upsert_versionado`` for a whole batch in ONE statement: the rows travel as one JSON
    array and ``jsonb_populate_recordset`` gives them the table's own column types.

    Same guarantee as ``upsert_versionado``: an existing row is replaced only by a strictly
    newer ``version``. Each key may appear at most once per call (fold the batch first):
    PostgreSQL refuses a statement that would update one row twice. Values must be what
    JSON carries or their text form (UUIDs, dates, decimals and ``str`` enums are).
    """

    def __init__(
        self,
        tabla: str,
        columnas: Sequence[str],
        clave: Sequence[str],
        *,
        version: str = "version",
        marca_tiempo: str | None = "actualizado_en",
    ) -> None:
        if version not in columnas:
            raise ValueError(f"la columna de versión {version!r} debe estar entre las columnas")
        self.columnas = tuple(columnas)
        actualizadas = [c for c in columnas if c not in clave]
        asignaciones = [f"{c} = EXCLUDED.{c}" for c in actualizadas]
        if marca_tiempo:
            asignaciones.append(f"{marca_tiempo} = now()")
        lista = ", ".join(columnas)
        self.sql = text(
            f"INSERT INTO {tabla} AS t ({lista}) "
            f"SELECT {lista} FROM jsonb_populate_recordset(NULL::{tabla}, CAST(:filas AS jsonb)) "
            f"ON CONFLICT ({', '.join(clave)}) DO UPDATE SET {', '.join(asignaciones)} "
            f"WHERE t.{version} < EXCLUDED.{version}"
        )

    async def __call__(self, conn: AsyncConnection, filas: Sequence[Mapping[str, Any]]) -> None:
        if not filas:
            return
        carga = json.dumps(
            [{c: fila[c] for c in self.columnas} for fila in filas],
            default=str,
            separators=(",", ":"),
        )
        await conn.execute(self.sql, {"filas": carga})


def upsert_versionado_lote(
    tabla: str,
    columnas: Sequence[str],
    clave: Sequence[str],
    *,
    version: str = "version",
    marca_tiempo: str | None = "actualizado_en",
) -> UpsertVersionadoLote:
    """The batched versioned upsert: ``await guardar(conn, filas)``, one statement."""
    return UpsertVersionadoLote(tabla, columnas, clave, version=version, marca_tiempo=marca_tiempo)
