"""Contáctenos (manual §4.5) and the survey (§4.6): the affiliate's, the employer's and the
anonymous citizen's side.

Someone else's radicado answers exactly like one that does not exist (404
``solicitud-no-encontrada``); lookups by radicado are throttled per caller (429)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, File, Form, Header, Request, Response, UploadFile

from eps_contracts.events.pqrs import LONGITUD_MAXIMA_DESCRIPCION, TipoRadicante, TipoSolicitud
from eps_contracts.types import Email
from eps_runtime.auth import Llamante, Rol, exigir_actuar_por
from eps_runtime.errores import DatosInvalidos
from eps_runtime.http_auth import requiere_rol
from eps_runtime.permisos import (
    PERMISO_SOLICITUDES_ADMINISTRATIVAS,
    exigir_actuar_por_empleador,
)
from pqrs.application import comandos as c
from pqrs.application import consultas
from pqrs.application.acceso import es_suya
from pqrs.domain.errores import SolicitudNoEncontrada
from pqrs.entrypoints import esquemas as e
from pqrs.entrypoints.comun import (
    ARCHIVO,
    CONSULTAS,
    ENVIOS,
    RADICACIONES_ANONIMAS,
    AplicacionDep,
    RadicadoParam,
    RutaConLimiteDeCarga,
    ip_de,
    leer_adjuntos,
    limitar,
    problemas,
    respuesta_adjunto,
    vista_fila,
    vista_solicitud,
)

router = APIRouter(tags=["Contáctenos"], route_class=RutaConLimiteDeCarga)

Solicitante = Annotated[Llamante, Depends(requiere_rol(Rol.AFILIADO, Rol.EMPLEADOR, Rol.DELEGADO))]

Descripcion = Annotated[
    str,
    Form(
        min_length=1,
        max_length=LONGITUD_MAXIMA_DESCRIPCION,
        description="Texto de la solicitud (texto plano).",
    ),
]
Archivos = Annotated[
    list[UploadFile] | None, File(description="Hasta 5 adjuntos PDF, JPG o PNG de 2 MB.")
]


class CaptchaInvalido(DatosInvalidos):
    codigo = "captcha-invalido"
    campo = "captcha"

    def __init__(self) -> None:
        super().__init__("Confirme que no es un robot para continuar.")


def _radicada(r: c.SolicitudRadicada) -> e.Radicacion:
    return e.Radicacion(
        solicitud_id=r.solicitud_id,
        radicado=r.radicado,
        mensaje=r.mensaje,
        vence_en=r.vence_en,
        codigo_consulta=r.codigo_consulta,
    )


@router.post(
    "/mi/solicitudes",
    status_code=201,
    response_model=e.Radicacion,
    responses=problemas(403, 404, 429),
)
async def radicar(
    llamante: Solicitante,
    aplicacion: AplicacionDep,
    response: Response,
    tipo: Annotated[TipoSolicitud, Form()],
    descripcion: Descripcion,
    archivos: Archivos = None,
    afiliado_id: Annotated[
        UUID | None, Form(description="El afiliado o su beneficiario menor de edad.")
    ] = None,
) -> e.Radicacion:
    """Nueva solicitud: for himself or a minor beneficiary, or for the employer."""
    await limitar(aplicacion, "radicar", llamante.usuario_id, ENVIOS)
    ahora = aplicacion.reloj()
    if llamante.rol is Rol.AFILIADO:
        assert llamante.afiliado_id is not None
        para = afiliado_id or llamante.afiliado_id
        exigir_actuar_por(llamante, para, ahora)
        comando = c.RadicarSolicitud(
            tipo=tipo,
            descripcion=descripcion,
            radicante=TipoRadicante.AFILIADO,
            afiliado_id=para,
            radicada_por=llamante.usuario_id,
            adjuntos=await leer_adjuntos(archivos),
        )
    else:
        assert llamante.empleador_id is not None
        exigir_actuar_por_empleador(
            llamante, llamante.empleador_id, PERMISO_SOLICITUDES_ADMINISTRATIVAS
        )
        if afiliado_id is not None:
            raise DatosInvalidos(
                "Un empleador radica a nombre propio, no de un afiliado.", campo="afiliado_id"
            )
        comando = c.RadicarSolicitud(
            tipo=tipo,
            descripcion=descripcion,
            radicante=TipoRadicante.EMPLEADOR,
            empleador_id=llamante.empleador_id,
            radicada_por=llamante.usuario_id,
            adjuntos=await leer_adjuntos(archivos),
        )
    resultado = await aplicacion.ejecutar(comando)
    assert isinstance(resultado, c.SolicitudRadicada)
    response.headers["Location"] = f"/mi/solicitudes/{resultado.radicado}"
    return _radicada(resultado)


@router.get("/mi/solicitudes", response_model=e.Lista)
async def mis_solicitudes(llamante: Solicitante, aplicacion: AplicacionDep) -> e.Lista:
    filas = await consultas.mias(aplicacion.dependencias(), llamante)
    return e.Lista(solicitudes=[vista_fila(f, aplicacion) for f in filas])


@router.get(
    "/mi/solicitudes/{radicado}", response_model=e.SolicitudVista, responses=problemas(404, 429)
)
async def consultar(
    radicado: RadicadoParam, llamante: Solicitante, aplicacion: AplicacionDep
) -> e.SolicitudVista:
    """Search by radicado: only the caller's own (and his minors'); else 404."""
    await limitar(aplicacion, "consultar", llamante.usuario_id, CONSULTAS)
    solicitud = await consultas.consultar(aplicacion.dependencias(), radicado, llamante)
    return vista_solicitud(solicitud)


@router.get(
    "/mi/solicitudes/{radicado}/adjuntos/{adjunto_id}", responses=ARCHIVO | problemas(404, 429)
)
async def adjunto(
    radicado: RadicadoParam, adjunto_id: UUID, llamante: Solicitante, aplicacion: AplicacionDep
) -> Response:
    """An attachment of one of the caller's own solicitudes (else 404)."""
    await limitar(aplicacion, "consultar", llamante.usuario_id, CONSULTAS)
    solicitud = await consultas.consultar(aplicacion.dependencias(), radicado, llamante)
    return await respuesta_adjunto(aplicacion, solicitud, adjunto_id)


async def _suya(aplicacion: AplicacionDep, radicado: str, llamante: Llamante) -> UUID:
    deps = aplicacion.dependencias()
    solicitud = await consultas.consultar(deps, radicado, llamante)
    if not es_suya(llamante, solicitud, deps.ahora):
        raise SolicitudNoEncontrada()
    return solicitud.id


@router.post(
    "/mi/solicitudes/{radicado}/calificacion",
    response_model=e.SolicitudVista,
    responses=problemas(404, 409, 429),
)
async def calificar(
    radicado: RadicadoParam,
    cuerpo: e.Calificacion,
    llamante: Solicitante,
    aplicacion: AplicacionDep,
) -> e.SolicitudVista:
    """Rate the response 1–5 stars, once, when FINALIZADA (else 409)."""
    await limitar(aplicacion, "consultar", llamante.usuario_id, CONSULTAS)
    solicitud_id = await _suya(aplicacion, radicado, llamante)
    await aplicacion.ejecutar(c.CalificarRespuesta(solicitud_id, cuerpo.estrellas))
    return vista_solicitud(await consultas.consultar(aplicacion.dependencias(), radicado, llamante))


@router.post(
    "/mi/solicitudes/{radicado}/desistimiento",
    response_model=e.SolicitudVista,
    responses=problemas(404, 409, 429),
)
async def desistir(
    radicado: RadicadoParam, llamante: Solicitante, aplicacion: AplicacionDep
) -> e.SolicitudVista:
    await limitar(aplicacion, "consultar", llamante.usuario_id, CONSULTAS)
    solicitud_id = await _suya(aplicacion, radicado, llamante)
    await aplicacion.ejecutar(c.DesistirSolicitud(solicitud_id))
    return vista_solicitud(await consultas.consultar(aplicacion.dependencias(), radicado, llamante))


@router.post(
    "/mi/encuesta", status_code=201, response_model=e.Mensaje, responses=problemas(409, 429)
)
async def responder_encuesta(
    cuerpo: e.Encuesta, llamante: Solicitante, aplicacion: AplicacionDep
) -> e.Mensaje:
    """Manual §4.6: once a month per user (409 otherwise)."""
    await limitar(aplicacion, "radicar", llamante.usuario_id, ENVIOS)
    await aplicacion.ejecutar(
        c.ResponderEncuesta(
            usuario_id=llamante.usuario_id,
            afiliado_id=llamante.afiliado_id,
            facilidad=cuerpo.facilidad,
            tiempo=cuerpo.tiempo,
            claridad=cuerpo.claridad,
            satisfaccion=cuerpo.satisfaccion,
            comentario=cuerpo.comentario,
        )
    )
    return e.Mensaje(mensaje="Gracias por responder la encuesta de satisfacción.")


# -- anonymous citizen ---------------------------------------------------------------------


@router.post(
    "/publico/solicitudes",
    status_code=201,
    response_model=e.Radicacion,
    responses=problemas(429, 503),
)
async def radicar_anonima(
    request: Request,
    aplicacion: AplicacionDep,
    tipo: Annotated[TipoSolicitud, Form()],
    descripcion: Descripcion,
    x_captcha: Annotated[
        str | None, Header(description="Token de «No soy un robot» (CAPTCHA).", max_length=4096)
    ] = None,
    email: Annotated[Email | None, Form(description="Correo para la respuesta (opcional).")] = None,
    archivos: Archivos = None,
) -> e.Radicacion:
    """Anonymous filing (legal): the radicado and a secret consultation code, shown once."""
    ip = ip_de(request)
    await limitar(aplicacion, "anonima", ip, RADICACIONES_ANONIMAS)
    if not await aplicacion.captcha.verificar(x_captcha, ip):
        raise CaptchaInvalido()
    resultado = await aplicacion.ejecutar(
        c.RadicarSolicitud(
            tipo=tipo,
            descripcion=descripcion,
            radicante=TipoRadicante.ANONIMO,
            email_respuesta=email,
            adjuntos=await leer_adjuntos(archivos),
        )
    )
    assert isinstance(resultado, c.SolicitudRadicada)
    return _radicada(resultado)


@router.post(
    "/publico/solicitudes/consulta", response_model=e.SolicitudVista, responses=problemas(404, 429)
)
async def consultar_anonima(
    cuerpo: e.ConsultaAnonima, request: Request, aplicacion: AplicacionDep
) -> e.SolicitudVista:
    """An anonymous solicitud, with its radicado and code (both in the body, never in a URL)."""
    await limitar(aplicacion, "consultar-anonima", ip_de(request), CONSULTAS)
    solicitud = await consultas.consultar_anonima(
        aplicacion.dependencias(), cuerpo.radicado, cuerpo.codigo
    )
    return vista_solicitud(solicitud)


@router.post(
    "/publico/solicitudes/calificacion",
    response_model=e.SolicitudVista,
    responses=problemas(404, 409, 429),
)
async def calificar_anonima(
    cuerpo: e.CalificacionAnonima, request: Request, aplicacion: AplicacionDep
) -> e.SolicitudVista:
    await limitar(aplicacion, "consultar-anonima", ip_de(request), CONSULTAS)
    solicitud = await consultas.consultar_anonima(
        aplicacion.dependencias(), cuerpo.radicado, cuerpo.codigo
    )
    await aplicacion.ejecutar(c.CalificarRespuesta(solicitud.id, cuerpo.estrellas))
    return vista_solicitud(
        await consultas.consultar_anonima(aplicacion.dependencias(), cuerpo.radicado, cuerpo.codigo)
    )
