"""The commands of the PQRS service (imperative names) and their results."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from eps_contracts.events.pqrs import Canal, Riesgo, TipoRadicante, TipoSolicitud


@dataclass(frozen=True)
class ArchivoAdjunto:
    """An upload already validated by content (``eps_runtime.archivos``)."""

    nombre: str
    tipo_mime: str
    contenido: bytes


@dataclass(frozen=True)
class RadicarSolicitud:
    tipo: TipoSolicitud
    descripcion: str
    radicante: TipoRadicante
    canal: Canal = Canal.OFICINA_VIRTUAL
    afiliado_id: UUID | None = None
    empleador_id: UUID | None = None
    radicada_por: str | None = None
    email_respuesta: str | None = None
    adjuntos: tuple[ArchivoAdjunto, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class SolicitudRadicada:
    solicitud_id: UUID
    radicado: str
    vence_en: datetime | None
    codigo_consulta: str | None
    """Only for an anonymous filing: shown once, never stored in clear."""

    @property
    def mensaje(self) -> str:
        return (
            f"Registro exitoso con el número de radicado {self.radicado} enviaremos respuesta "
            "al correo electrónico registrado"
        )


@dataclass(frozen=True)
class ClasificarRiesgo:
    solicitud_id: UUID
    riesgo: Riesgo
    por: str
    version_esperada: int | None = None


@dataclass(frozen=True)
class AsignarSolicitud:
    solicitud_id: UUID
    area: str
    operador_id: str
    por: str
    version_esperada: int | None = None


@dataclass(frozen=True)
class IniciarGestion:
    solicitud_id: UUID
    operador_id: str
    version_esperada: int | None = None


@dataclass(frozen=True)
class ProrrogarSolicitud:
    solicitud_id: UUID
    motivo: str
    nueva_fecha: date
    por: str
    version_esperada: int | None = None


@dataclass(frozen=True)
class TrasladarSolicitud:
    solicitud_id: UUID
    entidad: str
    motivo: str
    por: str
    version_esperada: int | None = None


@dataclass(frozen=True)
class DesistirSolicitud:
    solicitud_id: UUID
    version_esperada: int | None = None


@dataclass(frozen=True)
class ResponderSolicitud:
    solicitud_id: UUID
    respuesta: str
    por: str
    version_esperada: int | None = None


@dataclass(frozen=True)
class CalificarRespuesta:
    solicitud_id: UUID
    estrellas: int


@dataclass(frozen=True)
class ResponderEncuesta:
    usuario_id: str
    afiliado_id: UUID | None
    facilidad: int
    tiempo: int
    claridad: int
    satisfaccion: int
    comentario: str | None = None


@dataclass(frozen=True)
class MarcarPlazosIncumplidos:
    limite: int = 500


@dataclass(frozen=True)
class Cambio:
    """A solicitud changed: its new version."""

    solicitud_id: UUID
    version: int


Comando = (
    RadicarSolicitud
    | ClasificarRiesgo
    | AsignarSolicitud
    | IniciarGestion
    | ProrrogarSolicitud
    | TrasladarSolicitud
    | DesistirSolicitud
    | ResponderSolicitud
    | CalificarRespuesta
    | ResponderEncuesta
    | MarcarPlazosIncumplidos
)
Resultado = SolicitudRadicada | Cambio | int | None
