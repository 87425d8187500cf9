"""The cotizante's cartera PBS and paz y salvo under ``/mi`` (manual §4.3, §4.4.2).

Same access rule as every ``/mi`` route: the caller or a minor he represents, anyone else is
the 404 of a person who does not exist."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from billing.adapters.certificados_pdf import generar_estado_cartera, generar_paz_y_salvo
from billing.application import cartera
from billing.domain.valores import pesos
from billing.entrypoints.dependencias import AhoraDep, AplicacionDep, Respuestas, problemas
from eps_runtime.auth import Llamante, Rol, exigir_actuar_por
from eps_runtime.errores import DatosInvalidos
from eps_runtime.http_auth import requiere_rol

router = APIRouter(tags=["cartera y certificados"], responses=problemas(401, 403))
LlamanteAfiliado = Annotated[Llamante, Depends(requiere_rol(Rol.AFILIADO))]
AfiliadoConsultado = Annotated[UUID, Query(description="Usted o un menor de su grupo familiar.")]
Periodo = Annotated[
    str, Query(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$", max_length=7, description="AAAA-MM")
]
_PDF: Respuestas = {
    200: {"content": {"application/pdf": {}}, "description": "El documento en PDF."}
}


def _pdf(contenido: bytes, nombre: str) -> Response:
    return Response(
        contenido,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{nombre}"',
            "Cache-Control": "no-store",
        },
    )


class PeriodoVista(BaseModel):
    periodo: str
    esperado: int
    pagado: int
    saldo: int
    saldo_texto: str
    vence_el: date
    en_mora: bool


class CarteraVista(BaseModel):
    afiliado_id: UUID
    tipo_cotizante: str
    periodos: list[PeriodoVista]
    deuda_vencida: int
    deuda_vencida_texto: str
    periodos_en_mora: list[str]


class AporteVista(BaseModel):
    periodo: str
    planilla: str
    fecha_pago: date
    dias_cotizados: int
    ibc: int
    valor: int
    valor_texto: str


class HistorialAportesVista(BaseModel):
    afiliado_id: UUID
    desde: str
    hasta: str
    aportes: list[AporteVista]
    total: int
    total_texto: str


class PazYSalvoVista(BaseModel):
    afiliado_id: UUID
    hasta_periodo: str
    mensaje: str


def _vista(estado: cartera.EstadoCuenta) -> CarteraVista:
    return CarteraVista(
        afiliado_id=estado.afiliado_id,
        tipo_cotizante=estado.tipo_cotizante,
        periodos=[
            PeriodoVista(
                periodo=p.periodo,
                esperado=p.esperado,
                pagado=p.pagado,
                saldo=p.saldo,
                saldo_texto=pesos(p.saldo),
                vence_el=p.vence_el,
                en_mora=p.en_mora,
            )
            for p in estado.periodos
        ],
        deuda_vencida=estado.deuda_vencida,
        deuda_vencida_texto=pesos(estado.deuda_vencida),
        periodos_en_mora=estado.en_mora,
    )


@router.get("/mi/cartera", summary="Cartera PBS por periodo", responses=problemas(404))
async def mi_cartera(
    llamante: LlamanteAfiliado,
    aplicacion: AplicacionDep,
    ahora: AhoraDep,
    afiliado_id: AfiliadoConsultado,
) -> CarteraVista:
    exigir_actuar_por(llamante, afiliado_id, ahora)
    estado, _ = await cartera.estado_cuenta(aplicacion.dependencias(), afiliado_id)
    return _vista(estado)


@router.get(
    "/mi/paz-y-salvo", summary="Paz y salvo PBS hasta un periodo", responses=problemas(404, 409)
)
async def paz_y_salvo(
    llamante: LlamanteAfiliado,
    aplicacion: AplicacionDep,
    ahora: AhoraDep,
    afiliado_id: AfiliadoConsultado,
    periodo: Periodo,
) -> PazYSalvoVista:
    exigir_actuar_por(llamante, afiliado_id, ahora)
    await cartera.paz_y_salvo(aplicacion.dependencias(), afiliado_id, periodo)
    return PazYSalvoVista(
        afiliado_id=afiliado_id,
        hasta_periodo=periodo,
        mensaje=f"Se encuentra a paz y salvo con el PBS hasta el periodo {periodo}.",
    )


@router.get(
    "/mi/cartera/pdf",
    summary="Estado de cartera PBS en PDF",
    responses=problemas(404) | _PDF,
    response_class=Response,
)
async def mi_cartera_pdf(
    llamante: LlamanteAfiliado,
    aplicacion: AplicacionDep,
    ahora: AhoraDep,
    afiliado_id: AfiliadoConsultado,
) -> Response:
    exigir_actuar_por(llamante, afiliado_id, ahora)
    estado, _ = await cartera.estado_cuenta(aplicacion.dependencias(), afiliado_id)
    contenido = await run_in_threadpool(generar_estado_cartera, estado, ahora)
    return _pdf(contenido, "cartera-pbs.pdf")


@router.get(
    "/mi/paz-y-salvo/pdf",
    summary="Paz y salvo PBS en PDF",
    responses=problemas(404, 409) | _PDF,
    response_class=Response,
)
async def paz_y_salvo_pdf(
    llamante: LlamanteAfiliado,
    aplicacion: AplicacionDep,
    ahora: AhoraDep,
    afiliado_id: AfiliadoConsultado,
    periodo: Periodo,
) -> Response:
    exigir_actuar_por(llamante, afiliado_id, ahora)
    estado = await cartera.paz_y_salvo(aplicacion.dependencias(), afiliado_id, periodo)
    contenido = await run_in_threadpool(generar_paz_y_salvo, estado, periodo, ahora)
    return _pdf(contenido, f"paz-y-salvo-pbs-{periodo}.pdf")


MesAnio = Annotated[
    str, Query(pattern=r"^(0[1-9]|1[0-2])/[0-9]{4}$", max_length=7, description="MM/AAAA")
]


class RangoInvalido(DatosInvalidos):
    codigo = "rango-invalido"
    campo = "hasta"


@router.get(
    "/mi/aportes",
    summary="Historial de pagos de aportes entre dos meses (MM/AAAA)",
    responses=problemas(404, 422),
)
async def historial_aportes(
    llamante: LlamanteAfiliado,
    aplicacion: AplicacionDep,
    ahora: AhoraDep,
    afiliado_id: AfiliadoConsultado,
    desde: MesAnio,
    hasta: MesAnio,
) -> HistorialAportesVista:
    """Manual §4.4.3: the contributions that arrived for the cotizante's periods between
    ``desde`` and ``hasta`` (at most 36 months)."""
    exigir_actuar_por(llamante, afiliado_id, ahora)
    inicio, fin = f"{desde[3:]}-{desde[:2]}", f"{hasta[3:]}-{hasta[:2]}"
    meses = (int(fin[:4]) - int(inicio[:4])) * 12 + int(fin[5:]) - int(inicio[5:])
    if meses < 0:
        raise RangoInvalido("El mes final debe ser igual o posterior al mes inicial.")
    if meses >= 36:
        raise RangoInvalido("Consulte como máximo 36 meses a la vez.")
    estado, cuenta = await cartera.estado_cuenta(aplicacion.dependencias(), afiliado_id)
    aportes = sorted(
        (a for a in (cuenta.registrados if cuenta else []) if inicio <= a.periodo <= fin),
        key=lambda a: (a.periodo, a.fecha_pago),
    )
    total = sum(a.valor for a in aportes)
    return HistorialAportesVista(
        afiliado_id=estado.afiliado_id,
        desde=desde,
        hasta=hasta,
        aportes=[
            AporteVista(
                periodo=a.periodo,
                planilla=a.planilla,
                fecha_pago=a.fecha_pago,
                dias_cotizados=a.dias_cotizados,
                ibc=a.ibc,
                valor=a.valor,
                valor_texto=pesos(a.valor),
            )
            for a in aportes
        ],
        total=total,
        total_texto=pesos(total),
    )
