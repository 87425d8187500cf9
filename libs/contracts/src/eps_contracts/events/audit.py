"""Events of the audit service, and the contract of a personal-data access record.

Ley 1581 de 2012 (habeas data) gives every person the right to know who used his data. So a
service that shows an affiliate's personal data to someone other than its owner (an
operator opening his record, an auditor reading his history, a delegate listing workers)
records it as an event, through its own outbox, in the same transaction as nothing else:
the read itself changes no state, so the record is appended on its own stream (one
``consulta_id`` per read) and published by the service's relay.

``ConsultaDatosPersonales`` is the shape every such event has; each emitting service
declares its own concrete class (``service = "<service>"``, ``name =
"DatosPersonalesConsultados"``) on a topic of its own (``topico_de_consultas``), so every
topic keeps a single publisher. The audit service archives every topic and recognises an
access record by its name (``es_consulta_de_datos``), whatever service sent it — a new
emitter needs no change in audit.

Topic ``eps.audit.consultas`` (key ``consulta_id``): the reads of the audit service's own API.

Guarantees: an access record carries ids and codes only (who, whose, what, through which
endpoint and when): no names, document numbers or values of the data read.
"""

from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar
from uuid import UUID

from pydantic import Field

from eps_contracts.events.base import DomainEvent
from eps_contracts.topicos import Topic

NOMBRE_CONSULTA = "DatosPersonalesConsultados"

UsuarioId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$")]
"""The ``sub`` of the reader's access token (never a name or a document)."""

Recurso = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{1,60}$")]
"""What was read, as a code: ``historial-afiliado``, ``datos-afiliado``, ``documentos``…"""

Operacion = Annotated[
    str, Field(pattern=r"^(GET|POST|PUT|PATCH|DELETE) /[A-Za-z0-9/{}_.-]{0,200}$")
]
"""Method and route template of the endpoint (``GET /auditoria/afiliados/{afiliado_id}``):
the template, never the path with its values."""


class ConsultaDatosPersonales(DomainEvent):
    """Someone other than its owner read an affiliate's personal data (Ley 1581 de 2012)."""

    name: ClassVar[str] = NOMBRE_CONSULTA
    aggregate_type: ClassVar[str] = "ConsultaDatos"
    aggregate_id_field: ClassVar[str] = "consulta_id"

    consulta_id: UUID = Field(description="Identificador de esta consulta.")
    afiliado_id: UUID = Field(description="Titular de los datos consultados.")
    lector_usuario_id: UsuarioId = Field(description="Usuario que consultó (sub del token).")
    lector_rol: str = Field(
        pattern=r"^(afiliado|empleador|delegado|operador|auditor)$",
        description="Rol con el que consultó.",
    )
    recurso: Recurso = Field(description="Qué datos se consultaron.")
    operacion: Operacion = Field(description="Por qué: el endpoint que los entregó.")
    consultado_en: datetime = Field(description="Cuándo (UTC).")


def es_consulta_de_datos(ce_type: str) -> bool:
    """True for any service's access record: ``co.eps.<svc>.DatosPersonalesConsultados.vN``."""
    partes = ce_type.split(".")
    return len(partes) == 5 and partes[0:2] == ["co", "eps"] and partes[3] == NOMBRE_CONSULTA


def topico_de_consultas(servicio: str, clase: type[ConsultaDatosPersonales]) -> Topic:
    """The topic a service publishes its access records on: ``eps.<servicio>.consultas``."""
    return Topic(
        name=f"eps.{servicio}.consultas",
        owner=servicio,
        key="consulta_id",
        event_classes=(clase,),
        description="Consultas de datos personales hechas por alguien distinto de su titular "
        "(Ley 1581 de 2012).",
    )


class DatosPersonalesConsultados(ConsultaDatosPersonales):
    """An auditor read an affiliate's archived history or access list through audit's API."""

    service: ClassVar[str] = "audit"


EVENT_CLASSES: tuple[type[DomainEvent], ...] = (DatosPersonalesConsultados,)

TOPICS: tuple[Topic, ...] = (topico_de_consultas("audit", DatosPersonalesConsultados),)

EJEMPLOS: dict[type[DomainEvent], dict[str, Any]] = {
    DatosPersonalesConsultados: {
        "consulta_id": UUID("0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"),
        "afiliado_id": UUID("0f8fad5b-d9cb-469f-a165-70867728950e"),
        "lector_usuario_id": "auditor-1",
        "lector_rol": "auditor",
        "recurso": "historial-afiliado",
        "operacion": "GET /auditoria/afiliados/{afiliado_id}/historial",
        "consultado_en": datetime(2026, 12, 3, 15, 4, 5, tzinfo=UTC),
    },
}
