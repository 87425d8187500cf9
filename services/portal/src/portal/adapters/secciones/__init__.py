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
- ``async leer(conn, afiliado_id)``: the section's value for that affiliate (or ``None``).

The consumer runs every section's projection, the rebuild rebuilds them all, and each
dashboard read fills every section. Nothing else is edited to add one.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any, Protocol
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from eps_runtime.consumer import Projection


class Seccion(Protocol):
    campo: str
    plantilla: str

    def proyeccion(self, topic_prefix: str = "") -> Projection: ...

    async def leer(self, conn: AsyncConnection, afiliado_id: UUID) -> Any: ...


def secciones() -> tuple[Seccion, ...]:
    """Every domain's section, by module name."""
    nombres = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    return tuple(importlib.import_module(f"{__name__}.{n}").SECCION for n in nombres)
