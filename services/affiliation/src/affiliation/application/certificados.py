"""What the "Certificado de afiliación" (PBS and PAC) shows: plain data, no I/O, no rendering.

The manual (section 4.3) promises the certificate carries "los datos de la afiliación del día
en que se genera", so these values are a snapshot taken at ``generado_en``; the renderer
(``affiliation.adapters.certificado_pdf``) prints them as given and never looks anything up.
All texts are display texts (already in the words the affiliate should read).
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal


@dataclass(frozen=True)
class PersonaCertificada:
    """The person the certificate is about: the cotizante or one of their beneficiaries."""

    nombre_completo: str
    tipo_documento: str  # e.g. "CC"
    numero_documento: str
    fecha_nacimiento: date
    tipo_afiliado: str  # "Cotizante" | "Beneficiario" | "Adicional"
    parentesco: str | None  # e.g. "Hijo(a)"; None for the cotizante
    estado: str  # "ACTIVO", "SUSPENDIDO", "RETIRADO"...
    fecha_afiliacion: date
    ips_primaria: str | None
    municipio: str | None  # e.g. "CALI - VALLE DEL CAUCA"


@dataclass(frozen=True)
class DatosCertificadoAfiliacion:
    """Everything one certificate prints.

    Guarantee: ``generado_en`` is timezone-aware (``ValueError`` otherwise), because the
    certificate states the hour of issue in Colombian time and a naive value would silently
    print the server's local hour instead.
    """

    plan: Literal["PBS", "PAC"]
    regimen: str  # "Contributivo" | "Subsidiado"
    persona: PersonaCertificada
    cotizante_nombre: str | None  # for a beneficiary: the cotizante's name
    cotizante_documento: str | None  # e.g. "CC 1000000001"
    plan_pac_nombre: str | None  # name of the PAC plan when plan == "PAC"
    generado_en: datetime  # aware, America/Bogota
    codigo_verificacion: str  # e.g. 16 hex chars, printed on the certificate
    eps_nombre: str = "EPS Oficina Virtual S.A."
    eps_nit: str = "800.000.000-1"

    def __post_init__(self) -> None:
        if self.plan not in ("PBS", "PAC"):
            raise ValueError(f"plan debe ser 'PBS' o 'PAC', no {self.plan!r}")
        if self.generado_en.tzinfo is None or self.generado_en.utcoffset() is None:
            raise ValueError("generado_en debe tener zona horaria (America/Bogota)")
        if not self.codigo_verificacion.strip():
            raise ValueError("codigo_verificacion no puede estar vacío")
