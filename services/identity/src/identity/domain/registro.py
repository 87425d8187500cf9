"""Registration, step 1 ("Válida"): the document must belong to an affiliate of the EPS.

The messages are the manual's own (Manual Oficina Virtual Afiliados, 2.1.1).
"""

from dataclasses import dataclass

from eps_contracts.types import TipoDocumento

LINEA_ATENCION = "018000938777"

DOCUMENTO_NO_REGISTRADO = (
    "El tipo y número de identificación no se encuentra registrado en nuestra base de datos "
    "de afiliados a la EPS. Para mayor información comuníquese con la línea de atención al "
    f"cliente {LINEA_ATENCION}"
)


@dataclass(frozen=True)
class Documento:
    tipo: TipoDocumento
    numero: str


@dataclass(frozen=True)
class AfiliadoValidable:
    """What step 1 shows the person so they can confirm it is them: names only."""

    documento: Documento
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


class DocumentoNoRegistrado(LookupError):
    """No affiliate holds the document. The message is the manual's and names no one."""

    def __init__(self) -> None:
        super().__init__(DOCUMENTO_NO_REGISTRADO)
