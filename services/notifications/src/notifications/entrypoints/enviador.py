"""``python -m notifications.entrypoints.enviador``: sends the pending e-mails through SMTP.

SMTP server from ``NOTIFICATIONS_SMTP_HOST``/``_PORT`` (default 127.0.0.1:1025, the local
sink), ``_SMTP_TLS`` (ninguno|starttls|implicito), ``_SMTP_USUARIO``/``_SMTP_CLAVE``.
Runs until SIGTERM/SIGINT, finishing the message in hand. Several may run at once.
"""

import asyncio

from eps_runtime.logging import configure_logging, get_logger
from eps_runtime.process import run_worker
from eps_runtime.tracing import configure_tracing
from notifications.bootstrap import bootstrap

log = get_logger(__name__)


async def main(stop: asyncio.Event) -> None:
    notificaciones = bootstrap()
    settings = notificaciones.settings
    configure_logging(settings.service_name, settings.log_level)
    configure_tracing(settings.service_name)
    enviador = notificaciones.enviador()
    log.info("enviador_started", smtp_host=settings.smtp_host, smtp_port=settings.smtp_port)
    try:
        await enviador.run(stop)
    finally:
        await enviador.engine.dispose()
    log.info("enviador_stopped", enviados=enviador.enviados, fallos=enviador.fallos)


if __name__ == "__main__":
    run_worker(main)
