"""The contacts directory (``directorio_contactos``), built only from affiliation's topics,
and the completion of the e-mails that were waiting for the persons it learns.

Each batch, in the consumer's transaction: lock the batch's persons
(``directorio_sql.bloquear``), load their entries, fold the events onto them
(``domain.directorio.plegar``), write back only the entries that changed (versioned
upsert), then take the e-mails waiting for those persons and record each as composed
(``pendiente``) or not sendable. Five statements at most, whatever the batch's size.

Guarantees (on top of the consumer's exactly-once effects):
- an entry never goes back in time (aggregate versions, checked again by the upsert);
- an e-mail that waited is completed in the transaction that teaches the directory its
  recipient, so it is queued exactly once: a redelivered directory event finds nothing
  waiting, a rebuild finds the e-mails already composed;
- the e-mail takes the contact as the batch leaves it (the latest of the batch's events).

Rebuild: ``reset`` empties only this topic's kind of entries (affiliates or employers);
e-mails recorded meanwhile for persons not yet re-learnt wait and are completed as the
rebuild reaches them.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from eps_contracts.catalog import topic_for
from eps_contracts.events.affiliation import AfiliadoRegistrado, EmpleadorRegistrado
from eps_contracts.topicos import Subscription
from eps_runtime.consumer import ConsumedEvent
from eps_runtime.logging import get_logger
from notifications.adapters import directorio_sql, envios_sql
from notifications.adapters.envios_projection import contar
from notifications.application.envios import Despacho
from notifications.domain.correos import TipoPersona
from notifications.domain.directorio import TIPOS_DIRECTORIO, persona_de, plegar

log = get_logger(__name__)

_TIPO_POR_TOPICO = {
    topic_for(AfiliadoRegistrado).name: TipoPersona.AFILIADO,
    topic_for(EmpleadorRegistrado).name: TipoPersona.EMPLEADOR,
}


class DirectorioProjection:
    """One per subscription of ``DIRECTORIO`` (affiliation's affiliates and employers)."""

    def __init__(
        self, suscripcion: Subscription, despacho: Despacho, topic_prefix: str = ""
    ) -> None:
        self.name = suscripcion.group_id
        self.topics: tuple[str, ...] = (topic_prefix + suscripcion.topic,)
        self.tipo = _TIPO_POR_TOPICO[suscripcion.topic]
        self.despacho = despacho

    def handles(self, ce_type: str) -> bool:
        return ce_type in TIPOS_DIRECTORIO

    async def apply(self, conn: AsyncConnection, events: Sequence[ConsumedEvent]) -> None:
        personas = {persona_de(e.event) for e in events}
        await directorio_sql.bloquear(conn, personas)
        actuales = await directorio_sql.fichas(conn, personas)
        cambiadas = plegar(actuales, ((e.event, e.envelope.aggregate_version) for e in events))
        await directorio_sql.guardar(conn, cambiadas.values())
        conocidas = {**actuales, **cambiadas}
        esperando = await envios_sql.en_espera(conn, conocidas.keys())
        completados = await envios_sql.completar(
            conn,
            [self.despacho.completar(e, conocidas[e.persona].contacto) for e in esperando],
        )
        if cambiadas or completados:
            log.info(
                "directorio_actualizado",
                consumer=self.name,
                contactos=len(cambiadas),
                **contar(completados),
            )

    async def reset(self, conn: AsyncConnection) -> None:
        await directorio_sql.vaciar(conn, [self.tipo])
