"""Events published by the authorizations service: presolicitudes and OPS.

The OPS events are what billing (the copay to pay), the portal (pending authorizations and
OPS to pay), notifications and audit consume; they carry what those need, never the
clinical attachments or document numbers.
"""

from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from eps_contracts.events.base import DomainEvent
from eps_contracts.topicos import Topic
from eps_contracts.types import ConceptoCuota, Pesos, Texto


class _PresolicitudEvent(DomainEvent):
    service: ClassVar[str] = "authorizations"
    aggregate_type: ClassVar[str] = "Presolicitud"
    aggregate_id_field: ClassVar[str] = "presolicitud_id"

    presolicitud_id: UUID = Field(description="Id de la presolicitud (agregado Presolicitud).")
    afiliado_id: UUID = Field(description="Afiliado para quien se pide la autorización.")


class SoporteAdjunto(BaseModel):
    """One attached file: what it is, never its content or its original name."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    soporte_id: UUID = Field(description="Id del archivo guardado.")
    tipo_soporte: str = Field(
        pattern=r"^(HISTORIA_CLINICA_VIGENTE|SOLICITUD_MEDICA_VIGENTE)$",
        description="Tipo de soporte.",
    )
    formato: str = Field(pattern=r"^(PDF|JPG|PNG)$", description="Formato por su contenido.")
    tamano_bytes: int = Field(ge=1, le=2 * 1024 * 1024, description="Tamaño en bytes.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="Huella del contenido.")


class ServicioNegado(BaseModel):
    """A requested service the back office denied, with its reason."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    cups_codigo: str = Field(pattern=r"^[0-9A-Z]{4,10}$", description="Código CUPS.")
    cups_descripcion: Texto = Field(description="Descripción del servicio.")
    motivo: Texto = Field(description="Motivo de la negación.")


class PresolicitudCreada(_PresolicitudEvent):
    """An affiliate filed a request for authorization (manual 4.2.1) and got its consecutivo.
    Carries no clinical content: the attachments are described, not included."""

    name: ClassVar[str] = "PresolicitudCreada"

    consecutivo: int = Field(ge=1, description="Consecutivo dado al afiliado (único).")
    radicada_por: UUID = Field(description="Afiliado que la radicó (él mismo o su cotizante).")
    plan: str = Field(pattern=r"^(PBS|[A-Z0-9-]{2,20})$", description="PBS o código del plan PAC.")
    fecha_documentos: date = Field(description="Fecha de expedición de los soportes.")
    observaciones: str | None = Field(
        default=None, min_length=1, max_length=300, description="Observaciones del afiliado."
    )
    soportes: list[SoporteAdjunto] = Field(min_length=2, max_length=20, description="Soportes.")
    terminos_version: str = Field(
        pattern=r"^[0-9A-Za-z.-]{1,20}$", description="Versión de la notificación juramentada."
    )
    terminos_aceptados_en: datetime = Field(description="Momento de la aceptación.")
    creada_en: datetime = Field(description="Momento de la radicación.")
    responder_antes_de: datetime = Field(description="Plazo de respuesta (5 días calendario).")


class PresolicitudTomada(_PresolicitudEvent):
    """An operator took the presolicitud (EN PROCESO); a priority one must be answered in 2
    calendar days from its filing."""

    name: ClassVar[str] = "PresolicitudTomada"

    operador_id: str = Field(pattern=r"^[A-Za-z0-9._@-]{1,100}$", description="Operador.")
    prioritaria: bool = Field(description="Marcada como prioritaria por el operador.")
    responder_antes_de: datetime = Field(description="Plazo de respuesta vigente.")
    tomada_en: datetime = Field(description="Momento en que se tomó.")


class PresolicitudGestionada(_PresolicitudEvent):
    """The back office decided every requested service: the OPS authorized (their own
    ``OPSAutorizada`` events) and the services denied with their reasons."""

    name: ClassVar[str] = "PresolicitudGestionada"

    consecutivo: int = Field(ge=1, description="Consecutivo de la presolicitud.")
    radicada_por: UUID = Field(description="Afiliado que la radicó (a quien se avisa).")
    operador_id: str = Field(pattern=r"^[A-Za-z0-9._@-]{1,100}$", description="Operador.")
    ops_autorizadas: list[UUID] = Field(max_length=20, description="OPS autorizadas.")
    servicios_negados: list[ServicioNegado] = Field(max_length=20, description="Negados.")
    gestionada_en: datetime = Field(description="Momento de la decisión.")
    a_tiempo: bool = Field(description="Si se respondió dentro del plazo.")


class PlazoRespuestaIncumplido(_PresolicitudEvent):
    """The presolicitud was not answered within its deadline (audit counts these)."""

    name: ClassVar[str] = "PlazoRespuestaIncumplido"

    responder_antes_de: datetime = Field(description="Plazo incumplido.")
    detectado_en: datetime = Field(description="Momento de la detección.")


class _PrescripcionEvent(DomainEvent):
    service: ClassVar[str] = "authorizations"
    aggregate_type: ClassVar[str] = "PrescripcionMIPRES"
    aggregate_id_field: ClassVar[str] = "prescripcion_id"

    prescripcion_id: UUID = Field(description="Id de la prescripción (agregado).")
    afiliado_id: UUID = Field(description="Paciente de la prescripción.")
    numero_prescripcion: str = Field(pattern=r"^[0-9]{8,20}$", description="No. de prescripción.")
    tipo_tecnologia: str = Field(
        pattern=r"^(MEDICAMENTO|PROCEDIMIENTO|PRODUCTO_NUTRICIONAL|SERVICIO_COMPLEMENTARIO|"
        r"DISPOSITIVO)$",
        description="Tipo de tecnología.",
    )
    descripcion: Texto = Field(description="Tecnología prescrita.")
    cantidad: int = Field(ge=1, le=100_000, description="Cantidad.")
    fecha_maxima_entrega: date = Field(description="Fecha máxima de entrega.")
    estado: str = Field(pattern=r"^(ACTIVO|ANULADO|PROCESADO)$", description="Direccionamiento.")


class PrescripcionMIPRESRecibida(_PrescripcionEvent):
    """A NO PBS prescription (its direccionamiento) arrived from MIPRES."""

    name: ClassVar[str] = "PrescripcionMIPRESRecibida"

    recibida_en: datetime = Field(description="Momento en que se recibió.")


class PrescripcionMIPRESActualizada(_PrescripcionEvent):
    """MIPRES reported a change of a known prescription (state, quantity, date…)."""

    name: ClassVar[str] = "PrescripcionMIPRESActualizada"

    actualizada_en: datetime = Field(description="Momento en que se recibió el cambio.")


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
    prestador_direccion: Texto | None = Field(default=None, description="Dirección del prestador.")
    prestador_telefono: str | None = Field(
        default=None, pattern=r"^[0-9 +-]{7,20}$", description="Teléfono del prestador."
    )
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
PRESOLICITUD_EVENTS: tuple[type[DomainEvent], ...] = (
    PresolicitudCreada,
    PresolicitudTomada,
    PresolicitudGestionada,
    PlazoRespuestaIncumplido,
)
PRESCRIPCION_EVENTS: tuple[type[DomainEvent], ...] = (
    PrescripcionMIPRESRecibida,
    PrescripcionMIPRESActualizada,
)
EVENT_CLASSES: tuple[type[DomainEvent], ...] = (
    OPS_EVENTS + PRESOLICITUD_EVENTS + PRESCRIPCION_EVENTS
)

TOPICS: tuple[Topic, ...] = (
    Topic(
        name="eps.authorizations.ops",
        owner="authorizations",
        key="ops_id",
        event_classes=OPS_EVENTS,
        description="Órdenes de prestación de servicios: autorización, entrega, anulación y "
        "vencimiento.",
    ),
    Topic(
        name="eps.authorizations.presolicitudes",
        owner="authorizations",
        key="presolicitud_id",
        event_classes=PRESOLICITUD_EVENTS,
        description="Presolicitudes de autorización: radicación, gestión y plazos de respuesta.",
    ),
    Topic(
        name="eps.authorizations.prescripciones",
        owner="authorizations",
        key="prescripcion_id",
        event_classes=PRESCRIPCION_EVENTS,
        description="Prescripciones NO PBS recibidas de MIPRES y sus cambios.",
    ),
)

_OPS = UUID("5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d")
_AFILIADO = UUID("0f8fad5b-d9cb-469f-a165-70867728950e")
_INSTANTE = datetime.fromisoformat("2026-11-23T10:15:00-05:00")
_PRESOLICITUD = UUID("6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e")
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
    PresolicitudCreada: {
        "presolicitud_id": _PRESOLICITUD,
        "afiliado_id": _AFILIADO,
        "consecutivo": 1234,
        "radicada_por": _AFILIADO,
        "plan": "PBS",
        "fecha_documentos": date(2026, 11, 20),
        "observaciones": "Control con neurología.",
        "soportes": [
            {
                "soporte_id": UUID("8e9f0a1b-2c3d-4e4f-8a5b-6c7d8e9f0a1b"),
                "tipo_soporte": "HISTORIA_CLINICA_VIGENTE",
                "formato": "PDF",
                "tamano_bytes": 120_000,
                "sha256": "0" * 64,
            },
            {
                "soporte_id": UUID("9f0a1b2c-3d4e-4f5a-9b6c-7d8e9f0a1b2c"),
                "tipo_soporte": "SOLICITUD_MEDICA_VIGENTE",
                "formato": "JPG",
                "tamano_bytes": 80_000,
                "sha256": "f" * 64,
            },
        ],
        "terminos_version": "2020-04-27",
        "terminos_aceptados_en": _INSTANTE,
        "creada_en": _INSTANTE,
        "responder_antes_de": datetime.fromisoformat("2026-11-28T10:15:00-05:00"),
    },
    PresolicitudTomada: {
        "presolicitud_id": _PRESOLICITUD,
        "afiliado_id": _AFILIADO,
        "operador_id": "operador-1",
        "prioritaria": False,
        "responder_antes_de": datetime.fromisoformat("2026-11-28T10:15:00-05:00"),
        "tomada_en": _INSTANTE,
    },
    PresolicitudGestionada: {
        "presolicitud_id": _PRESOLICITUD,
        "afiliado_id": _AFILIADO,
        "consecutivo": 1234,
        "radicada_por": _AFILIADO,
        "operador_id": "operador-1",
        "ops_autorizadas": [_OPS],
        "servicios_negados": [
            {
                "cups_codigo": "930860",
                "cups_descripcion": "ELECTROMIOGRAFIA",
                "motivo": "La historia clínica no soporta la solicitud.",
            }
        ],
        "gestionada_en": _INSTANTE,
        "a_tiempo": True,
    },
    PrescripcionMIPRESRecibida: {
        "prescripcion_id": UUID("1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9"),
        "afiliado_id": _AFILIADO,
        "numero_prescripcion": "20261123000123",
        "tipo_tecnologia": "MEDICAMENTO",
        "descripcion": "ADALIMUMAB 40 MG SOLUCION INYECTABLE",
        "cantidad": 2,
        "fecha_maxima_entrega": date(2026, 12, 3),
        "estado": "ACTIVO",
        "recibida_en": _INSTANTE,
    },
    PrescripcionMIPRESActualizada: {
        "prescripcion_id": UUID("1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9"),
        "afiliado_id": _AFILIADO,
        "numero_prescripcion": "20261123000123",
        "tipo_tecnologia": "MEDICAMENTO",
        "descripcion": "ADALIMUMAB 40 MG SOLUCION INYECTABLE",
        "cantidad": 2,
        "fecha_maxima_entrega": date(2026, 12, 3),
        "estado": "PROCESADO",
        "actualizada_en": _INSTANTE,
    },
    PlazoRespuestaIncumplido: {
        "presolicitud_id": _PRESOLICITUD,
        "afiliado_id": _AFILIADO,
        "responder_antes_de": datetime.fromisoformat("2026-11-28T10:15:00-05:00"),
        "detectado_en": datetime.fromisoformat("2026-11-28T10:16:00-05:00"),
    },
}
