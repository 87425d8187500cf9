"""The commands of the service: dataclasses with imperative names, one handler each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from authorizations.domain.prescripcion import Direccionamiento


@dataclass(frozen=True)
class ArchivoRecibido:
    tipo_soporte: str
    nombre: str | None
    contenido: bytes = field(repr=False)


@dataclass(frozen=True)
class RadicarPresolicitud:
    presolicitud_id: UUID
    afiliado_id: UUID
    radicada_por: UUID
    plan: str
    fecha_documentos: date
    observaciones: str | None
    acepta_terminos: bool
    archivos: tuple[ArchivoRecibido, ...]


@dataclass(frozen=True)
class TomarPresolicitud:
    presolicitud_id: UUID
    operador_id: str
    prioritaria: bool
    version_esperada: int


@dataclass(frozen=True)
class ServicioAAutorizar:
    cups_codigo: str
    prestador_nombre: str
    prestador_ciudad: str | None = None
    prestador_direccion: str | None = None
    prestador_telefono: str | None = None


@dataclass(frozen=True)
class ServicioANegar:
    cups_codigo: str
    motivo: str


@dataclass(frozen=True)
class GestionarPresolicitud:
    presolicitud_id: UUID
    operador_id: str
    version_esperada: int
    autorizar: tuple[ServicioAAutorizar, ...]
    negar: tuple[ServicioANegar, ...]


@dataclass(frozen=True)
class AnularOPS:
    ops_id: UUID
    motivo: str
    version_esperada: int


@dataclass(frozen=True)
class EntregarOPSPagada:
    ops_id: UUID
    obligacion_id: UUID


@dataclass(frozen=True)
class VigilarPlazosYVencimientos:
    """Records each deadline breach and each expired OPS once."""


@dataclass(frozen=True)
class SincronizarMIPRES:
    """Records each new or changed direccionamiento (one event each; unchanged: none)."""

    direccionamientos: tuple[Direccionamiento, ...]


Comando = (
    RadicarPresolicitud
    | TomarPresolicitud
    | GestionarPresolicitud
    | AnularOPS
    | EntregarOPSPagada
    | VigilarPlazosYVencimientos
    | SincronizarMIPRES
)


@dataclass(frozen=True)
class Resultado:
    agregado_id: UUID | None = None
    version: int = 0
    consecutivo: int | None = None
    mensaje: str | None = None
    ops_ids: tuple[UUID, ...] = ()
    cambios: int = 0
