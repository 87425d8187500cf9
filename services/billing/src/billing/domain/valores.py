"""Value types of billing: states, amounts in integer pesos, the gateway's verdicts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid5

from eps_contracts.types import MedioPago

# Obligation and transaction ids are derived, so a replayed OPS event or a retried request
# names the same stream: the event store's (stream, version) key does the deduplication.
_ESPACIO_OBLIGACIONES = UUID("3b1f7a52-8e0c-4d6b-9a31-1f2e3d4c5b6a")
_ESPACIO_TRANSACCIONES = UUID("9c4e2a71-5d3b-4f8a-b6c2-7e1d0f9a8b3c")


def obligacion_de_ops(ops_id: UUID) -> UUID:
    """The one obligation an OPS can have."""
    return uuid5(_ESPACIO_OBLIGACIONES, str(ops_id))


def transaccion_de(obligacion_id: UUID, clave_idempotencia: str) -> UUID:
    """The one transaction an idempotency key can start for an obligation."""
    return uuid5(_ESPACIO_TRANSACCIONES, f"{obligacion_id}:{clave_idempotencia}")


class EstadoObligacion(StrEnum):
    POR_PAGAR = "POR_PAGAR"
    EN_PROCESO = "EN_PROCESO"
    PAGADA = "PAGADA"
    ANULADA = "ANULADA"


class EstadoTransaccion(StrEnum):
    """PSE: approved and rejected are final; pending is not."""

    PENDIENTE = "PENDIENTE"
    APROBADO = "APROBADO"
    RECHAZADO = "RECHAZADO"


MOTIVO_EXPIRADA = "La petición ha expirado"
MOTIVO_CANCELADA = "La petición ha sido cancelada por el usuario"
MOTIVO_RECHAZADA_BANCO = "Transacción rechazada por la entidad financiera"


@dataclass(frozen=True)
class Transaccion:
    transaccion_id: UUID
    valor: int
    medio: MedioPago
    banco: str | None
    referencia_pasarela: str
    iniciada_en: datetime
    estado: EstadoTransaccion = EstadoTransaccion.PENDIENTE
    motivo: str | None = None
    finalizada_en: datetime | None = None
    recibo: str | None = None


@dataclass(frozen=True)
class Veredicto:
    """What the gateway says of a transaction (signed notification or query)."""

    referencia_pasarela: str
    estado: EstadoTransaccion
    valor: int
    motivo: str | None = None


def pesos(valor: int) -> str:
    """Integer pesos as the portal shows them: ``$20.100``."""
    return "$" + f"{valor:,}".replace(",", ".")
