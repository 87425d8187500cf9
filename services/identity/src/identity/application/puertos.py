"""Ports: what identity's use cases need from the outside world, as protocols.

The SQL adapters (``adapters.unidad_de_trabajo``, ``adapters.cuentas_sql``) and the other
adapters (argon2id hashing, the Ed25519 signature, Fernet for the TOTP secrets, the CAPTCHA,
the rate limiter) satisfy them; no use case sees a connection or a SQL statement.

The unit of work is one transaction: what a block writes (state rows and the events of the
same change) commits together when the block ends without an exception, and nothing of it
when one escapes (ADR 0004).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import TracebackType
from typing import Any, Protocol, Self
from uuid import UUID

from eps_contracts.events import DomainEvent
from eps_contracts.types import EstadoAfiliacion
from eps_runtime.auth import Rol
from identity.domain.registro import Documento

# -- what the rows say ---------------------------------------------------------------------


@dataclass(frozen=True)
class Usuario:
    """An account as login, sessions and the second factor see it."""

    usuario_id: UUID
    rol: str
    afiliado_id: UUID | None
    empleador_id: UUID | None
    contrasena_hash: str | None
    totp_secreto: str | None
    email: str
    nombre: str | None
    estado_afiliacion: str | None = None

    @property
    def retirado(self) -> bool:
        """An affiliate whose affiliation is RETIRADO in the read model (no login)."""
        return self.rol == Rol.AFILIADO and self.estado_afiliacion == EstadoAfiliacion.RETIRADO


@dataclass(frozen=True)
class EnlaceCuenta:
    """A single-use link (activation or reset) and whose account it is."""

    usuario_id: UUID
    vence_en: datetime
    usado_en: datetime | None
    email: str
    nombre: str | None


@dataclass(frozen=True)
class Fallos:
    """The login failures of a key within the window."""

    n: int
    primero: datetime | None
    ultimo: datetime | None


@dataclass(frozen=True)
class Renovacion:
    """A refresh token (locked for the transaction) and its session."""

    familia_id: UUID
    usado_en: datetime | None
    usuario_id: UUID
    vence_en: datetime
    revocada_en: datetime | None


@dataclass(frozen=True)
class Beneficiario:
    afiliado_id: UUID
    fecha_nacimiento: date


@dataclass(frozen=True)
class NuevoUsuario:
    """Who a new account is, as ``UsuarioRegistrado`` tells it (an affiliate or an employer)."""

    usuario_id: UUID
    rol: str
    documento: Documento
    nombre: str
    email: str
    telefono_movil: str
    terminos_version: str
    afiliado_id: UUID | None = None
    empleador_id: UUID | None = None


@dataclass(frozen=True)
class NuevoDelegado:
    usuario_id: UUID
    empleador_id: UUID
    documento: Documento
    email: str
    telefono_movil: str | None
    nombre: str
    contrasena_hash: str


@dataclass(frozen=True)
class ConjuntoPreguntas:
    """A set of security questions issued (locked for the transaction)."""

    documento: Documento
    afiliado_id: UUID
    correctas: Mapping[str, Any]
    vence_en: datetime
    usado_en: datetime | None


@dataclass(frozen=True)
class IntentosRegistro:
    fallidos: int
    bloqueado_hasta: datetime | None


@dataclass(frozen=True)
class TiqueteUsado:
    afiliado_id: UUID
    documento: Documento


@dataclass(frozen=True)
class EmpleadorConocido:
    """An employer of identity's read model of affiliation's registry."""

    empleador_id: UUID
    tipo_documento: str
    numero_documento: str
    digito_verificacion: int | None
    razon_social: str


# -- repositories (one transaction: the unit of work's) ------------------------------------


class RepositorioCuentas(Protocol):
    """Accounts, their links, sessions, refresh tokens, second factor and login failures."""

    async def crear(self, usuario: NuevoUsuario, ahora: datetime) -> bool:
        """Creates the account (no password); False if one of that role exists already."""
        ...

    async def crear_delegado(self, delegado: NuevoDelegado, ahora: datetime) -> bool: ...

    async def crear_operador(
        self,
        usuario_id: UUID,
        documento: Documento,
        *,
        email: str,
        nombre: str,
        totp_cifrado: str,
        ahora: datetime,
    ) -> bool: ...

    async def por_id(self, usuario_id: UUID) -> Usuario | None: ...

    async def por_documento(self, documento: Documento) -> Usuario | None:
        """An affiliate's account by the document his affiliate holds now, or an
        operator's."""
        ...

    async def de_empleador(
        self, documento: Documento, rol: Rol, empleador_id: UUID
    ) -> Usuario | None: ...

    async def beneficiarios(self, cotizante_id: UUID) -> list[Beneficiario]:
        """The cotizante's beneficiaries and adicionales not retired (the read model)."""
        ...

    async def guardar_enlace(
        self,
        token_hash: bytes,
        usuario_id: UUID,
        proposito: str,
        ahora: datetime,
        vence: datetime,
    ) -> None: ...

    async def enlace(self, token_hash: bytes) -> EnlaceCuenta | None: ...

    async def usar_enlace(self, token_hash: bytes, ahora: datetime) -> bool:
        """Spends a link still valid at ``ahora``; False if it was spent or expired."""
        ...

    async def guardar_contrasena(
        self, usuario_id: UUID, contrasena_hash: str, ahora: datetime
    ) -> None: ...

    async def revocar_sesiones(self, usuario_id: UUID, ahora: datetime, motivo: str) -> None: ...

    async def bloquear(self, clave: str) -> None:
        """Serialises the transactions about ``clave`` until this one ends."""
        ...

    async def fallos(self, clave: str, desde: datetime) -> Fallos: ...

    async def registrar_fallo(self, clave: str, ahora: datetime, olvidar_hasta: datetime) -> None:
        """Records a failure and forgets those of ``clave`` up to ``olvidar_hasta``."""
        ...

    async def olvidar_fallos(self, clave: str) -> None: ...

    async def crear_sesion(
        self, familia_id: UUID, usuario_id: UUID, ahora: datetime, vence: datetime
    ) -> None: ...

    async def guardar_renovacion(
        self, token_hash: bytes, familia_id: UUID, ahora: datetime
    ) -> None: ...

    async def renovacion(self, token_hash: bytes) -> Renovacion | None: ...

    async def usar_renovacion(self, token_hash: bytes, ahora: datetime) -> None: ...

    async def familia_de(self, token_hash: bytes) -> UUID | None: ...

    async def revocar_familia(self, familia_id: UUID, ahora: datetime, motivo: str) -> None: ...

    async def guardar_totp_pendiente(self, usuario_id: UUID, secreto_cifrado: str) -> None: ...

    async def totp_pendiente(self, usuario_id: UUID) -> str | None: ...

    async def activar_totp(self, usuario_id: UUID, paso: int) -> None: ...

    async def desactivar_totp(self, usuario_id: UUID) -> None: ...

    async def usar_paso_totp(self, usuario_id: UUID, paso: int) -> bool:
        """Records ``paso`` as used; False if it (or a later one) was used already."""
        ...


class RepositorioRegistro(Protocol):
    """Registration's state: questions issued, attempts per document, tickets."""

    async def guardar_preguntas(
        self,
        conjunto_id: UUID,
        documento: Documento,
        afiliado_id: UUID,
        correctas: Mapping[str, Any],
        ahora: datetime,
        vence: datetime,
    ) -> None: ...

    async def conjunto(self, conjunto_id: UUID) -> ConjuntoPreguntas | None: ...

    async def usar_conjunto(self, conjunto_id: UUID, ahora: datetime) -> None: ...

    async def intentos(self, documento: Documento, ahora: datetime) -> IntentosRegistro:
        """The document's attempts, its row created if missing and locked."""
        ...

    async def guardar_intentos(
        self, documento: Documento, fallidos: int, hasta: datetime | None, ahora: datetime
    ) -> None: ...

    async def guardar_tiquete(
        self, tiquete_hash: bytes, afiliado_id: UUID, documento: Documento, vence: datetime
    ) -> None: ...

    async def usar_tiquete(self, tiquete_hash: bytes, ahora: datetime) -> TiqueteUsado | None: ...


class Eventos(Protocol):
    """Appends to identity's streams in the unit of work's transaction (the outbox)."""

    async def registrar(self, stream_id: UUID, evento: DomainEvent) -> None:
        """After the stream's current version."""
        ...

    async def iniciar(self, stream_id: UUID, evento: DomainEvent) -> None:
        """The first event of a new stream."""
        ...


class UnidadDeTrabajo(Protocol):
    @property
    def cuentas(self) -> RepositorioCuentas: ...

    @property
    def registro(self) -> RepositorioRegistro: ...

    @property
    def eventos(self) -> Eventos: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


NuevaUnidad = Callable[[], UnidadDeTrabajo]
"""A new unit of work (a transaction) each call."""


class EstadoRegistro(Protocol):
    """Whether a document is blocked, an affiliate already registered (for step 1)."""

    async def bloqueado_hasta(self, documento: Documento) -> datetime | None: ...

    async def ya_registrado(self, afiliado_id: UUID) -> bool: ...


# -- gateways ---------------------------------------------------------------------------


class Contrasenas(Protocol):
    """Password hashing (argon2id); ``verificar`` with no hash spends the same time."""

    async def cifrar(self, contrasena: str) -> str: ...

    async def verificar(self, hash_guardado: str | None, contrasena: str) -> bool: ...


class FirmaAcceso(Protocol):
    """Signs the access tokens."""

    def firmar_acceso(
        self,
        *,
        usuario_id: UUID,
        rol: Rol,
        ahora: datetime,
        vigencia: timedelta,
        afiliado_id: UUID | None = None,
        empleador_id: UUID | None = None,
        permisos: frozenset[str] = frozenset(),
        representados: Mapping[UUID, datetime] | None = None,
    ) -> str: ...


class SecretoTotpIlegible(Exception):
    """A stored TOTP secret no key decrypts (a wrong key, or a clear secret from before
    migration 0007)."""


class CifradoSecretos(Protocol):
    """Encrypts the TOTP secrets at rest; ``descifrar`` raises ``SecretoTotpIlegible``."""

    def cifrar(self, secreto: str) -> str: ...

    def descifrar(self, guardado: str) -> str: ...


class BuscarEmpleadores(Protocol):
    async def por_documento(self, tipo_documento: str, numero: str) -> EmpleadorConocido | None:
        """The employer holding the document (``NIT`` numbers without their check digit)."""
        ...


# -- anti-automation: eps_runtime.antiautomatizacion (VerificadorCaptcha, Cubeta, LimitadorTasa)
