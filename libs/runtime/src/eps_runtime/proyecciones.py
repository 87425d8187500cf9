"""SQL shared by read models: the versioned upsert that never takes a row back in time."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import TextClause, text


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
