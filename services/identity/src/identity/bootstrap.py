"""Wires identity's use cases to the PostgreSQL read model (or to a fake in tests)."""

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from identity.adapters.consulta_afiliados import AfiliadosValidablesSql
from identity.application.validacion import AfiliadosValidables


@dataclass(frozen=True)
class Aplicacion:
    afiliados: AfiliadosValidables


def bootstrap(engine: AsyncEngine) -> Aplicacion:
    return Aplicacion(afiliados=AfiliadosValidablesSql(engine))
