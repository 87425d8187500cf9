"""Registration, step 1 ("Válida"): the document must belong to an affiliate of the EPS.

The "not registered" message is the manual's own (Manual Oficina Virtual Afiliados, 2.1.1).

Who may register, by the affiliation's estado:
- ACTIVO, SUSPENDIDO, PROTECCION_LABORAL: yes. A suspension stops new health services from
  being authorized (e.g. for mora) but the person is still an affiliate of the EPS, and the
  Oficina Virtual is where they see why and settle it: access is not taken away.
- RETIRADO: no. The manual's step 1 checks that the person is an affiliate of the EPS, and a
  retired person no longer is. They get their own refusal (``AfiliacionRetirada``, HTTP 409
  ``afiliacion-retirada``), not the "not registered" one: the document is known, it is the
  affiliation's state that prevents registering, and a reingreso (reactivation) lifts it.
  The refusal shows no names.
"""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from eps_contracts.types import EstadoAfiliacion, TipoDocumento
from eps_runtime import errores

LINEA_ATENCION = "018000938777"

DOCUMENTO_NO_REGISTRADO = (
    "El tipo y número de identificación no se encuentra registrado en nuestra base de datos "
    "de afiliados a la EPS. Para mayor información comuníquese con la línea de atención al "
    f"cliente {LINEA_ATENCION}"
)

AFILIACION_RETIRADA = (
    "La afiliación a la EPS asociada a este tipo y número de identificación se encuentra "
    "retirada, por lo que no es posible registrarse en la Oficina Virtual. Para mayor "
    f"información comuníquese con la línea de atención al cliente {LINEA_ATENCION}"
)


@dataclass(frozen=True)
class Documento:
    tipo: TipoDocumento
    numero: str


@dataclass(frozen=True)
class AfiliadoValidable:
    """What step 1 shows the person so they can confirm it is them (names only), and the
    affiliation's estado, which decides whether they may register."""

    documento: Documento
    primer_nombre: str
    primer_apellido: str
    segundo_nombre: str | None = None
    segundo_apellido: str | None = None
    estado: EstadoAfiliacion = EstadoAfiliacion.ACTIVO
    # What the security questions (step 2, "Registra") and the adults-only rule need. Step 1
    # never shows them.
    afiliado_id: UUID | None = None
    fecha_nacimiento: date | None = None
    telefono_movil: str | None = None
    direccion: str | None = None

    @property
    def puede_registrarse(self) -> bool:
        """Every affiliate but a retired one (see the module's docstring)."""
        return self.estado is not EstadoAfiliacion.RETIRADO

    @property
    def nombres(self) -> str:
        return " ".join(n for n in (self.primer_nombre, self.segundo_nombre) if n)

    @property
    def apellidos(self) -> str:
        return " ".join(a for a in (self.primer_apellido, self.segundo_apellido) if a)


class DocumentoNoRegistrado(errores.NoEncontrado):
    """No affiliate holds the document. The message is the manual's and names no one."""

    codigo = "documento-no-registrado"
    titulo = "Documento no registrado"

    def __init__(self) -> None:
        super().__init__(DOCUMENTO_NO_REGISTRADO)


class AfiliacionRetirada(errores.ConflictoDeEstado):
    """The document belongs to an affiliate whose affiliation is RETIRADO. Names no one."""

    codigo = "afiliacion-retirada"
    titulo = "Afiliación retirada"

    def __init__(self) -> None:
        super().__init__(AFILIACION_RETIRADA)
