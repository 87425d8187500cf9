"""Queries: the search sheet and one incapacity, for whoever may see them."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eps_runtime.auth import Llamante, Rol
from eps_runtime.permisos import PERMISO_GESTIONAR_INCAPACIDADES, exigir_actuar_por_empleador
from incapacities.application.acceso import exigir_ver, titular_de_cuenta
from incapacities.application.puertos import CuentaReembolso, Fila, UnidadDeTrabajo


async def buscar(
    uow: UnidadDeTrabajo, llamante: Llamante, desde: date | None, hasta: date | None
) -> list[Fila]:
    """A worker sees his own incapacities from any employer; an employer (or delegate with
    the permission) those it filed; the back office every one."""
    async with uow:
        if llamante.rol is Rol.AFILIADO and llamante.afiliado_id is not None:
            return await uow.vista.buscar(
                cotizante_id=llamante.afiliado_id, aportante_id=None, desde=desde, hasta=hasta
            )
        if llamante.rol in (Rol.EMPLEADOR, Rol.DELEGADO) and llamante.empleador_id is not None:
            exigir_actuar_por_empleador(
                llamante, llamante.empleador_id, PERMISO_GESTIONAR_INCAPACIDADES
            )
            return await uow.vista.buscar(
                cotizante_id=None, aportante_id=llamante.empleador_id, desde=desde, hasta=hasta
            )
        if llamante.rol in (Rol.OPERADOR, Rol.AUDITOR):
            return await uow.vista.buscar(
                cotizante_id=None, aportante_id=None, desde=desde, hasta=hasta
            )
        return []


async def detalle(uow: UnidadDeTrabajo, llamante: Llamante, incapacidad_id: UUID) -> Fila:
    async with uow:
        return exigir_ver(llamante, await uow.vista.obtener(incapacidad_id))


async def vencidas(uow: UnidadDeTrabajo, hoy: date) -> list[Fila]:
    async with uow:
        return await uow.vista.vencidas(hoy)


async def cuenta(uow: UnidadDeTrabajo, llamante: Llamante) -> CuentaReembolso | None:
    async with uow:
        cotizante = (
            await uow.situaciones.cotizante(llamante.afiliado_id) if llamante.afiliado_id else None
        )
        return await uow.cuentas.obtener(titular_de_cuenta(llamante, cotizante))
