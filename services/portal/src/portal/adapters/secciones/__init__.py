"""The dashboard's sections of other domains (authorizations, payments, incapacities, PQRS).

Each domain adds ONE module here, ``<dominio>.py``, exposing ``SECCION``: an object with

- ``campo``: the ``Tablero`` field it fills (declared in ``portal.domain.tablero`` with its
  model in ``portal.domain.<dominio>``, ``None`` by default);
- ``plantilla``: its part of the home page (``plantillas/<dominio>/_tablero.html``);
- ``proyeccion(topic_prefix) -> Projection``: its read model, built only from its domain's
  topics (a subscription of ``eps_contracts/suscripciones/portal.py``), in its own tables
  (a migration of its own: ``migrations/versions/<dominio>_0001_*.py`` with
  ``branch_labels = ("<dominio>",)`` and ``down_revision = "0003"``). Its ``apply`` calls
  ``portal.adapters.tablero_projection.avisar(conn, afiliados)`` with the affiliates whose
  section changed, so open dashboards refresh live;
- ``consulta``: the SELECT of the section's rows for one affiliate (``$1``: his id), in the
  order they are shown; the dashboard runs it inside its one statement (``como_json``);
- ``desde_filas(filas)``: the section's value (or ``None``) from those rows, each a JSON
  object (dates and ids as text: the model parses them);
- ``async leer(conn, afiliado_id)``: the same value on its own (``LecturaDeSeccion``).

The consumer runs every section's projection, the rebuild rebuilds them all, and each
dashboard read fills every section. Nothing else is edited to add one.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from typing import Any, Protocol
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from eps_runtime.consumer import Projection
from eps_runtime.db import driver_connection


class Seccion(Protocol):
    campo: str
    plantilla: str
    consulta: str

    def proyeccion(self, topic_prefix: str = "") -> Projection: ...

    def desde_filas(self, filas: list[dict[str, Any]]) -> Any: ...

    async def leer(self, conn: AsyncConnection, afiliado_id: UUID) -> Any: ...


def filas_json(valor: Any) -> list[dict[str, Any]]:
    """The rows of a ``como_json`` column: SQLAlchemy's connections decode JSON already,
    a plain asyncpg one hands the text."""
    if valor is None:
        return []
    filas: list[dict[str, Any]] = json.loads(valor) if isinstance(valor, str) else valor
    return filas


def como_json(consulta: str) -> str:
    """A subquery with ``consulta``'s rows as one JSON array in its order (NULL if none)."""
    return f"(SELECT json_agg(fila) FROM ({consulta}) fila)"


class LecturaDeSeccion:
    """``leer`` for a section: its ``consulta`` run as the dashboard runs it, so a section
    read alone and within the dashboard are the same value."""

    consulta: str

    def desde_filas(self, filas: list[dict[str, Any]]) -> Any:
        raise NotImplementedError

    async def leer(self, conn: AsyncConnection, afiliado_id: UUID) -> Any:
        driver = await driver_connection(conn)
        valor = await driver.fetchval(f"SELECT {como_json(self.consulta)}", afiliado_id)
        return self.desde_filas(filas_json(valor))


def secciones() -> tuple[Seccion, ...]:
    """Every domain's section, by module name."""
    nombres = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    return tuple(importlib.import_module(f"{__name__}.{n}").SECCION for n in nombres)
