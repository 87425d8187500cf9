"""The gateway's signed notifications (its webhook): ``POST /pasarela/notificaciones``.

Guarantees: the raw body is checked against its HMAC-SHA256 signature before anything is
parsed (a forged or tampered notification is a 401 and a log line, never applied); the
amount and the gateway's reference must be the transaction's (422 otherwise); a replayed or
late notification for a transaction already ended changes nothing and is answered 204, so
the gateway stops retrying.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request, Response

from billing.adapters.firma import CABECERA
from billing.application.comandos import ResolverTransaccion
from billing.application.errores import FirmaInvalida, NotificacionInvalida
from billing.entrypoints.dependencias import AhoraDep, AplicacionDep, problemas
from eps_runtime.errores import DatosInvalidos, NoEncontrado
from eps_runtime.logging import get_logger

log = get_logger(__name__)

router = APIRouter(tags=["pasarela de pagos"])
TAMANO_MAXIMO = 16 * 1024


@router.post(
    "/pasarela/notificaciones",
    summary="Notificación firmada de la pasarela de pagos",
    status_code=204,
    responses=problemas(401, 404, 413, 422),
)
async def notificacion(
    request: Request,
    aplicacion: AplicacionDep,
    ahora: AhoraDep,
    firma: Annotated[str | None, Header(alias=CABECERA, max_length=200)] = None,
) -> Response:
    cuerpo = b""
    async for parte in request.stream():
        cuerpo += parte
        if len(cuerpo) > TAMANO_MAXIMO:
            log.warning("notificacion_pasarela_rechazada", causa="demasiado-grande")
            raise NotificacionInvalida()
    try:
        leida = aplicacion.pasarela.leer_notificacion(cuerpo, firma, ahora)
    except FirmaInvalida:
        log.warning("notificacion_pasarela_rechazada", causa="firma-invalida")
        raise
    try:
        await aplicacion.ejecutar(
            ResolverTransaccion(leida.transaccion_id, leida.veredicto, "notificacion")
        )
    except (DatosInvalidos, NoEncontrado) as error:
        log.warning(
            "notificacion_pasarela_rechazada",
            causa=error.codigo,
            transaccion_id=str(leida.transaccion_id),
        )
        raise
    return Response(status_code=204)
