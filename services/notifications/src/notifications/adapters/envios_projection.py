"""Records, in the consumer's transaction, the e-mails each event causes (``envios``).

Guarantees (on top of the consumer's exactly-once effects):
- one row per (event id, template), enforced by a unique key: an event delivered again,
  even under another consumer record (a rebuild), adds nothing and sends nothing;
- nothing is sent here: the row is a pending e-mail the sender worker
  (``notifications.adapters.enviador``) delivers; the effect of this transaction is only the
  decision to send, so it commits or vanishes with the event's processed record.

Event types without templates are not handled: the consumer only moves past them. A link
that cannot be decrypted (another key) makes ``apply`` fail, so the event ends in the
dead-letter topic after the consumer's retries.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from eps_contracts.catalog import SUBSCRIPTIONS, Subscription
from eps_runtime.consumer import ConsumedEvent
from notifications.application.redaccion import plantillas_de, redactar
from notifications.domain.correos import Correo

SUSCRIPCIONES: tuple[Subscription, ...] = SUBSCRIPTIONS["notifications"]

_REGISTRAR = text(
    """
    INSERT INTO envios (notificacion_id, evento_id, evento_tipo, plantilla, destinatario,
                        asunto, texto, html, message_id, traceparent)
    SELECT * FROM unnest(
        CAST(:ids AS uuid[]), CAST(:eventos AS uuid[]), CAST(:tipos AS text[]),
        CAST(:plantillas AS text[]), CAST(:destinatarios AS text[]), CAST(:asuntos AS text[]),
        CAST(:textos AS text[]), CAST(:htmls AS text[]), CAST(:message_ids AS text[]),
        CAST(:traceparents AS text[]))
    ON CONFLICT (evento_id, plantilla) DO NOTHING
    """
)


class EnviosProjection:
    """One per subscription (its consumer group is the projection's name)."""

    def __init__(
        self, suscripcion: Subscription, *, clave_enlaces: str, topic_prefix: str = ""
    ) -> None:
        self.name = suscripcion.group_id
        self.topics: tuple[str, ...] = (topic_prefix + suscripcion.topic,)
        self.clave_enlaces = clave_enlaces

    def handles(self, ce_type: str) -> bool:
        return bool(plantillas_de(ce_type))

    async def apply(self, conn: AsyncConnection, events: Sequence[ConsumedEvent]) -> None:
        filas: list[tuple[Correo, str | None]] = [
            (correo, consumido.envelope.traceparent)
            for consumido in events
            for correo in redactar(consumido.event, consumido.envelope.id, self.clave_enlaces)
        ]
        if not filas:
            return
        await conn.execute(
            _REGISTRAR,
            {
                "ids": [c.notificacion_id for c, _ in filas],
                "eventos": [c.evento_id for c, _ in filas],
                "tipos": [c.evento_tipo for c, _ in filas],
                "plantillas": [c.plantilla for c, _ in filas],
                "destinatarios": [c.destinatario for c, _ in filas],
                "asuntos": [c.asunto for c, _ in filas],
                "textos": [c.texto for c, _ in filas],
                "htmls": [c.html for c, _ in filas],
                "message_ids": [c.message_id for c, _ in filas],
                "traceparents": [t for _, t in filas],
            },
        )

    async def reset(self, conn: AsyncConnection) -> None:
        """Nothing to empty: ``envios`` is a record of sent mail, not a rebuildable view.

        Replaying the topics after a reset of the consumer records re-creates no e-mail,
        because the unique (event, template) key already holds every one.
        """
        return None


def proyecciones(clave_enlaces: str, topic_prefix: str = "") -> list[EnviosProjection]:
    """One projection per topic notifications subscribes to (``SUBSCRIPTIONS``)."""
    return [
        EnviosProjection(s, clave_enlaces=clave_enlaces, topic_prefix=topic_prefix)
        for s in SUSCRIPCIONES
    ]
