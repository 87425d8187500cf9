"""Events published by the billing service that other services act on: copay payments
(authorizations delivers the OPS), contributions and arrears (affiliation suspends and
reactivates, authorizations refuses new presolicitudes, incapacities checks the right).

No card numbers, bank accounts or document numbers travel here: the gateway's reference and
the amounts are enough for every consumer.
"""

from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from pydantic import Field

from eps_contracts.events.base import DomainEvent
from eps_contracts.topicos import Topic
from eps_contracts.types import ConceptoCuota, MedioPago, Periodo, Pesos, Texto


class _ObligacionEvent(DomainEvent):
    service: ClassVar[str] = "billing"
    aggregate_type: ClassVar[str] = "Obligacion"
    aggregate_id_field: ClassVar[str] = "obligacion_id"

    obligacion_id: UUID = Field(description="Obligación de pago (agregado Obligacion).")
    afiliado_id: UUID = Field(description="Afiliado que debe pagarla.")
    ops_id: UUID | None = Field(default=None, description="OPS cuya cuota se paga, si es una.")
    factura_id: UUID | None = Field(default=None, description="Factura PAC, si es una.")


class ObligacionPagoCreada(_ObligacionEvent):
    """An amount the affiliate must pay in one payment, total only (manual §4.2.2): the
    cuota of an ``OPSAutorizada`` with a value > 0. At most one per OPS (its id is derived
    from the OPS's)."""

    name: ClassVar[str] = "ObligacionPagoCreada"

    numero_autorizacion: str | None = Field(
        default=None, pattern=r"^[0-9A-Z-]{4,30}$", description="No. de la autorización."
    )
    concepto: ConceptoCuota = Field(description="Cuota moderadora o copago.")
    descripcion: Texto = Field(description="Servicio autorizado (lo que se paga).")
    valor: Pesos = Field(gt=0, description="Valor a pagar, en pesos.")
    vence_el: date | None = Field(default=None, description="Último día de la OPS.")
    creada_en: datetime = Field(description="Momento de la creación.")


class FacturaPACEmitida(_ObligacionEvent):
    """The monthly invoice of an active PAC contract: an obligation payable online by its
    number (``factura_id`` is the invoice; ``obligacion_id`` its payment)."""

    name: ClassVar[str] = "FacturaPACEmitida"

    numero_factura: str = Field(pattern=r"^FV-[0-9]{4}-[0-9]{6,}$", description="No. de factura.")
    periodo: Periodo = Field(description="Mes facturado, AAAA-MM.")
    plan_codigo: str = Field(pattern=r"^[A-Z0-9-]{2,20}$", description="Código del plan PAC.")
    plan_nombre: Texto = Field(description="Nombre del plan PAC.")
    valor: Pesos = Field(gt=0, description="Valor de la factura, en pesos.")
    vence_el: date = Field(description="Fecha límite de pago.")
    referencia_pago: str = Field(
        pattern=r"^[0-9]{12,24}$", description="Referencia de recaudo (convenio y factura)."
    )
    emitida_en: datetime = Field(description="Momento de la emisión.")


class TransaccionIniciada(_ObligacionEvent):
    """A payment of the whole obligation was started at the gateway; the affiliate is sent
    to its page. Only one may be pending at a time per obligation."""

    name: ClassVar[str] = "TransaccionIniciada"

    transaccion_id: UUID = Field(description="Transacción (nuestra referencia en la pasarela).")
    valor: Pesos = Field(gt=0, description="Valor cobrado: el total de la obligación.")
    medio: MedioPago = Field(description="PSE o tarjeta de crédito.")
    banco: str | None = Field(
        default=None, pattern=r"^[0-9A-Z]{1,10}$", description="Código del banco (PSE)."
    )
    referencia_pasarela: str = Field(
        pattern=r"^[0-9A-Za-z-]{1,64}$", description="Identificador de la pasarela."
    )
    iniciada_en: datetime = Field(description="Momento de la creación en la pasarela.")


class ObligacionAnulada(_ObligacionEvent):
    """The OPS was cancelled or expired unpaid: nothing is owed any more."""

    name: ClassVar[str] = "ObligacionAnulada"

    motivo: Texto = Field(description="Por qué ya no se debe.")
    anulada_en: datetime = Field(description="Momento de la anulación.")


class PagoAprobado(_ObligacionEvent):
    """The gateway confirmed the payment (signed notification or query, never the browser's
    return alone). At most one per obligation."""

    name: ClassVar[str] = "PagoAprobado"

    transaccion_id: UUID = Field(description="Transacción aprobada.")
    valor: Pesos = Field(description="Valor pagado, en pesos (el total de la obligación).")
    medio: MedioPago = Field(description="PSE o tarjeta de crédito.")
    referencia_pasarela: str = Field(max_length=64, description="Referencia de la pasarela.")
    aprobado_en: datetime = Field(description="Momento de la aprobación.")
    recibo: str | None = Field(
        default=None, pattern=r"^RC-[0-9]{4}-[0-9]{6,}$", description="Número del recibo de caja."
    )


class PagoRechazado(_ObligacionEvent):
    """A transaction ended without payment; the obligation stays payable."""

    name: ClassVar[str] = "PagoRechazado"

    transaccion_id: UUID = Field(description="Transacción rechazada.")
    valor: Pesos = Field(description="Valor intentado, en pesos.")
    medio: MedioPago = Field(description="PSE o tarjeta de crédito.")
    motivo: Texto = Field(description='Motivo de la pasarela ("La petición ha expirado", …).')
    rechazado_en: datetime = Field(description="Momento del rechazo.")


class _CarteraEvent(DomainEvent):
    service: ClassVar[str] = "billing"
    aggregate_type: ClassVar[str] = "CuentaCotizante"
    aggregate_id_field: ClassVar[str] = "afiliado_id"

    afiliado_id: UUID = Field(description="Cotizante (su cuenta de aportes).")


class CuentaAportesAbierta(_CarteraEvent):
    """The first event of a cotizante's contributions account (before his first aporte or
    the first arrears detected for him)."""

    name: ClassVar[str] = "CuentaAportesAbierta"

    abierta_en: datetime = Field(description="Momento de la apertura.")


class AporteRegistrado(_CarteraEvent):
    """A contribution for one cotizante and period arrived (a PILA line)."""

    name: ClassVar[str] = "AporteRegistrado"

    aporte_id: UUID = Field(description="Aporte (único por planilla y línea).")
    aportante_id: UUID | None = Field(
        default=None, description="Empleador; vacío si independiente."
    )
    periodo: Periodo = Field(description="Mes cotizado, AAAA-MM.")
    dias_cotizados: int = Field(ge=0, le=30, description="Días cotizados en el periodo.")
    ibc: Pesos = Field(description="Ingreso base de cotización del periodo.")
    valor: Pesos = Field(description="Valor aportado a salud.")
    fecha_pago: date = Field(description="Fecha de pago de la planilla.")
    planilla: str = Field(pattern=r"^[0-9A-Z-]{1,20}$", description="Número de planilla PILA.")


class MoraDetectada(_CarteraEvent):
    """A period is unpaid past its due date: the affiliation is suspended (affiliation) and
    new presolicitudes are refused (authorizations)."""

    name: ClassVar[str] = "MoraDetectada"

    periodos: list[Periodo] = Field(min_length=1, description="Periodos en mora.")
    valor_adeudado: Pesos = Field(description="Total adeudado, en pesos.")
    detectada_en: datetime = Field(description="Momento de la detección.")


class MoraSaldada(_CarteraEvent):
    """Every period in arrears is covered: the affiliation is reactivated."""

    name: ClassVar[str] = "MoraSaldada"

    saldada_en: datetime = Field(description="Momento en que quedó al día.")


PAGO_EVENTS: tuple[type[DomainEvent], ...] = (
    PagoAprobado,
    PagoRechazado,
    ObligacionPagoCreada,
    TransaccionIniciada,
    ObligacionAnulada,
    FacturaPACEmitida,
)
CARTERA_EVENTS: tuple[type[DomainEvent], ...] = (
    AporteRegistrado,
    MoraDetectada,
    MoraSaldada,
    CuentaAportesAbierta,
)
EVENT_CLASSES: tuple[type[DomainEvent], ...] = PAGO_EVENTS + CARTERA_EVENTS

TOPICS: tuple[Topic, ...] = (
    Topic(
        name="eps.billing.pagos",
        owner="billing",
        key="obligacion_id",
        event_classes=PAGO_EVENTS,
        description="Obligaciones de pago (cuotas de OPS, facturas PAC) y sus pagos.",
    ),
    Topic(
        name="eps.billing.cartera",
        owner="billing",
        key="afiliado_id",
        event_classes=CARTERA_EVENTS,
        description="Aportes (PILA) por cotizante y periodo, mora y su saldo.",
    ),
)

_OBLIGACION = UUID("7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f")
_AFILIADO = UUID("0f8fad5b-d9cb-469f-a165-70867728950e")
_INSTANTE = datetime.fromisoformat("2026-11-23T10:20:00-05:00")
EJEMPLOS: dict[type[DomainEvent], dict[str, Any]] = {
    ObligacionPagoCreada: {
        "obligacion_id": _OBLIGACION,
        "afiliado_id": _AFILIADO,
        "ops_id": UUID("5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"),
        "numero_autorizacion": "AUT-2026-000123",
        "concepto": ConceptoCuota.CUOTA_MODERADORA,
        "descripcion": "CONSULTA DE PRIMERA VEZ POR MEDICINA GENERAL",
        "valor": 20100,
        "vence_el": date(2026, 12, 23),
        "creada_en": _INSTANTE,
    },
    TransaccionIniciada: {
        "obligacion_id": _OBLIGACION,
        "afiliado_id": _AFILIADO,
        "ops_id": UUID("5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"),
        "transaccion_id": UUID("8d9e0f1a-2b3c-4d4e-9f5a-6b7c8d9e0f1a"),
        "valor": 20100,
        "medio": MedioPago.PSE,
        "banco": "1007",
        "referencia_pasarela": "PSE-123456789",
        "iniciada_en": _INSTANTE,
    },
    FacturaPACEmitida: {
        "obligacion_id": _OBLIGACION,
        "afiliado_id": _AFILIADO,
        "factura_id": UUID("c2b3a4d5-6e7f-4a8b-9c0d-1e2f3a4b5c6d"),
        "numero_factura": "FV-2026-000001",
        "periodo": "2026-11",
        "plan_codigo": "PAC-ORO",
        "plan_nombre": "Plan Complementario Oro",
        "valor": 185_000,
        "vence_el": date(2026, 11, 15),
        "referencia_pago": "770990002026000001",
        "emitida_en": _INSTANTE,
    },
    ObligacionAnulada: {
        "obligacion_id": _OBLIGACION,
        "afiliado_id": _AFILIADO,
        "ops_id": UUID("5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"),
        "motivo": "La OPS venció sin usarse.",
        "anulada_en": _INSTANTE,
    },
    PagoAprobado: {
        "obligacion_id": _OBLIGACION,
        "afiliado_id": _AFILIADO,
        "ops_id": UUID("5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"),
        "transaccion_id": UUID("8d9e0f1a-2b3c-4d4e-9f5a-6b7c8d9e0f1a"),
        "valor": 20100,
        "medio": MedioPago.PSE,
        "referencia_pasarela": "PSE-123456789",
        "aprobado_en": _INSTANTE,
        "recibo": "RC-2026-000001",
    },
    PagoRechazado: {
        "obligacion_id": _OBLIGACION,
        "afiliado_id": _AFILIADO,
        "ops_id": UUID("5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"),
        "transaccion_id": UUID("9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b"),
        "valor": 20100,
        "medio": MedioPago.PSE,
        "motivo": "La petición ha expirado",
        "rechazado_en": _INSTANTE,
    },
    AporteRegistrado: {
        "afiliado_id": _AFILIADO,
        "aporte_id": UUID("a0f1a2b3-4c5d-4e6f-9a7b-8c9d0e1f2a3b"),
        "aportante_id": UUID("b1a2b3c4-5d6e-4f7a-8b9c-0d1e2f3a4b5c"),
        "periodo": "2026-10",
        "dias_cotizados": 30,
        "ibc": 3_500_000,
        "valor": 437_500,
        "fecha_pago": date(2026, 11, 5),
        "planilla": "9000123456",
    },
    MoraDetectada: {
        "afiliado_id": _AFILIADO,
        "periodos": ["2026-09", "2026-10"],
        "valor_adeudado": 875_000,
        "detectada_en": _INSTANTE,
    },
    MoraSaldada: {"afiliado_id": _AFILIADO, "saldada_en": _INSTANTE},
    CuentaAportesAbierta: {"afiliado_id": _AFILIADO, "abierta_en": _INSTANTE},
}
