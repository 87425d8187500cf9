"""Queries: read an affiliate's current state or its history from its stream."""

from uuid import UUID

from affiliation.application.dependencias import Dependencias
from affiliation.application.errores import AfiliadoNoEncontrado, EmpleadorNoEncontrado
from affiliation.application.puertos import EventoDelHistorial, UnidadDeTrabajo
from affiliation.domain.afiliado import Afiliado
from affiliation.domain.empleador import Empleador
from affiliation.domain.errores import SoporteNoEncontradoEnAfiliado
from eps_contracts.types import FormatoSoporte
from eps_contracts.valores import Documento


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


async def buscar_por_documento(documento: Documento, deps: Dependencias) -> Afiliado:
    """The affiliate holding ``documento``; ``AfiliadoNoEncontrado`` if none."""
    async with deps.uow as uow:
        afiliado_id = await uow.documentos.buscar(documento)
        afiliado = None if afiliado_id is None else await uow.afiliados.obtener(afiliado_id)
    if afiliado is None:
        raise AfiliadoNoEncontrado(afiliado_id)
    return afiliado


async def obtener_empleador(empleador_id: UUID, deps: Dependencias) -> Empleador:
    async with deps.uow as uow:
        empleador = await uow.empleadores.obtener(empleador_id)
    if empleador is None:
        raise EmpleadorNoEncontrado(empleador_id)
    return empleador


_TIPOS_MIME = {
    FormatoSoporte.PDF: "application/pdf",
    FormatoSoporte.JPG: "image/jpeg",
    FormatoSoporte.PNG: "image/png",
}


async def archivo_soporte(
    deps: Dependencias, afiliado_id: UUID, soporte_id: UUID
) -> tuple[bytes, str]:
    """The stored bytes of one of the affiliate's support documents and their media type."""
    async with deps.uow as uow:
        afiliado = await uow.afiliados.obtener(afiliado_id)
        referencia = await uow.archivos.referencia(soporte_id, afiliado_id)
    soporte = None if afiliado is None else afiliado.soportes.get(soporte_id)
    if soporte is None or referencia is None:
        raise SoporteNoEncontradoEnAfiliado("El afiliado no tiene ese documento soporte.")
    return await deps.almacen.leer(referencia), _TIPOS_MIME[soporte.formato]
