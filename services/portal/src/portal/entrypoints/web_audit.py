"""«Quién consultó mis datos» (Ley 1581 de 2012, art. 8): who read the signed-in affiliate's
personal data, or a minor's he represents, from the audit service's ``GET /mi/accesos``.

Nothing is decided here: the audit API answers with the user's token (the same 404 for a
person he may not see), and its refusals are shown as the page's alert.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from portal.adapters.servicios import ErrorServicio
from portal.entrypoints.web_comun import autenticado, pagina, web_de

router = APIRouter(include_in_schema=False)

RUTA = "/mi-cuenta/accesos"
MENU = [("Quién consultó mis datos", RUTA)]

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_CURSOR = re.compile(r"^[A-Za-z0-9_-]{1,200}$")

RECURSOS = {
    "historial-afiliado": "Su historia de trámites",
    "eventos-archivados": "Registros de sus trámites",
    "accesos-afiliado": "La lista de quién consultó sus datos",
    "datos-afiliado": "Sus datos de afiliación",
    "documentos": "Sus documentos",
    "busqueda-por-documento": "Sus datos de afiliación (búsqueda por documento)",
    "grupo-familiar": "Sus datos en el grupo familiar de su cotizante",
    "certificado-afiliacion": "Su certificado de afiliación",
}
ROLES = {
    "auditor": "Auditor",
    "operador": "Funcionario de la EPS",
    "empleador": "Empleador",
    "delegado": "Delegado del empleador",
    "afiliado": "Afiliado",
}


def _fila(acceso: dict[str, Any]) -> dict[str, str]:
    try:
        cuando = datetime.fromisoformat(str(acceso["consultado_en"]).replace("Z", "+00:00"))
        fecha = cuando.strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        fecha = str(acceso.get("consultado_en", ""))
    recurso = str(acceso.get("recurso", ""))
    rol = str(acceso.get("lector_rol", ""))
    return {
        "fecha": fecha,
        "quien": str(acceso.get("lector_usuario_id", "")),
        "rol": ROLES.get(rol, rol),
        "que": RECURSOS.get(recurso, recurso),
        "servicio": str(acceso.get("servicio", "")),
        "por": str(acceso.get("operacion", "")),
    }


@router.get(RUTA)
async def accesos(request: Request) -> Response:
    aut = await autenticado(request)
    parametros: dict[str, str] = {}
    elegido = request.query_params.get("afiliado_id", "")
    if _UUID.fullmatch(elegido):
        parametros["afiliado_id"] = elegido
    cursor = request.query_params.get("cursor", "")
    if _CURSOR.fullmatch(cursor):
        parametros["cursor"] = cursor
    try:
        respuesta = (
            await web_de(request).servicio("audit").obtener(aut.acceso, "/mi/accesos", **parametros)
        )
    except ErrorServicio as error:
        return pagina(
            request, "audit/accesos.html", status=error.status, filas=[], alerta=error.detail
        )
    filas = [_fila(a) for a in respuesta.get("elementos", [])]
    siguiente = respuesta.get("siguiente")
    if not (isinstance(siguiente, str) and _CURSOR.fullmatch(siguiente)):
        siguiente = None
    return pagina(
        request,
        "audit/accesos.html",
        filas=filas,
        siguiente=siguiente
        if isinstance(siguiente, str) and _CURSOR.fullmatch(siguiente)
        else None,
        afiliado_id=parametros.get("afiliado_id"),
    )
