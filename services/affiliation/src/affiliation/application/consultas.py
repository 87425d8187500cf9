"""Queries: read an affiliate's current state or its history from its stream."""

from uuid import UUID

from affiliation.application.errores import AfiliadoNoEncontrado
from affiliation.application.puertos import EventoDelHistorial, UnidadDeTrabajo
from affiliation.domain.afiliado import Afiliado


async def obtener_afiliado(afiliado_id: UUID, uow: UnidadDeTrabajo) -> Afiliado:
    async with uow:
        afiliado = await uow.afiliados.obtener(afiliado_id)
    if afiliado is None:
        raise AfiliadoNoEncontrado(afiliado_id)
    return afiliado


async def historial(afiliado_id: UUID, uow: UnidadDeTrabajo) -> list[EventoDelHistorial]:
    """Every event of the affiliate in version order; ``AfiliadoNoEncontrado`` if none."""
    async with uow:
        eventos = await uow.afiliados.historial(afiliado_id)
    if not eventos:
        raise AfiliadoNoEncontrado(afiliado_id)
    return eventos
