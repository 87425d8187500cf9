"""The copay pages (manual §4.2.2, §4.2.4): what the affiliate and his minors owe for their
OPS, paying one through the gateway, the return from the gateway, the copay history.

Data comes from billing's API with the signed-in user's token; billing decides who may see
and pay what (the same 404 for someone the user may not act for). Paying never trusts the
browser: the return page only says the payment is being confirmed; billing confirms it from
the gateway's signed notification or its query. Each rendered payment form carries its own
idempotency key, so a double submit of the same form is one transaction.
"""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response

from portal.adapters.servicios import ErrorServicio
from portal.entrypoints.web_comun import Autenticado, autenticado, formulario, pagina, web_de

router = APIRouter(include_in_schema=False)
MENU = [("Pagos de cuotas", "/mi-cuenta/pagos")]


def _personas(aut: Autenticado) -> list[UUID]:
    yo = aut.llamante.afiliado_id
    return ([yo] if yo is not None else []) + sorted(aut.llamante.representados, key=str)


async def _datos(request: Request, aut: Autenticado) -> dict[str, Any]:
    billing = web_de(request).servicio("billing")
    personas = []
    for afiliado_id in _personas(aut):
        cuotas = await billing.obtener(aut.acceso, "/mi/cuotas", afiliado_id=str(afiliado_id))
        historial = await billing.obtener(
            aut.acceso, "/mi/cuotas/historial", afiliado_id=str(afiliado_id)
        )
        personas.append(
            {
                "afiliado_id": afiliado_id,
                "cuotas": cuotas["obligaciones"],
                "movimientos": historial["movimientos"],
            }
        )
    try:
        bancos = await billing.obtener(aut.acceso, "/pagos/bancos")
    except ErrorServicio:
        bancos = []
    return {"personas": personas, "bancos": bancos, "clave": uuid.uuid4().hex}


@router.get("/mi-cuenta/pagos")
async def pagos(request: Request) -> Response:
    aut = await autenticado(request)
    try:
        datos = await _datos(request, aut)
    except ErrorServicio as error:
        return pagina(
            request, "billing/pagos.html", status=error.status, personas=[], alerta=error.detail
        )
    return pagina(request, "billing/pagos.html", **datos)


@router.post("/mi-cuenta/pagos/{obligacion_id}")
async def pagar(request: Request, obligacion_id: UUID) -> Response:
    aut = await autenticado(request)
    campos = await formulario(request)
    cuerpo = {
        "afiliado_id": campos.get("afiliado_id", ""),
        "medio": campos.get("medio", ""),
        "banco": campos.get("banco") or None,
    }
    clave = campos.get("clave", "")
    try:
        creado = (
            await web_de(request)
            .servicio("billing")
            .enviar(
                aut.acceso,
                "POST",
                f"/mi/cuotas/{obligacion_id}/pagos",
                json=cuerpo,
                encabezados={"Idempotency-Key": clave},
            )
        )
    except ErrorServicio as error:
        try:
            datos = await _datos(request, aut)
        except ErrorServicio:
            datos = {"personas": []}
        return pagina(
            request,
            "billing/pagos.html",
            status=error.status,
            alerta=error.detail,
            errores=error.errores,
            **datos,
        )
    url = creado.get("url_pago") or ""
    if not url.startswith(("https://", "http://")):
        url = ""
    # A link, not a redirect: the page's CSP allows forms to post only to the portal.
    return pagina(request, "billing/ir_a_pasarela.html", url_pago=url, pago=creado)


@router.get("/mi-cuenta/pagos/retorno")
async def retorno(request: Request) -> Response:
    await autenticado(request)
    return pagina(request, "billing/retorno.html")
