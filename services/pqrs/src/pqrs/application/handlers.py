"""The use cases: one handler per command, one transaction per handler (HANDLERS)."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Mapping
from types import MappingProxyType
from typing import Any
from uuid import uuid4

from eps_contracts.events.pqrs import Adjunto, TipoRadicante
from eps_runtime.calendario import fecha_colombia
from eps_runtime.errores import DatosInvalidos
from pqrs.application import comandos as c
from pqrs.application.dependencias import Dependencias, cargar, guardar, hash_codigo
from pqrs.application.puertos import Radicacion
from pqrs.domain.encuesta import Encuesta, encuesta_id, periodo_de
from pqrs.domain.errores import EncuestaYaRespondida
from pqrs.domain.solicitud import Solicitud

Handler = Callable[[Any, Dependencias], Awaitable[c.Resultado]]

ALFABETO_CODIGO = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LONGITUD_CODIGO = 12
"""12 characters of 32 symbols: 60 bits, with the lookups throttled."""


def nuevo_codigo() -> str:
    return "".join(secrets.choice(ALFABETO_CODIGO) for _ in range(LONGITUD_CODIGO))


def _validar_radicante(cmd: c.RadicarSolicitud) -> None:
    if cmd.radicante is TipoRadicante.AFILIADO and cmd.afiliado_id is None:
        raise DatosInvalidos("Indique el afiliado de la solicitud.", campo="afiliado_id")
    if cmd.radicante is TipoRadicante.EMPLEADOR and cmd.empleador_id is None:
        raise DatosInvalidos("Indique el empleador de la solicitud.", campo="empleador_id")
    if cmd.radicante is TipoRadicante.ANONIMO and (cmd.afiliado_id or cmd.empleador_id):
        raise DatosInvalidos("Una solicitud anónima no identifica a quien la radica.")


async def radicar(cmd: c.RadicarSolicitud, deps: Dependencias) -> c.SolicitudRadicada:
    _validar_radicante(cmd)
    solicitud_id = uuid4()
    adjuntos = [
        Adjunto(
            adjunto_id=uuid4(),
            nombre=a.nombre,
            tipo_mime=a.tipo_mime,
            tamano_bytes=len(a.contenido),
        )
        for a in cmd.adjuntos
    ]
    guardados = []
    try:
        async with deps.uow as uow:
            anio = fecha_colombia(deps.ahora).year
            numero = await uow.consecutivos.siguiente(f"radicado-{anio}")
            radicado = f"{anio}-{numero}"
            solicitud = Solicitud.radicar(
                solicitud_id=solicitud_id,
                radicado=radicado,
                tipo=cmd.tipo,
                canal=cmd.canal,
                radicante=cmd.radicante,
                descripcion=cmd.descripcion,
                ahora=deps.ahora,
                afiliado_id=cmd.afiliado_id,
                empleador_id=cmd.empleador_id,
                radicada_por=cmd.radicada_por,
                email_respuesta=cmd.email_respuesta,
                adjuntos=adjuntos,
            )
            codigo = nuevo_codigo() if cmd.radicante is TipoRadicante.ANONIMO else None
            await uow.radicados.registrar(
                Radicacion(
                    radicado,
                    solicitud_id,
                    hash_codigo(deps.secreto, radicado, codigo) if codigo else None,
                )
            )
            await guardar(deps, solicitud)
            for adjunto, archivo in zip(adjuntos, cmd.adjuntos, strict=True):
                await deps.almacen.guardar(adjunto.adjunto_id, archivo.contenido)
                guardados.append(adjunto.adjunto_id)
            await uow.commit()
    except BaseException:
        for adjunto_id in guardados:
            await deps.almacen.borrar(adjunto_id)
        raise
    return c.SolicitudRadicada(solicitud_id, radicado, solicitud.vence_en, codigo)


async def _cambiar(deps: Dependencias, cmd: Any, cambio: Callable[[Solicitud], None]) -> c.Cambio:
    async with deps.uow as uow:
        solicitud = await cargar(deps, cmd.solicitud_id, getattr(cmd, "version_esperada", None))
        cambio(solicitud)
        await guardar(deps, solicitud)
        await uow.commit()
    return c.Cambio(solicitud.id, solicitud.version)


async def clasificar(cmd: c.ClasificarRiesgo, deps: Dependencias) -> c.Cambio:
    return await _cambiar(deps, cmd, lambda s: s.clasificar(cmd.riesgo, cmd.por, deps.ahora))


async def asignar(cmd: c.AsignarSolicitud, deps: Dependencias) -> c.Cambio:
    return await _cambiar(
        deps, cmd, lambda s: s.asignar(cmd.area, cmd.operador_id, cmd.por, deps.ahora)
    )


async def iniciar_gestion(cmd: c.IniciarGestion, deps: Dependencias) -> c.Cambio:
    return await _cambiar(deps, cmd, lambda s: s.iniciar_gestion(cmd.operador_id, deps.ahora))


async def prorrogar(cmd: c.ProrrogarSolicitud, deps: Dependencias) -> c.Cambio:
    return await _cambiar(
        deps, cmd, lambda s: s.prorrogar(cmd.motivo, cmd.nueva_fecha, cmd.por, deps.ahora)
    )


async def trasladar(cmd: c.TrasladarSolicitud, deps: Dependencias) -> c.Cambio:
    return await _cambiar(
        deps, cmd, lambda s: s.trasladar(cmd.entidad, cmd.motivo, cmd.por, deps.ahora)
    )


async def desistir(cmd: c.DesistirSolicitud, deps: Dependencias) -> c.Cambio:
    return await _cambiar(deps, cmd, lambda s: s.desistir(deps.ahora))


async def responder(cmd: c.ResponderSolicitud, deps: Dependencias) -> c.Cambio:
    return await _cambiar(deps, cmd, lambda s: s.responder(cmd.respuesta, cmd.por, deps.ahora))


async def calificar(cmd: c.CalificarRespuesta, deps: Dependencias) -> c.Cambio:
    return await _cambiar(deps, cmd, lambda s: s.calificar(cmd.estrellas, deps.ahora))


async def responder_encuesta(cmd: c.ResponderEncuesta, deps: Dependencias) -> None:
    async with deps.uow as uow:
        ya = await uow.encuestas_eventos.obtener(
            encuesta_id(cmd.usuario_id, periodo_de(deps.ahora))
        )
        if ya is not None:
            raise EncuestaYaRespondida()
        encuesta = Encuesta.responder(
            usuario_id=cmd.usuario_id,
            afiliado_id=cmd.afiliado_id,
            puntajes={
                "facilidad": cmd.facilidad,
                "tiempo": cmd.tiempo,
                "claridad": cmd.claridad,
                "satisfaccion": cmd.satisfaccion,
            },
            comentario=cmd.comentario,
            ahora=deps.ahora,
        )
        await uow.encuestas_eventos.guardar(encuesta)
        await uow.encuestas.registrar(encuesta, str(encuesta.id))
        await uow.commit()
    return None


async def marcar_incumplidas(cmd: c.MarcarPlazosIncumplidos, deps: Dependencias) -> int:
    """Records ``PlazoPQRSIncumplido`` for each open solicitud past its deadline (once)."""
    async with deps.uow as uow:
        ids = await uow.bandeja.vencidas_sin_marcar(deps.ahora, cmd.limite)
        marcadas = 0
        for solicitud_id in ids:
            solicitud = await cargar(deps, solicitud_id)
            if solicitud.marcar_incumplida(deps.ahora):
                await guardar(deps, solicitud)
                marcadas += 1
        await uow.commit()
    return marcadas


HANDLERS: Mapping[type, Handler] = MappingProxyType(
    {
        c.RadicarSolicitud: radicar,
        c.ClasificarRiesgo: clasificar,
        c.AsignarSolicitud: asignar,
        c.IniciarGestion: iniciar_gestion,
        c.ProrrogarSolicitud: prorrogar,
        c.TrasladarSolicitud: trasladar,
        c.DesistirSolicitud: desistir,
        c.ResponderSolicitud: responder,
        c.CalificarRespuesta: calificar,
        c.ResponderEncuesta: responder_encuesta,
        c.MarcarPlazosIncumplidos: marcar_incumplidas,
    }
)
