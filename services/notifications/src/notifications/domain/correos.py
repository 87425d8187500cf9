"""What an e-mail is, who receives it, and what becomes of it (plain Python, no I/O).

An e-mail is identified by (event id, template): its notification id and its Message-ID
derive from that pair only, so composing it again for a redelivered event, a rebuild or a
late completion gives the same identity.

Every e-mail an event causes ends, when recorded, in one of three decisions:

- ``Correo``: composed for a known address, to be sent;
- ``EnEspera``: its recipient is an affiliate or employer the contacts directory does not
  know yet (the domain event arrived first); the event is kept until the directory learns
  the person, then it becomes a ``Correo`` or a ``NoEnviable``;
- ``NoEnviable``: it can never be sent as it is (the person has no e-mail on record); it is
  kept, visible and counted, and never retried.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from enum import StrEnum

# Fixed namespace: the ids below must be the same in every process and every version.
_ESPACIO = uuid.UUID("6f1c2a3e-9b7d-4e5f-8a1b-2c3d4e5f6a7b")
DOMINIO_MESSAGE_ID = "notificaciones.oficinavirtual.eps.example"

TAMANO_MAXIMO_ADJUNTO = 10 * 1024 * 1024
"""Bytes per attachment: mail servers commonly refuse messages above 10–25 MB."""

_MIME = re.compile(r"^[a-z]+/[a-z0-9][a-z0-9.+-]*$")
_NOMBRE_ARCHIVO = re.compile(r"^[\w][\w .()-]{0,98}\.[A-Za-z0-9]{1,8}$")


def notificacion_id(evento_id: uuid.UUID, plantilla: str) -> uuid.UUID:
    """The notification's id: the same for the same (event, template), wherever computed."""
    return uuid.uuid5(_ESPACIO, f"{evento_id}:{plantilla}")


def message_id(evento_id: uuid.UUID, plantilla: str) -> str:
    """The e-mail's Message-ID header, derived from (event, template) only."""
    return f"<{notificacion_id(evento_id, plantilla)}@{DOMINIO_MESSAGE_ID}>"


# -- who receives it ------------------------------------------------------------------------


@dataclass(frozen=True)
class ParaCorreo:
    """The event's payload carries the address (identity's e-mails, an anonymous PQRS)."""

    email: str
    nombre: str


class TipoPersona(StrEnum):
    AFILIADO = "afiliado"
    EMPLEADOR = "empleador"


@dataclass(frozen=True, order=True)
class Persona:
    """An affiliate or an employer, by id: the address and name come from the directory."""

    tipo: TipoPersona
    id: uuid.UUID


def afiliado(afiliado_id: uuid.UUID) -> Persona:
    return Persona(TipoPersona.AFILIADO, afiliado_id)


def empleador(empleador_id: uuid.UUID) -> Persona:
    return Persona(TipoPersona.EMPLEADOR, empleador_id)


Destinatario = ParaCorreo | Persona


@dataclass(frozen=True)
class Contacto:
    """What the directory knows of a person: the name to greet and the address, if any."""

    email: str | None
    nombre: str


# -- what the templates receive that needs care ---------------------------------------------


@dataclass(frozen=True)
class Enlace:
    """A link that travels encrypted in the event (``eps_runtime.enlaces``); composing the
    e-mail decrypts it and refuses anything but an http(s) address."""

    cifrado: str


@dataclass(frozen=True)
class Adjunto:
    """A file attached to an e-mail: bytes, the name the recipient sees, and its type.

    Guarantees: the name is a plain file name (no folders, no control characters), the MIME
    type is ``type/subtype``, and the content is not empty and at most
    ``TAMANO_MAXIMO_ADJUNTO`` bytes.
    """

    nombre: str
    mime: str
    contenido: bytes

    def __post_init__(self) -> None:
        if not _NOMBRE_ARCHIVO.fullmatch(self.nombre):
            raise ValueError("nombre de adjunto no válido: solo un nombre de archivo simple")
        if not _MIME.fullmatch(self.mime):
            raise ValueError("tipo MIME de adjunto no válido")
        if not 0 < len(self.contenido) <= TAMANO_MAXIMO_ADJUNTO:
            raise ValueError("un adjunto no puede estar vacío ni pasar de 10 MB")


# -- the three decisions ----------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class _Notificacion:
    """Guarantee: the subject is one line of text (a header can carry it as it is)."""

    evento_id: uuid.UUID
    evento_tipo: str
    plantilla: str
    asunto: str

    def __post_init__(self) -> None:
        if not self.asunto.strip() or any(ord(c) < 32 or ord(c) == 127 for c in self.asunto):
            raise ValueError("el asunto debe ser una línea de texto, sin caracteres de control")

    @property
    def notificacion_id(self) -> uuid.UUID:
        return notificacion_id(self.evento_id, self.plantilla)

    @property
    def message_id(self) -> str:
        return message_id(self.evento_id, self.plantilla)


@dataclass(frozen=True, kw_only=True)
class Correo(_Notificacion):
    """A composed e-mail, ready to be recorded and sent."""

    destinatario: str
    texto: str
    html: str
    adjuntos: tuple[Adjunto, ...] = ()
    persona: Persona | None = None


@dataclass(frozen=True, kw_only=True)
class EnEspera(_Notificacion):
    """Waiting for the directory to learn ``persona``; ``datos`` is the event's JSON."""

    persona: Persona
    datos: str


class MotivoNoEnviable(StrEnum):
    SIN_CORREO = "sin_correo"
    """The person is known but has no e-mail on record."""
    REDACCION_FALLIDA = "redaccion_fallida"
    """The e-mail could not be composed when the person became known (e.g. its link was
    encrypted with a key this process no longer holds)."""


@dataclass(frozen=True, kw_only=True)
class NoEnviable(_Notificacion):
    persona: Persona | None
    motivo: MotivoNoEnviable


Decision = Correo | EnEspera | NoEnviable
