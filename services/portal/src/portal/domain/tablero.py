"""The affiliate's home dashboard (manual §4, «Menú inicial») as front ends receive it.

These models are the portal's JSON contract with front ends (``GET /mi/tablero``) and what
the web pages render. Later issues add their sections (authorizations, payments,
incapacities, PQRS) as new optional fields.
"""

from datetime import date
from uuid import UUID

from pydantic import BaseModel, Field

from portal.domain.autorizaciones import ResumenAutorizaciones
from portal.domain.billing import ResumenPagos
from portal.domain.incapacidades import ResumenIncapacidades
from portal.domain.pqrs import ResumenPQRS


class IpsPrimaria(BaseModel):
    codigo: str
    nombre: str | None = None
    direccion: str | None = None
    telefono: str | None = None


class DatosContacto(BaseModel):
    email: str | None = None
    telefono_movil: str | None = None
    telefono_residencia: str | None = None
    direccion: str | None = None
    barrio: str | None = None
    municipio_divipola: str | None = None


class PlanBeneficios(BaseModel):
    """«Mi Plan de Beneficios en Salud»."""

    regimen: str | None = None
    estado: str = Field(description="ACTIVO, SUSPENDIDO, RETIRADO…")
    tipo_afiliado: str
    ips_primaria: IpsPrimaria | None = None


class PlanComplementario(BaseModel):
    codigo: str
    nombre: str
    fecha_inicio: date


class MiembroGrupo(BaseModel):
    """One row of «Mi grupo familiar»."""

    afiliado_id: UUID
    nombre_completo: str
    tipo_documento: str
    numero_documento: str
    tipo_afiliado: str
    parentesco: str | None = None
    estado: str
    ips_primaria: IpsPrimaria | None = None


class Tablero(BaseModel):
    afiliado_id: UUID
    version: int = Field(
        description="Versión del agregado del afiliado reflejada en el tablero "
        "(para pedir un tablero que ya incluya un cambio: ?version_minima=)."
    )
    nombre_completo: str
    tipo_documento: str
    numero_documento: str
    fecha_nacimiento: date
    datos_contacto: DatosContacto
    plan_beneficios: PlanBeneficios
    plan_complementario: PlanComplementario | None = None
    grupo_familiar: list[MiembroGrupo] = Field(default_factory=list)
    pqrs: ResumenPQRS | None = None
    pagos: ResumenPagos | None = None
    incapacidades: ResumenIncapacidades | None = None
    autorizaciones: ResumenAutorizaciones | None = None
