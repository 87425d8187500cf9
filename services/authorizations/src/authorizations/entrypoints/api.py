"""HTTP API of the authorizations service: the affiliate's presolicitudes, the back office.

Run with ``python -m authorizations.entrypoints.api``. Every error is problem+json in
Spanish; bad input is a 422; a decision on a stale version is a 409.
"""

from fastapi import FastAPI

from authorizations.bootstrap import bootstrap
from authorizations.entrypoints import rutas_afiliado, rutas_backoffice
from authorizations.entrypoints.errores import ESTADOS_HTTP
from authorizations.settings import AuthorizationsSettings
from eps_runtime.auth import VerificadorTokens
from eps_runtime.db import create_engine
from eps_runtime.http import service_app, servir
from eps_runtime.http_auth import instalar_autenticacion


def create_app(
    settings: AuthorizationsSettings | None = None, verificador: VerificadorTokens | None = None
) -> FastAPI:
    settings = settings or AuthorizationsSettings()
    engine = create_engine(settings.database_url)
    app = service_app(
        title="Autorizaciones — Oficina Virtual EPS",
        description="Presolicitudes de autorización, OPS y cuotas moderadoras y copagos.",
        settings=settings,
        engine=engine,
        estados_http=ESTADOS_HTTP,
    )
    app.state.aplicacion = bootstrap(engine, settings.archivos_dir)
    instalar_autenticacion(app, verificador)
    app.include_router(rutas_afiliado.router)
    app.include_router(rutas_backoffice.router)
    return app


app = create_app()


def main() -> None:
    servir(app, AuthorizationsSettings())


if __name__ == "__main__":
    main()
