"""Events published by the identity service and by notifications.

Topics (``eps_contracts.catalog``): ``eps.identity.registros`` (key ``afiliado_id``: the
registration attempts of a person, before any account exists), ``eps.identity.usuarios``
(key ``usuario_id``), ``eps.identity.empleadores`` (key ``empleador_id``: profiles and
delegates), ``eps.identity.seguridad`` (key ``usuario_id``: login audit) and
``eps.notifications.notificaciones`` (key ``notificacion_id``).

Guarantees: no password, password hash, security answer or document number is ever in a
payload, key or header. A link that lets someone set a password travels only encrypted
(``EnlaceCifrado``: a Fernet token under a key that identity and notifications share), so
reading the topic does not let anyone use it.
"""

from datetime import datetime
from typing import Annotated, ClassVar
from uuid import UUID

from pydantic import Field

from eps_contracts.events.base import DomainEvent
from eps_contracts.topicos import Topic
from eps_contracts.types import Email, Nombre, TelefonoMovil, Texto

EnlaceCifrado = Annotated[str, Field(min_length=20, max_length=2000, pattern=r"^[A-Za-z0-9_=-]+$")]
"""A single-use, time-limited link, encrypted for the notifications service (Fernet)."""

Permiso = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{1,60}$")]
"""A permission code of the employer-profile catalog, e.g. ``descargar-certificados``."""


class _RegistroEvent(DomainEvent):
    service: ClassVar[str] = "identity"
    aggregate_type: ClassVar[str] = "Registro"
    aggregate_id_field: ClassVar[str] = "afiliado_id"

    afiliado_id: UUID = Field(description="Afiliado que intenta registrarse.")


class RegistroBloqueado(_RegistroEvent):
    """Three wrong sets of security answers: the document may not register until
    ``bloqueado_hasta`` (manual 2.1.2: 24 hours)."""

    name: ClassVar[str] = "RegistroBloqueado"

    bloqueado_hasta: datetime = Field(description="Fin del bloqueo (UTC).")
    intentos: int = Field(ge=1, description="Intentos fallidos que lo causaron.")


class _UsuarioEvent(DomainEvent):
    service: ClassVar[str] = "identity"
    aggregate_type: ClassVar[str] = "Usuario"
    aggregate_id_field: ClassVar[str] = "usuario_id"

    usuario_id: UUID = Field(description="Cuenta de usuario.")


class UsuarioRegistrado(_UsuarioEvent):
    """An account was created; ``enlace`` lets its owner set the password ("Registro
    usuario" e-mail)."""

    name: ClassVar[str] = "UsuarioRegistrado"

    rol: str = Field(pattern=r"^(afiliado|empleador|delegado|operador)$", description="Rol.")
    afiliado_id: UUID | None = Field(default=None, description="Afiliado de la cuenta.")
    empleador_id: UUID | None = Field(default=None, description="Empleador de la cuenta.")
    nombre: Texto = Field(description="Nombre para el saludo del correo.")
    email: Email = Field(description="Correo donde recibe respuestas y enlaces.")
    telefono_movil: TelefonoMovil | None = Field(default=None, description="Celular.")
    terminos_version: str | None = Field(
        default=None, max_length=20, description="Versión de los términos aceptados."
    )
    terminos_aceptados_en: datetime | None = Field(default=None, description="Aceptación.")
    enlace: EnlaceCifrado = Field(description="Enlace cifrado para establecer la contraseña.")
    enlace_vence_en: datetime = Field(description="Vencimiento del enlace.")


class ContrasenaEstablecida(_UsuarioEvent):
    """The owner set the password with a registration or reset link."""

    name: ClassVar[str] = "ContrasenaEstablecida"

    email: Email = Field(description="Correo al que se avisa.")
    nombre: Texto = Field(description="Nombre para el saludo del correo.")


class ContrasenaCambiada(_UsuarioEvent):
    """The owner changed the password (manual 4.1.4); other sessions were ended."""

    name: ClassVar[str] = "ContrasenaCambiada"

    email: Email = Field(description="Correo al que se avisa.")
    nombre: Texto = Field(description="Nombre para el saludo del correo.")


class RestablecimientoSolicitado(_UsuarioEvent):
    """ "Olvidé mi contraseña" for an existing account (manual 3.1)."""

    name: ClassVar[str] = "RestablecimientoSolicitado"

    email: Email = Field(description="Correo registrado.")
    nombre: Texto = Field(description="Nombre para el saludo del correo.")
    enlace: EnlaceCifrado = Field(description="Enlace cifrado para restablecer.")
    enlace_vence_en: datetime = Field(description="Vencimiento del enlace.")


class _EmpleadorIdentidadEvent(DomainEvent):
    service: ClassVar[str] = "identity"
    aggregate_type: ClassVar[str] = "AdministracionEmpleador"
    aggregate_id_field: ClassVar[str] = "empleador_id"

    empleador_id: UUID = Field(description="Empleador (agregado Empleador de afiliación).")


class PerfilCreado(_EmpleadorIdentidadEvent):
    """Seed 002: a profile of delegate permissions (at most 100 per employer)."""

    name: ClassVar[str] = "PerfilCreado"

    perfil_id: UUID = Field(description="Perfil.")
    nombre_perfil: Texto = Field(description="Nombre del perfil.")
    permisos: list[Permiso] = Field(description="Permisos que concede.")


class PerfilModificado(_EmpleadorIdentidadEvent):
    name: ClassVar[str] = "PerfilModificado"

    perfil_id: UUID = Field(description="Perfil.")
    nombre_perfil: Texto = Field(description="Nombre del perfil.")
    permisos: list[Permiso] = Field(description="Permisos que concede tras el cambio.")


class PerfilEliminado(_EmpleadorIdentidadEvent):
    name: ClassVar[str] = "PerfilEliminado"

    perfil_id: UUID = Field(description="Perfil.")


class DelegadoCreado(_EmpleadorIdentidadEvent):
    """Seed 002: a delegate of the employer; ``enlace`` activates its access."""

    name: ClassVar[str] = "DelegadoCreado"

    delegado_id: UUID = Field(description="Delegado (su cuenta de usuario).")
    perfil_id: UUID = Field(description="Perfil asignado.")
    nombres: Texto = Field(description="Nombres del delegado.")
    cargo: Texto | None = Field(default=None, description="Cargo.")
    email: Email = Field(description="Correo del delegado.")
    enlace: EnlaceCifrado = Field(description="Enlace cifrado de activación.")
    enlace_vence_en: datetime = Field(description="Vencimiento del enlace.")


class DelegadoModificado(_EmpleadorIdentidadEvent):
    name: ClassVar[str] = "DelegadoModificado"

    delegado_id: UUID = Field(description="Delegado.")
    perfil_id: UUID = Field(description="Perfil asignado.")
    nombres: Texto = Field(description="Nombres del delegado.")
    cargo: Texto | None = Field(default=None, description="Cargo.")
    email: Email = Field(description="Correo del delegado.")


class DelegadoEliminado(_EmpleadorIdentidadEvent):
    name: ClassVar[str] = "DelegadoEliminado"

    delegado_id: UUID = Field(description="Delegado.")


class _SeguridadEvent(DomainEvent):
    service: ClassVar[str] = "identity"
    aggregate_type: ClassVar[str] = "Sesion"
    aggregate_id_field: ClassVar[str] = "usuario_id"

    usuario_id: UUID = Field(
        description="Cuenta; para un documento sin cuenta, un id derivado y no reversible."
    )


class InicioSesionExitoso(_SeguridadEvent):
    name: ClassVar[str] = "InicioSesionExitoso"

    segundo_factor: bool = Field(description="Si usó segundo factor (TOTP).")
    cliente: str | None = Field(default=None, max_length=64, description="Huella del cliente.")


class InicioSesionFallido(_SeguridadEvent):
    name: ClassVar[str] = "InicioSesionFallido"

    motivo: str = Field(
        pattern=r"^(credenciales|segundo-factor|bloqueo-temporal|cuenta-inactiva)$",
        description="Motivo, sin revelar cuál dato falló al usuario.",
    )
    cliente: str | None = Field(default=None, max_length=64, description="Huella del cliente.")


REGISTRO_EVENTS: tuple[type[DomainEvent], ...] = (RegistroBloqueado,)
USUARIO_EVENTS: tuple[type[DomainEvent], ...] = (
    UsuarioRegistrado,
    ContrasenaEstablecida,
    ContrasenaCambiada,
    RestablecimientoSolicitado,
)
EMPLEADOR_EVENTS: tuple[type[DomainEvent], ...] = (
    PerfilCreado,
    PerfilModificado,
    PerfilEliminado,
    DelegadoCreado,
    DelegadoModificado,
    DelegadoEliminado,
)
SEGURIDAD_EVENTS: tuple[type[DomainEvent], ...] = (InicioSesionExitoso, InicioSesionFallido)
EVENT_CLASSES: tuple[type[DomainEvent], ...] = (
    REGISTRO_EVENTS + USUARIO_EVENTS + EMPLEADOR_EVENTS + SEGURIDAD_EVENTS
)

TOPICS: tuple[Topic, ...] = (
    Topic(
        name="eps.identity.registros",
        owner="identity",
        key="afiliado_id",
        event_classes=REGISTRO_EVENTS,
        description="Intentos de registro de un afiliado: bloqueos por preguntas fallidas.",
    ),
    Topic(
        name="eps.identity.usuarios",
        owner="identity",
        key="usuario_id",
        event_classes=USUARIO_EVENTS,
        description="Cuentas de usuario: registro y contraseñas (sin secretos en claro).",
    ),
    Topic(
        name="eps.identity.empleadores",
        owner="identity",
        key="empleador_id",
        event_classes=EMPLEADOR_EVENTS,
        description="Perfiles y delegados de cada empleador (guía de delegados).",
    ),
    Topic(
        name="eps.identity.seguridad",
        owner="identity",
        key="usuario_id",
        event_classes=SEGURIDAD_EVENTS,
        description="Auditoría de inicios de sesión exitosos y fallidos.",
    ),
)

__all__ = ["Nombre"]
