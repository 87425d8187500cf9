"""One valid, fictitious example of every event, for documentation and for tests.

Guarantee: ``example_of(cls)`` exists for every registered event class and validates
against it. The people in the examples do not exist.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from eps_contracts.events import affiliation as ev
from eps_contracts.events import identity as iv
from eps_contracts.events import notifications as nv
from eps_contracts.events.affiliation import AfiliadoRegistrado, DatosContactoActualizados
from eps_contracts.events.base import DomainEvent
from eps_contracts.events.registry import event_modules
from eps_contracts.types import (
    CausalInclusion,
    Escolaridad,
    EstadoAfiliacion,
    EstadoCivil,
    Etnia,
    FormatoSoporte,
    MotivoCambioIPS,
    MotivoReactivacion,
    MotivoRetiro,
    MotivoSuspension,
    NivelSisben,
    Parentesco,
    RangoSalarial,
    Regimen,
    Sexo,
    SubtipoCotizante,
    TipoAfiliado,
    TipoCotizante,
    TipoDocumento,
)

AFILIADO_ID = UUID("6f1c2f4e-8a3b-4c1d-9e2f-0a1b2c3d4e5f")
BENEFICIARIO_ID = UUID("0b7d7c8e-5a1f-4f0e-8c55-2d3e4f5a6b7c")
EMPLEADOR_ID = UUID("3c9e1d2a-7b4f-4e6a-9d1c-5b2a3c4d5e6f")
SOLICITUD_ID = UUID("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")
SOPORTE_ID = UUID("1f2e3d4c-5b6a-4978-8a6b-5c4d3e2f1a0b")


def afiliado_registrado(**cambios: Any) -> AfiliadoRegistrado:
    """A cotizante in the contributory regime; ``cambios`` override any field."""
    campos: dict[str, Any] = {
        "afiliado_id": AFILIADO_ID,
        "tipo_documento": TipoDocumento.CC,
        "numero_documento": "1000000001",
        "primer_nombre": "Ana",
        "segundo_nombre": "María",
        "primer_apellido": "Pérez",
        "segundo_apellido": "Gómez",
        "fecha_nacimiento": date(1990, 5, 17),
        "sexo": Sexo.F,
        "tipo_afiliado": TipoAfiliado.COTIZANTE,
        "regimen": Regimen.CONTRIBUTIVO,
        "estado": EstadoAfiliacion.ACTIVO,
        "fecha_afiliacion": date(2015, 2, 1),
        "email": "ana.perez@example.com",
        "telefono_movil": "3001234567",
        "direccion": "Calle 5 # 38-25",
        "municipio_divipola": "76001",
        "ips_primaria_codigo": "760010000001",
        "ips_primaria_nombre": "COMFANDI EL PRADO",
    }
    return AfiliadoRegistrado(**(campos | cambios))


def datos_contacto_actualizados(**cambios: Any) -> DatosContactoActualizados:
    """New contact data for the example affiliate; ``cambios`` override any field."""
    campos: dict[str, Any] = {
        "afiliado_id": AFILIADO_ID,
        "email": "ana.perez@example.org",
        "telefono_movil": "3109876543",
        "direccion": "Carrera 100 # 11-60",
        "municipio_divipola": "76001",
    }
    return DatosContactoActualizados(**(campos | cambios))


_HOY = date(2026, 11, 22)

# The fields of each remaining event's example (all about the example family above).
_CAMPOS: dict[type[DomainEvent], dict[str, Any]] = {
    ev.DatosSociodemograficosActualizados: {
        "etnia": Etnia.NINGUNO,
        "escolaridad": Escolaridad.TECNOLOGICA,
    },
    ev.DocumentoIdentidadActualizado: {
        "tipo_documento": TipoDocumento.CC,
        "numero_documento": "1000000009",
    },
    ev.NombresActualizados: {
        "primer_nombre": "Ana",
        "segundo_nombre": "María",
        "primer_apellido": "Pérez",
        "segundo_apellido": "Gómez",
    },
    ev.EstadoCivilActualizado: {"estado_civil": EstadoCivil.CASADO},
    ev.BeneficiarioIncluido: {
        "beneficiario_id": BENEFICIARIO_ID,
        "tipo_afiliado": TipoAfiliado.BENEFICIARIO,
        "parentesco": Parentesco.HIJO,
        "causal": CausalInclusion.HIJO_MENOR_DE_18,
        "fecha": _HOY,
    },
    ev.BeneficiarioExcluido: {
        "beneficiario_id": BENEFICIARIO_ID,
        "motivo": MotivoRetiro.SEPARACION_O_DIVORCIO,
        "fecha": _HOY,
    },
    ev.CondicionBeneficiarioActualizada: {
        "afiliado_id": BENEFICIARIO_ID,
        "estudiante_tiempo_completo": True,
        "discapacidad_permanente": False,
        "causal": CausalInclusion.HIJO_ESTUDIANTE_18_A_25,
    },
    ev.AfiliacionSuspendida: {"motivo": MotivoSuspension.MORA, "fecha": _HOY},
    ev.AfiliacionReactivada: {"motivo": MotivoReactivacion.PAGO_DE_MORA, "fecha": _HOY},
    ev.AfiliacionRetirada: {
        "motivo": MotivoRetiro.TRASLADO_A_OTRA_EPS,
        "detalle": "Traslado solicitado por el afiliado.",
        "fecha": _HOY,
    },
    ev.TipoAfiliadoCambiado: {
        "afiliado_id": BENEFICIARIO_ID,
        "tipo_afiliado": TipoAfiliado.COTIZANTE,
        "tipo_cotizante": TipoCotizante.DEPENDIENTE,
        "subtipo_cotizante": SubtipoCotizante.EMPLEADO,
        "empleador_id": EMPLEADOR_ID,
        "ibc": 1_750_905,
        "rango_salarial": RangoSalarial.A,
    },
    ev.RegimenCambiado: {
        "regimen_anterior": Regimen.SUBSIDIADO,
        "regimen": Regimen.CONTRIBUTIVO,
        "nivel_sisben": NivelSisben.II,
        "fecha": _HOY,
    },
    ev.CotizacionActualizada: {
        "tipo_cotizante": TipoCotizante.DEPENDIENTE,
        "subtipo_cotizante": SubtipoCotizante.EMPLEADO,
        "ibc": 4_000_000,
        "rango_salarial": RangoSalarial.B,
        "anio_smlmv": 2026,
        "cotizacion_total": 500_000,
        "a_cargo_afiliado": 160_000,
        "a_cargo_empleador": 340_000,
    },
    ev.EmpleadorVinculado: {
        "empleador_id": EMPLEADOR_ID,
        "fecha_ingreso": date(2015, 2, 1),
        "adicional": False,
    },
    ev.EmpleadorDesvinculado: {"empleador_id": EMPLEADOR_ID, "fecha_retiro": _HOY},
    ev.NovedadRegistrada: {
        "radicado": "NOV-20261122-0A1B2C3D",
        "codigo": 3,
        "nombre_novedad": "Estado civil",
        "fecha_novedad": _HOY,
        "soportes_requeridos": ["REGISTRO_CIVIL_MATRIMONIO"],
        "reportada_por_afiliado": False,
    },
    ev.DocumentoSoporteCargado: {
        "afiliado_id": BENEFICIARIO_ID,
        "soporte_id": SOPORTE_ID,
        "tipo_soporte": "REGISTRO_CIVIL_NACIMIENTO",
        "formato": FormatoSoporte.PDF,
        "tamano_bytes": 183_204,
        "sha256": "9f" * 32,
        "cargado_por": AFILIADO_ID,
    },
    ev.DocumentoSoporteAprobado: {
        "afiliado_id": BENEFICIARIO_ID,
        "soporte_id": SOPORTE_ID,
        "tipo_soporte": "REGISTRO_CIVIL_NACIMIENTO",
    },
    ev.DocumentoSoporteRechazado: {
        "afiliado_id": BENEFICIARIO_ID,
        "soporte_id": SOPORTE_ID,
        "tipo_soporte": "REGISTRO_CIVIL_NACIMIENTO",
        "motivo": "El documento está borroso; escanéelo de nuevo.",
    },
    ev.CambioIPSSolicitado: {
        "solicitud_id": SOLICITUD_ID,
        "ips_actual_codigo": "760010000001",
        "ips_deseada_codigo": "760010000002",
        "motivo": MotivoCambioIPS.CAMBIO_DE_RESIDENCIA,
        "solicitado_por": AFILIADO_ID,
    },
    ev.CambioIPSRechazado: {
        "solicitud_id": SOLICITUD_ID,
        "motivo": "La IPS deseada no tiene cupo en este momento.",
    },
    ev.IPSPrimariaCambiada: {
        "ips_anterior_codigo": "760010000001",
        "ips_primaria_codigo": "760010000005",
        "ips_primaria_nombre": "IPS VIDASANA CALI SEDE OCCIDENTE",
        "ips_primaria_direccion": "Calle 29 # 96-21",
        "ips_primaria_telefono": "6024396069",
        "solicitud_id": SOLICITUD_ID,
    },
    ev.PlanComplementarioContratado: {
        "plan_codigo": "PAC-ORO",
        "plan_nombre": "Plan Complementario Oro",
        "fecha_inicio": date(2020, 1, 1),
    },
    ev.PlanComplementarioCancelado: {"plan_codigo": "PAC-ORO", "fecha_fin": _HOY},
    ev.EmpleadorRegistrado: {
        "empleador_id": EMPLEADOR_ID,
        "tipo_documento": "NIT",
        "numero_documento": "900123456",
        "digito_verificacion": 8,
        "razon_social": "Comercializadora del Pacífico S.A.S.",
        "email": "nomina@pacifico.example.com",
        "telefono": "6023334455",
        "direccion": "Avenida 6N # 23-45",
        "municipio_divipola": "76001",
        "actividad_economica": "4711",
    },
    ev.DatosEmpleadorActualizados: {
        "empleador_id": EMPLEADOR_ID,
        "razon_social": "Comercializadora del Pacífico S.A.S.",
        "email": "talento.humano@pacifico.example.com",
        "telefono": "6023334455",
        "direccion": "Avenida 6N # 23-45",
        "municipio_divipola": "76001",
    },
}

_ENLACE = "gAAAAABnQ" + "x" * 40
_VENCE = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
USUARIO_ID = UUID("5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d")
PERFIL_ID = UUID("7e6d5c4b-3a29-4180-9f8e-7d6c5b4a3928")

_CAMPOS_IDENTIDAD: dict[type[DomainEvent], dict[str, Any]] = {
    iv.RegistroBloqueado: {"afiliado_id": AFILIADO_ID, "bloqueado_hasta": _VENCE, "intentos": 3},
    iv.UsuarioRegistrado: {
        "usuario_id": USUARIO_ID,
        "rol": "afiliado",
        "afiliado_id": AFILIADO_ID,
        "nombre": "Ana María Pérez Gómez",
        "email": "ana.perez@example.com",
        "telefono_movil": "3001234567",
        "terminos_version": "2026-01",
        "terminos_aceptados_en": datetime(2026, 11, 22, 15, 0, tzinfo=UTC),
        "enlace": _ENLACE,
        "enlace_vence_en": _VENCE,
    },
    iv.ContrasenaEstablecida: {
        "usuario_id": USUARIO_ID,
        "email": "ana.perez@example.com",
        "nombre": "Ana María",
    },
    iv.ContrasenaCambiada: {
        "usuario_id": USUARIO_ID,
        "email": "ana.perez@example.com",
        "nombre": "Ana María",
    },
    iv.RestablecimientoSolicitado: {
        "usuario_id": USUARIO_ID,
        "email": "ana.perez@example.com",
        "nombre": "Ana María",
        "enlace": _ENLACE,
        "enlace_vence_en": _VENCE,
    },
    iv.PerfilCreado: {
        "empleador_id": EMPLEADOR_ID,
        "perfil_id": PERFIL_ID,
        "nombre_perfil": "Nómina",
        "permisos": ["gestionar-incapacidades", "descargar-certificados"],
    },
    iv.PerfilModificado: {
        "empleador_id": EMPLEADOR_ID,
        "perfil_id": PERFIL_ID,
        "nombre_perfil": "Nómina",
        "permisos": ["gestionar-incapacidades"],
    },
    iv.PerfilEliminado: {"empleador_id": EMPLEADOR_ID, "perfil_id": PERFIL_ID},
    iv.DelegadoCreado: {
        "empleador_id": EMPLEADOR_ID,
        "delegado_id": USUARIO_ID,
        "perfil_id": PERFIL_ID,
        "nombres": "Carlos Gómez",
        "cargo": "Analista de nómina",
        "email": "carlos.gomez@pacifico.example.com",
        "enlace": _ENLACE,
        "enlace_vence_en": _VENCE,
    },
    iv.DelegadoModificado: {
        "empleador_id": EMPLEADOR_ID,
        "delegado_id": USUARIO_ID,
        "perfil_id": PERFIL_ID,
        "nombres": "Carlos Gómez",
        "email": "carlos.gomez@pacifico.example.com",
    },
    iv.DelegadoEliminado: {"empleador_id": EMPLEADOR_ID, "delegado_id": USUARIO_ID},
    iv.InicioSesionExitoso: {"usuario_id": USUARIO_ID, "segundo_factor": False},
    iv.InicioSesionFallido: {"usuario_id": USUARIO_ID, "motivo": "credenciales"},
    nv.NotificacionEnviada: {
        "notificacion_id": UUID("2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901"),
        "evento_id": UUID("3c4d5e6f-7081-4293-a4b5-c6d7e8f90a1b"),
        "evento_tipo": "co.eps.identity.UsuarioRegistrado.v1",
        "plantilla": "registro-usuario",
        "destinatario": "ana.perez@example.com",
        "asunto": "Registro usuario - Oficina Virtual",
        "enviado_en": datetime(2026, 11, 22, 15, 0, 5, tzinfo=UTC),
    },
}
_CAMPOS |= _CAMPOS_IDENTIDAD


def _ejemplo(cls: type[DomainEvent]) -> Callable[[], DomainEvent]:
    defecto: dict[str, Any] = (
        {"afiliado_id": AFILIADO_ID} if "afiliado_id" in cls.model_fields else {}
    )
    return lambda: cls.model_validate(defecto | _CAMPOS[cls])


# A newer service keeps its examples in its own events module: ``EJEMPLOS``, each event class
# with the fields of one valid example.
for _modulo in event_modules():
    _CAMPOS |= getattr(_modulo, "EJEMPLOS", {})

_EXAMPLES: dict[type[DomainEvent], Callable[[], DomainEvent]] = {
    AfiliadoRegistrado: afiliado_registrado,
    DatosContactoActualizados: datos_contacto_actualizados,
    **{cls: _ejemplo(cls) for cls in _CAMPOS},
}


def example_of(cls: type[DomainEvent]) -> DomainEvent:
    """The example event of ``cls``; raises ``KeyError`` when it has none."""
    return _EXAMPLES[cls]()
