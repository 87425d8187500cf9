"""Bodies of the affiliate's routes (``/mi``) and of the public catalogs (``/catalogos``).

Validation messages are Spanish and name what to fix, like ``esquemas``: text is trimmed and
inner spaces collapsed before it is checked; an empty optional text counts as absent. Whether
a municipio belongs to its departamento needs DIVIPOLA, so the route checks it (422 naming
the field), not this module.
"""

import re
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal, TypeVar
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from affiliation.domain.soportes import TipoSoporte
from affiliation.entrypoints.esquemas import Celular, Divipola, Email
from eps_contracts.types import (
    Escolaridad,
    EstadoAfiliacion,
    Etnia,
    MotivoCambioIPS,
    Parentesco,
    Regimen,
    Sexo,
    TipoAfiliado,
    TipoDocumento,
)

MENSAJE_CORREOS_DISTINTOS = "El correo y su confirmación no coinciden."
MAXIMO_PERSONAS_POR_ACTUALIZACION = 20

_T = TypeVar("_T", str, str | None)

_DEPARTAMENTO = re.compile(r"^[0-9]{2}$")
_MUNICIPIO = re.compile(r"^[0-9]{5}$")
_TELEFONO = re.compile(r"^[0-9]{7,10}$")
_CODIGO_IPS = re.compile(r"^[0-9]{12}$")


def _recortar(valor: Any) -> Any:
    return " ".join(valor.split()) if isinstance(valor, str) else valor


def _recortar_opcional(valor: Any) -> Any:
    valor = _recortar(valor)
    return None if valor == "" else valor


def _departamento(valor: str | None) -> str | None:
    if valor is not None and not _DEPARTAMENTO.match(valor):
        raise ValueError("debe ser el código DIVIPOLA del departamento: 2 dígitos")
    return valor


def _municipio(valor: str | None) -> str | None:
    if valor is not None and not _MUNICIPIO.match(valor):
        raise ValueError("debe ser el código DIVIPOLA del municipio: 5 dígitos")
    return valor


def _recortar_obligatorio(valor: Any) -> Any:
    valor = _recortar(valor)
    if valor is None or valor == "":
        raise ValueError("es obligatorio")
    return valor


def _maximo(caracteres: int) -> Callable[[_T], _T]:
    def validar(valor: _T) -> _T:
        if valor is not None and len(valor) > caracteres:
            raise ValueError(f"admite máximo {caracteres} caracteres")
        return valor

    return validar


def _telefono(valor: str | None) -> str | None:
    if valor is None:
        return None
    valor = valor.replace(" ", "").replace("-", "")
    if not _TELEFONO.match(valor):
        raise ValueError("debe tener entre 7 y 10 dígitos, sin indicativos ni otros signos")
    return valor


def _codigo_ips(valor: str | None) -> str | None:
    if valor is not None and not _CODIGO_IPS.match(valor):
        raise ValueError("debe ser el código de una IPS del catálogo: 12 dígitos")
    return valor


Departamento = Annotated[str, BeforeValidator(_recortar_obligatorio), AfterValidator(_departamento)]
DepartamentoOpcional = Annotated[
    str | None, BeforeValidator(_recortar_opcional), AfterValidator(_departamento)
]
Municipio = Annotated[str, BeforeValidator(_recortar_obligatorio), AfterValidator(_municipio)]
MunicipioOpcional = Divipola
DireccionObligatoria = Annotated[
    str, BeforeValidator(_recortar_obligatorio), AfterValidator(_maximo(200))
]
DireccionOpcional = Annotated[
    str | None, BeforeValidator(_recortar_opcional), AfterValidator(_maximo(200))
]
TextoCorto = Annotated[
    str | None, BeforeValidator(_recortar_opcional), AfterValidator(_maximo(100))
]
Telefono = Annotated[str | None, BeforeValidator(_recortar_opcional), AfterValidator(_telefono)]
CodigoIps = Annotated[str, BeforeValidator(_recortar_obligatorio), AfterValidator(_codigo_ips)]
Observacion = Annotated[
    str | None, BeforeValidator(_recortar_opcional), AfterValidator(_maximo(500))
]

_ESTRICTO = ConfigDict(extra="forbid")


# -- shared views ----------------------------------------------------------------------------


class IPSVista(BaseModel):
    codigo: str = Field(description="Código de la IPS en el catálogo (12 dígitos).")
    nombre: str
    direccion: str | None
    telefono: str | None
    municipio_divipola: str = Field(description="Municipio donde atiende (DIVIPOLA).")


class UbicacionVista(BaseModel):
    municipio_codigo: str
    municipio: str
    departamento_codigo: str
    departamento: str


class DatosPersonalesVista(BaseModel):
    """Manual 4: "Datos personales de contacto", with the codes the form of 4.1.1 needs."""

    tipo_documento: TipoDocumento
    numero_documento: str
    nombre_completo: str
    fecha_nacimiento: date
    sexo: Sexo
    email: str | None = Field(description="Correo registrado.")
    email_alternativo: str | None
    telefono_residencia: str | None
    telefono_celular: str | None
    telefono_celular_alternativo: str | None = Field(description="Teléfono adicional.")
    direccion_residencia: str | None
    barrio: str | None
    localidad: str | None
    departamento_residencia: str | None = Field(description="Código DIVIPOLA (2 dígitos).")
    municipio_residencia: str | None = Field(description="Código DIVIPOLA (5 dígitos).")
    residencia: str | None = Field(description='Departamento y ciudad: "CALI - VALLE DEL CAUCA".')
    direccion_correspondencia: str | None
    departamento_correspondencia: str | None
    municipio_correspondencia: str | None
    correspondencia: str | None = Field(description="Ciudad de correspondencia.")
    etnia: Etnia | None
    escolaridad: Escolaridad | None


class PlanPBSVista(BaseModel):
    """Manual 4: "Mi Plan de Beneficios en Salud (PBS)"."""

    regimen: Regimen
    regimen_nombre: str
    estado: EstadoAfiliacion
    estado_nombre: str
    fecha_afiliacion: date
    ips_primaria: IPSVista | None = Field(description="IPS primaria según el catálogo.")


class PlanPACVista(BaseModel):
    codigo: str
    nombre: str
    fecha_inicio: date


class MiembroGrupoVista(BaseModel):
    """Manual 4: one line of "Mi grupo familiar afiliado"."""

    afiliado_id: UUID
    nombre_completo: str
    tipo_documento: TipoDocumento
    numero_documento: str
    tipo_afiliado: TipoAfiliado
    tipo_afiliado_nombre: str
    parentesco: Parentesco | None
    parentesco_nombre: str | None
    estado: EstadoAfiliacion
    estado_nombre: str
    ips_primaria: str | None = Field(description="Nombre de su IPS primaria.")
    gestionable: bool = Field(
        description=(
            "El cotizante puede actualizar sus datos, documentos e IPS (solo beneficiarios "
            "menores de edad; Ley 1581 de 2012)."
        )
    )


class MiAfiliacionVista(BaseModel):
    """``GET /mi/afiliacion``: the "menú inicial" of the Oficina Virtual (manual 4)."""

    afiliado_id: UUID
    version: int
    tipo_afiliado: TipoAfiliado
    tipo_afiliado_nombre: str
    datos_personales: DatosPersonalesVista
    pbs: PlanPBSVista
    planes_pac: list[PlanPACVista] = Field(description="Planes de Atención Complementaria.")
    grupo_familiar: list[MiembroGrupoVista] = Field(
        description="Beneficiarios y adicionales del cotizante; vacío para un beneficiario."
    )


class PersonaGestionableVista(BaseModel):
    afiliado_id: UUID
    version: int = Field(description="Versión leída: se envía al actualizar sus datos.")
    es_titular: bool = Field(description="Es quien inició sesión.")
    parentesco: Parentesco | None
    parentesco_nombre: str | None
    datos_personales: DatosPersonalesVista


class PersonasGestionablesVista(BaseModel):
    """``GET /mi/personas``: whom the caller may manage (manual 4.1.1 "Escoger beneficiario")."""

    personas: list[PersonaGestionableVista]


# -- personal data (manual 4.1.1) ------------------------------------------------------------


class PersonaSeleccionada(BaseModel):
    model_config = _ESTRICTO

    afiliado_id: UUID
    version: int = Field(ge=1, description="Versión que se consultó (GET /mi/personas).")


class ActualizacionDatosPersonales(BaseModel):
    """``PUT /mi/datos-personales``: the form of manual 4.1.1.

    The data replaces all the contact data of every selected person, as the form does ("La
    información que ingreses modificará todos los datos de la(s) persona(s) que haya(s)
    seleccionado"): a field not sent is left empty. Fields marked (*) in the manual are
    required.
    """

    model_config = _ESTRICTO

    personas: list[PersonaSeleccionada] = Field(
        description=(
            "Persona(s) a quien(es) se actualizan los datos, de 1 a "
            f"{MAXIMO_PERSONAS_POR_ACTUALIZACION}; todas reciben los mismos."
        ),
    )
    departamento_residencia: Departamento = Field(description="Departamento de residencia (*).")
    municipio_residencia: Municipio = Field(description="Ciudad de residencia (*).")
    direccion_residencia: DireccionObligatoria = Field(description="Dirección de residencia (*).")
    barrio: TextoCorto = Field(default=None, description="Barrio de residencia.")
    localidad: TextoCorto = Field(default=None, description="Localidad o comuna.")
    direccion_correspondencia: DireccionOpcional = None
    departamento_correspondencia: DepartamentoOpcional = None
    municipio_correspondencia: MunicipioOpcional = Field(
        default=None, description="Ciudad de correspondencia."
    )
    email: Email = Field(default=None, description="Correo electrónico.")
    confirmacion_email: Email = Field(
        default=None,
        validate_default=True,
        description="El mismo correo otra vez; debe coincidir (sin distinguir mayúsculas).",
    )
    email_alternativo: Email = None
    telefono_residencia: Telefono = Field(default=None, description="7 a 10 dígitos.")
    telefono_celular: Celular = Field(default=None, description="10 dígitos, empieza por 3.")
    telefono_celular_alternativo: Celular = None
    etnia: Etnia | None = None
    escolaridad: Escolaridad | None = None

    @field_validator("personas")
    @classmethod
    def _entre_una_y_veinte_sin_repetir(
        cls, personas: list[PersonaSeleccionada]
    ) -> list[PersonaSeleccionada]:
        if not personas:
            raise ValueError("seleccione al menos una persona")
        if len(personas) > MAXIMO_PERSONAS_POR_ACTUALIZACION:
            raise ValueError(f"seleccione máximo {MAXIMO_PERSONAS_POR_ACTUALIZACION} personas")
        if len({p.afiliado_id for p in personas}) != len(personas):
            raise ValueError("cada persona se selecciona una sola vez")
        return personas

    @field_validator("confirmacion_email")
    @classmethod
    def _confirmacion_coincide(cls, confirmacion: str | None, info: ValidationInfo) -> str | None:
        # When the e-mail itself is invalid its own error is the one to show.
        if "email" in info.data and info.data["email"] != confirmacion:
            raise ValueError(MENSAJE_CORREOS_DISTINTOS)
        return confirmacion


class PersonaActualizada(BaseModel):
    afiliado_id: UUID
    version: int = Field(description="Nueva versión, para una próxima actualización.")


class DatosPersonalesActualizados(BaseModel):
    personas: list[PersonaActualizada]
    mensaje: str


# -- support documents (manual 4.1.2) --------------------------------------------------------


class SoportePendienteVista(BaseModel):
    afiliado_id: UUID
    nombre: str = Field(description="Columna Nombre: la persona que debe el documento.")
    tipo_soporte: str = Field(description="Código estable del tipo de soporte.")
    descripcion: str = Field(description="Columna Tipo de Soporte: qué documento presentar.")
    motivo_rechazo: str | None = Field(
        description="Por qué se rechazó el último documento enviado de este tipo, si lo hubo."
    )


class SoportesPendientesVista(BaseModel):
    pendientes: list[SoportePendienteVista]
    formatos_permitidos: list[str] = Field(description="PDF, JPG o PNG.")
    tamano_maximo_bytes: int = Field(description="2 MB.")


class SoporteEnviado(BaseModel):
    soporte_id: UUID
    afiliado_id: UUID
    tipo_soporte: TipoSoporte
    estado: Literal["EN_REVISION"] = "EN_REVISION"
    mensaje: str


# -- IPS change (manual 4.1.3) ---------------------------------------------------------------


class MotivoVista(BaseModel):
    codigo: MotivoCambioIPS
    nombre: str


class SolicitudIPSEnTramiteVista(BaseModel):
    solicitud_id: UUID
    ips_deseada_codigo: str
    motivo: MotivoCambioIPS


class OpcionesCambioIPS(BaseModel):
    """``GET /mi/cambio-ips/opciones``: steps 2 and 3 of manual 4.1.3."""

    afiliado_id: UUID
    nombre_completo: str
    ips_actual: IPSVista | None
    municipio_residencia: str | None = Field(description='"CALI - VALLE DEL CAUCA".')
    ips_disponibles: list[IPSVista] = Field(
        description="IPS del municipio de residencia, sin la actual."
    )
    motivos: list[MotivoVista]
    solicitud_en_tramite: SolicitudIPSEnTramiteVista | None = Field(
        description="Solicitud aún sin respuesta: no se puede radicar otra hasta que se decida."
    )
    datos_personales: DatosPersonalesVista = Field(
        description="Los datos registrados, que el formulario muestra (manual 4.1.3, nota)."
    )


class SolicitudCambioIPSEntrada(BaseModel):
    """``POST /mi/cambio-ips``."""

    model_config = _ESTRICTO

    afiliado_id: UUID = Field(description="Quien cambia de IPS: el titular o un hijo menor.")
    ips_deseada_codigo: CodigoIps
    motivo: MotivoCambioIPS
    observacion: Observacion = None


class SolicitudCambioIPSCreada(BaseModel):
    solicitud_id: UUID
    afiliado_id: UUID
    mensaje: str


# -- catalogs --------------------------------------------------------------------------------


class DepartamentoVista(BaseModel):
    codigo: str
    nombre: str


class MunicipioVista(BaseModel):
    codigo: str
    nombre: str
    departamento_codigo: str


class TipoDocumentoVista(BaseModel):
    codigo: TipoDocumento
    nombre: str
    edad_desde_meses: int | None = Field(description="Edad mínima en meses cumplidos.")
    edad_hasta_meses: int | None = Field(
        description="Edad desde la cual ya no aplica, en meses; null si no tiene límite."
    )
    edades: str | None = Field(description='Para quién es, p. ej. "de 7 a 17 años".')


class TipoSoporteVista(BaseModel):
    codigo: TipoSoporte
    descripcion: str


class NovedadVista(BaseModel):
    codigo: int = Field(description="Número de la novedad en el FUAN (1 a 22).")
    nombre: str
    grupo: str
    aplica_a: list[TipoAfiliado]
    soportes: list[TipoSoporteVista]


class OpcionVista(BaseModel):
    codigo: str
    nombre: str
