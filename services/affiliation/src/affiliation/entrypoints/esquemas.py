"""Request and response bodies of the HTTP API, with Spanish validation messages.

Text is trimmed and inner spaces collapsed before it is checked, so "  Ana   María " is
"Ana María"; an empty optional text counts as absent (``null``).
"""

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    ValidationInfo,
    field_validator,
)

from affiliation.application.comandos import CondicionesBeneficiario, RegistrarAfiliado
from affiliation.application.puertos import EventoDelHistorial
from affiliation.domain.afiliado import Afiliado
from affiliation.domain.valores import DatosContacto, NombreCompleto
from eps_contracts.types import (
    Escolaridad,
    EstadoAfiliacion,
    EstadoCivil,
    Etnia,
    NivelSisben,
    Parentesco,
    Pariente,
    RangoSalarial,
    Regimen,
    Sexo,
    SubtipoCotizante,
    TipoAfiliado,
    TipoCotizante,
    TipoDocumento,
    validar_numero_documento,
)
from eps_contracts.valores import Documento

_NOMBRE = re.compile(r"^[A-Za-zÁÉÍÓÚÜÑáéíóúüñ' .-]+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CELULAR = re.compile(r"^3[0-9]{9}$")
_DIVIPOLA = re.compile(r"^[0-9]{5}$")


def _recortar(valor: Any) -> Any:
    return " ".join(valor.split()) if isinstance(valor, str) else valor


def _recortar_opcional(valor: Any) -> Any:
    valor = _recortar(valor)
    return None if valor == "" else valor


def _opcional(validar: Callable[[str], str]) -> Callable[[str | None], str | None]:
    def validar_si_hay(valor: str | None) -> str | None:
        return None if valor is None else validar(valor)

    return validar_si_hay


def _nombre(valor: str) -> str:
    if not valor:
        raise ValueError("es obligatorio")
    if len(valor) > 100:
        raise ValueError("admite máximo 100 caracteres")
    if not _NOMBRE.match(valor):
        raise ValueError("solo admite letras, espacios, apóstrofos, puntos y guiones")
    return valor


def _email(valor: str) -> str:
    if len(valor) > 254 or not _EMAIL.match(valor):
        raise ValueError("no es un correo electrónico válido")
    return valor.lower()


def _celular(valor: str) -> str:
    valor = valor.replace(" ", "").replace("-", "")
    if not _CELULAR.match(valor):
        raise ValueError("debe ser un celular colombiano de 10 dígitos que empiece por 3")
    return valor


def _direccion(valor: str) -> str:
    if len(valor) > 200:
        raise ValueError("admite máximo 200 caracteres")
    return valor


def _divipola(valor: str) -> str:
    if not _DIVIPOLA.match(valor):
        raise ValueError("debe ser el código DIVIPOLA del municipio: 5 dígitos")
    return valor


def _codigo_ips(valor: str) -> str:
    if len(valor) > 20:
        raise ValueError("admite máximo 20 caracteres")
    return valor


Nombre = Annotated[str, BeforeValidator(_recortar), AfterValidator(_nombre)]
NombreOpcional = Annotated[
    str | None, BeforeValidator(_recortar_opcional), AfterValidator(_opcional(_nombre))
]
Email = Annotated[
    str | None, BeforeValidator(_recortar_opcional), AfterValidator(_opcional(_email))
]
Celular = Annotated[
    str | None, BeforeValidator(_recortar_opcional), AfterValidator(_opcional(_celular))
]
Direccion = Annotated[
    str | None, BeforeValidator(_recortar_opcional), AfterValidator(_opcional(_direccion))
]
Divipola = Annotated[
    str | None, BeforeValidator(_recortar_opcional), AfterValidator(_opcional(_divipola))
]
CodigoIps = Annotated[
    str | None, BeforeValidator(_recortar_opcional), AfterValidator(_opcional(_codigo_ips))
]
NumeroDocumento = Annotated[str, BeforeValidator(_recortar)]


class Condiciones(BaseModel):
    """What Decreto 806 de 1998 asks of a beneficiary or adicional to join the group."""

    depende_economicamente: bool = True
    estudiante_tiempo_completo: bool = False
    discapacidad_permanente: bool = False
    pensionado: bool = False
    fecha_inicio_union: date | None = Field(
        default=None, description="Inicio de la unión (compañero permanente)."
    )
    pariente: Pariente | None = Field(
        default=None, description="Parentesco de un adicional (grado de consanguinidad)."
    )

    def comando(self) -> CondicionesBeneficiario:
        return CondicionesBeneficiario(**self.model_dump())


Pesos = Annotated[int, Field(ge=0, le=10_000_000_000, description="Pesos colombianos.")]


class SolicitudRegistro(BaseModel):
    """``POST /afiliados``: a person to affiliate (back office)."""

    tipo_documento: TipoDocumento
    numero_documento: NumeroDocumento
    primer_nombre: Nombre
    segundo_nombre: NombreOpcional = None
    primer_apellido: Nombre
    segundo_apellido: NombreOpcional = None
    fecha_nacimiento: date
    sexo: Sexo
    tipo_afiliado: TipoAfiliado
    regimen: Regimen
    fecha_afiliacion: date | None = Field(default=None, description="Por defecto, hoy.")
    cotizante_id: UUID | None = Field(
        default=None, description="Cotizante del que depende un beneficiario o adicional."
    )
    parentesco: Parentesco | None = None
    email: Email = None
    telefono_movil: Celular = None
    direccion: Direccion = None
    municipio_divipola: Divipola = None
    ips_primaria_codigo: CodigoIps = None
    estado_civil: EstadoCivil | None = None
    etnia: Etnia | None = None
    escolaridad: Escolaridad | None = None
    subtipo_cotizante: SubtipoCotizante | None = Field(
        default=None, description="Subtipo de cotizante (solo cotizantes), con su IBC."
    )
    ibc: Pesos | None = Field(default=None, description="Ingreso base de cotización mensual.")
    empleador_id: UUID | None = Field(default=None, description="Empleador (dependientes).")
    nivel_sisben: NivelSisben | None = None
    condiciones: Condiciones | None = Field(
        default=None, description="Condiciones del beneficiario o adicional (Decreto 806)."
    )

    def comando(self, *, afiliado_id: UUID, cotizante_id: UUID | None = None) -> RegistrarAfiliado:
        """The registration this request asks for; ``cotizante_id`` overrides the body's
        (a novedad 4, 5 or 6 names the cotizante in its path)."""
        return RegistrarAfiliado(
            afiliado_id=afiliado_id,
            documento=Documento(self.tipo_documento, self.numero_documento),
            nombre=NombreCompleto(
                self.primer_nombre, self.primer_apellido, self.segundo_nombre, self.segundo_apellido
            ),
            fecha_nacimiento=self.fecha_nacimiento,
            sexo=self.sexo,
            tipo_afiliado=self.tipo_afiliado,
            regimen=self.regimen,
            fecha_afiliacion=self.fecha_afiliacion,
            cotizante_id=cotizante_id or self.cotizante_id,
            parentesco=self.parentesco,
            contacto=DatosContacto(
                self.email, self.telefono_movil, self.direccion, self.municipio_divipola
            ),
            ips_primaria_codigo=self.ips_primaria_codigo,
            estado_civil=self.estado_civil,
            etnia=self.etnia,
            escolaridad=self.escolaridad,
            subtipo_cotizante=self.subtipo_cotizante,
            ibc=self.ibc,
            empleador_id=self.empleador_id,
            nivel_sisben=self.nivel_sisben,
            condiciones=self.condiciones.comando() if self.condiciones else None,
        )

    @field_validator("numero_documento")
    @classmethod
    def _numero_valido_para_el_tipo(cls, numero: str, info: ValidationInfo) -> str:
        # With an invalid type (reported on its own field) only the rules common to every
        # type apply: PA is the least restrictive type.
        tipo = info.data.get("tipo_documento", TipoDocumento.PA)
        return validar_numero_documento(tipo, numero)


class CambioDatosContacto(BaseModel):
    """``PATCH /afiliados/{id}/contacto``: the fields sent replace the current ones; a field
    sent as ``null`` is cleared; a field not sent stays as it is."""

    email: Email = None
    telefono_movil: Celular = None
    direccion: Direccion = None
    municipio_divipola: Divipola = None
    version: int | None = Field(
        default=None, ge=1, description="Versión consultada; alternativa al encabezado If-Match."
    )


class AfiliadoCreado(BaseModel):
    afiliado_id: UUID
    version: int


class AfiliadoVista(BaseModel):
    afiliado_id: UUID
    version: int
    tipo_documento: TipoDocumento
    numero_documento: str
    primer_nombre: str
    segundo_nombre: str | None
    primer_apellido: str
    segundo_apellido: str | None
    fecha_nacimiento: date
    sexo: Sexo
    tipo_afiliado: TipoAfiliado
    cotizante_id: UUID | None
    parentesco: Parentesco | None
    regimen: Regimen
    estado: EstadoAfiliacion
    fecha_afiliacion: date
    email: str | None
    telefono_movil: str | None
    direccion: str | None
    municipio_divipola: str | None
    ips_primaria_codigo: str | None
    estado_civil: EstadoCivil | None = None
    etnia: Etnia | None = None
    escolaridad: Escolaridad | None = None
    tipo_cotizante: TipoCotizante | None = None
    subtipo_cotizante: SubtipoCotizante | None = None
    ibc: int | None = None
    rango_salarial: RangoSalarial | None = None
    empleadores: list[UUID] = Field(default_factory=list)
    causal_inclusion: str | None = None
    grupo_familiar: list[dict[str, Any]] = Field(default_factory=list)
    soportes: list[dict[str, Any]] = Field(default_factory=list)
    solicitudes_ips: list[dict[str, Any]] = Field(default_factory=list)
    planes_pac: list[dict[str, Any]] = Field(default_factory=list)

    @classmethod
    def de(cls, a: Afiliado) -> "AfiliadoVista":
        return cls(
            afiliado_id=a.afiliado_id,
            version=a.version,
            tipo_documento=a.documento.tipo,
            numero_documento=a.documento.numero,
            primer_nombre=a.nombre.primer_nombre,
            segundo_nombre=a.nombre.segundo_nombre,
            primer_apellido=a.nombre.primer_apellido,
            segundo_apellido=a.nombre.segundo_apellido,
            fecha_nacimiento=a.fecha_nacimiento,
            sexo=a.sexo,
            tipo_afiliado=a.tipo_afiliado,
            cotizante_id=a.cotizante_id,
            parentesco=a.parentesco,
            regimen=a.regimen,
            estado=a.estado,
            fecha_afiliacion=a.fecha_afiliacion,
            email=a.contacto.email,
            telefono_movil=a.contacto.telefono_movil,
            direccion=a.contacto.direccion,
            municipio_divipola=a.contacto.municipio_divipola,
            ips_primaria_codigo=a.ips_primaria_codigo,
            estado_civil=a.estado_civil,
            etnia=a.etnia,
            escolaridad=a.escolaridad,
            tipo_cotizante=a.tipo_cotizante,
            subtipo_cotizante=a.subtipo_cotizante,
            ibc=a.ibc,
            rango_salarial=a.rango_salarial,
            empleadores=list(a.empleadores),
            causal_inclusion=a.causal_inclusion,
            grupo_familiar=[_dict(b) for b in a.grupo.values()],
            soportes=[_dict(s) for s in a.soportes.values()],
            solicitudes_ips=[_dict(s) for s in a.solicitudes_ips.values()],
            planes_pac=[_dict(p) for p in a.planes_pac.values()],
        )


def _dict(valor: Any) -> dict[str, Any]:
    return {campo: getattr(valor, campo) for campo in valor.__dataclass_fields__}


class EventoVista(BaseModel):
    version: int
    tipo: str = Field(description="Tipo CloudEvents del evento.")
    registrado_en: datetime
    datos: dict[str, Any]

    @classmethod
    def de(cls, e: EventoDelHistorial) -> "EventoVista":
        return cls(version=e.version, tipo=e.tipo, registrado_en=e.registrado_en, datos=e.datos)


class HistorialVista(BaseModel):
    afiliado_id: UUID
    eventos: list[EventoVista]
