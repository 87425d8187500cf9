"""What an affiliate reads in the Oficina Virtual (manual 4, 4.1.1–4.1.3, 4.3).

- ``soportes_pendientes``: the support documents still owed by a person (manual 4.1.2), a
  pure function of the affiliate;
- ``leer_familia``, ``leer_gestionable(es)``, ``leer_para_certificado``: the caller and the
  people he touches, read in one unit of work and checked with ``acceso`` (a refusal is
  ``AfiliadoNoEncontrado``: a 404, as for an unknown id);
- ``datos_certificado``: the snapshot the affiliation certificate prints (manual 4.3);
- the Spanish display texts of the enums people read (tipo de afiliado, parentesco...).

Nothing here writes: changes go through the commands of ``comandos``.
"""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Literal
from uuid import UUID

from affiliation.application import acceso
from affiliation.application.certificados import DatosCertificadoAfiliacion, PersonaCertificada
from affiliation.application.dependencias import Dependencias, cargar
from affiliation.application.errores import AfiliadoNoEncontrado
from affiliation.domain.afiliado import Afiliado
from affiliation.domain.soportes import (
    SOPORTES_COTIZANTE,
    SOPORTES_POR_CAUSAL,
    TipoSoporte,
    soportes_de_cotizante,
)
from affiliation.domain.valores import EstadoRevision, NombreCompleto, PlanPAC
from affiliation.referencia import DatosReferencia
from eps_contracts.nombres import (
    NOMBRE_ESTADO,
    NOMBRE_PARENTESCO,
    NOMBRE_REGIMEN,
    NOMBRE_TIPO_AFILIADO,
)
from eps_contracts.types import (
    Escolaridad,
    Etnia,
    MotivoCambioIPS,
)

# -- display texts ---------------------------------------------------------------------------

NOMBRE_MOTIVO_CAMBIO_IPS: Mapping[MotivoCambioIPS, str] = MappingProxyType(
    {
        MotivoCambioIPS.CAMBIO_DE_RESIDENCIA: "Cambio de residencia",
        MotivoCambioIPS.CERCANIA_AL_TRABAJO: "Cercanía al lugar de trabajo",
        MotivoCambioIPS.INSATISFACCION_CON_EL_SERVICIO: "Insatisfacción con el servicio",
        MotivoCambioIPS.DIFICULTAD_DE_ACCESO: "Dificultad de acceso a la IPS",
        MotivoCambioIPS.OTRO: "Otro motivo",
    }
)
NOMBRE_ETNIA: Mapping[Etnia, str] = MappingProxyType(
    {
        Etnia.INDIGENA: "Indígena",
        Etnia.ROM: "Gitano(a) o Rrom",
        Etnia.RAIZAL: "Raizal del Archipiélago de San Andrés, Providencia y Santa Catalina",
        Etnia.PALENQUERO: "Palenquero(a) de San Basilio",
        Etnia.NEGRO_AFROCOLOMBIANO: "Negro(a), mulato(a), afrodescendiente, afrocolombiano(a)",
        Etnia.NINGUNO: "Ninguno de los anteriores",
    }
)
NOMBRE_ESCOLARIDAD: Mapping[Escolaridad, str] = MappingProxyType(
    {
        Escolaridad.NINGUNA: "Ninguna",
        Escolaridad.PREESCOLAR: "Preescolar",
        Escolaridad.PRIMARIA: "Básica primaria",
        Escolaridad.SECUNDARIA: "Básica secundaria",
        Escolaridad.MEDIA: "Media",
        Escolaridad.TECNICA: "Técnica",
        Escolaridad.TECNOLOGICA: "Tecnológica",
        Escolaridad.UNIVERSITARIA: "Universitaria",
        Escolaridad.ESPECIALIZACION: "Especialización",
        Escolaridad.MAESTRIA: "Maestría",
        Escolaridad.DOCTORADO: "Doctorado",
    }
)


def nombre_completo(nombre: NombreCompleto) -> str:
    return f"{nombre.nombres} {nombre.apellidos}"


def describir_municipio(referencia: DatosReferencia, codigo: str | None) -> str | None:
    """ "CALI - VALLE DEL CAUCA", as the manual and the certificate print it; ``None`` if the
    code is missing or unknown."""
    if codigo is None:
        return None
    municipio = referencia.divipola.municipio(codigo)
    if municipio is None:
        return None
    departamento = next(
        (
            d.nombre
            for d in referencia.divipola.departamentos()
            if d.codigo == municipio.departamento_codigo
        ),
        "",
    )
    return f"{municipio.nombre} - {departamento}".upper().rstrip(" -")


# -- support documents (manual 4.1.2) --------------------------------------------------------


@dataclass(frozen=True)
class SoportePendiente:
    """A document ``afiliado_id`` still has to hand in.

    ``tipo_soporte`` is the stable code; ``descripcion`` what to hand in, in Spanish (the code
    itself for a code this version does not know). ``motivo_rechazo`` is the reason the last
    upload of this type was rejected, ``None`` when nothing was uploaded yet.
    """

    afiliado_id: UUID
    nombre: str
    tipo_soporte: str
    descripcion: str
    motivo_rechazo: str | None


def soportes_requeridos(afiliado: Afiliado) -> tuple[str, ...]:
    """Every document the person owes, first those of his place in the group, then those of
    his novedades; no repetitions.

    A cotizante owes ``SOPORTES_COTIZANTE`` and those of his cotizante type; a beneficiary or
    adicional those of the causal he joined under (seed 004).
    """
    propios: tuple[TipoSoporte, ...] = ()
    if afiliado.es_cotizante:
        if afiliado.subtipo_cotizante is not None:
            propios = soportes_de_cotizante(afiliado.subtipo_cotizante)
        else:
            propios = SOPORTES_COTIZANTE
    elif afiliado.causal_inclusion is not None:
        propios = SOPORTES_POR_CAUSAL[afiliado.causal_inclusion]
    codigos = [s.value for s in propios] + list(afiliado.soportes_requeridos_novedades)
    return tuple(dict.fromkeys(codigos))


def soportes_pendientes(afiliado: Afiliado) -> list[SoportePendiente]:
    """The required documents without an upload in review or approved, in required order.

    A type whose uploads were all rejected is still pending and carries the reason of the last
    rejection, so the person knows what to correct.
    """
    cubiertos: set[str] = set()
    ultimo_rechazo: dict[str, str | None] = {}
    # ``soportes`` keeps upload order: the last rejection of a type wins.
    for soporte in afiliado.soportes.values():
        if soporte.estado in (EstadoRevision.EN_REVISION, EstadoRevision.APROBADO):
            cubiertos.add(soporte.tipo_soporte)
        elif soporte.estado is EstadoRevision.RECHAZADO:
            ultimo_rechazo[soporte.tipo_soporte] = soporte.motivo_rechazo
    nombre = nombre_completo(afiliado.nombre)
    return [
        SoportePendiente(
            afiliado.afiliado_id,
            nombre,
            codigo,
            _descripcion_soporte(codigo),
            ultimo_rechazo.get(codigo),
        )
        for codigo in soportes_requeridos(afiliado)
        if codigo not in cubiertos
    ]


def _descripcion_soporte(codigo: str) -> str:
    try:
        return TipoSoporte(codigo).descripcion
    except ValueError:
        return codigo


# -- reading the caller and the people he touches ---------------------------------------------


@dataclass(frozen=True)
class Familia:
    """The caller and the active members of his group (empty unless he is a cotizante), as
    read in one unit of work."""

    llamante: Afiliado
    grupo: list[Afiliado]

    def gestionables(self, hoy: date) -> list[Afiliado]:
        """The caller first, then the members he may manage on ``hoy``."""
        return [self.llamante] + [
            m for m in self.grupo if acceso.puede_gestionar(self.llamante, m, hoy)
        ]


async def leer_familia(deps: Dependencias, llamante_id: UUID) -> Familia:
    """``AfiliadoNoEncontrado`` if the caller's own affiliate does not exist."""
    async with deps.uow as uow:
        llamante = await cargar(deps, llamante_id)
        grupo = []
        for miembro_id in llamante.grupo if llamante.es_cotizante else ():
            miembro = await uow.afiliados.obtener(miembro_id)
            if miembro is not None and acceso.es_de_su_grupo(llamante, miembro):
                grupo.append(miembro)
    grupo.sort(key=lambda m: (m.fecha_nacimiento, str(m.afiliado_id)))
    return Familia(llamante, grupo)


async def leer_gestionable(deps: Dependencias, llamante_id: UUID, afiliado_id: UUID) -> Afiliado:
    """The person, or ``AfiliadoNoEncontrado`` when it does not exist or the caller may not
    manage it (manual 4.1.1–4.1.3)."""
    [persona] = await leer_personas_gestionables(deps, llamante_id, [afiliado_id])
    return persona


async def leer_personas_gestionables(
    deps: Dependencias, llamante_id: UUID, afiliado_ids: list[UUID]
) -> list[Afiliado]:
    """Each person of ``afiliado_ids`` (in that order), all read in one unit of work;
    ``AfiliadoNoEncontrado`` naming the first the caller may not manage."""
    async with deps.uow as uow:
        llamante = await cargar(deps, llamante_id)
        personas = []
        for afiliado_id in afiliado_ids:
            persona = (
                llamante if afiliado_id == llamante_id else await uow.afiliados.obtener(afiliado_id)
            )
            if persona is None:
                raise AfiliadoNoEncontrado(afiliado_id)
            acceso.exigir_gestion(llamante, persona, deps.hoy)
            personas.append(persona)
    return personas


async def leer_para_certificado(
    deps: Dependencias, llamante_id: UUID, afiliado_id: UUID
) -> tuple[Afiliado, Afiliado | None]:
    """The person whose certificate the caller asks for, and the cotizante a beneficiary or
    adicional depends on (``None`` for a cotizante), read in one unit of work;
    ``AfiliadoNoEncontrado`` unless the caller may download the person's certificates."""
    async with deps.uow as uow:
        llamante = await cargar(deps, llamante_id)
        persona = (
            llamante if afiliado_id == llamante_id else await uow.afiliados.obtener(afiliado_id)
        )
        if persona is None:
            raise AfiliadoNoEncontrado(afiliado_id)
        acceso.exigir_certificados(llamante, persona)
        cotizante = None
        if persona.cotizante_id == llamante.afiliado_id:
            cotizante = llamante
        elif persona.cotizante_id is not None:
            cotizante = await uow.afiliados.obtener(persona.cotizante_id)
    return persona, cotizante


# -- affiliation certificate (manual 4.3) -----------------------------------------------------


class SinPlanComplementario(LookupError):
    """The person has no PAC plan (or not the one asked for)."""

    def __init__(self, mensaje: str = "El afiliado no tiene un Plan de Atención Complementaria."):
        super().__init__(mensaje)


def plan_pac(persona: Afiliado, codigo: str | None = None) -> PlanPAC:
    """The PAC plan ``codigo``, or the oldest one when no code is given."""
    if codigo is not None:
        plan = persona.planes_pac.get(codigo)
        if plan is None:
            raise SinPlanComplementario("El afiliado no tiene ese Plan de Atención Complementaria.")
        return plan
    planes = sorted(persona.planes_pac.values(), key=lambda p: (p.fecha_inicio, p.codigo))
    if not planes:
        raise SinPlanComplementario()
    return planes[0]


def datos_certificado(
    persona: Afiliado,
    cotizante: Afiliado | None,
    referencia: DatosReferencia,
    plan: Literal["PBS", "PAC"],
    generado_en: datetime,
    codigo_pac: str | None = None,
) -> DatosCertificadoAfiliacion:
    """The certificate's snapshot of ``persona`` as read now; ``SinPlanComplementario`` for a
    PAC certificate of someone without that plan.

    The verification code is the first 16 hex digits of a SHA-256 over who, which version,
    which plan and when: two certificates of different data or moments never share it.
    """
    pac = plan_pac(persona, codigo_pac) if plan == "PAC" else None
    ips = (
        referencia.ips.obtener(persona.ips_primaria_codigo)
        if persona.ips_primaria_codigo is not None
        else None
    )
    certificada = PersonaCertificada(
        nombre_completo=nombre_completo(persona.nombre),
        tipo_documento=persona.documento.tipo.value,
        numero_documento=persona.documento.numero,
        fecha_nacimiento=persona.fecha_nacimiento,
        tipo_afiliado=NOMBRE_TIPO_AFILIADO[persona.tipo_afiliado],
        parentesco=NOMBRE_PARENTESCO[persona.parentesco] if persona.parentesco else None,
        estado=NOMBRE_ESTADO[persona.estado],
        fecha_afiliacion=pac.fecha_inicio if pac is not None else persona.fecha_afiliacion,
        ips_primaria=ips.nombre if ips is not None else persona.ips_primaria_codigo,
        municipio=describir_municipio(referencia, persona.contacto.municipio_divipola),
    )
    es_dependiente = cotizante is not None and not persona.es_cotizante
    huella = "|".join(
        (
            str(persona.afiliado_id),
            str(persona.version),
            plan,
            pac.codigo if pac is not None else "",
            generado_en.isoformat(),
        )
    )
    return DatosCertificadoAfiliacion(
        plan=plan,
        regimen=NOMBRE_REGIMEN[persona.regimen],
        persona=certificada,
        cotizante_nombre=(
            nombre_completo(cotizante.nombre) if es_dependiente and cotizante else None
        ),
        cotizante_documento=(
            f"{cotizante.documento.tipo.value} {cotizante.documento.numero}"
            if es_dependiente and cotizante
            else None
        ),
        plan_pac_nombre=pac.nombre if pac is not None else None,
        generado_en=generado_en,
        codigo_verificacion=hashlib.sha256(huella.encode()).hexdigest()[:16],
    )
