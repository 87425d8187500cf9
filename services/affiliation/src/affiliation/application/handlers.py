"""One handler per command: a plain function of the command, a unit of work and today's date.

Guarantee: each command runs in exactly one transaction; either all its effects (events,
outbox rows, document claim) commit, or none does.
"""

from collections.abc import Awaitable, Callable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

from affiliation.application.comandos import (
    ActualizarDatosContacto,
    RegistrarAfiliado,
    Resultado,
)
from affiliation.application.errores import AfiliadoNoEncontrado, DocumentoYaRegistrado
from affiliation.application.puertos import UnidadDeTrabajo
from affiliation.domain.afiliado import Afiliado
from eps_runtime.eventstore import ConcurrencyConflict


async def registrar_afiliado(cmd: RegistrarAfiliado, uow: UnidadDeTrabajo, hoy: date) -> Resultado:
    """Registers the person; ``DocumentoYaRegistrado`` if the document is already affiliated.

    The document claim and the events commit together, so two concurrent registrations of
    one document cannot both succeed.
    """
    async with uow:
        cotizante = None
        if cmd.cotizante_id is not None:
            cotizante = await uow.afiliados.obtener(cmd.cotizante_id)
        afiliado = Afiliado.registrar(
            afiliado_id=cmd.afiliado_id,
            documento=cmd.documento,
            nombre=cmd.nombre,
            fecha_nacimiento=cmd.fecha_nacimiento,
            sexo=cmd.sexo,
            tipo_afiliado=cmd.tipo_afiliado,
            regimen=cmd.regimen,
            fecha_afiliacion=cmd.fecha_afiliacion or hoy,
            contacto=cmd.contacto,
            hoy=hoy,
            cotizante_id=cmd.cotizante_id,
            cotizante=cotizante,
            parentesco=cmd.parentesco,
            ips_primaria_codigo=cmd.ips_primaria_codigo,
        )
        if not await uow.documentos.reservar(cmd.documento, cmd.afiliado_id):
            raise DocumentoYaRegistrado()
        await uow.afiliados.guardar(afiliado)
        await uow.commit()
    return Resultado(afiliado.afiliado_id, afiliado.version)


async def actualizar_datos_contacto(
    cmd: ActualizarDatosContacto, uow: UnidadDeTrabajo, hoy: date
) -> Resultado:
    """Replaces the given contact fields if the affiliate is still at ``version_esperada``.

    A stale version raises ``ConcurrencyConflict`` even when the change would be a no-op, so
    a client never overwrites data it has not seen. A change that changes nothing records no
    event and returns the current version.
    """
    async with uow:
        afiliado = await uow.afiliados.obtener(cmd.afiliado_id)
        if afiliado is None:
            raise AfiliadoNoEncontrado(cmd.afiliado_id)
        if afiliado.version != cmd.version_esperada:
            raise ConcurrencyConflict(cmd.afiliado_id, cmd.version_esperada)
        if afiliado.actualizar_datos_contacto(cmd.aplicado_a(afiliado.contacto)):
            await uow.afiliados.guardar(afiliado)
            await uow.commit()
    return Resultado(afiliado.afiliado_id, afiliado.version)


Handler = Callable[[Any, UnidadDeTrabajo, date], Awaitable[Resultado]]

HANDLERS: Mapping[type, Handler] = MappingProxyType(
    {
        RegistrarAfiliado: registrar_afiliado,
        ActualizarDatosContacto: actualizar_datos_contacto,
    }
)
