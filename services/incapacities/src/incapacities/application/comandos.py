"""Commands of the incapacities service (imperative names, plain data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from eps_runtime.archivos import ArchivoValidado
from eps_runtime.auth import Llamante


@dataclass(frozen=True)
class RadicarIncapacidad:
    llamante: Llamante
    cotizante_id: UUID
    contingencia: str
    diagnostico: str
    fecha_inicio: date
    dias: int
    profesional: str
    ips: str
    certificado: ArchivoValidado


@dataclass(frozen=True)
class DecidirIncapacidad:
    """Back office: validate the right and liquidate (or re-liquidate a contested one)."""

    incapacidad_id: UUID


@dataclass(frozen=True)
class ImpugnarLiquidacion:
    llamante: Llamante
    incapacidad_id: UUID
    motivo: str


@dataclass(frozen=True)
class PagarIncapacidades:
    lote: str
    fecha_pago: date
    incapacidades: tuple[UUID, ...]


@dataclass(frozen=True)
class RegistrarCuentaReembolso:
    llamante: Llamante
    banco: str
    tipo_cuenta: str
    numero: str


@dataclass(frozen=True)
class VigilarPlazos:
    """Records ``PlazoIncapacidadIncumplido`` once for each late decision or payment."""


@dataclass(frozen=True)
class Radicada:
    incapacidad_id: UUID
    folio: int
    prorroga_de: UUID | None
    dias_acumulados: int
    decidir_antes: date


Comando = (
    RadicarIncapacidad
    | DecidirIncapacidad
    | ImpugnarLiquidacion
    | PagarIncapacidades
    | VigilarPlazos
    | RegistrarCuentaReembolso
)
