"""Request and response bodies of the employer's administration (seed 002): profiles and
delegates. Text is trimmed and refused when PostgreSQL could not store it (control
characters, lone surrogates), so bad input is a 422, never a 500."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from eps_contracts.types import TipoDocumento, validar_numero_documento
from eps_runtime.permisos import PERMISOS_EMPLEADOR
from identity.application.empleadores import (
    CambioDelegado,
    DatosDelegado,
    DelegadoConPerfil,
    PerfilConUso,
)
from identity.domain.empleadores import MAXIMO_PERFILES, Perfil

# -- bodies ------------------------------------------------------------------------------------

_NOMBRE_PERSONA = re.compile(r"^[^\W\d_]+(?:[ '.\-][^\W\d_]*)*$")
_TELEFONO = re.compile(r"^[0-9]{7,10}$")
_CELULAR = re.compile(r"^3[0-9]{9}$")
_CORREO = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def problema_de_texto(valor: str) -> str | None:
    """Why ``valor`` cannot be stored as text (PostgreSQL refuses NUL, UTF-8 surrogates)."""
    if _CONTROL.search(valor):
        return "no admite caracteres de control"
    try:
        valor.encode("utf-8")
    except UnicodeEncodeError:
        return "contiene caracteres no válidos"
    return None


def _texto_limpio(valor: Any) -> Any:
    if not isinstance(valor, str):
        return valor
    problema = problema_de_texto(valor)
    if problema is not None:
        raise ValueError(problema)
    return " ".join(valor.split())


def _opcional(valor: Any) -> Any:
    valor = _texto_limpio(valor)
    return None if valor == "" else valor


class _Cuerpo(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SolicitudPerfil(_Cuerpo):
    """A profile: its name and the permissions it grants (codes of ``GET …/permisos``)."""

    nombre: str = Field(min_length=1, max_length=100, description="Nombre del perfil.")
    permisos: list[str] = Field(
        min_length=1, max_length=len(PERMISOS_EMPLEADOR), description="Permisos que concede."
    )

    _limpiar = field_validator("nombre", mode="before")(_texto_limpio)


class _CamposDelegado(_Cuerpo):
    nombres: str = Field(min_length=2, max_length=100, description="Nombres y apellidos.")
    cargo: str | None = Field(default=None, max_length=100, description="Cargo.")
    telefono: str | None = Field(default=None, description="Teléfono fijo, 7 a 10 dígitos.")
    celular: str = Field(description="Celular colombiano de 10 dígitos.")
    correo: str = Field(max_length=254, description="Correo electrónico del delegado.")
    perfil_id: UUID = Field(description="Perfil asignado.")

    _limpiar = field_validator("nombres", "correo", mode="before")(_texto_limpio)
    _opcionales = field_validator("cargo", "telefono", mode="before")(_opcional)

    @field_validator("nombres")
    @classmethod
    def _nombres_validos(cls, valor: str) -> str:
        if not _NOMBRE_PERSONA.match(valor):
            raise ValueError("solo admite letras, espacios, apóstrofos, puntos y guiones")
        return valor

    @field_validator("telefono")
    @classmethod
    def _telefono_valido(cls, valor: str | None) -> str | None:
        if valor is not None and not _TELEFONO.match(valor):
            raise ValueError("debe tener entre 7 y 10 dígitos, sin espacios ni signos")
        return valor

    @field_validator("celular")
    @classmethod
    def _celular_valido(cls, valor: str) -> str:
        if not _CELULAR.match(valor):
            raise ValueError("debe tener 10 dígitos y empezar por 3, sin espacios ni signos")
        return valor

    @field_validator("correo")
    @classmethod
    def _correo_valido(cls, valor: str) -> str:
        if not _CORREO.match(valor):
            raise ValueError("no es un correo electrónico válido")
        return valor


class SolicitudDelegado(_CamposDelegado):
    """Seed 002's "crear delegado" form."""

    tipo_documento: TipoDocumento = Field(description="Tipo de identificación.")
    numero_documento: str = Field(description="Número de documento, sin puntos ni espacios.")

    _sin_espacios = field_validator("numero_documento", mode="before")(_texto_limpio)

    @field_validator("numero_documento")
    @classmethod
    def _numero_valido(cls, numero: str, info: ValidationInfo) -> str:
        tipo = info.data.get("tipo_documento", TipoDocumento.PA)
        return validar_numero_documento(tipo, numero)

    def datos(self) -> DatosDelegado:
        return DatosDelegado(
            nombres=self.nombres,
            tipo_documento=self.tipo_documento,
            numero_documento=self.numero_documento,
            cargo=self.cargo,
            telefono=self.telefono,
            celular=self.celular,
            email=self.correo,
            perfil_id=self.perfil_id,
        )


class CambioDelegadoSolicitud(_CamposDelegado):
    """Seed 002's "modificar delegado": names, position, phones, e-mail and profile."""

    def cambio(self) -> CambioDelegado:
        return CambioDelegado(
            nombres=self.nombres,
            cargo=self.cargo,
            telefono=self.telefono,
            celular=self.celular,
            email=self.correo,
            perfil_id=self.perfil_id,
        )


class ConfirmacionEliminacion(_Cuerpo):
    confirmar: bool = Field(description="Debe ser true: la eliminación es definitiva.")


# -- views -------------------------------------------------------------------------------------


class PermisoVista(BaseModel):
    codigo: str
    descripcion: str


def vistas_permisos(codigos: tuple[str, ...] | list[str]) -> list[PermisoVista]:
    return [PermisoVista(codigo=c, descripcion=PERMISOS_EMPLEADOR.get(c, c)) for c in codigos]


class PerfilResumen(BaseModel):
    perfil_id: UUID
    nombre: str
    permisos: list[PermisoVista]

    @classmethod
    def de(cls, perfil: Perfil) -> PerfilResumen:
        return cls(
            perfil_id=perfil.perfil_id,
            nombre=perfil.nombre,
            permisos=vistas_permisos(perfil.permisos),
        )


class PerfilVista(PerfilResumen):
    delegados: int = Field(description="Delegados que tienen asignado el perfil.")

    @classmethod
    def con_uso(cls, p: PerfilConUso) -> PerfilVista:
        return cls(
            perfil_id=p.perfil.perfil_id,
            nombre=p.perfil.nombre,
            permisos=vistas_permisos(p.perfil.permisos),
            delegados=p.delegados,
        )


class ListaPerfiles(BaseModel):
    perfiles: list[PerfilVista]
    total: int
    maximo: int = MAXIMO_PERFILES


class DelegadoVista(BaseModel):
    delegado_id: UUID
    nombres: str
    tipo_documento: TipoDocumento
    numero_documento: str
    cargo: str | None
    telefono: str | None
    celular: str | None
    correo: str
    perfil: PerfilResumen
    creado_en: datetime
    actualizado_en: datetime

    @classmethod
    def de(cls, d: DelegadoConPerfil) -> DelegadoVista:
        datos = d.ficha.datos
        return cls(
            delegado_id=d.ficha.delegado_id,
            nombres=datos.nombres,
            tipo_documento=datos.tipo_documento,
            numero_documento=datos.numero_documento,
            cargo=datos.cargo,
            telefono=datos.telefono,
            celular=datos.celular,
            correo=datos.email,
            perfil=PerfilResumen.de(d.perfil),
            creado_en=d.ficha.creado_en,
            actualizado_en=d.ficha.actualizado_en,
        )


class ListaDelegados(BaseModel):
    delegados: list[DelegadoVista]
    total: int
