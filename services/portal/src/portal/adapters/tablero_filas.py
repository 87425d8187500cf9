"""From a batch of affiliation events to the dashboard rows they leave (pure, tested alone).

The projection loads the rows the batch touches, ``plegar`` applies the events to them in
memory, and the projection writes back only what changed. What each event changes:

- ``AfiliadoRegistrado``: the affiliate's whole row;
- ``DatosContactoActualizados``: the contact data (complete after the change, so replaced);
- ``DocumentoIdentidadActualizado``, ``NombresActualizados``: document, names;
- ``AfiliacionSuspendida`` / ``Reactivada`` / ``Retirada``: the estado;
- ``TipoAfiliadoCambiado``: tipo de afiliado, cotizante and parentesco;
- ``RegimenCambiado``: the régimen; ``IPSPrimariaCambiada``: the IPS primaria;
- ``PlanComplementarioContratado`` / ``Cancelado``: the PAC plan;
- ``BeneficiarioIncluido`` / ``Excluido`` (on the cotizante's stream): a ``tablero_grupos`` row.

Every other event type of the topic only advances the row's ``version``: so the version a
client got back from ANY command can be waited for (``?version_minima=``).

Guarantees:
- an event changes a row only if its aggregate version is greater than the row's, so a
  duplicate, a replay or an older event arriving late changes nothing;
- events of one aggregate arrive in version order (one partition), so applying each only
  when newer gives the same rows whatever the batch boundaries;
- a change for an affiliate without a row (his registration was dead-lettered) is not
  invented: there is nothing to show; the family-group rows still are kept.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from eps_contracts.events import (
    AfiliacionReactivada,
    AfiliacionRetirada,
    AfiliacionSuspendida,
    AfiliadoRegistrado,
    BeneficiarioExcluido,
    BeneficiarioIncluido,
    DatosContactoActualizados,
    DocumentoIdentidadActualizado,
    DomainEvent,
    IPSPrimariaCambiada,
    NombresActualizados,
    PlanComplementarioCancelado,
    PlanComplementarioContratado,
    RegimenCambiado,
    TipoAfiliadoCambiado,
)
from eps_contracts.events.affiliation import AFILIADO_EVENTS
from eps_contracts.types import EstadoAfiliacion

Fila = dict[str, Any]
"""A row of ``tablero_personas`` or ``tablero_grupos``, column → value."""

TIPOS_ATENDIDOS = frozenset(cls.ce_type() for cls in AFILIADO_EVENTS)
"""Every Afiliado event type: the ones without dashboard fields only advance the version."""

COLUMNAS_PERSONA: tuple[str, ...] = (
    "afiliado_id",
    "version",
    "tipo_documento",
    "numero_documento",
    "primer_nombre",
    "segundo_nombre",
    "primer_apellido",
    "segundo_apellido",
    "fecha_nacimiento",
    "tipo_afiliado",
    "parentesco",
    "cotizante_id",
    "regimen",
    "estado",
    "email",
    "telefono_movil",
    "telefono_residencia",
    "direccion",
    "barrio",
    "municipio_divipola",
    "ips_primaria_codigo",
    "ips_primaria_nombre",
    "ips_primaria_direccion",
    "ips_primaria_telefono",
    "pac_codigo",
    "pac_nombre",
    "pac_fecha_inicio",
)
COLUMNAS_GRUPO: tuple[str, ...] = (
    "cotizante_id",
    "beneficiario_id",
    "tipo_afiliado",
    "parentesco",
    "activo",
    "version",
)

_ESTADO_POR_EVENTO: dict[type[DomainEvent], EstadoAfiliacion] = {
    AfiliacionSuspendida: EstadoAfiliacion.SUSPENDIDO,
    AfiliacionReactivada: EstadoAfiliacion.ACTIVO,
    AfiliacionRetirada: EstadoAfiliacion.RETIRADO,
}


@dataclass
class Plegado:
    """The rows after a batch, and what a dashboard watcher must hear about."""

    personas: dict[UUID, Fila]
    grupos: dict[tuple[UUID, UUID], Fila]
    personas_cambiadas: set[UUID] = field(default_factory=set)
    grupos_cambiados: set[tuple[UUID, UUID]] = field(default_factory=set)
    cotizantes_afectados: set[UUID] = field(default_factory=set)
    """Cotizantes whose «Mi grupo familiar» may show something new (old and new ones of a
    beneficiary who changed, and the owners of group rows that changed)."""


def plegar(
    personas: Mapping[UUID, Fila],
    grupos: Mapping[tuple[UUID, UUID], Fila],
    eventos: Iterable[tuple[DomainEvent, int]],
) -> Plegado:
    """Applies ``(event, aggregate version)`` pairs, in order, to copies of the rows."""
    resultado = Plegado(
        personas={k: dict(v) for k, v in personas.items()},
        grupos={k: dict(v) for k, v in grupos.items()},
    )
    for evento, version in eventos:
        _aplicar(resultado, evento, version)
    return resultado


def _aplicar(r: Plegado, evento: DomainEvent, version: int) -> None:
    afiliado_id: UUID = getattr(evento, "afiliado_id")  # noqa: B009 - every Afiliado event
    if isinstance(evento, BeneficiarioIncluido | BeneficiarioExcluido):
        _aplicar_grupo(r, evento, version)
    actual = r.personas.get(afiliado_id)
    if isinstance(evento, AfiliadoRegistrado):
        if actual is not None and actual["version"] >= version:
            return
        if actual is not None and actual["cotizante_id"] is not None:
            r.cotizantes_afectados.add(actual["cotizante_id"])
        r.personas[afiliado_id] = _fila_registro(evento, version)
    else:
        if actual is None or actual["version"] >= version:
            return
        anterior_cotizante = actual["cotizante_id"]
        actual.update(_columnas_cambiadas(evento, actual))
        actual["version"] = version
        if anterior_cotizante is not None and anterior_cotizante != actual["cotizante_id"]:
            r.cotizantes_afectados.add(anterior_cotizante)
    r.personas_cambiadas.add(afiliado_id)
    cotizante = r.personas[afiliado_id]["cotizante_id"]
    if cotizante is not None:
        r.cotizantes_afectados.add(cotizante)


def _aplicar_grupo(
    r: Plegado, evento: BeneficiarioIncluido | BeneficiarioExcluido, version: int
) -> None:
    clave = (evento.afiliado_id, evento.beneficiario_id)
    actual = r.grupos.get(clave)
    if actual is not None and actual["version"] >= version:
        return
    if isinstance(evento, BeneficiarioIncluido):
        fila: Fila = {
            "cotizante_id": evento.afiliado_id,
            "beneficiario_id": evento.beneficiario_id,
            "tipo_afiliado": evento.tipo_afiliado.value,
            "parentesco": evento.parentesco.value,
            "activo": True,
            "version": version,
        }
    elif actual is not None:
        fila = actual | {"activo": False, "version": version}
    else:
        # An exclusion without a known inclusion (its stream was cut): keep it, so a
        # beneficiary whose own stream still names this cotizante is not shown.
        fila = {
            "cotizante_id": evento.afiliado_id,
            "beneficiario_id": evento.beneficiario_id,
            "tipo_afiliado": "BENEFICIARIO",
            "parentesco": None,
            "activo": False,
            "version": version,
        }
    r.grupos[clave] = fila
    r.grupos_cambiados.add(clave)
    r.cotizantes_afectados.add(evento.afiliado_id)


def _fila_registro(e: AfiliadoRegistrado, version: int) -> Fila:
    ips = _ips(e)
    return {
        "afiliado_id": e.afiliado_id,
        "version": version,
        "tipo_documento": e.tipo_documento.value,
        "numero_documento": e.numero_documento,
        "primer_nombre": e.primer_nombre,
        "segundo_nombre": e.segundo_nombre,
        "primer_apellido": e.primer_apellido,
        "segundo_apellido": e.segundo_apellido,
        "fecha_nacimiento": e.fecha_nacimiento,
        "tipo_afiliado": e.tipo_afiliado.value,
        "parentesco": None if e.parentesco is None else e.parentesco.value,
        "cotizante_id": e.cotizante_id,
        "regimen": e.regimen.value,
        "estado": e.estado.value,
        "email": e.email,
        "telefono_movil": e.telefono_movil,
        "telefono_residencia": e.telefono_residencia,
        "direccion": e.direccion,
        "barrio": e.barrio,
        "municipio_divipola": e.municipio_divipola,
        **ips,
        "pac_codigo": None,
        "pac_nombre": None,
        "pac_fecha_inicio": None,
    }


def _ips(e: AfiliadoRegistrado | IPSPrimariaCambiada) -> Fila:
    # Name, address and phone come with the event (optional fields), so the portal needs no
    # IPS catalog of its own; an older event without them shows the code alone.
    return {
        "ips_primaria_codigo": e.ips_primaria_codigo,
        "ips_primaria_nombre": e.ips_primaria_nombre,
        "ips_primaria_direccion": e.ips_primaria_direccion,
        "ips_primaria_telefono": e.ips_primaria_telefono,
    }


def _columnas_cambiadas(evento: DomainEvent, actual: Fila) -> Fila:
    """The columns ``evento`` sets (none for the types that only advance the version)."""
    if isinstance(evento, DatosContactoActualizados):
        return {
            "email": evento.email,
            "telefono_movil": evento.telefono_movil,
            "telefono_residencia": evento.telefono_residencia,
            "direccion": evento.direccion,
            "barrio": evento.barrio,
            "municipio_divipola": evento.municipio_divipola,
        }
    if isinstance(evento, DocumentoIdentidadActualizado):
        return {
            "tipo_documento": evento.tipo_documento.value,
            "numero_documento": evento.numero_documento,
        }
    if isinstance(evento, NombresActualizados):
        return {
            "primer_nombre": evento.primer_nombre,
            "segundo_nombre": evento.segundo_nombre,
            "primer_apellido": evento.primer_apellido,
            "segundo_apellido": evento.segundo_apellido,
        }
    if isinstance(evento, AfiliacionSuspendida | AfiliacionReactivada | AfiliacionRetirada):
        return {"estado": _ESTADO_POR_EVENTO[type(evento)].value}
    if isinstance(evento, TipoAfiliadoCambiado):
        return {
            "tipo_afiliado": evento.tipo_afiliado.value,
            "cotizante_id": evento.cotizante_id,
            "parentesco": None if evento.parentesco is None else evento.parentesco.value,
        }
    if isinstance(evento, RegimenCambiado):
        return {"regimen": evento.regimen.value}
    if isinstance(evento, IPSPrimariaCambiada):
        return _ips(evento)
    if isinstance(evento, PlanComplementarioContratado):
        return {
            "pac_codigo": evento.plan_codigo,
            "pac_nombre": evento.plan_nombre,
            "pac_fecha_inicio": evento.fecha_inicio,
        }
    # Cancelling a plan he does not hold (a newer one replaced it) leaves the newer one.
    if isinstance(evento, PlanComplementarioCancelado) and actual["pac_codigo"] in (
        None,
        evento.plan_codigo,
    ):
        return {"pac_codigo": None, "pac_nombre": None, "pac_fecha_inicio": None}
    return {}
