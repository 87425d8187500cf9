"""HTTP API of the affiliation service: back office, the affiliate's trámites, catalogs.

Run with ``uvicorn affiliation.entrypoints.api:app`` or ``python -m affiliation.entrypoints.api``.

Guarantees: one command per request, one transaction per command; changing an affiliate
requires the version the client read (``If-Match``), so a concurrent change gets a 409
instead of being overwritten; every error is problem+json in Spanish, bad input is a 422.
"""

from fastapi import FastAPI

from affiliation.bootstrap import bootstrap
from affiliation.entrypoints import rutas_afiliado, rutas_backoffice, rutas_catalogos
from affiliation.entrypoints.errores import ESTADOS_HTTP
from affiliation.settings import AffiliationSettings
from eps_runtime.auth import VerificadorTokens
from eps_runtime.db import create_engine
from eps_runtime.http import service_app, servir
from eps_runtime.http_auth import instalar_autenticacion


def create_app(
    settings: AffiliationSettings | None = None, verificador: VerificadorTokens | None = None
) -> FastAPI:
    """The API over ``settings``' database (the engine connects lazily).

    Callers are verified with ``verificador``, or else with the keys ``AUTH_JWKS_URL`` /
    ``AUTH_JWKS_FILE`` name (the local stack writes a development key set; identity
    publishes the real one).
    """
    settings = settings or AffiliationSettings()
    engine = create_engine(settings.database_url)
    app = service_app(
        title="Afiliación — Oficina Virtual EPS",
        description="Afiliados, grupo familiar y datos de contacto.",
        settings=settings,
        engine=engine,
        estados_http=ESTADOS_HTTP,
    )
    app.state.aplicacion = bootstrap(engine, soportes_dir=settings.soportes_dir)
    instalar_autenticacion(app, verificador)
    app.include_router(rutas_backoffice.router)
    app.include_router(rutas_afiliado.router)
    app.include_router(rutas_catalogos.router)
    return app


app = create_app()


def main() -> None:
    servir(app, AffiliationSettings())


if __name__ == "__main__":
    main()
