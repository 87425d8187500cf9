"""Records, from a route, that its answer shows someone else's personal data
(``application.registro_consultas``): the reason recorded is the route's method and
template (``GET /afiliados/{afiliado_id}``), never the path with its values."""

from collections.abc import Iterable
from uuid import UUID

from fastapi import Request

from affiliation.application.registro_consultas import registrar_consultas
from affiliation.bootstrap import Aplicacion
from eps_runtime.auth import Llamante


def operacion(request: Request) -> str:
    ruta = request.scope.get("route")
    return f"{request.method} {getattr(ruta, 'path', '/')}"


async def registrar_lectura(
    aplicacion: Aplicacion,
    request: Request,
    lector: Llamante,
    afiliados: Iterable[UUID],
    recurso: str,
) -> None:
    await registrar_consultas(
        aplicacion.registro_consultas,
        lector,
        afiliados,
        recurso,
        operacion(request),
        aplicacion.ahora,
    )
