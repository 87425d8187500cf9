"""Reading the dashboard read model: one affiliate's ``Tablero`` and the projection's lag.

The family group is joined here, at query time, from both sides the projection keeps: the
cotizante's own stream (``tablero_grupos``: included, excluded) and each beneficiary's own
row (``tablero_personas.cotizante_id``). A person is in cotizante C's group when C's stream
includes him (and has not excluded him since), or when C's stream says nothing of him and
his own row names C. A retired member is not shown. A member whose own registration has
not arrived yet is not shown either: there is nothing to show of him.
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.types import EstadoAfiliacion, TipoAfiliado
from portal.adapters.secciones import Seccion
from portal.adapters.tablero_filas import COLUMNAS_PERSONA
from portal.domain.tablero import (
    DatosContacto,
    IpsPrimaria,
    MiembroGrupo,
    PlanBeneficios,
    PlanComplementario,
    Tablero,
)

_PERSONA = text(
    f"SELECT {', '.join(COLUMNAS_PERSONA)} FROM tablero_personas WHERE afiliado_id = :id"
)
_GRUPO = text(
    f"""
    WITH candidatos AS (
        SELECT beneficiario_id AS id FROM tablero_grupos WHERE cotizante_id = :id
        UNION
        SELECT afiliado_id FROM tablero_personas WHERE cotizante_id = :id
    )
    SELECT {", ".join("p." + c for c in COLUMNAS_PERSONA)},
           g.parentesco AS parentesco_grupo, g.tipo_afiliado AS tipo_grupo
    FROM candidatos c
    JOIN tablero_personas p ON p.afiliado_id = c.id
    LEFT JOIN tablero_grupos g ON g.cotizante_id = :id AND g.beneficiario_id = c.id
    WHERE COALESCE(g.activo, true) AND p.estado <> :retirado AND p.afiliado_id <> :id
    ORDER BY p.fecha_nacimiento, p.afiliado_id
    """
)
_MENOR_DEL_GRUPO = text(
    """
    SELECT p.fecha_nacimiento
    FROM tablero_personas p
    LEFT JOIN tablero_grupos g ON g.cotizante_id = :cotizante AND g.beneficiario_id = p.afiliado_id
    WHERE p.afiliado_id = :afiliado AND p.estado <> :retirado
      AND (g.activo OR (g.beneficiario_id IS NULL AND p.cotizante_id = :cotizante))
    """
)
_RETRASO = text(
    "SELECT mensajes_pendientes, medido_en FROM retraso_proyeccion WHERE proyeccion = :p"
)


class LecturaTableroSql:
    def __init__(
        self, engine: AsyncEngine, proyeccion: str, secciones: Sequence[Seccion] = ()
    ) -> None:
        self._engine = engine
        self._proyeccion = proyeccion
        self._secciones = tuple(secciones)

    async def leer(self, afiliado_id: UUID) -> Tablero | None:
        """The dashboard of ``afiliado_id`` as the projection has it, or None if unknown.
        «Mi grupo familiar» lists him first, then the members of the group he heads (who
        may see them is ``ConsultaTablero``'s decision)."""
        async with self._engine.connect() as conn:
            fila = (await conn.execute(_PERSONA, {"id": afiliado_id})).mappings().first()
            if fila is None:
                return None
            miembros = []
            if fila["tipo_afiliado"] == TipoAfiliado.COTIZANTE:
                resultado = await conn.execute(
                    _GRUPO, {"id": afiliado_id, "retirado": EstadoAfiliacion.RETIRADO.value}
                )
                miembros = [_miembro(m) for m in resultado.mappings()]
            tablero = _tablero(fila, [_miembro(fila), *miembros])
            extra = {s.campo: await s.leer(conn, afiliado_id) for s in self._secciones}
        return tablero.model_copy(update=extra) if extra else tablero

    async def menor_del_grupo(self, cotizante_id: UUID, afiliado_id: UUID) -> date | None:
        """The member's birth date, joined as ``leer`` joins the group (the cotizante's
        stream wins over the member's own row)."""
        async with self._engine.connect() as conn:
            nacimiento = (
                await conn.execute(
                    _MENOR_DEL_GRUPO,
                    {
                        "cotizante": cotizante_id,
                        "afiliado": afiliado_id,
                        "retirado": EstadoAfiliacion.RETIRADO.value,
                    },
                )
            ).scalar_one_or_none()
        return nacimiento

    async def retraso(self) -> dict[str, Any]:
        """The last lag the consumer recorded: ``{"mensajes_pendientes", "medido_en"}``
        (both None before the first measurement)."""
        async with self._engine.connect() as conn:
            fila = (await conn.execute(_RETRASO, {"p": self._proyeccion})).first()
        if fila is None:
            return {"mensajes_pendientes": None, "medido_en": None}
        medido_en: datetime = fila.medido_en
        return {
            "mensajes_pendientes": int(fila.mensajes_pendientes),
            "medido_en": medido_en.astimezone(UTC).isoformat(),
        }


def _nombre(f: Any) -> str:
    partes = (f["primer_nombre"], f["segundo_nombre"], f["primer_apellido"], f["segundo_apellido"])
    return " ".join(p for p in partes if p)


def _ips(f: Any) -> IpsPrimaria | None:
    if f["ips_primaria_codigo"] is None:
        return None
    return IpsPrimaria(
        codigo=f["ips_primaria_codigo"],
        nombre=f["ips_primaria_nombre"],
        direccion=f["ips_primaria_direccion"],
        telefono=f["ips_primaria_telefono"],
    )


def _miembro(f: Any) -> MiembroGrupo:
    return MiembroGrupo(
        afiliado_id=f["afiliado_id"],
        nombre_completo=_nombre(f),
        tipo_documento=f["tipo_documento"],
        numero_documento=f["numero_documento"],
        tipo_afiliado=f.get("tipo_grupo") or f["tipo_afiliado"],
        parentesco=f.get("parentesco_grupo") or f["parentesco"],
        estado=f["estado"],
        ips_primaria=_ips(f),
    )


def _tablero(f: Any, grupo: list[MiembroGrupo]) -> Tablero:
    pac = None
    if f["pac_codigo"] is not None:
        pac = PlanComplementario(
            codigo=f["pac_codigo"], nombre=f["pac_nombre"], fecha_inicio=f["pac_fecha_inicio"]
        )
    return Tablero(
        afiliado_id=f["afiliado_id"],
        version=f["version"],
        nombre_completo=_nombre(f),
        tipo_documento=f["tipo_documento"],
        numero_documento=f["numero_documento"],
        fecha_nacimiento=f["fecha_nacimiento"],
        datos_contacto=DatosContacto(
            email=f["email"],
            telefono_movil=f["telefono_movil"],
            telefono_residencia=f["telefono_residencia"],
            direccion=f["direccion"],
            barrio=f["barrio"],
            municipio_divipola=f["municipio_divipola"],
        ),
        plan_beneficios=PlanBeneficios(
            regimen=f["regimen"],
            estado=f["estado"],
            tipo_afiliado=f["tipo_afiliado"],
            ips_primaria=_ips(f),
        ),
        plan_complementario=pac,
        grupo_familiar=grupo,
    )
