"""HTTP API of the identity service.

Run with ``uvicorn identity.entrypoints.api:app`` or ``python -m identity.entrypoints.api``.

Registration step 1 ("Válida", manual 2.1.1) answers from identity's own read model of the
affiliates, never from affiliation's database. Every error is problem+json in Spanish:
404 ``documento-no-registrado`` (no affiliate holds the document), 409
``afiliacion-retirada`` (its affiliation is RETIRADO; a SUSPENDIDO one may register),
422 ``datos-invalidos``.
"""

from typing import Any

import uvicorn
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse

from eps_runtime.db import create_engine
from eps_runtime.http import problem_response, service_app
from eps_runtime.logging import get_logger
from identity.application.validacion import validar_documento
from identity.bootstrap import Aplicacion, bootstrap
from identity.domain.registro import AfiliacionRetirada, Documento, DocumentoNoRegistrado
from identity.entrypoints.esquemas import AfiliadoValidado, SolicitudValidacion
from identity.settings import IdentitySettings

log = get_logger(__name__)

_PROBLEMA: dict[str, Any] = {"content": {"application/problem+json": {}}}

router = APIRouter(tags=["registro"])


@router.post(
    "/registro/validacion",
    summary="Validar el documento de quien se registra (paso 1, «Válida»)",
    responses={404: _PROBLEMA, 409: _PROBLEMA, 422: _PROBLEMA},
)
async def validar(solicitud: SolicitudValidacion, request: Request) -> AfiliadoValidado:
    aplicacion: Aplicacion = request.app.state.aplicacion
    documento = Documento(solicitud.tipo_documento, solicitud.numero_documento)
    afiliado = await validar_documento(documento, aplicacion.afiliados)
    # The document number is personal data: it is never logged.
    log.info("documento_validado", tipo_documento=documento.tipo.value)
    return AfiliadoValidado.de(afiliado)


def _instalar_errores(app: FastAPI) -> None:
    @app.exception_handler(DocumentoNoRegistrado)
    async def _no_registrado(request: Request, error: DocumentoNoRegistrado) -> JSONResponse:
        log.info("documento_no_registrado")
        return problem_response(
            404,
            "documento-no-registrado",
            "Documento no registrado",
            str(error),
            request.url.path,
        )

    @app.exception_handler(AfiliacionRetirada)
    async def _retirada(request: Request, error: AfiliacionRetirada) -> JSONResponse:
        log.info("afiliacion_retirada")
        return problem_response(
            409,
            "afiliacion-retirada",
            "Afiliación retirada",
            str(error),
            request.url.path,
        )


def create_app(settings: IdentitySettings | None = None) -> FastAPI:
    """The API over ``settings``' database (the engine connects lazily)."""
    settings = settings or IdentitySettings()
    engine = create_engine(settings.database_url)
    app = service_app(
        title="Identidad — Oficina Virtual EPS",
        description="Registro de usuarios de la Oficina Virtual.",
        settings=settings,
        engine=engine,
    )
    app.state.aplicacion = bootstrap(engine)
    _instalar_errores(app)
    app.include_router(router)
    return app


app = create_app()


def main() -> None:
    settings = IdentitySettings()
    uvicorn.run(app, host=settings.http_host, port=settings.http_port, access_log=False)


if __name__ == "__main__":
    main()
