"""Back-office reports (roles ``operador`` and ``auditor``, read only): deadline compliance
per term and month with the late cases, volumes per service and event, payment approval
rate; JSON, CSV and a page with server-rendered SVG charts."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from audit.domain.plazos import Cumplimiento
from audit.entrypoints.dependencias import AplicacionDep
from audit.entrypoints.esquemas import Desde, Hasta
from audit.entrypoints.graficos import barras_apiladas
from eps_runtime.auth import Llamante, Rol
from eps_runtime.http_auth import requiere_rol

router = APIRouter(prefix="/informes", tags=["informes"])

LlamanteBackoffice = Annotated[Llamante, Depends(requiere_rol(Rol.OPERADOR, Rol.AUDITOR))]
_ERRORES: dict[int | str, dict[str, object]] = {
    401: {"description": "Sin sesión."},
    403: {"description": "Solo operadores y auditores."},
    422: {"description": "Rango inválido."},
}
_CSV: dict[int | str, dict[str, object]] = {
    **_ERRORES,
    200: {"description": "CSV (UTF-8 con BOM).", "content": {"text/csv": {}}},
}
MAX_CASOS = 100


class CumplimientoRespuesta(BaseModel):
    plazo: str
    mes: str
    a_tiempo: int
    tarde: int
    abiertos: int
    abiertos_vencidos: int
    mediana_dias: float | None
    p90_dias: float | None
    casos_tarde: list[str]
    """Up to 100 late cases (aggregate ids) to drill down into the archive."""


def _respuesta(c: Cumplimiento) -> CumplimientoRespuesta:
    return CumplimientoRespuesta(
        **{k: v for k, v in c.__dict__.items() if k != "tarde_ids"},
        casos_tarde=[str(i) for i in c.tarde_ids[:MAX_CASOS]],
    )


def _rango(desde: datetime | None, hasta: datetime | None) -> tuple[datetime, datetime]:
    hasta = hasta or datetime.now(UTC) + timedelta(days=1)
    return desde or hasta - timedelta(days=366), hasta


def _csv(filas: list[list[Any]], nombre: str) -> Response:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer).writerows(filas)
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{nombre}"'},
    )


@router.get(
    "/plazos",
    summary="Cumplimiento de plazos legales por mes",
    response_model=list[CumplimientoRespuesta],
    responses=_ERRORES,
)
async def plazos(
    _: LlamanteBackoffice, app: AplicacionDep, desde: Desde = None, hasta: Hasta = None
) -> list[CumplimientoRespuesta]:
    return [_respuesta(c) for c in await app.informes.cumplimiento(*_rango(desde, hasta))]


@router.get("/plazos.csv", summary="Cumplimiento de plazos en CSV", responses=_CSV)
async def plazos_csv(
    _: LlamanteBackoffice, app: AplicacionDep, desde: Desde = None, hasta: Hasta = None
) -> Response:
    filas: list[list[Any]] = [
        [
            "plazo",
            "mes",
            "a_tiempo",
            "tarde",
            "abiertos",
            "abiertos_vencidos",
            "mediana_dias",
            "p90_dias",
        ]
    ]
    for c in await app.informes.cumplimiento(*_rango(desde, hasta)):
        filas.append(
            [
                c.plazo,
                c.mes,
                c.a_tiempo,
                c.tarde,
                c.abiertos,
                c.abiertos_vencidos,
                c.mediana_dias,
                c.p90_dias,
            ]
        )
    return _csv(filas, "plazos.csv")


@router.get("/volumenes.csv", summary="Volúmenes por servicio y evento en CSV", responses=_CSV)
async def volumenes_csv(
    _: LlamanteBackoffice, app: AplicacionDep, desde: Desde = None, hasta: Hasta = None
) -> Response:
    filas: list[list[Any]] = [["mes", "servicio", "evento", "cantidad"]]
    for v in await app.informes.volumenes(*_rango(desde, hasta)):
        filas.append([v.mes, v.servicio, v.evento, v.cantidad])
    return _csv(filas, "volumenes.csv")


@router.get(
    "", summary="Página de informes con gráficos", response_class=HTMLResponse, responses=_ERRORES
)
async def pagina(
    _: LlamanteBackoffice, app: AplicacionDep, desde: Desde = None, hasta: Hasta = None
) -> HTMLResponse:
    rango = _rango(desde, hasta)
    cumplimiento = await app.informes.cumplimiento(*rango)
    volumenes = await app.informes.volumenes(*rango)
    pagos = await app.informes.pagos(*rango)
    secciones = ["<h1>Informes de cumplimiento</h1>"]
    for plazo in app.informes.plazos:
        suyas = [c for c in cumplimiento if c.plazo == plazo.codigo]
        secciones.append(
            f"<h2>{escape(plazo.nombre)}</h2><p><small>{escape(plazo.fuente)}</small></p>"
        )
        if not suyas:
            secciones.append("<p>Sin casos en el periodo.</p>")
            continue
        secciones.append(
            barras_apiladas(
                plazo.nombre,
                [c.mes for c in suyas],
                [
                    ("A tiempo", [c.a_tiempo for c in suyas]),
                    ("Tarde", [c.tarde for c in suyas]),
                    ("Abiertos vencidos", [c.abiertos_vencidos for c in suyas]),
                    ("Abiertos en plazo", [c.abiertos - c.abiertos_vencidos for c in suyas]),
                ],
            )
        )
        secciones.append(
            "<table><tr><th>Mes</th><th>A tiempo</th><th>Tarde</th><th>Abiertos</th>"
            "<th>Vencidos</th><th>Mediana (días)</th><th>p90 (días)</th></tr>"
            + "".join(
                f"<tr><td>{escape(c.mes)}</td><td>{c.a_tiempo}</td><td>{c.tarde}</td>"
                f"<td>{c.abiertos}</td><td>{c.abiertos_vencidos}</td>"
                f"<td>{'' if c.mediana_dias is None else c.mediana_dias}</td>"
                f"<td>{'' if c.p90_dias is None else c.p90_dias}</td></tr>"
                for c in suyas
            )
            + "</table>"
        )
    meses = sorted({v.mes for v in volumenes})
    servicios = sorted({v.servicio for v in volumenes})
    secciones.append("<h2>Volumen de eventos por servicio</h2>")
    secciones.append(
        barras_apiladas(
            "Eventos por mes y servicio",
            meses,
            [
                (
                    s,
                    [
                        sum(v.cantidad for v in volumenes if v.mes == m and v.servicio == s)
                        for m in meses
                    ],
                )
                for s in servicios
            ],
        )
        if meses
        else "<p>Sin eventos en el periodo.</p>"
    )
    secciones.append("<h2>Tasa de aprobación de pagos</h2>")
    secciones.append(
        "<table><tr><th>Mes</th><th>Aprobados</th><th>Rechazados</th><th>Tasa</th></tr>"
        + "".join(
            f"<tr><td>{escape(p.mes)}</td><td>{p.aprobados}</td><td>{p.rechazados}</td>"
            f"<td>{'' if p.tasa is None else f'{p.tasa:.1%}'}</td></tr>"
            for p in pagos
        )
        + "</table>"
        '<p><a href="/informes/plazos.csv">Plazos (CSV)</a> · '
        '<a href="/informes/volumenes.csv">Volúmenes (CSV)</a></p>'
    )
    html = (
        '<!doctype html><html lang="es"><head><meta charset="utf-8">'
        "<title>Informes — Oficina Virtual EPS</title></head><body>"
        + "".join(secciones)
        + "</body></html>"
    )
    return HTMLResponse(
        html,
        headers={
            "Cache-Control": "no-store",
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
        },
    )
