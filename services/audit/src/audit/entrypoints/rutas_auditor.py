"""The auditor's API (role ``auditor``, read only): search the archive, an affiliate's history
across services, CSV exports, and who read an affiliate's personal data.

Every other role gets 403 ``sin-permiso``. Each answer that shows an affiliate's personal
data records a ``DatosPersonalesConsultados`` first (``application.consultas``).
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from audit.application.modelos import FiltroEventos
from audit.entrypoints.csv_export import filas_csv
from audit.entrypoints.dependencias import AplicacionDep, LlamanteAuditor, OperacionDep
from audit.entrypoints.esquemas import (
    ConsultaRespuesta,
    Cursor,
    Desde,
    EventoRespuesta,
    Hasta,
    Limite,
    PaginaConsultas,
    PaginaEventos,
    Servicio,
    Sujeto,
    TipoEvento,
)
from audit.entrypoints.parquet_export import bytes_parquet

router = APIRouter(prefix="/auditoria", tags=["auditoría"])

_ERRORES: dict[int | str, dict[str, object]] = {
    401: {"description": "Sin sesión."},
    403: {"description": "Solo el rol auditor."},
    422: {"description": "Parámetros inválidos."},
}
_CSV: dict[int | str, dict[str, object]] = {
    **_ERRORES,
    200: {"description": "CSV (UTF-8 con BOM).", "content": {"text/csv": {}}},
}
_PARQUET: dict[int | str, dict[str, object]] = {
    **_ERRORES,
    200: {"description": "Parquet.", "content": {"application/vnd.apache.parquet": {}}},
}


@router.get(
    "/eventos",
    summary="Buscar en el archivo por agregado, tipo, servicio y rango de tiempo",
    response_model=PaginaEventos,
    responses=_ERRORES,
)
async def buscar(
    llamante: LlamanteAuditor,
    app: AplicacionDep,
    op: OperacionDep,
    sujeto: Sujeto = None,
    tipo: TipoEvento = None,
    servicio: Servicio = None,
    desde: Desde = None,
    hasta: Hasta = None,
    cursor: Cursor = None,
    limite: Limite = 100,
) -> PaginaEventos:
    filtro = FiltroEventos(sujeto=sujeto, tipo=tipo, servicio=servicio, desde=desde, hasta=hasta)
    pagina = await app.auditoria.buscar(llamante, filtro, cursor, limite, op)
    return PaginaEventos(
        elementos=[EventoRespuesta.de(e) for e in pagina.elementos], siguiente=pagina.siguiente
    )


@router.get(
    "/eventos.csv",
    summary="Exportar la búsqueda en CSV (en flujo, sin límite de filas)",
    responses=_CSV,
)
async def exportar(
    llamante: LlamanteAuditor,
    app: AplicacionDep,
    op: OperacionDep,
    sujeto: Sujeto = None,
    tipo: TipoEvento = None,
    servicio: Servicio = None,
    desde: Desde = None,
    hasta: Hasta = None,
) -> StreamingResponse:
    filtro = FiltroEventos(sujeto=sujeto, tipo=tipo, servicio=servicio, desde=desde, hasta=hasta)
    eventos = await app.auditoria.exportar(llamante, filtro, op)
    return _csv(filas_csv(eventos), "eventos.csv")


@router.get(
    "/eventos.parquet",
    summary="Exportar la búsqueda en Parquet (en flujo, por grupos de filas)",
    responses=_PARQUET,
)
async def exportar_parquet(
    llamante: LlamanteAuditor,
    app: AplicacionDep,
    op: OperacionDep,
    sujeto: Sujeto = None,
    tipo: TipoEvento = None,
    servicio: Servicio = None,
    desde: Desde = None,
    hasta: Hasta = None,
) -> StreamingResponse:
    filtro = FiltroEventos(sujeto=sujeto, tipo=tipo, servicio=servicio, desde=desde, hasta=hasta)
    eventos = await app.auditoria.exportar(llamante, filtro, op)
    return _archivo(bytes_parquet(eventos), "eventos.parquet", PARQUET)


@router.get(
    "/afiliados/{afiliado_id}/historial",
    summary="Historia completa de un afiliado en todos los servicios, en orden",
    response_model=PaginaEventos,
    responses=_ERRORES,
)
async def historial(
    afiliado_id: UUID,
    llamante: LlamanteAuditor,
    app: AplicacionDep,
    op: OperacionDep,
    cursor: Cursor = None,
    limite: Limite = 100,
) -> PaginaEventos:
    pagina = await app.auditoria.historial(llamante, afiliado_id, cursor, limite, op)
    return PaginaEventos(
        elementos=[EventoRespuesta.de(e) for e in pagina.elementos], siguiente=pagina.siguiente
    )


@router.get(
    "/afiliados/{afiliado_id}/historial.csv",
    summary="Exportar la historia de un afiliado en CSV",
    responses=_CSV,
)
async def historial_csv(
    afiliado_id: UUID, llamante: LlamanteAuditor, app: AplicacionDep, op: OperacionDep
) -> StreamingResponse:
    eventos = await app.auditoria.exportar(llamante, FiltroEventos(afiliado_id=afiliado_id), op)
    return _csv(filas_csv(eventos), f"historial-{afiliado_id}.csv")


@router.get(
    "/afiliados/{afiliado_id}/historial.parquet",
    summary="Exportar la historia de un afiliado en Parquet",
    responses=_PARQUET,
)
async def historial_parquet(
    afiliado_id: UUID, llamante: LlamanteAuditor, app: AplicacionDep, op: OperacionDep
) -> StreamingResponse:
    eventos = await app.auditoria.exportar(llamante, FiltroEventos(afiliado_id=afiliado_id), op)
    return _archivo(bytes_parquet(eventos), f"historial-{afiliado_id}.parquet", PARQUET)


@router.get(
    "/afiliados/{afiliado_id}/accesos",
    summary="Quién consultó los datos personales de un afiliado (Ley 1581 de 2012)",
    response_model=PaginaConsultas,
    responses=_ERRORES,
)
async def accesos(
    afiliado_id: UUID,
    llamante: LlamanteAuditor,
    app: AplicacionDep,
    op: OperacionDep,
    cursor: Cursor = None,
    limite: Limite = 100,
) -> PaginaConsultas:
    pagina = await app.auditoria.consultas_de(llamante, afiliado_id, cursor, limite, op)
    return PaginaConsultas(
        elementos=[ConsultaRespuesta.de(c) for c in pagina.elementos], siguiente=pagina.siguiente
    )


PARQUET = "application/vnd.apache.parquet"


def _csv(cuerpo: object, nombre: str) -> StreamingResponse:
    return _archivo(cuerpo, nombre, "text/csv; charset=utf-8")


def _archivo(cuerpo: object, nombre: str, tipo: str) -> StreamingResponse:
    return StreamingResponse(
        cuerpo,  # type: ignore[arg-type]
        media_type=tipo,
        headers={"Content-Disposition": f'attachment; filename="{nombre}"'},
    )
