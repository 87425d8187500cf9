"""Wires notifications: the registry of e-mails, its templates, the contacts directory, the
consumers' projections and the sender. The consumer, rebuild and sender entrypoints get
what they run from here and nowhere else.

``bootstrap()`` checks at start that every entry of the registry has its templates and that
its event's topic is subscribed (``eps_contracts.suscripciones.notifications.CORREOS``): a
domain that forgot either fails on start, not silently at its first event. It opens no
connection: unit tests use ``bootstrap().despacho`` as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jinja2 import BaseLoader
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.catalog import topic_for
from eps_contracts.suscripciones.notifications import CORREOS, DIRECTORIO
from eps_contracts.topicos import Subscription
from eps_runtime.consumer import Projection
from eps_runtime.db import create_engine
from eps_runtime.enlaces import EnlacesSettings
from notifications.adapters.directorio_projection import DirectorioProjection
from notifications.adapters.enviador import Enviador
from notifications.adapters.envios_projection import EnviosProjection
from notifications.adapters.smtp import ServidorSmtp
from notifications.application.avisos import RegistroAvisos
from notifications.application.envios import Despacho
from notifications.application.redaccion import Redactor
from notifications.settings import NotificationsSettings


class SuscripcionFaltante(RuntimeError):
    """An entry's event travels on a topic notifications does not read."""


@dataclass(frozen=True)
class Notificaciones:
    settings: NotificationsSettings
    despacho: Despacho
    correos: tuple[Subscription, ...]

    def proyecciones(self) -> list[Projection]:
        """The directory's (affiliation's topics) and the e-mails' (one per ``correos``)."""
        return [*self.proyecciones_directorio(), *self.proyecciones_correos()]

    def proyecciones_directorio(self) -> list[DirectorioProjection]:
        prefijo = self.settings.topic_prefix
        return [DirectorioProjection(s, self.despacho, prefijo) for s in DIRECTORIO]

    def proyecciones_correos(self) -> list[EnviosProjection]:
        prefijo = self.settings.topic_prefix
        return [EnviosProjection(s, self.despacho, prefijo) for s in self.correos]

    def enviador(self, engine: AsyncEngine | None = None) -> Enviador:
        """The sender worker on ``engine`` (a new one on the settings' database if none)."""
        s = self.settings
        return Enviador(
            engine=engine or create_engine(s.database_url, pool_size=4),
            smtp=ServidorSmtp(
                host=s.smtp_host,
                port=s.smtp_port,
                tls=s.smtp_tls,
                usuario=s.smtp_usuario,
                clave=s.smtp_clave.get_secret_value() if s.smtp_clave else None,
                timeout_segundos=s.smtp_timeout_segundos,
            ),
            remitente=s.remitente,
            lote=s.enviador_lote,
            espera_segundos=s.enviador_espera_segundos,
            backoff_base_segundos=s.enviador_backoff_base_segundos,
            backoff_max_segundos=s.enviador_backoff_max_segundos,
        )


def bootstrap(
    settings: NotificationsSettings | None = None,
    *,
    registro: RegistroAvisos | None = None,
    plantillas: BaseLoader | None = None,
    clave_enlaces: str | None = None,
    correos: Sequence[Subscription] = CORREOS,
) -> Notificaciones:
    """``registro``, ``plantillas`` and ``correos`` default to the service's own (tests
    register an entry, its templates and its topic of their own)."""
    registro = registro if registro is not None else RegistroAvisos.descubrir()
    redactor = Redactor(clave_enlaces or EnlacesSettings().clave, plantillas)
    redactor.verificar(registro)
    leidos = {s.topic for s in correos}
    for aviso in registro:
        topico = topic_for(aviso.evento).name
        if topico not in leidos:
            raise SuscripcionFaltante(
                f"{aviso.dominio}/{aviso.plantilla}: falta la suscripción a {topico} en "
                "eps_contracts/suscripciones/notifications.py (CORREOS)"
            )
    return Notificaciones(
        settings=settings or NotificationsSettings(),
        despacho=Despacho(registro, redactor),
        correos=tuple(correos),
    )
