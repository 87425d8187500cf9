"""Commands: what a person or process asks the affiliation service to do."""

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from uuid import UUID

from affiliation.domain.valores import DatosContacto, Documento, NombreCompleto
from eps_contracts.types import Parentesco, Regimen, Sexo, TipoAfiliado


class SinCambio(Enum):
    """Marks a field a partial update leaves as it is (``None`` clears it instead)."""

    SIN_CAMBIO = "sin-cambio"


SIN_CAMBIO = SinCambio.SIN_CAMBIO


@dataclass(frozen=True, kw_only=True)
class RegistrarAfiliado:
    """Affiliate a person. ``fecha_afiliacion`` ``None`` means the day of the request."""

    afiliado_id: UUID
    documento: Documento
    nombre: NombreCompleto
    fecha_nacimiento: date
    sexo: Sexo
    tipo_afiliado: TipoAfiliado
    regimen: Regimen
    fecha_afiliacion: date | None = None
    cotizante_id: UUID | None = None
    parentesco: Parentesco | None = None
    contacto: DatosContacto = field(default_factory=DatosContacto)
    ips_primaria_codigo: str | None = None


@dataclass(frozen=True, kw_only=True)
class ActualizarDatosContacto:
    """Change some contact fields of an affiliate last seen at ``version_esperada``."""

    afiliado_id: UUID
    version_esperada: int
    email: str | SinCambio | None = SIN_CAMBIO
    telefono_movil: str | SinCambio | None = SIN_CAMBIO
    direccion: str | SinCambio | None = SIN_CAMBIO
    municipio_divipola: str | SinCambio | None = SIN_CAMBIO

    def aplicado_a(self, actual: DatosContacto) -> DatosContacto:
        """The complete contact data after this change."""
        return DatosContacto(
            email=_nuevo(self.email, actual.email),
            telefono_movil=_nuevo(self.telefono_movil, actual.telefono_movil),
            direccion=_nuevo(self.direccion, actual.direccion),
            municipio_divipola=_nuevo(self.municipio_divipola, actual.municipio_divipola),
        )


def _nuevo(pedido: str | SinCambio | None, actual: str | None) -> str | None:
    return actual if isinstance(pedido, SinCambio) else pedido


Comando = RegistrarAfiliado | ActualizarDatosContacto


@dataclass(frozen=True)
class Resultado:
    """What a command leaves: the affiliate and the stream version it is now at."""

    afiliado_id: UUID
    version: int
