"""Authorizations' OPS as billing's obligations (consumer of ``eps.authorizations.ops``).

``OPSAutorizada`` with a cuota > 0 creates the OPS's obligation; ``OPSAnulada`` and
``OPSVencida`` drop it if unpaid. Each runs the service's own command inside the consumer's
transaction (a savepoint), so the obligation's events, their outbox rows and the record that
the OPS event was processed commit together; a redelivered event is skipped by the
consumer, and a replayed one (a rebuild) changes nothing, as the obligation's id is derived
from the OPS's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncConnection

from billing.application.comandos import AnularObligacionDeOPS, Comando, CrearObligacionDeOPS
from eps_contracts.catalog import SUBSCRIPTIONS
from eps_contracts.events.authorizations import OPSAnulada, OPSAutorizada, OPSVencida
from eps_contracts.events.base import DomainEvent
from eps_contracts.types import ConceptoCuota
from eps_runtime.consumer import ConsumedEvent

TOPICO = "eps.authorizations.ops"
GRUPO = next(s.group_id for s in SUBSCRIPTIONS["billing"] if s.topic == TOPICO)
_TIPOS = frozenset(c.ce_type() for c in (OPSAutorizada, OPSAnulada, OPSVencida))


def comando_de(evento: DomainEvent) -> Comando | None:
    """The command an OPS event asks of billing, if any."""
    if isinstance(evento, OPSAutorizada):
        if evento.valor_cuota <= 0 or evento.concepto_cuota is ConceptoCuota.NINGUNO:
            return None
        return CrearObligacionDeOPS(
            ops_id=evento.ops_id,
            afiliado_id=evento.afiliado_id,
            numero_autorizacion=evento.numero_autorizacion,
            concepto=evento.concepto_cuota,
            descripcion=evento.cups_descripcion,
            valor=evento.valor_cuota,
            vence_el=evento.vence_el,
        )
    if isinstance(evento, OPSAnulada):
        return AnularObligacionDeOPS(evento.ops_id, "La OPS fue anulada.")
    if isinstance(evento, OPSVencida):
        return AnularObligacionDeOPS(evento.ops_id, "La OPS venció sin usarse.")
    return None


class Ejecutor(Protocol):
    """What runs a command inside a connection's transaction (``Aplicacion.en_conexion``)."""

    async def ejecutar(self, comando: Comando) -> object: ...


class OPSProjection:
    def __init__(self, en_conexion: Callable[[AsyncConnection], Ejecutor], topic_prefix: str = ""):
        self._en_conexion = en_conexion
        self.name = GRUPO
        self.topics: tuple[str, ...] = (topic_prefix + TOPICO,)

    def handles(self, ce_type: str) -> bool:
        return ce_type in _TIPOS

    async def apply(self, conn: AsyncConnection, events: Sequence[ConsumedEvent]) -> None:
        aplicacion = self._en_conexion(conn)
        for consumido in events:
            comando = comando_de(consumido.event)
            if comando is not None:
                await aplicacion.ejecutar(comando)

    async def reset(self, conn: AsyncConnection) -> None:
        """Obligations are the service's own data: a rebuild replays the OPS events over
        them, and the derived ids make that a no-op for what exists."""
