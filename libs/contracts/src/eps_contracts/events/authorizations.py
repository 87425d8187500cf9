"""Events published by the authorizations service: presolicitudes and OPS.

The OPS events are what billing (the copay to pay), the portal (pending authorizations and
OPS to pay), notifications and audit consume; they carry what those need, never the
clinical attachments or document numbers.
"""

from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from pydantic import Field

from eps_contracts.events.base import DomainEvent
from eps_contracts.topicos import Topic
from eps_contracts.types import ConceptoCuota, Pesos, Texto


class _OPSEvent(DomainEvent):
    service: ClassVar[str] = "authorizations"
    aggregate_type: ClassVar[str] = "OPS"
    aggregate_id_field: ClassVar[str] = "ops_id"

    ops_id: UUID = Field(description="Id de la OPS (agregado OPS).")
    afiliado_id: UUID = Field(description="Afiliado a quien se autoriza el servicio.")


class OPSAutorizada(_OPSEvent):
    """An order for a service at a provider was authorized (from a presolicitud or a MIPRES
    prescription). ``valor_cuota`` > 0 is what the affiliate must pay before it is
    delivered; 0 means it is delivered at once (``OPSEntregada``)."""

    name: ClassVar[str] = "OPSAutorizada"

    numero_autorizacion: str = Field(pattern=r"^[0-9A-Z-]{4,30}$", description="No. autorización.")
    presolicitud_id: UUID | None = Field(default=None, description="Presolicitud de origen.")
    prescripcion_id: UUID | None = Field(default=None, description="Prescripción MIPRES de origen.")
    cups_codigo: str = Field(pattern=r"^[0-9A-Z]{4,10}$", description="Código CUPS del servicio.")
    cups_descripcion: Texto = Field(description="Descripción del servicio autorizado.")
    plan: str = Field(pattern=r"^(PBS|[A-Z0-9-]{2,20})$", description="PBS o código del plan PAC.")
    prestador_nombre: Texto = Field(description="Prestador que atiende la orden.")
    prestador_ciudad: Texto | None = Field(default=None, description="Ciudad del prestador.")
    vence_el: date = Field(description="Último día en que la OPS puede usarse.")
    valor_cuota: Pesos = Field(description="Valor a pagar por el afiliado, en pesos.")
    concepto_cuota: ConceptoCuota = Field(description="Cuota moderadora, copago o ninguno.")
    autorizada_en: datetime = Field(description="Momento de la autorización.")


class OPSEntregada(_OPSEvent):
    """The OPS can be used at the provider: its copay was paid (``obligacion_id``) or there
    was nothing to pay."""

    name: ClassVar[str] = "OPSEntregada"

    pagada: bool = Field(description="True si se entregó por un pago aprobado.")
    obligacion_id: UUID | None = Field(default=None, description="Obligación pagada, si hubo.")
    entregada_en: datetime = Field(description="Momento de la entrega.")


class OPSAnulada(_OPSEvent):
    """The OPS was cancelled by back office; an unpaid copay is no longer owed."""

    name: ClassVar[str] = "OPSAnulada"

    motivo: Texto = Field(description="Motivo de la anulación.")
    anulada_en: datetime = Field(description="Momento de la anulación.")


class OPSVencida(_OPSEvent):
    """Its validity ended unused; an unpaid copay is no longer owed."""

    name: ClassVar[str] = "OPSVencida"

    vencio_el: date = Field(description="Último día de vigencia.")


OPS_EVENTS: tuple[type[DomainEvent], ...] = (OPSAutorizada, OPSEntregada, OPSAnulada, OPSVencida)
EVENT_CLASSES: tuple[type[DomainEvent], ...] = OPS_EVENTS

TOPICS: tuple[Topic, ...] = (
    Topic(
        name="eps.authorizations.ops",
        owner="authorizations",
        key="ops_id",
        event_classes=OPS_EVENTS,
        description="Órdenes de prestación de servicios: autorización, entrega, anulación y "
        "vencimiento.",
    ),
)

_OPS = UUID("5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d")
_AFILIADO = UUID("0f8fad5b-d9cb-469f-a165-70867728950e")
_INSTANTE = datetime.fromisoformat("2026-11-23T10:15:00-05:00")
EJEMPLOS: dict[type[DomainEvent], dict[str, Any]] = {
    OPSAutorizada: {
        "ops_id": _OPS,
        "afiliado_id": _AFILIADO,
        "numero_autorizacion": "AUT-2026-000123",
        "presolicitud_id": UUID("6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e"),
        "cups_codigo": "890201",
        "cups_descripcion": "CONSULTA DE PRIMERA VEZ POR MEDICINA GENERAL",
        "plan": "PBS",
        "prestador_nombre": "COMFANDI EL PRADO",
        "prestador_ciudad": "CALI",
        "vence_el": date(2026, 12, 23),
        "valor_cuota": 20100,
        "concepto_cuota": ConceptoCuota.CUOTA_MODERADORA,
        "autorizada_en": _INSTANTE,
    },
    OPSEntregada: {
        "ops_id": _OPS,
        "afiliado_id": _AFILIADO,
        "pagada": True,
        "obligacion_id": UUID("7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f"),
        "entregada_en": _INSTANTE,
    },
    OPSAnulada: {
        "ops_id": _OPS,
        "afiliado_id": _AFILIADO,
        "motivo": "Servicio autorizado por error.",
        "anulada_en": _INSTANTE,
    },
    OPSVencida: {"ops_id": _OPS, "afiliado_id": _AFILIADO, "vencio_el": date(2026, 12, 23)},
}
