"""The ``empleadores_conocidos`` read model, built only from affiliation's employer events.

Identity validates that an employer exists (its profiles and delegates, the employer's
account) against this view, never against affiliation's database.

Guarantees (on top of the consumer's exactly-once effects): a row never goes back in time
(each write needs a greater aggregate version than the row's), so a duplicate or a late,
older event changes nothing; a change for an employer not in the view yet is ignored (in
partition order its registration, version 1, always comes first).
"""

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from eps_contracts.catalog import topic_for
from eps_contracts.events import DatosEmpleadorActualizados, EmpleadorRegistrado
from eps_runtime.consumer import ConsumedEvent

TOPICO = topic_for(EmpleadorRegistrado).name
# Not yet in eps_contracts.catalog.SUBSCRIPTIONS["identity"]: the catalog should list
# Subscription(TOPICO, GRUPO).
GRUPO = "identity.empleadores"

_TIPOS = frozenset({EmpleadorRegistrado.ce_type(), DatosEmpleadorActualizados.ce_type()})

_REGISTRAR = text(
    """
    INSERT INTO empleadores_conocidos AS e (
        empleador_id, tipo_documento, numero_documento, digito_verificacion, razon_social,
        version)
    VALUES (:empleador_id, :tipo_documento, :numero_documento, :digito_verificacion,
        :razon_social, :version)
    ON CONFLICT (empleador_id) DO UPDATE SET
        tipo_documento = EXCLUDED.tipo_documento,
        numero_documento = EXCLUDED.numero_documento,
        digito_verificacion = EXCLUDED.digito_verificacion,
        razon_social = EXCLUDED.razon_social,
        version = EXCLUDED.version,
        actualizado_en = now()
    WHERE e.version < EXCLUDED.version
    """
)

_ACTUALIZAR = text(
    """
    UPDATE empleadores_conocidos
    SET razon_social = :razon_social, version = :version, actualizado_en = now()
    WHERE empleador_id = :empleador_id AND version < :version
    """
)


class EmpleadoresConocidosProjection:
    """A ``Projection`` for ``ExactlyOnceConsumer`` and ``rebuild_projection``."""

    def __init__(self, topic_prefix: str = "") -> None:
        self.name = GRUPO
        self.topics: tuple[str, ...] = (topic_prefix + TOPICO,)

    def handles(self, ce_type: str) -> bool:
        return ce_type in _TIPOS

    async def apply(self, conn: AsyncConnection, events: Sequence[ConsumedEvent]) -> None:
        # Few and rare events: one statement each, in partition order.
        for consumed in events:
            evento = consumed.event
            version = consumed.envelope.aggregate_version
            if isinstance(evento, EmpleadorRegistrado):
                await conn.execute(
                    _REGISTRAR,
                    {
                        "empleador_id": evento.empleador_id,
                        "tipo_documento": evento.tipo_documento,
                        "numero_documento": evento.numero_documento,
                        "digito_verificacion": evento.digito_verificacion,
                        "razon_social": evento.razon_social,
                        "version": version,
                    },
                )
            elif isinstance(evento, DatosEmpleadorActualizados):
                await conn.execute(
                    _ACTUALIZAR,
                    {
                        "empleador_id": evento.empleador_id,
                        "razon_social": evento.razon_social,
                        "version": version,
                    },
                )

    async def reset(self, conn: AsyncConnection) -> None:
        await conn.execute(text("TRUNCATE empleadores_conocidos"))
