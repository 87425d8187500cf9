"""Back office: the queue ordered by deadline (time left in business days or hours), filters,
assign, classify risk, extend with notice, forward, respond, a request's full history, and
the survey's results. Changes need the version read (``If-Match``): a stale one is 409."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Query, Response

from eps_contracts.events.pqrs import Riesgo, TipoRadicante, TipoSolicitud
from eps_runtime.auth import Llamante, Rol
from eps_runtime.http import etag, version_esperada
from eps_runtime.http_auth import requiere_rol
from pqrs.application import comandos as c
from pqrs.application import consultas
from pqrs.application.puertos import FiltrosBandeja
from pqrs.domain.solicitud import Estado
from pqrs.entrypoints import esquemas as e
from pqrs.entrypoints.comun import (
    ARCHIVO,
    AplicacionDep,
    problemas,
    respuesta_adjunto,
    vista_backoffice,
    vista_fila,
)

router = APIRouter(prefix="/backoffice", tags=["Back office"])

Operador = Annotated[Llamante, Depends(requiere_rol(Rol.OPERADOR))]
Lector = Annotated[Llamante, Depends(requiere_rol(Rol.OPERADOR, Rol.AUDITOR))]
IfMatch = Annotated[str | None, Header(max_length=20)]
CAMBIOS = problemas(404, 409, 428)


@router.post("/solicitudes", status_code=201, response_model=e.Radicacion)
async def registrar(
    cuerpo: e.RadicacionBackoffice, llamante: Operador, aplicacion: AplicacionDep
) -> e.Radicacion:
    """A solicitud received by phone, in person or by e-mail."""
    resultado = await aplicacion.ejecutar(
        c.RadicarSolicitud(
            tipo=cuerpo.tipo,
            descripcion=cuerpo.descripcion,
            canal=cuerpo.canal,
            radicante=TipoRadicante.AFILIADO if cuerpo.afiliado_id else TipoRadicante.ANONIMO,
            afiliado_id=cuerpo.afiliado_id,
            radicada_por=llamante.usuario_id,
            email_respuesta=cuerpo.email_respuesta,
        )
    )
    assert isinstance(resultado, c.SolicitudRadicada)
    return e.Radicacion(
        solicitud_id=resultado.solicitud_id,
        radicado=resultado.radicado,
        mensaje=resultado.mensaje,
        vence_en=resultado.vence_en,
        codigo_consulta=resultado.codigo_consulta,
    )


@router.get("/solicitudes", response_model=e.Lista)
async def bandeja(
    llamante: Lector,
    aplicacion: AplicacionDep,
    tipo: TipoSolicitud | None = None,
    estado: Estado | None = None,
    riesgo: Riesgo | None = None,
    area: Annotated[str | None, Query(pattern=r"^[A-Z][A-Z0-9_]{1,40}$")] = None,
    operador_id: Annotated[str | None, Query(max_length=100)] = None,
    vencidas: bool | None = None,
    limite: Annotated[int, Query(ge=1, le=500)] = 100,
    desde: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> e.Lista:
    filtros = FiltrosBandeja(
        tipo=tipo.value if tipo else None,
        estado=estado.value if estado else None,
        riesgo=riesgo.value if riesgo else None,
        area=area,
        operador_id=operador_id,
        vencidas=vencidas,
        limite=limite,
        desde=desde,
    )
    filas = await consultas.bandeja(aplicacion.dependencias(), filtros)
    return e.Lista(solicitudes=[vista_fila(f, aplicacion) for f in filas])


@router.get(
    "/solicitudes/{solicitud_id}", response_model=e.SolicitudBackoffice, responses=problemas(404)
)
async def detalle(
    solicitud_id: UUID, llamante: Lector, aplicacion: AplicacionDep, response: Response
) -> e.SolicitudBackoffice:
    solicitud = await consultas.obtener_para(aplicacion.dependencias(), solicitud_id, llamante)
    response.headers["ETag"] = etag(solicitud.version)
    return vista_backoffice(solicitud)


@router.get(
    "/solicitudes/{solicitud_id}/historial", response_model=e.Historial, responses=problemas(404)
)
async def historial(solicitud_id: UUID, llamante: Lector, aplicacion: AplicacionDep) -> e.Historial:
    solicitud = await consultas.obtener_para(aplicacion.dependencias(), solicitud_id, llamante)
    eventos = await consultas.historial(aplicacion.dependencias(), solicitud_id)
    return e.Historial(
        radicado=solicitud.radicado,
        eventos=[
            e.EventoVista(
                version=r.version,
                tipo=r.event_type.split(".")[3],
                registrado_en=r.recorded_at,
                datos=r.data,
            )
            for r in eventos
        ],
    )


@router.get(
    "/solicitudes/{solicitud_id}/adjuntos/{adjunto_id}",
    responses=ARCHIVO | problemas(404),
    response_class=Response,
)
async def adjunto(
    solicitud_id: UUID, adjunto_id: UUID, llamante: Lector, aplicacion: AplicacionDep
) -> Response:
    solicitud = await consultas.obtener_para(aplicacion.dependencias(), solicitud_id, llamante)
    return await respuesta_adjunto(aplicacion, solicitud, adjunto_id)


def _cambio(resultado: c.Resultado, mensaje: str, response: Response) -> e.Cambio:
    assert isinstance(resultado, c.Cambio)
    response.headers["ETag"] = etag(resultado.version)
    return e.Cambio(solicitud_id=resultado.solicitud_id, version=resultado.version, mensaje=mensaje)


@router.post("/solicitudes/{solicitud_id}/asignacion", response_model=e.Cambio, responses=CAMBIOS)
async def asignar(
    solicitud_id: UUID,
    cuerpo: e.Asignacion,
    llamante: Operador,
    aplicacion: AplicacionDep,
    response: Response,
    if_match: IfMatch = None,
) -> e.Cambio:
    version = version_esperada(if_match)
    resultado = await aplicacion.ejecutar(
        c.AsignarSolicitud(
            solicitud_id, cuerpo.area, cuerpo.operador_id, llamante.usuario_id, version
        )
    )
    return _cambio(resultado, "Solicitud asignada.", response)


@router.post("/solicitudes/{solicitud_id}/gestion", response_model=e.Cambio, responses=CAMBIOS)
async def iniciar_gestion(
    solicitud_id: UUID,
    llamante: Operador,
    aplicacion: AplicacionDep,
    response: Response,
    if_match: IfMatch = None,
) -> e.Cambio:
    version = version_esperada(if_match)
    resultado = await aplicacion.ejecutar(
        c.IniciarGestion(solicitud_id, llamante.usuario_id, version)
    )
    return _cambio(resultado, "Solicitud en gestión.", response)


@router.post(
    "/solicitudes/{solicitud_id}/clasificacion", response_model=e.Cambio, responses=CAMBIOS
)
async def clasificar(
    solicitud_id: UUID,
    cuerpo: e.Clasificacion,
    llamante: Operador,
    aplicacion: AplicacionDep,
    response: Response,
    if_match: IfMatch = None,
) -> e.Cambio:
    version = version_esperada(if_match)
    resultado = await aplicacion.ejecutar(
        c.ClasificarRiesgo(solicitud_id, cuerpo.riesgo, llamante.usuario_id, version)
    )
    return _cambio(resultado, "Riesgo clasificado; el plazo se recalculó.", response)


@router.post("/solicitudes/{solicitud_id}/prorroga", response_model=e.Cambio, responses=CAMBIOS)
async def prorrogar(
    solicitud_id: UUID,
    cuerpo: e.Prorroga,
    llamante: Operador,
    aplicacion: AplicacionDep,
    response: Response,
    if_match: IfMatch = None,
) -> e.Cambio:
    version = version_esperada(if_match)
    resultado = await aplicacion.ejecutar(
        c.ProrrogarSolicitud(
            solicitud_id, cuerpo.motivo, cuerpo.nueva_fecha, llamante.usuario_id, version
        )
    )
    return _cambio(resultado, "Plazo prorrogado; se informará al solicitante.", response)


@router.post("/solicitudes/{solicitud_id}/traslado", response_model=e.Cambio, responses=CAMBIOS)
async def trasladar(
    solicitud_id: UUID,
    cuerpo: e.Traslado,
    llamante: Operador,
    aplicacion: AplicacionDep,
    response: Response,
    if_match: IfMatch = None,
) -> e.Cambio:
    version = version_esperada(if_match)
    resultado = await aplicacion.ejecutar(
        c.TrasladarSolicitud(
            solicitud_id, cuerpo.entidad, cuerpo.motivo, llamante.usuario_id, version
        )
    )
    return _cambio(resultado, "Solicitud trasladada; se informará al solicitante.", response)


@router.post("/solicitudes/{solicitud_id}/respuesta", response_model=e.Cambio, responses=CAMBIOS)
async def responder(
    solicitud_id: UUID,
    cuerpo: e.Respuesta,
    llamante: Operador,
    aplicacion: AplicacionDep,
    response: Response,
    if_match: IfMatch = None,
) -> e.Cambio:
    version = version_esperada(if_match)
    resultado = await aplicacion.ejecutar(
        c.ResponderSolicitud(solicitud_id, cuerpo.respuesta, llamante.usuario_id, version)
    )
    return _cambio(resultado, "Respuesta registrada; la solicitud quedó finalizada.", response)


@router.get("/encuestas/resumen", response_model=e.ResumenEncuestas)
async def resumen_encuestas(llamante: Lector, aplicacion: AplicacionDep) -> e.ResumenEncuestas:
    resumen = await consultas.resumen_encuestas(aplicacion.dependencias())
    return e.ResumenEncuestas(
        periodos=[
            e.ResumenEncuestaVista(
                periodo=r.periodo, respuestas=r.respuestas, promedios=r.promedios
            )
            for r in resumen
        ]
    )
