"""The commands of the billing service (imperative names) and what they answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from billing.domain.valores import Veredicto
from eps_contracts.types import ConceptoCuota, MedioPago


@dataclass(frozen=True)
class CrearObligacionDeOPS:
    """From ``OPSAutorizada`` with a cuota > 0 (consumer of authorizations' OPS)."""

    ops_id: UUID
    afiliado_id: UUID
    numero_autorizacion: str
    concepto: ConceptoCuota
    descripcion: str
    valor: int
    vence_el: date | None


@dataclass(frozen=True)
class AnularObligacionDeOPS:
    """From ``OPSAnulada`` / ``OPSVencida``: an unpaid cuota is no longer owed."""

    ops_id: UUID
    motivo: str


@dataclass(frozen=True)
class IniciarPago:
    """The affiliate pays an obligation: a transaction at the gateway, its redirect URL.

    ``clave_idempotencia`` (the ``Idempotency-Key`` header) makes a retried request answer
    the same transaction instead of starting another."""

    afiliado_id: UUID
    obligacion_id: UUID
    medio: MedioPago
    banco: str | None
    clave_idempotencia: str


@dataclass(frozen=True)
class ResolverTransaccion:
    """The gateway's verdict on a transaction, from its signed notification or a query."""

    transaccion_id: UUID
    veredicto: Veredicto
    fuente: str


@dataclass(frozen=True)
class DetectarMora:
    """Evaluates the arrears of one cotizante (``MoraDetectada`` / ``MoraSaldada``)."""

    afiliado_id: UUID


@dataclass(frozen=True)
class TransaccionVista:
    transaccion_id: UUID
    obligacion_id: UUID
    estado: str
    url_redireccion: str | None


Comando = (
    CrearObligacionDeOPS | AnularObligacionDeOPS | IniciarPago | ResolverTransaccion | DetectarMora
)
Resultado = Any
