"""HTTP API of the PQRS service: Contáctenos (affiliates, employers, anonymous citizens),
the satisfaction survey, and the back-office queue.

Run with ``python -m pqrs.entrypoints.api``. One command per request, one transaction per
command; back-office changes need the version read (``If-Match``); every error is
problem+json in Spanish.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI

from eps_runtime.auth import AuthSettings, VerificadorTokens
from eps_runtime.db import create_engine
from eps_runtime.http import service_app, servir
from eps_runtime.http_auth import instalar_autenticacion
from eps_runtime.logging import get_logger
from pqrs.bootstrap import ahora_utc, bootstrap
from pqrs.entrypoints import rutas_backoffice, rutas_solicitante
from pqrs.entrypoints.errores import ESTADOS_HTTP
from pqrs.settings import PqrsSettings

log = get_logger(__name__)


def create_app(
    settings: PqrsSettings | None = None,
    verificador: VerificadorTokens | None = None,
    reloj: Callable[[], datetime] = ahora_utc,
) -> FastAPI:
    settings = settings or PqrsSettings()
    engine = create_engine(settings.database_url)
    app = service_app(
        title="PQRS — Oficina Virtual EPS",
        description="Peticiones, quejas, reclamos, sugerencias y felicitaciones; encuesta de "
        "satisfacción.",
        settings=settings,
        engine=engine,
        estados_http=ESTADOS_HTTP,
    )
    app.state.aplicacion = bootstrap(
        engine,
        secreto=settings.secreto_codigos,
        archivos_dir=settings.archivos_dir,
        captcha_token=settings.captcha_token_desarrollo,
        reloj=reloj,
    )
    verificador = verificador or _verificador_configurado()
    if verificador is not None:
        instalar_autenticacion(app, verificador)
    app.include_router(rutas_solicitante.router)
    app.include_router(rutas_backoffice.router)
    return app


def _verificador_configurado() -> VerificadorTokens | None:
    auth = AuthSettings()
    if auth.jwks_url is None and auth.jwks_file is None:
        log.warning("autenticacion_sin_configurar")
        return None
    return VerificadorTokens.desde_settings(auth)


app = create_app()


def main() -> None:
    servir(app, PqrsSettings())


if __name__ == "__main__":
    main()
