"""HTTP API of the identity service.

Run with ``uvicorn identity.entrypoints.api:app`` or ``python -m identity.entrypoints.api``.

Registration step 1 ("Válida", manual 2.1.1) answers from identity's own read model of the
affiliates, never from affiliation's database; it needs the CAPTCHA (header ``X-Captcha``,
see ``eps_runtime.antiautomatizacion``; every later step needs its own, see ``captcha``), is
rate limited per client IP and per document, and returns the ``sesion_registro`` step 2
requires (``application.sesion_registro``).
Every error is problem+json in Spanish: 400 ``captcha-invalido``, 404
``documento-no-registrado`` (no affiliate holds the document), 409 ``afiliacion-retirada``
(its affiliation is RETIRADO; a SUSPENDIDO one may register), ``documento-bloqueado``,
``ya-registrado`` or ``menor-de-edad``, 422 ``datos-invalidos``, 429
``demasiadas-solicitudes``, 503 ``captcha-no-disponible`` (the CAPTCHA provider did not
answer: refused, never accepted). The account endpoints are in ``rutas_cuentas``.
"""

from typing import Any

from fastapi import APIRouter, FastAPI, Request

from eps_runtime.auth import VerificadorTokens
from eps_runtime.db import create_engine
from eps_runtime.http import service_app, servir
from eps_runtime.http_auth import instalar_autenticacion
from eps_runtime.logging import get_logger
from identity.adapters.firma import FirmaTokens
from identity.application.comandos import ComprobarDocumento
from identity.application.registro_cuentas import Reloj
from identity.application.sesion_registro import emitir_sesion
from identity.bootstrap import Aplicacion, bootstrap, servicio_empleadores
from identity.domain.cuentas import ahora_utc
from identity.domain.registro import AfiliacionRetirada, Documento, DocumentoNoRegistrado
from identity.entrypoints import rutas_empleadores
from identity.entrypoints.captcha import CaptchaDep
from identity.entrypoints.errores import ESTADOS_HTTP
from identity.entrypoints.esquemas import AfiliadoValidado, SolicitudValidacion
from identity.entrypoints.limites import limitar
from identity.entrypoints.rutas_cuentas import router as router_cuentas
from identity.entrypoints.rutas_cuentas_empleador import router as router_cuentas_empleador
from identity.settings import IdentitySettings

log = get_logger(__name__)

_PROBLEMA: dict[str, Any] = {"content": {"application/problem+json": {}}}

router = APIRouter(tags=["registro"])


@router.post(
    "/registro/validacion",
    dependencies=[CaptchaDep],
    summary="Validar el documento de quien se registra (paso 1, «Válida»)",
    responses={
        400: _PROBLEMA,
        404: _PROBLEMA,
        409: _PROBLEMA,
        422: _PROBLEMA,
        429: _PROBLEMA,
        503: _PROBLEMA,
    },
)
async def validar(solicitud: SolicitudValidacion, request: Request) -> AfiliadoValidado:
    aplicacion: Aplicacion = request.app.state.aplicacion
    ip = request.client.host if request.client else None
    documento = Documento(solicitud.tipo_documento, solicitud.numero_documento)
    await limitar(aplicacion, "validacion", documento, ip)
    try:
        afiliado = await aplicacion.ejecutar(ComprobarDocumento(documento))
    except (DocumentoNoRegistrado, AfiliacionRetirada) as error:
        log.info(error.codigo.replace("-", "_"))
        raise
    # The document number is personal data: it is never logged.
    log.info("documento_validado", tipo_documento=documento.tipo.value)
    return AfiliadoValidado.de(
        afiliado, emitir_sesion(aplicacion.secreto, documento, aplicacion.reloj())
    )


def create_app(
    settings: IdentitySettings | None = None,
    *,
    reloj: Reloj = ahora_utc,
    firma: FirmaTokens | None = None,
) -> FastAPI:
    """The API over ``settings``' database (the engine connects lazily). ``reloj`` and
    ``firma`` are for tests (a clock they move, a key of their own)."""
    settings = settings or IdentitySettings()
    engine = create_engine(settings.database_url)
    app = service_app(
        title="Identidad — Oficina Virtual EPS",
        description="Registro de usuarios de la Oficina Virtual.",
        settings=settings,
        engine=engine,
        estados_http=ESTADOS_HTTP,
    )
    # One employer administration for the employer routes and for the delegates' sessions.
    empleadores = servicio_empleadores(engine, reloj)
    app.state.servicio_empleadores = empleadores
    aplicacion = bootstrap(engine, settings, reloj=reloj, firma=firma, empleadores=empleadores)
    app.state.aplicacion = aplicacion
    # Identity's own authenticated endpoints (change password) trust its own key only.
    instalar_autenticacion(
        app,
        VerificadorTokens.desde_jwks(
            aplicacion.firma.jwks(),
            issuer=aplicacion.firma.issuer,
            audience=aplicacion.firma.audience,
        ),
    )
    app.include_router(router)
    app.include_router(router_cuentas)
    app.include_router(rutas_empleadores.router)
    app.include_router(router_cuentas_empleador)
    return app


app = create_app()


def main() -> None:
    servir(app, IdentitySettings())


if __name__ == "__main__":
    main()
