"""Events published by the PQRS service: solicitudes (peticiones, quejas, reclamos,
sugerencias…) and the satisfaction survey of the virtual office.

Keys are the aggregate ids (``solicitud_id``, ``encuesta_id``), never a radicado, a name or
the description. Payloads carry what notifications (the filer's e-mails), the portal (open
PQRS on the dashboard) and audit need. The anonymous citizen's consultation code is never
in an event (the service keeps only a keyed hash of it).
"""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from eps_contracts.events.base import DomainEvent
from eps_contracts.topicos import Topic
from eps_contracts.types import Email, Texto

LONGITUD_MAXIMA_DESCRIPCION = 4000
"""Characters of a solicitud's description (and of the EPS's response)."""

Radicado = Annotated[str, Field(pattern=r"^[0-9]{4}-[1-9][0-9]{0,9}$")]
"""``AAAA-N``: the year of filing and its consecutive number (2020-3975)."""

Descripcion = Annotated[str, Field(min_length=1, max_length=LONGITUD_MAXIMA_DESCRIPCION)]


class TipoSolicitud(StrEnum):
    FELICITACION = "FELICITACION"
    QUEJA = "QUEJA"
    RECLAMO = "RECLAMO"
    SUGERENCIA = "SUGERENCIA"
    PETICION_PARTICULAR = "PETICION_PARTICULAR"
    PETICION_GENERAL = "PETICION_GENERAL"
    SOLICITUD_INFORMACION = "SOLICITUD_INFORMACION"
    CONSULTA = "CONSULTA"
    DENUNCIA = "DENUNCIA"


class Canal(StrEnum):
    OFICINA_VIRTUAL = "OFICINA_VIRTUAL"
    TELEFONICO = "TELEFONICO"
    PRESENCIAL = "PRESENCIAL"
    CORREO_ELECTRONICO = "CORREO_ELECTRONICO"


class TipoRadicante(StrEnum):
    AFILIADO = "AFILIADO"
    EMPLEADOR = "EMPLEADOR"
    ANONIMO = "ANONIMO"


class Riesgo(StrEnum):
    """Supersalud's classes of a health-service claim: hours to answer."""

    VITAL = "VITAL"
    PRIORIZADO = "PRIORIZADO"
    SIMPLE = "SIMPLE"


class UnidadPlazo(StrEnum):
    DIAS_HABILES = "DIAS_HABILES"
    HORAS = "HORAS"


class Adjunto(BaseModel):
    """A validated attachment kept by the service (never its content)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    adjunto_id: UUID = Field(description="Id del adjunto (nombre interno del archivo).")
    nombre: str = Field(min_length=1, max_length=120, description="Nombre saneado del archivo.")
    tipo_mime: str = Field(pattern=r"^(application/pdf|image/jpeg|image/png)$")
    tamano_bytes: int = Field(ge=1, le=2 * 1024 * 1024)


class _SolicitudEvent(DomainEvent):
    service: ClassVar[str] = "pqrs"
    aggregate_type: ClassVar[str] = "SolicitudPQRS"
    aggregate_id_field: ClassVar[str] = "solicitud_id"

    solicitud_id: UUID = Field(description="Id de la solicitud (agregado SolicitudPQRS).")
    radicado: Radicado = Field(description="Número de radicado AAAA-N.")


class PQRSRadicada(_SolicitudEvent):
    """A solicitud was filed and given its radicado; ``vence_en`` is its legal deadline
    (None for felicitaciones and sugerencias)."""

    name: ClassVar[str] = "PQRSRadicada"

    tipo: TipoSolicitud
    canal: Canal
    radicante: TipoRadicante
    afiliado_id: UUID | None = Field(default=None, description="Afiliado a quien concierne.")
    empleador_id: UUID | None = Field(default=None, description="Empleador que radica.")
    radicada_por: str | None = Field(
        default=None, max_length=100, description="Usuario (id) que radicó; None si anónimo."
    )
    email_respuesta: Email | None = Field(
        default=None, description="Correo para la respuesta de una solicitud anónima."
    )
    descripcion: Descripcion
    adjuntos: list[Adjunto] = Field(default_factory=list, max_length=5)
    unidad_plazo: UnidadPlazo | None = None
    plazo: int | None = Field(default=None, ge=1, le=60)
    vence_en: datetime | None = None
    radicada_en: datetime


class PQRSClasificada(_SolicitudEvent):
    """An operator classified a health-service claim by risk; its deadline is now the
    class's hours from the filing instant."""

    name: ClassVar[str] = "PQRSClasificada"

    riesgo: Riesgo
    vence_en: datetime
    clasificada_por: str = Field(min_length=1, max_length=100)
    clasificada_en: datetime


class PQRSAsignada(_SolicitudEvent):
    name: ClassVar[str] = "PQRSAsignada"

    area: str = Field(pattern=r"^[A-Z][A-Z0-9_]{1,40}$", description="Área responsable.")
    operador_id: str = Field(min_length=1, max_length=100, description="Operador asignado.")
    asignada_por: str = Field(min_length=1, max_length=100)
    asignada_en: datetime


class PQRSEnGestion(_SolicitudEvent):
    """The assigned operator started working on it."""

    name: ClassVar[str] = "PQRSEnGestion"

    operador_id: str = Field(min_length=1, max_length=100)
    iniciada_en: datetime


class PQRSProrrogada(_SolicitudEvent):
    """The deadline was extended before it ended; the requester is told the reason and the
    new date (this event is the notice)."""

    name: ClassVar[str] = "PQRSProrrogada"

    afiliado_id: UUID | None = None
    empleador_id: UUID | None = None
    email_respuesta: Email | None = None
    motivo: Texto
    vence_antes: datetime
    vence_en: datetime
    prorrogada_por: str = Field(min_length=1, max_length=100)
    prorrogada_en: datetime


class PQRSTrasladada(_SolicitudEvent):
    """Sent to the competent entity (Ley 1755 de 2015, art. 21), with notice."""

    name: ClassVar[str] = "PQRSTrasladada"

    afiliado_id: UUID | None = None
    empleador_id: UUID | None = None
    email_respuesta: Email | None = None
    entidad: str = Field(min_length=2, max_length=200, description="Entidad competente.")
    motivo: Texto
    trasladada_por: str = Field(min_length=1, max_length=100)
    trasladada_en: datetime


class PQRSDesistida(_SolicitudEvent):
    """The requester withdrew it."""

    name: ClassVar[str] = "PQRSDesistida"

    desistida_en: datetime


class PQRSRespondida(_SolicitudEvent):
    """The one final response: the solicitud is FINALIZADA."""

    name: ClassVar[str] = "PQRSRespondida"

    afiliado_id: UUID | None = None
    empleador_id: UUID | None = None
    email_respuesta: Email | None = None
    tipo: TipoSolicitud
    respuesta: Descripcion
    respondida_por: str = Field(min_length=1, max_length=100)
    respondida_en: datetime
    a_tiempo: bool = Field(description="Si se respondió antes del vencimiento (o sin plazo).")


class PQRSCalificada(_SolicitudEvent):
    """The requester rated the response (once)."""

    name: ClassVar[str] = "PQRSCalificada"

    estrellas: int = Field(ge=1, le=5)
    calificada_en: datetime


class PlazoPQRSIncumplido(_SolicitudEvent):
    """The deadline passed with no response."""

    name: ClassVar[str] = "PlazoPQRSIncumplido"

    vencio_en: datetime
    detectado_en: datetime


Puntaje = Annotated[int, Field(ge=1, le=5)]


class EncuestaRespondida(DomainEvent):
    """A user answered the satisfaction survey of the virtual office (once a month)."""

    service: ClassVar[str] = "pqrs"
    name: ClassVar[str] = "EncuestaRespondida"
    aggregate_type: ClassVar[str] = "EncuestaSatisfaccion"
    aggregate_id_field: ClassVar[str] = "encuesta_id"

    encuesta_id: UUID
    afiliado_id: UUID | None = None
    periodo: str = Field(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$", description="AAAA-MM.")
    facilidad: Puntaje
    tiempo: Puntaje
    claridad: Puntaje
    satisfaccion: Puntaje
    comentario: Texto | None = None
    respondida_en: datetime


SOLICITUD_EVENTS: tuple[type[DomainEvent], ...] = (
    PQRSRadicada,
    PQRSClasificada,
    PQRSAsignada,
    PQRSEnGestion,
    PQRSProrrogada,
    PQRSTrasladada,
    PQRSDesistida,
    PQRSRespondida,
    PQRSCalificada,
    PlazoPQRSIncumplido,
)
ENCUESTA_EVENTS: tuple[type[DomainEvent], ...] = (EncuestaRespondida,)
EVENT_CLASSES: tuple[type[DomainEvent], ...] = SOLICITUD_EVENTS + ENCUESTA_EVENTS

TOPICS: tuple[Topic, ...] = (
    Topic(
        name="eps.pqrs.solicitudes",
        owner="pqrs",
        key="solicitud_id",
        event_classes=SOLICITUD_EVENTS,
        description="PQRS: radicación, clasificación, asignación, prórroga, traslado, "
        "respuesta, calificación y plazos incumplidos.",
    ),
    Topic(
        name="eps.pqrs.encuestas",
        owner="pqrs",
        key="encuesta_id",
        event_classes=ENCUESTA_EVENTS,
        description="Respuestas a la encuesta de satisfacción del canal virtual.",
    ),
)

_SOLICITUD = UUID("3c1e2d4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f")
_AFILIADO = UUID("0f8fad5b-d9cb-469f-a165-70867728950e")
_INSTANTE = datetime.fromisoformat("2026-11-23T10:15:00-05:00")
_VENCE = datetime.fromisoformat("2026-12-15T23:59:59-05:00")
_BASE = {"solicitud_id": _SOLICITUD, "radicado": "2026-3975"}
EJEMPLOS: dict[type[DomainEvent], dict[str, Any]] = {
    PQRSRadicada: _BASE
    | {
        "tipo": TipoSolicitud.RECLAMO,
        "canal": Canal.OFICINA_VIRTUAL,
        "radicante": TipoRadicante.AFILIADO,
        "afiliado_id": _AFILIADO,
        "radicada_por": "usuario-1",
        "descripcion": "No me han entregado el medicamento autorizado.",
        "adjuntos": [
            {
                "adjunto_id": UUID("4d2f3e5a-6b7c-4d8e-9fa0-1b2c3d4e5f60"),
                "nombre": "formula.pdf",
                "tipo_mime": "application/pdf",
                "tamano_bytes": 48213,
            }
        ],
        "unidad_plazo": UnidadPlazo.DIAS_HABILES,
        "plazo": 15,
        "vence_en": _VENCE,
        "radicada_en": _INSTANTE,
    },
    PQRSClasificada: _BASE
    | {
        "riesgo": Riesgo.PRIORIZADO,
        "vence_en": datetime.fromisoformat("2026-11-25T10:15:00-05:00"),
        "clasificada_por": "operador-1",
        "clasificada_en": _INSTANTE,
    },
    PQRSAsignada: _BASE
    | {
        "area": "ATENCION_AL_USUARIO",
        "operador_id": "operador-2",
        "asignada_por": "operador-1",
        "asignada_en": _INSTANTE,
    },
    PQRSEnGestion: _BASE | {"operador_id": "operador-2", "iniciada_en": _INSTANTE},
    PQRSProrrogada: _BASE
    | {
        "afiliado_id": _AFILIADO,
        "motivo": "Se requiere concepto del prestador.",
        "vence_antes": _VENCE,
        "vence_en": datetime.fromisoformat("2027-01-08T23:59:59-05:00"),
        "prorrogada_por": "operador-2",
        "prorrogada_en": _INSTANTE,
    },
    PQRSTrasladada: _BASE
    | {
        "afiliado_id": _AFILIADO,
        "entidad": "Superintendencia Nacional de Salud",
        "motivo": "El asunto es competencia de otra entidad.",
        "trasladada_por": "operador-2",
        "trasladada_en": _INSTANTE,
    },
    PQRSDesistida: _BASE | {"desistida_en": _INSTANTE},
    PQRSRespondida: _BASE
    | {
        "afiliado_id": _AFILIADO,
        "tipo": TipoSolicitud.RECLAMO,
        "respuesta": "El medicamento se entregará en la farmacia el 25 de noviembre.",
        "respondida_por": "operador-2",
        "respondida_en": _INSTANTE,
        "a_tiempo": True,
    },
    PQRSCalificada: _BASE | {"estrellas": 5, "calificada_en": _INSTANTE},
    PlazoPQRSIncumplido: _BASE | {"vencio_en": _VENCE, "detectado_en": _INSTANTE},
    EncuestaRespondida: {
        "encuesta_id": UUID("5e3a4f6b-7c8d-4e9f-a0b1-2c3d4e5f6a71"),
        "afiliado_id": _AFILIADO,
        "periodo": "2026-11",
        "facilidad": 5,
        "tiempo": 4,
        "claridad": 4,
        "satisfaccion": 5,
        "comentario": "Fácil de usar.",
        "respondida_en": _INSTANTE,
    },
}
