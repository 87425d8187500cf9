"""Every command of identity's accounts, as a plain dataclass with an imperative name.

``Aplicacion.ejecutar(comando)`` runs it through ``handlers.HANDLERS``; the routes build
them from the request bodies and never call a use case directly.
"""

from dataclasses import dataclass, field
from uuid import UUID

from eps_runtime.auth import Rol
from identity.domain.registro import Documento


@dataclass(frozen=True)
class ComprobarDocumento:
    """Registration step 1 («Válida»): may the holder of ``documento`` register now?"""

    documento: Documento


@dataclass(frozen=True)
class EmitirPreguntas:
    """Registration step 2: the three security questions of ``documento``."""

    documento: Documento


@dataclass(frozen=True)
class ResponderPreguntas:
    conjunto_id: UUID
    respuestas: dict[str, str] = field(hash=False)


@dataclass(frozen=True)
class CrearCuentaAfiliado:
    """Registration step 3: spends the ticket and opens the account (no password yet)."""

    tiquete: str
    email: str
    telefono_movil: str
    terminos_version: str


@dataclass(frozen=True)
class EstablecerContrasena:
    """With an activation or reset link."""

    token: str
    contrasena: str
    confirmacion: str


@dataclass(frozen=True)
class CambiarContrasena:
    usuario_id: UUID
    actual: str
    nueva: str
    confirmacion: str
    ip: str | None


@dataclass(frozen=True)
class SolicitarRestablecimiento:
    documento: Documento
    rol: Rol = Rol.AFILIADO
    empleador_id: UUID | None = None


@dataclass(frozen=True)
class IniciarSesion:
    documento: Documento
    contrasena: str
    codigo_totp: str | None
    ip: str | None
    rol: Rol = Rol.AFILIADO
    empleador_id: UUID | None = None


@dataclass(frozen=True)
class RenovarSesion:
    renovacion: str


@dataclass(frozen=True)
class CerrarSesion:
    renovacion: str


@dataclass(frozen=True)
class IniciarTotp:
    usuario_id: UUID


@dataclass(frozen=True)
class ConfirmarTotp:
    usuario_id: UUID
    codigo: str


@dataclass(frozen=True)
class DesactivarTotp:
    usuario_id: UUID
    contrasena: str
    codigo: str


@dataclass(frozen=True)
class Representante:
    """What the legal representative types in the employer's registration form."""

    nombre: str
    documento: Documento
    email: str
    telefono_movil: str
    terminos_version: str


@dataclass(frozen=True)
class CrearCuentaEmpleador:
    """The legal representative opens the employer's account with its NIT and check digit."""

    nit: str
    digito_verificacion: int
    representante: Representante


@dataclass(frozen=True)
class ActivarDelegado:
    token: str
    contrasena: str
    confirmacion: str
