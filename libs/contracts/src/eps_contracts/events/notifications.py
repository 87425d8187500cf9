"""Events the notifications service publishes: the record of each e-mail sent."""

from datetime import datetime
from typing import ClassVar
from uuid import UUID

from pydantic import Field

from eps_contracts.events.base import DomainEvent
from eps_contracts.topicos import Topic
from eps_contracts.types import Email, Texto


class NotificacionEnviada(DomainEvent):
    """An e-mail went out for ``evento_id`` with ``plantilla`` (once per pair)."""

    service: ClassVar[str] = "notifications"
    name: ClassVar[str] = "NotificacionEnviada"
    aggregate_type: ClassVar[str] = "Notificacion"
    aggregate_id_field: ClassVar[str] = "notificacion_id"

    notificacion_id: UUID = Field(description="Notificación.")
    evento_id: UUID = Field(description="ce_id del evento que la causó.")
    evento_tipo: str = Field(max_length=200, description="ce_type del evento que la causó.")
    plantilla: str = Field(pattern=r"^[a-z][a-z0-9-]{1,60}$", description="Plantilla usada.")
    destinatario: Email = Field(description="Correo de destino.")
    asunto: Texto = Field(description="Asunto del correo.")
    enviado_en: datetime = Field(description="Momento en que el servidor SMTP lo aceptó.")


EVENT_CLASSES: tuple[type[DomainEvent], ...] = (NotificacionEnviada,)

TOPICS: tuple[Topic, ...] = (
    Topic(
        name="eps.notifications.notificaciones",
        owner="notifications",
        key="notificacion_id",
        event_classes=EVENT_CLASSES,
        description="Correos enviados, uno por evento y plantilla.",
    ),
)
