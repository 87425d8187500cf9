"""HTTP API of the audit service: the auditor's reads of the archive and the access records,
and the affiliate's «quién consultó mis datos».

Run with ``python -m audit.entrypoints.api``. Read only: the archive is written by its
consumer alone; the only write an API call causes is the access record of that call.
"""

from fastapi import FastAPI

from audit.bootstrap import bootstrap
from audit.entrypoints import rutas_afiliado, rutas_auditor, rutas_informes
from audit.entrypoints.errores import ESTADOS_HTTP
from audit.settings import AuditSettings
from eps_runtime.auth import VerificadorTokens
from eps_runtime.db import create_engine
from eps_runtime.http import service_app, servir
from eps_runtime.http_auth import instalar_autenticacion


def create_app(
    settings: AuditSettings | None = None, verificador: VerificadorTokens | None = None
) -> FastAPI:
    settings = settings or AuditSettings()
    engine = create_engine(settings.database_url)
    app = service_app(
        title="Auditoría — Oficina Virtual EPS",
        description="Archivo inalterable de todos los eventos, búsquedas del auditor y "
        "registro de consultas de datos personales (Ley 1581 de 2012).",
        settings=settings,
        engine=engine,
        estados_http=ESTADOS_HTTP,
    )
    app.state.aplicacion = bootstrap(engine, settings)
    instalar_autenticacion(app, verificador)
    app.include_router(rutas_auditor.router)
    app.include_router(rutas_afiliado.router)
    app.include_router(rutas_informes.router)
    return app


app = create_app()


def main() -> None:
    servir(app, AuditSettings())


if __name__ == "__main__":
    main()
