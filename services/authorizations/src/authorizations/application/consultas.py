"""Queries that read aggregates (the lists read the views through ``Lecturas``)."""

from uuid import UUID

from authorizations.application.handlers import Dependencias
from authorizations.domain.derecho import Derecho
from authorizations.domain.ops import OPS


async def ops_con_derecho(deps: Dependencias, ops_id: UUID) -> tuple[OPS, Derecho | None] | None:
    """The OPS and what this service knows of its affiliate's right, or None."""
    async with deps.uow as uow:
        ops = await uow.ops.obtener(ops_id)
        if ops is None or ops.afiliado_id is None:
            return None
        return ops, await uow.derechos.obtener(ops.afiliado_id)
