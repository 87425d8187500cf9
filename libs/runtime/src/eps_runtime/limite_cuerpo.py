"""Uploads with a ceiling: a route class that stops receiving a body past a size.

FastAPI's multipart parser spools the whole body before the endpoint runs, so a limit checked
in the endpoint comes too late (a client could send gigabytes). The route class enforces it on
the way in: a declared ``Content-Length`` above the limit is refused unread, and a body without
one (chunked) is cut as soon as it passes the limit. Either way the caller gets the service's
Spanish problem, and a form the parser cannot read is a Spanish 422, never FastAPI's English 400::

    router = APIRouter(route_class=ruta_con_limite(LIMITE, mi_problema_de_tamano))
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.types import Message

from eps_runtime.http import Problem


class _CuerpoExcedido(Exception):
    """The body went past the limit while it was being received."""


def formulario_ilegible() -> Problem:
    return Problem(
        "No pudimos leer el formulario enviado; revise los datos e intente de nuevo.",
        code="formulario-invalido",
        status=422,
        title="Datos no válidos",
    )


def ruta_con_limite(limite_bytes: int, demasiado_grande: Callable[[], Problem]) -> type[APIRoute]:
    """A route class refusing bodies over ``limite_bytes`` with ``demasiado_grande()``."""

    class RutaConLimite(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            manejar = super().get_route_handler()

            async def con_limite(request: Request) -> Response:
                declarado = request.headers.get("content-length", "")
                if declarado.isdigit() and int(declarado) > limite_bytes:
                    raise demasiado_grande()
                recibidos = 0

                async def recibir() -> Message:
                    nonlocal recibidos
                    mensaje = await request.receive()
                    if mensaje["type"] == "http.request":
                        recibidos += len(mensaje.get("body", b""))
                        if recibidos > limite_bytes:
                            raise _CuerpoExcedido
                    return mensaje

                try:
                    respuesta: Response = await manejar(Request(request.scope, recibir))
                except HTTPException as error:
                    # FastAPI turns any error while parsing the body into an English 400;
                    # the multipart parser's own size refusals say "exceeded".
                    if error.status_code != 400:
                        raise
                    causa = error.__cause__
                    if (
                        isinstance(causa, _CuerpoExcedido)
                        or "exceeded" in f"{error.detail} {causa}"
                    ):
                        raise demasiado_grande() from None
                    raise formulario_ilegible() from None
                return respuesta

            return con_limite

    return RutaConLimite
