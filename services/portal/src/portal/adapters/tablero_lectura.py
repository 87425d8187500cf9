"""Reading the dashboard read model: one affiliate's ``Tablero`` and the projection's lag.

The family group is joined here, at query time, from both sides the projection keeps: the
cotizante's own stream (``tablero_grupos``: included, excluded) and each beneficiary's own
row (``tablero_personas.cotizante_id``). A person is in cotizante C's group when C's stream
includes him (and has not excluded him since), or when C's stream says nothing of him and
his own row names C. A retired member is not shown. A member whose own registration has
not arrived yet is not shown either: there is nothing to show of him.

Guarantee: a dashboard is ONE statement — his row, his group and every domain section in
one round trip, so all of it comes from one snapshot of the read model (never a group newer
than the row it is shown with), and a read costs one query however many sections there are.
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.types import EstadoAfiliacion, TipoAfiliado
from eps_runtime.db import driver_connection
from portal.adapters.secciones import Seccion, como_json, filas_json
from portal.adapters.tablero_filas import COLUMNAS_PERSONA
from portal.domain.tablero import (
    DatosContacto,
    IpsPrimaria,
    MiembroGrupo,
    PlanBeneficios,
    PlanComplementario,
    Tablero,
)

_GRUPO = f"""
    WITH candidatos AS (
        SELECT beneficiario_id AS id FROM tablero_grupos WHERE cotizante_id = $1
        UNION
        SELECT afiliado_id FROM tablero_personas WHERE cotizante_id = $1
    )
    SELECT {", ".join("p." + c for c in COLUMNAS_PERSONA)},
           g.parentesco AS parentesco_grupo, g.tipo_afiliado AS tipo_grupo
    FROM candidatos c
    JOIN tablero_personas p ON p.afiliado_id = c.id
    LEFT JOIN tablero_grupos g ON g.cotizante_id = $1 AND g.beneficiario_id = c.id
    WHERE COALESCE(g.activo, true) AND p.estado <> '{EstadoAfiliacion.RETIRADO.value}'
      AND p.afiliado_id <> $1
    ORDER BY p.fecha_nacimiento, p.afiliado_id
"""
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
        self._consulta = _consulta(self._secciones)

    async def leer(self, afiliado_id: UUID) -> Tablero | None:
        """The dashboard of ``afiliado_id`` as the projection has it, or None if unknown.
        «Mi grupo familiar» lists him first, then the members of the group he heads (who
        may see them is ``ConsultaTablero``'s decision). One statement (see the module)."""
        async with self._engine.connect() as conn:
            # Straight on the driver: one statement needs no transaction around it (SQLAlchemy
            # would add a BEGIN and a ROLLBACK, two more round trips than the read itself).
            driver = await driver_connection(conn)
            fila = await driver.fetchrow(self._consulta, afiliado_id)
        if fila is None:
            return None
        miembros = [_miembro(m) for m in filas_json(fila["grupo"])]
        tablero = _tablero(fila, [_miembro(fila), *miembros])
        extra = {
            s.campo: s.desde_filas(filas_json(fila[f"seccion_{i}"]))
            for i, s in enumerate(self._secciones)
        }
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


def _consulta(secciones: Sequence[Seccion]) -> str:
    """His row, his group's members (only a cotizante heads one) and each section's rows,
    the lists as JSON arrays in their queries' order; ``$1`` is the affiliate's id."""
    columnas = [
        *(f"p.{c}" for c in COLUMNAS_PERSONA),
        f"CASE WHEN p.tipo_afiliado = '{TipoAfiliado.COTIZANTE.value}' THEN "
        f"{como_json(_GRUPO)} END AS grupo",
        *(f"{como_json(s.consulta)} AS seccion_{i}" for i, s in enumerate(secciones)),
    ]
    return f"SELECT {', '.join(columnas)} FROM tablero_personas p WHERE p.afiliado_id = $1"


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
