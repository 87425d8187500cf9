"""Records, in the consumer's transaction, the e-mails each event causes (``envios``).

Each batch: the recipients given by id are locked and looked up in the directory (one
statement each, for the whole batch), every e-mail is decided (``application.envios``) and
all are written in one statement.

Guarantees (on top of the consumer's exactly-once effects):
- one row per (event id, template), enforced by a unique key: an event delivered again,
  even under another consumer record (a rebuild), adds nothing and sends nothing;
- an e-mail whose recipient the directory does not know yet waits in its row, with its
  event, until the directory's consumer learns the person (``directorio_projection``); it
  is never dead-lettered and never composed twice (see ``directorio_sql.bloquear``);
- nothing is sent here: a ``pendiente`` row is the decision to send, delivered by the
  sender worker (``notifications.adapters.enviador``); it commits or vanishes with the
  event's processed record.

Event types without entries are not handled: the consumer only moves past them. A link
that cannot be decrypted (another key) makes ``apply`` fail, so the event ends in the
dead-letter topic after the consumer's retries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from eps_contracts.topicos import Subscription
from eps_runtime.consumer import ConsumedEvent
from eps_runtime.logging import get_logger
from notifications.adapters import directorio_sql, envios_sql
from notifications.application.envios import Despacho
from notifications.domain.correos import Correo, Decision, EnEspera, NoEnviable

log = get_logger(__name__)

_CLAVES: dict[type[Decision], str] = {
    Correo: "pendientes",
    EnEspera: "en_espera",
    NoEnviable: "no_enviables",
}


class EnviosProjection:
    """One per subscription of ``CORREOS`` (its consumer group is the projection's name)."""

    def __init__(
        self, suscripcion: Subscription, despacho: Despacho, topic_prefix: str = ""
    ) -> None:
        self.name = suscripcion.group_id
        self.topics: tuple[str, ...] = (topic_prefix + suscripcion.topic,)
        self.despacho = despacho

    def handles(self, ce_type: str) -> bool:
        return self.despacho.atiende(ce_type)

    async def apply(self, conn: AsyncConnection, events: Sequence[ConsumedEvent]) -> None:
        personas = self.despacho.personas(e.event for e in events)
        await directorio_sql.bloquear(conn, personas)
        contactos = await directorio_sql.contactos(conn, personas)
        decisiones: list[tuple[Decision, str | None]] = [
            (decision, consumido.envelope.traceparent)
            for consumido in events
            for decision in self.despacho.decidir(consumido.event, consumido.envelope.id, contactos)
        ]
        nuevas = await envios_sql.registrar(conn, decisiones)
        if nuevas:
            log.info("correos_registrados", consumer=self.name, **contar(nuevas))

    async def reset(self, conn: AsyncConnection) -> None:
        """Nothing to empty: ``envios`` is a record of sent mail, not a rebuildable view.

        Replaying the topics after a reset of the consumer records re-creates no e-mail,
        because the unique (event, template) key already holds every one.
        """
        return None


def contar(decisiones: Sequence[Decision]) -> dict[str, int]:
    """How many of each kind, for the logs (never who or what)."""
    return dict(Counter(_CLAVES[type(d)] for d in decisiones))
