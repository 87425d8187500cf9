"""Events published by the incapacities service on ``eps.incapacities.incapacidades``.

An incapacidad (or licencia) is filed (``IncapacidadRadicada``, state EN TRAMITE), then
decided once: liquidated (``IncapacidadLiquidada``), refused (``IncapacidadRechazada``) or
without economic benefit (``IncapacidadSinSubsidio``); a liquidated one is paid to its
aportante (``IncapacidadPagada``). The payloads carry ids, codes, dates and integer pesos;
no document numbers, names or the certificate itself.
"""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, ClassVar
from uuid import UUID

from pydantic import Field

from eps_contracts.events.base import DomainEvent
from eps_contracts.topicos import Topic
from eps_contracts.types import Pesos, Texto

CodigoCIE10 = Annotated[str, Field(pattern=r"^[A-Z][0-9]{2}(\.?[0-9X]{1,2})?$", max_length=6)]
"""A CIE-10 code as printed on a certificate: letter, two digits, optional subcategory."""


class Contingencia(StrEnum):
    ENFERMEDAD_GENERAL = "ENFERMEDAD_GENERAL"
    LICENCIA_MATERNIDAD = "LICENCIA_MATERNIDAD"
    LICENCIA_PATERNIDAD = "LICENCIA_PATERNIDAD"


class _IncapacidadEvent(DomainEvent):
    service: ClassVar[str] = "incapacities"
    aggregate_type: ClassVar[str] = "Incapacidad"
    aggregate_id_field: ClassVar[str] = "incapacidad_id"

    incapacidad_id: UUID = Field(description="Id de la incapacidad (agregado Incapacidad).")
    folio: int = Field(ge=1, description="Número de folio (consecutivo, sin huecos).")
    cotizante_id: UUID = Field(description="Cotizante incapacitado (agregado Afiliado).")
    aportante_id: UUID | None = Field(
        default=None, description="Empleador aportante; vacío si el cotizante es independiente."
    )


class IncapacidadRadicada(_IncapacidadEvent):
    """A certificate was filed by the employer (or its delegate) or the independiente; the
    EPS must decide by ``decidir_antes`` (business days, Colombian holidays excluded)."""

    name: ClassVar[str] = "IncapacidadRadicada"

    contingencia: Contingencia = Field(description="Enfermedad general o licencia.")
    diagnostico: CodigoCIE10 = Field(description="Código CIE-10 del diagnóstico.")
    grupo_diagnostico: str = Field(max_length=10, description="Grupo CIE-10 (p. ej. J00-J06).")
    fecha_inicio: date = Field(description="Primer día de la incapacidad.")
    dias: int = Field(ge=1, le=540, description="Días de este certificado.")
    prorroga_de: UUID | None = Field(
        default=None, description="Incapacidad de la que es prórroga, si lo es."
    )
    dias_acumulados: int = Field(
        ge=1, le=1080, description="Días acumulados de la cadena, incluido este certificado."
    )
    profesional: Texto = Field(description="Profesional que la expidió (nombre y registro).")
    ips: Texto = Field(description="IPS donde se expidió.")
    certificado_formato: str = Field(max_length=4, description="pdf, jpg o png.")
    certificado_sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="Huella.")
    radicada_en: datetime = Field(description="Momento de la radicación.")
    decidir_antes: date = Field(description="Fecha límite de la decisión (15 días hábiles).")


class IncapacidadLiquidada(_IncapacidadEvent):
    """The right was validated and the subsidy computed (state LIQUIDADA); it must be paid
    by ``pagar_antes`` (5 business days)."""

    name: ClassVar[str] = "IncapacidadLiquidada"

    ibc: Pesos = Field(description="IBC del mes anterior al inicio.")
    dias_empleador: int = Field(ge=0, description="Días a cargo del empleador (1 y 2).")
    dias_eps: int = Field(ge=0, description="Días reconocidos por la EPS.")
    dias_afp: int = Field(ge=0, description="Días después del 180: a cargo del fondo.")
    valor_empleador: Pesos = Field(description="Valor de los días a cargo del empleador.")
    valor_eps: Pesos = Field(description="Valor que paga la EPS al aportante.")
    porcentaje: Decimal = Field(ge=0, le=100, description="Porcentaje del primer tramo.")
    liquidada_en: datetime = Field(description="Momento de la liquidación.")
    pagar_antes: date = Field(description="Fecha límite del pago (5 días hábiles).")
    reliquidacion: bool = Field(default=False, description="Resultado de una revalidación.")


class IncapacidadRechazada(_IncapacidadEvent):
    """Refused (state RECHAZADA) with its reason."""

    name: ClassVar[str] = "IncapacidadRechazada"

    causal: str = Field(max_length=40, description="Código estable de la causal.")
    motivo: Texto = Field(description="Motivo en español.")
    rechazada_en: datetime = Field(description="Momento del rechazo.")


class IncapacidadSinSubsidio(_IncapacidadEvent):
    """Recognized without economic benefit from the EPS (state SIN SUBSIDIO)."""

    name: ClassVar[str] = "IncapacidadSinSubsidio"

    causal: str = Field(max_length=40, description="Código estable de la causal.")
    motivo: Texto = Field(description="Motivo en español.")
    decidida_en: datetime = Field(description="Momento de la decisión.")


class LiquidacionImpugnada(_IncapacidadEvent):
    """The aportante contests the liquidation (revalidación o desacuerdo)."""

    name: ClassVar[str] = "LiquidacionImpugnada"

    motivo: Texto = Field(description="Motivo del desacuerdo.")
    impugnada_en: datetime = Field(description="Momento de la impugnación.")


class IncapacidadPagada(_IncapacidadEvent):
    """A back-office payment batch paid the liquidated value to the aportante (PAGADA)."""

    name: ClassVar[str] = "IncapacidadPagada"

    valor: Pesos = Field(description="Valor pagado.")
    fecha_pago: date = Field(description="Fecha del pago.")
    lote: str = Field(pattern=r"^[0-9A-Z-]{1,20}$", description="Lote de pago.")


class PlazoIncapacidadIncumplido(_IncapacidadEvent):
    """The EPS did not decide (15 business days) or pay (5 business days) in time; recorded
    once per term, so late cases are visible and counted."""

    name: ClassVar[str] = "PlazoIncapacidadIncumplido"

    plazo: str = Field(pattern=r"^(decision|pago)$", description="decision o pago.")
    vencio_el: date = Field(description="Último día del plazo.")
    detectado_en: datetime = Field(description="Momento en que se detectó.")


EVENT_CLASSES: tuple[type[DomainEvent], ...] = (
    IncapacidadRadicada,
    IncapacidadLiquidada,
    IncapacidadRechazada,
    IncapacidadSinSubsidio,
    LiquidacionImpugnada,
    IncapacidadPagada,
    PlazoIncapacidadIncumplido,
)

TOPICS: tuple[Topic, ...] = (
    Topic(
        name="eps.incapacities.incapacidades",
        owner="incapacities",
        key="incapacidad_id",
        event_classes=EVENT_CLASSES,
        description="Incapacidades y licencias: radicación, decisión, liquidación y pago.",
    ),
)

_ID = UUID("3b1f2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d")
_COMUNES: dict[str, Any] = {
    "incapacidad_id": _ID,
    "folio": 1,
    "cotizante_id": UUID("0f8fad5b-d9cb-469f-a165-70867728950e"),
    "aportante_id": UUID("b1a2b3c4-5d6e-4f7a-8b9c-0d1e2f3a4b5c"),
}
_INSTANTE = datetime.fromisoformat("2026-11-23T10:20:00-05:00")
EJEMPLOS: dict[type[DomainEvent], dict[str, Any]] = {
    IncapacidadRadicada: {
        **_COMUNES,
        "contingencia": Contingencia.ENFERMEDAD_GENERAL,
        "diagnostico": "J06.9",
        "grupo_diagnostico": "J00-J06",
        "fecha_inicio": date(2026, 11, 20),
        "dias": 5,
        "dias_acumulados": 5,
        "profesional": "Dra. Laura Gómez, RM 12345",
        "ips": "IPS Salud Total Centro",
        "certificado_formato": "pdf",
        "certificado_sha256": "0" * 64,
        "radicada_en": _INSTANTE,
        "decidir_antes": date(2026, 12, 15),
    },
    IncapacidadLiquidada: {
        **_COMUNES,
        "ibc": 3_000_000,
        "dias_empleador": 2,
        "dias_eps": 3,
        "dias_afp": 0,
        "valor_empleador": 133_340,
        "valor_eps": 200_010,
        "porcentaje": Decimal("66.67"),
        "liquidada_en": _INSTANTE,
        "pagar_antes": date(2026, 11, 30),
    },
    IncapacidadRechazada: {
        **_COMUNES,
        "causal": "semanas-insuficientes",
        "motivo": "No cuenta con 4 semanas de cotización antes del inicio.",
        "rechazada_en": _INSTANTE,
    },
    IncapacidadSinSubsidio: {
        **_COMUNES,
        "causal": "mora",
        "motivo": "El aportante estaba en mora al inicio de la incapacidad.",
        "decidida_en": _INSTANTE,
    },
    LiquidacionImpugnada: {
        **_COMUNES,
        "motivo": "El IBC liquidado no corresponde al del mes anterior.",
        "impugnada_en": _INSTANTE,
    },
    PlazoIncapacidadIncumplido: {
        **_COMUNES,
        "plazo": "decision",
        "vencio_el": date(2026, 12, 15),
        "detectado_en": _INSTANTE,
    },
    IncapacidadPagada: {
        **_COMUNES,
        "valor": 200_010,
        "fecha_pago": date(2026, 11, 27),
        "lote": "L-2026-001",
    },
}
