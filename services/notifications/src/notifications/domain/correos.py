"""Which e-mails each event causes, and what a composed e-mail is (plain Python, no I/O).

``PLANTILLAS_POR_EVENTO`` is the one table of event type → templates. An e-mail is
identified by (event id, template): its notification id and its Message-ID derive from that
pair only, so composing it again for a redelivered event gives the same identity.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from eps_contracts.events import DomainEvent
from eps_contracts.events.identity import (
    ContrasenaCambiada,
    ContrasenaEstablecida,
    DelegadoCreado,
    RestablecimientoSolicitado,
    UsuarioRegistrado,
)

PLANTILLAS_POR_EVENTO: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        UsuarioRegistrado.ce_type(): ("registro-usuario",),
        ContrasenaEstablecida.ce_type(): ("contrasena-establecida",),
        ContrasenaCambiada.ce_type(): ("contrasena-cambiada",),
        RestablecimientoSolicitado.ce_type(): ("restablecimiento",),
        DelegadoCreado.ce_type(): ("delegado-creado",),
    }
)
"""CloudEvents type → the templates of the e-mails it causes (one e-mail per template)."""

ASUNTOS: Mapping[str, str] = MappingProxyType(
    {
        "registro-usuario": "Registro usuario - Oficina Virtual",
        "contrasena-establecida": "Contraseña establecida - Oficina Virtual",
        "contrasena-cambiada": "Cambio de contraseña - Oficina Virtual",
        "restablecimiento": "Restablecimiento de contraseña - Oficina Virtual",
        "delegado-creado": "Acceso como delegado - Oficina Virtual",
    }
)

# Fixed namespace: the ids below must be the same in every process and every version.
_ESPACIO = uuid.UUID("6f1c2a3e-9b7d-4e5f-8a1b-2c3d4e5f6a7b")
DOMINIO_MESSAGE_ID = "notificaciones.oficinavirtual.eps.example"


def notificacion_id(evento_id: uuid.UUID, plantilla: str) -> uuid.UUID:
    """The notification's id: the same for the same (event, template), wherever computed."""
    return uuid.uuid5(_ESPACIO, f"{evento_id}:{plantilla}")


def message_id(evento_id: uuid.UUID, plantilla: str) -> str:
    """The e-mail's Message-ID header, derived from (event, template) only."""
    return f"<{notificacion_id(evento_id, plantilla)}@{DOMINIO_MESSAGE_ID}>"


@dataclass(frozen=True)
class Destinatario:
    """Who an event's e-mails go to, and the facts the templates show."""

    email: str
    nombre: str
    enlace_cifrado: str | None = None
    enlace_vence_en: datetime | None = None
    cargo: str | None = None


def destinatario_de(evento: DomainEvent) -> Destinatario:
    """The recipient and template facts of an event of ``PLANTILLAS_POR_EVENTO``."""
    if isinstance(evento, UsuarioRegistrado | RestablecimientoSolicitado):
        return Destinatario(evento.email, evento.nombre, evento.enlace, evento.enlace_vence_en)
    if isinstance(evento, ContrasenaEstablecida | ContrasenaCambiada):
        return Destinatario(evento.email, evento.nombre)
    if isinstance(evento, DelegadoCreado):
        return Destinatario(
            evento.email, evento.nombres, evento.enlace, evento.enlace_vence_en, evento.cargo
        )
    raise LookupError(f"ninguna plantilla para {evento.ce_type()}")


@dataclass(frozen=True)
class Correo:
    """A composed e-mail, ready to be recorded and sent."""

    evento_id: uuid.UUID
    evento_tipo: str
    plantilla: str
    destinatario: str
    asunto: str
    texto: str
    html: str

    @property
    def notificacion_id(self) -> uuid.UUID:
        return notificacion_id(self.evento_id, self.plantilla)

    @property
    def message_id(self) -> str:
        return message_id(self.evento_id, self.plantilla)
