"""What the routes share: the wired application, views, rate limits, uploads."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, Path, Request, Response, UploadFile

from eps_runtime.antiautomatizacion import Cubeta, clave_privada
from eps_runtime.archivos import TAMANO_MAXIMO_BYTES, validar_archivo
from eps_runtime.errores import DatosInvalidos, DemasiadasSolicitudes
from eps_runtime.http import Problem
from eps_runtime.limite_cuerpo import ruta_con_limite
from pqrs.application.comandos import ArchivoAdjunto
from pqrs.application.consultas import tiempo_restante
from pqrs.application.puertos import FilaBandeja
from pqrs.bootstrap import Aplicacion
from pqrs.domain.errores import SolicitudNoEncontrada
from pqrs.domain.solicitud import MAXIMO_ADJUNTOS, Estado, Solicitud
from pqrs.entrypoints import esquemas as e

EN_GESTION = "Esta solicitud se encuentra en gestión"

Respuestas = dict[int | str, dict[str, Any]]


def problemas(*estados: int) -> Respuestas:
    """OpenAPI: these statuses answer with problem+json."""
    return {estado: {"content": {"application/problem+json": {}}} for estado in estados}


ARCHIVO: Respuestas = {
    200: {
        "content": {"application/pdf": {}, "image/jpeg": {}, "image/png": {}},
        "description": "El archivo adjunto.",
    }
}

CONSULTAS = Cubeta(capacidad=10, segundos=6)
"""Lookups by radicado per caller (user or client): guessing is throttled (429)."""
RADICACIONES_ANONIMAS = Cubeta(capacidad=5, segundos=120)
"""Anonymous filings per client."""
ENVIOS = Cubeta(capacidad=20, segundos=30)
"""Filings and ratings per signed-in user."""

RadicadoParam = Annotated[
    str, Path(min_length=6, max_length=15, description="Número de radicado AAAA-N.")
]

LIMITE_CUERPO = MAXIMO_ADJUNTOS * TAMANO_MAXIMO_BYTES + 128 * 1024


def aplicacion_de(request: Request) -> Aplicacion:
    aplicacion: Aplicacion = request.app.state.aplicacion
    return aplicacion


AplicacionDep = Annotated[Aplicacion, Depends(aplicacion_de)]


def ip_de(request: Request) -> str:
    """The client's address for rate limits. ``X-Forwarded-For`` is believed only when the
    connection comes from one of ``proxies_confiables``, and then only its last hop that is
    not one of them (what a client writes at the left of the header is never trusted)."""
    directa = request.client.host if request.client else "desconocida"
    confiables = set(getattr(request.app.state.settings, "proxies_confiables", ()))
    if directa not in confiables:
        return directa
    saltos = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",")]
    for salto in reversed([h for h in saltos if h]):
        if salto not in confiables:
            return salto[:64]
    return directa


async def limitar(aplicacion: Aplicacion, paso: str, quien: str, cubeta: Cubeta) -> None:
    clave = f"{paso}:{clave_privada(aplicacion.secreto, quien)}"
    espera = await aplicacion.limitador.tomar(clave, cubeta, aplicacion.reloj())
    if espera is not None:
        raise DemasiadasSolicitudes(
            f"Demasiadas solicitudes seguidas. Intente de nuevo en {espera} segundos.",
            reintentar_en_s=espera,
        )


async def leer_adjuntos(archivos: list[UploadFile] | None) -> tuple[ArchivoAdjunto, ...]:
    """Each upload validated by content (PDF, JPG or PNG of at most 2 MB)."""
    archivos = [a for a in (archivos or []) if a.filename or a.size]
    if len(archivos) > MAXIMO_ADJUNTOS:
        raise DatosInvalidos(f"Puede adjuntar hasta {MAXIMO_ADJUNTOS} archivos.", campo="archivos")
    leidos = []
    for archivo in archivos:
        contenido = await archivo.read(TAMANO_MAXIMO_BYTES + 1)
        validado = validar_archivo(archivo.filename, contenido)
        nombre = _nombre_seguro(archivo.filename, validado.formato.extension)
        leidos.append(ArchivoAdjunto(nombre, validado.formato.tipo_mime, validado.contenido))
    return tuple(leidos)


def _nombre_seguro(nombre: str | None, extension: str) -> str:
    base = (nombre or "adjunto").replace("\\", "/").rsplit("/", 1)[-1]
    limpio = "".join(ch for ch in base if ch.isalnum() or ch in "._- ")[:80].strip(" .")
    raiz = limpio.rsplit(".", 1)[0] if "." in limpio else limpio
    return f"{raiz or 'adjunto'}.{extension}"


def vista(solicitud: Solicitud) -> dict[str, Any]:
    finalizada = solicitud.estado is Estado.FINALIZADA
    return {
        "solicitud_id": solicitud.id,
        "radicado": solicitud.radicado,
        "tipo": solicitud.tipo,
        "estado": solicitud.estado.value,
        "canal": solicitud.canal,
        "descripcion": solicitud.descripcion,
        "respuesta": solicitud.respuesta if solicitud.respuesta else _sin_respuesta(solicitud),
        "respondida": solicitud.respuesta is not None,
        "radicada_en": solicitud.radicada_en,
        "vence_en": solicitud.vence_en,
        "riesgo": solicitud.riesgo,
        "calificacion": solicitud.calificacion,
        "puede_calificar": finalizada and solicitud.calificacion is None,
        "adjuntos": [a.model_dump() for a in solicitud.adjuntos],
        "version": solicitud.version,
    }


def _sin_respuesta(solicitud: Solicitud) -> str:
    if solicitud.estado is Estado.TRASLADADA:
        return f"Su solicitud fue trasladada a {solicitud.entidad_traslado}, entidad competente."
    if solicitud.estado is Estado.DESISTIDA:
        return "Usted desistió de esta solicitud."
    return EN_GESTION


def vista_solicitud(solicitud: Solicitud) -> e.SolicitudVista:
    return e.SolicitudVista(**vista(solicitud))


def vista_backoffice(solicitud: Solicitud) -> e.SolicitudBackoffice:
    return e.SolicitudBackoffice(
        **vista(solicitud),
        radicante=solicitud.radicante,
        afiliado_id=solicitud.afiliado_id,
        empleador_id=solicitud.empleador_id,
        area=solicitud.area,
        operador_id=solicitud.operador_id,
        entidad_traslado=solicitud.entidad_traslado,
        prorrogada=solicitud.prorrogada,
    )


def vista_fila(fila: FilaBandeja, aplicacion: Aplicacion) -> e.FilaVista:
    restante = tiempo_restante(fila, aplicacion.reloj())
    return e.FilaVista(
        solicitud_id=fila.solicitud_id,
        radicado=fila.radicado,
        tipo=fila.tipo,
        estado=fila.estado,
        canal=fila.canal,
        riesgo=fila.riesgo,
        area=fila.area,
        operador_id=fila.operador_id,
        radicada_en=fila.radicada_en,
        vence_en=fila.vence_en,
        unidad_restante=restante.unidad if restante else None,
        restante=restante.restante if restante else None,
        vencida=restante.vencida if restante else False,
        calificacion=fila.calificacion,
        version=fila.version,
    )


async def respuesta_adjunto(
    aplicacion: Aplicacion, solicitud: Solicitud, adjunto_id: UUID
) -> Response:
    """The stored file as a download (never rendered inline), or the solicitud's 404."""
    meta = next((a for a in solicitud.adjuntos if a.adjunto_id == adjunto_id), None)
    contenido = await aplicacion.almacen.leer(adjunto_id) if meta else None
    if meta is None or contenido is None:
        raise SolicitudNoEncontrada()
    return Response(
        contenido,
        media_type=meta.tipo_mime,
        headers={
            "Content-Disposition": f'attachment; filename="{meta.nombre}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )


def _demasiado_grande() -> Problem:
    return Problem(
        "La solicitud supera el tamaño permitido: la descripción admite hasta 4000 caracteres "
        f"y cada uno de hasta {MAXIMO_ADJUNTOS} adjuntos, 2 MB.",
        code="solicitud-demasiado-grande",
        status=422,
        title="Datos no válidos",
    )


# The multipart parser spools the whole body before the endpoint runs: the route stops
# receiving past the limit (declared or received), and a form field over the parser's 1 MB
# is the same Spanish 422.
RutaConLimiteDeCarga = ruta_con_limite(LIMITE_CUERPO, _demasiado_grande)
