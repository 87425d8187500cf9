"""Queries: a solicitud by radicado (owner, back office or anonymous with its code), the
caller's list, the back-office queue with the time left, a history, the survey's results."""

from __future__ import annotations

import hmac
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eps_contracts.events.pqrs import UnidadPlazo
from eps_runtime.auth import Llamante, Rol
from eps_runtime.calendario import dias_habiles_restantes
from eps_runtime.permisos import PERMISO_SOLICITUDES_ADMINISTRATIVAS, puede_actuar_por_empleador
from pqrs.application.acceso import puede_ver
from pqrs.application.dependencias import Dependencias, hash_codigo
from pqrs.application.puertos import EventoRegistrado, FilaBandeja, FiltrosBandeja, ResumenEncuesta
from pqrs.domain.errores import SolicitudNoEncontrada
from pqrs.domain.solicitud import Solicitud

_RADICADO = re.compile(r"^[0-9]{4}-[1-9][0-9]{0,9}$")


async def _por_radicado(deps: Dependencias, radicado: str) -> tuple[Solicitud, str | None]:
    if not _RADICADO.fullmatch(radicado):
        raise SolicitudNoEncontrada()
    async with deps.uow as uow:
        radicacion = await uow.radicados.buscar(radicado)
        if radicacion is None:
            raise SolicitudNoEncontrada()
        solicitud = await uow.solicitudes.obtener(radicacion.solicitud_id)
    if solicitud is None:
        raise SolicitudNoEncontrada()
    return solicitud, radicacion.codigo_hash


async def consultar(deps: Dependencias, radicado: str, llamante: Llamante) -> Solicitud:
    solicitud, _ = await _por_radicado(deps, radicado)
    if not puede_ver(llamante, solicitud, deps.ahora):
        raise SolicitudNoEncontrada()
    return solicitud


async def consultar_anonima(deps: Dependencias, radicado: str, codigo: str) -> Solicitud:
    """Only an anonymous solicitud, only with its code; any miss is the same 404."""
    try:
        solicitud, codigo_hash = await _por_radicado(deps, radicado)
    except SolicitudNoEncontrada:
        # Same work on a miss as on a hit, so timing does not tell radicados apart.
        hash_codigo(deps.secreto, radicado, codigo)
        raise
    esperado = hash_codigo(deps.secreto, radicado, codigo)
    if codigo_hash is None or not hmac.compare_digest(esperado, codigo_hash):
        raise SolicitudNoEncontrada()
    return solicitud


async def obtener_para(deps: Dependencias, solicitud_id: UUID, llamante: Llamante) -> Solicitud:
    async with deps.uow as uow:
        solicitud = await uow.solicitudes.obtener(solicitud_id)
    if solicitud is None or not puede_ver(llamante, solicitud, deps.ahora):
        raise SolicitudNoEncontrada()
    return solicitud


async def historial(deps: Dependencias, solicitud_id: UUID) -> Sequence[EventoRegistrado]:
    async with deps.uow as uow:
        eventos = await uow.solicitudes.historial(solicitud_id)
    if not eventos:
        raise SolicitudNoEncontrada()
    return eventos


async def mias(deps: Dependencias, llamante: Llamante) -> list[FilaBandeja]:
    async with deps.uow as uow:
        if llamante.rol is Rol.AFILIADO and llamante.afiliado_id is not None:
            ids = [llamante.afiliado_id] + [
                m for m, hasta in llamante.representados.items() if deps.ahora < hasta
            ]
            return await uow.bandeja.de_afiliados(ids)
        if llamante.empleador_id is not None and puede_actuar_por_empleador(
            llamante, llamante.empleador_id, PERMISO_SOLICITUDES_ADMINISTRATIVAS
        ):
            return await uow.bandeja.de_empleador(llamante.empleador_id)
    return []


@dataclass(frozen=True)
class TiempoRestante:
    unidad: str
    restante: int
    vencida: bool


def tiempo_restante(fila: FilaBandeja, ahora: datetime) -> TiempoRestante | None:
    """Business days (or hours, for a risk-classified claim) left; negative when late."""
    if fila.vence_en is None or not fila.abierta:
        return None
    vencida = ahora > fila.vence_en
    if fila.unidad_plazo == UnidadPlazo.HORAS.value:
        horas = (fila.vence_en - ahora).total_seconds() / 3600
        return TiempoRestante(
            "HORAS", math.floor(horas) if horas >= 0 else -math.ceil(-horas), vencida
        )
    return TiempoRestante("DIAS_HABILES", dias_habiles_restantes(ahora, fila.vence_en), vencida)


async def bandeja(deps: Dependencias, filtros: FiltrosBandeja) -> list[FilaBandeja]:
    async with deps.uow as uow:
        return await uow.bandeja.listar(filtros, deps.ahora)


async def resumen_encuestas(deps: Dependencias) -> list[ResumenEncuesta]:
    async with deps.uow as uow:
        return await uow.encuestas.resumen()
