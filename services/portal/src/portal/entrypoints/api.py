"""HTTP API of the portal service, the one origin front ends use.

Run with ``uvicorn portal.entrypoints.api:app`` or ``python -m portal.entrypoints.api``.

- ``/mi/tablero…``: the dashboard read model as JSON, and its Server-Sent Events
  (``rutas_tablero``), for any front end holding identity's bearer tokens;
- ``/api/<service>/…``: every service's API through this origin (``pasarela``);
- everything else: the reference web portal (``web``), whose sessions stay server-side.
"""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from eps_runtime.auth import AuthSettings, VerificadorTokens
from eps_runtime.db import create_engine
from eps_runtime.http import service_app, servir
from eps_runtime.http_auth import instalar_autenticacion
from portal.bootstrap import Componentes, bootstrap
from portal.entrypoints import pasarela, rutas_tablero, web
from portal.settings import PortalSettings


def create_app(
    settings: PortalSettings | None = None, verificador: VerificadorTokens | None = None
) -> FastAPI:
    """The portal over ``settings``' database. Callers' tokens are verified with
    ``verificador``, or else with the keys ``AUTH_JWKS_URL`` / ``AUTH_JWKS_FILE`` name."""
    settings = settings or PortalSettings()
    engine = create_engine(settings.database_url, pool_size=settings.pool_conexiones)
    componentes: Componentes = bootstrap(engine, settings)

    @asynccontextmanager
    async def en_marcha(_: FastAPI) -> AsyncIterator[None]:
        # Dashboard change notices (LISTEN) and the HTTP clients of the gateway and the web.
        await componentes.avisos.iniciar()
        try:
            async with pasarela.clientes(app), web.clientes(app):
                # What start-up built (routes, templates, models' schemas) lives as long as
                # the process: out of the collector's sight, a full collection no longer
                # walks it, which stalled every request in flight for tens of milliseconds.
                gc.freeze()
                yield
        finally:
            await componentes.avisos.detener()

    app = service_app(
        title="Portal — Oficina Virtual EPS",
        description="Tablero del afiliado, un solo origen para los front ends y el portal web.",
        settings=settings,
        engine=engine,
        lifespan_extra=en_marcha,
        readiness_extra={"tablero": componentes.consulta.retraso},
    )
    app.state.componentes = componentes
    instalar_autenticacion(app, verificador or VerificadorTokens.desde_settings(AuthSettings()))
    app.include_router(rutas_tablero.router)
    # The same JSON under the one-origin prefix, as the ingress exposes it.
    app.include_router(rutas_tablero.router, prefix="/api/portal")
    pasarela.instalar(app, settings)
    web.instalar(app, settings)
    return app


def main() -> None:
    settings = PortalSettings()
    # Open SSE streams hold shutdown until they end; give them a bounded grace.
    servir(create_app(settings), settings, timeout_graceful_shutdown=5)


if __name__ == "__main__":
    main()
