"""``python -m notifications.entrypoints.enviador``: sends the pending e-mails through SMTP.

SMTP server from ``NOTIFICATIONS_SMTP_HOST``/``_PORT`` (default 127.0.0.1:1025, the local
sink), ``_SMTP_TLS`` (ninguno|starttls|implicito), ``_SMTP_USUARIO``/``_SMTP_CLAVE``.
Runs until SIGTERM/SIGINT, finishing the message in hand. Several may run at once.
"""

import asyncio

from eps_runtime.db import create_engine
from eps_runtime.logging import configure_logging, get_logger
from eps_runtime.process import run_worker
from eps_runtime.tracing import configure_tracing
from notifications.adapters.enviador import Enviador
from notifications.adapters.smtp import ServidorSmtp
from notifications.settings import NotificationsSettings

log = get_logger(__name__)


def crear_enviador(settings: NotificationsSettings) -> Enviador:
    clave = settings.smtp_clave.get_secret_value() if settings.smtp_clave else None
    return Enviador(
        engine=create_engine(settings.database_url, pool_size=4),
        smtp=ServidorSmtp(
            host=settings.smtp_host,
            port=settings.smtp_port,
            tls=settings.smtp_tls,
            usuario=settings.smtp_usuario,
            clave=clave,
            timeout_segundos=settings.smtp_timeout_segundos,
        ),
        remitente=settings.remitente,
        lote=settings.enviador_lote,
        espera_segundos=settings.enviador_espera_segundos,
        backoff_base_segundos=settings.enviador_backoff_base_segundos,
        backoff_max_segundos=settings.enviador_backoff_max_segundos,
    )


async def main(stop: asyncio.Event) -> None:
    settings = NotificationsSettings()
    configure_logging(settings.service_name, settings.log_level)
    configure_tracing(settings.service_name)
    enviador = crear_enviador(settings)
    log.info("enviador_started", smtp_host=settings.smtp_host, smtp_port=settings.smtp_port)
    try:
        await enviador.run(stop)
    finally:
        await enviador.engine.dispose()
    log.info("enviador_stopped", enviados=enviador.enviados, fallos=enviador.fallos)


if __name__ == "__main__":
    run_worker(main)
