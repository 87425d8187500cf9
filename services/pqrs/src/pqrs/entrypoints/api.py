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

from eps_runtime.auth import VerificadorTokens
from eps_runtime.captcha_proveedor import verificador_captcha
from eps_runtime.db import create_engine
from eps_runtime.http import service_app, servir
from eps_runtime.http_auth import instalar_autenticacion
from pqrs.bootstrap import ahora_utc, bootstrap
from pqrs.entrypoints import rutas_backoffice, rutas_solicitante
from pqrs.entrypoints.errores import ESTADOS_HTTP
from pqrs.settings import PqrsSettings


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
        captcha=verificador_captcha(settings, settings.entorno),
        reloj=reloj,
    )
    instalar_autenticacion(app, verificador)
    app.include_router(rutas_solicitante.router)
    app.include_router(rutas_backoffice.router)
    return app


app = create_app()


def main() -> None:
    servir(app, PqrsSettings())


if __name__ == "__main__":
    main()
