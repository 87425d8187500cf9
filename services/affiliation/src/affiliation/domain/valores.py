"""Value objects of an affiliate: document, full name, contact data."""

from dataclasses import dataclass

from eps_contracts.types import TipoDocumento


@dataclass(frozen=True)
class Documento:
    """An identity document: the pair is unique among the EPS's affiliates."""

    tipo: TipoDocumento
    numero: str


@dataclass(frozen=True)
class NombreCompleto:
    primer_nombre: str
    primer_apellido: str
    segundo_nombre: str | None = None
    segundo_apellido: str | None = None

    @property
    def nombres(self) -> str:
        return " ".join(n for n in (self.primer_nombre, self.segundo_nombre) if n)

    @property
    def apellidos(self) -> str:
        return " ".join(a for a in (self.primer_apellido, self.segundo_apellido) if a)


@dataclass(frozen=True)
class DatosContacto:
    """The complete contact data; ``None`` means the affiliate has no value on record."""

    email: str | None = None
    telefono_movil: str | None = None
    direccion: str | None = None
    municipio_divipola: str | None = None
