"""HTTP API of the incapacities service (``python -m incapacities.entrypoints.api``).

Every error is problem+json in Spanish; bad input is a 422; someone who may not see an
incapacity gets the same 404 as for one that does not exist.
"""

from fastapi import FastAPI

from eps_runtime.auth import VerificadorTokens
from eps_runtime.db import create_engine
from eps_runtime.http import service_app, servir
from eps_runtime.http_auth import instalar_autenticacion
from incapacities.bootstrap import bootstrap
from incapacities.entrypoints import rutas
from incapacities.entrypoints.errores import ESTADOS_HTTP
from incapacities.settings import IncapacitiesSettings


def create_app(
    settings: IncapacitiesSettings | None = None, verificador: VerificadorTokens | None = None
) -> FastAPI:
    settings = settings or IncapacitiesSettings()
    engine = create_engine(settings.database_url)
    app = service_app(
        title="Incapacidades — Oficina Virtual EPS",
        description="Radicación, validación, liquidación y pago de incapacidades y licencias.",
        settings=settings,
        engine=engine,
        estados_http=ESTADOS_HTTP,
    )
    app.state.aplicacion = bootstrap(engine, settings.archivos_dir, settings.clave_cuentas)
    instalar_autenticacion(app, verificador)
    app.include_router(rutas.router)
    app.include_router(rutas.backoffice)
    return app


app = create_app()


def main() -> None:
    servir(app, IncapacitiesSettings())


if __name__ == "__main__":
    main()
