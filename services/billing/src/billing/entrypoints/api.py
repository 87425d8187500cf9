"""HTTP API of the billing service: the affiliate's copays and payments, the gateway's
notifications.

Run with ``python -m billing.entrypoints.api``.

Guarantees: one command per request, one transaction per command; a payment is created at
most once per idempotency key and never while another is pending or after the order is
paid; every error is problem+json in Spanish, bad input is a 422, a conflict a 409.
"""

from fastapi import FastAPI

from billing.application.puertos import Pasarela
from billing.bootstrap import bootstrap, pasarela_de
from billing.entrypoints import rutas_afiliado, rutas_backoffice, rutas_cartera, rutas_pasarela
from billing.entrypoints.errores import ESTADOS_HTTP
from billing.settings import SECRETO_DESARROLLO, BillingSettings
from eps_runtime.auth import VerificadorTokens
from eps_runtime.db import create_engine
from eps_runtime.http import service_app, servir
from eps_runtime.http_auth import instalar_autenticacion
from eps_runtime.logging import configure_logging, get_logger

log = get_logger(__name__)


def create_app(
    settings: BillingSettings | None = None,
    verificador: VerificadorTokens | None = None,
    pasarela: Pasarela | None = None,
) -> FastAPI:
    """The API over ``settings``' database (the engine connects lazily) and gateway."""
    settings = settings or BillingSettings()
    engine = create_engine(settings.database_url)
    app = service_app(
        title="Pagos — Oficina Virtual EPS",
        description="Cuotas moderadoras y copagos de las OPS y su pago por PSE o tarjeta.",
        settings=settings,
        engine=engine,
        estados_http=ESTADOS_HTTP,
    )
    app.state.aplicacion = bootstrap(engine, pasarela or pasarela_de(settings))
    instalar_autenticacion(app, verificador)
    app.include_router(rutas_afiliado.router)
    app.include_router(rutas_pasarela.router)
    app.include_router(rutas_backoffice.router)
    app.include_router(rutas_cartera.router)
    return app


app = create_app()


def main() -> None:
    settings = BillingSettings()
    if settings.pasarela_secreto.get_secret_value() == SECRETO_DESARROLLO:
        configure_logging(settings.service_name, settings.log_level)
        log.warning("pasarela_con_secreto_de_desarrollo")
    servir(app, settings)


if __name__ == "__main__":
    main()
