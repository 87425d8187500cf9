"""The dashboard for front ends holding identity's bearer tokens (rol afiliado).

- ``GET /mi/tablero``: the caller's own dashboard (``Tablero``);
  ``?afiliado_id=X``: a minor he represents; anyone else or unknown → 404 problem+json
  ``afiliado-no-encontrado`` (the same answer, so ids of other people are not revealed);
  ``?version_minima=N``: answer once the dashboard reflects version N of its subject's
  aggregate (the version a command's answer gave), waiting at most
  ``PORTAL_ESPERA_VERSION_MAX_S``; if it is not reached by then, the answer is what the
  read model has, with the header ``X-Tablero-Desactualizado: true``.
  The ``ETag`` is the dashboard's version.
- ``GET /mi/tablero/eventos`` (optional ``afiliado_id``): Server-Sent Events. Each time a
  committed event changed what that dashboard shows: ``event: tablero`` with
  ``data: {"afiliado_id": "...", "version": n}``; a comment (``: latido``) every
  ``LATIDO_S`` seconds keeps proxies from closing the connection. The stream ends when the
  client leaves or the server stops listening (shutdown).
- ``GET /metrics``: the projection's lag in Prometheus text format
  (``portal_tablero_mensajes_pendientes``, ``portal_tablero_retraso_medido_en_segundos``).
"""

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import PlainTextResponse, StreamingResponse

from eps_runtime.auth import Llamante, Rol
from eps_runtime.http import etag
from eps_runtime.http_auth import requiere_rol
from portal.application.tablero import ConsultaTablero
from portal.domain.tablero import Tablero

router = APIRouter(tags=["tablero"])

LATIDO_S = 15.0
ENCABEZADO_DESACTUALIZADO = "X-Tablero-Desactualizado"

AfiliadoDep = Annotated[Llamante, Depends(requiere_rol(Rol.AFILIADO))]
AfiliadoIdQuery = Annotated[
    UUID | None,
    Query(description="Un menor que el llamante representa; por defecto, el propio llamante."),
]


def _consulta(request: Request) -> ConsultaTablero:
    consulta: ConsultaTablero = request.app.state.componentes.consulta
    return consulta


@router.get(
    "/mi/tablero",
    response_model=Tablero,
    summary="Tablero del afiliado (Menú inicial)",
    responses={404: {"description": "Afiliado desconocido o que el llamante no representa."}},
)
async def mi_tablero(
    request: Request,
    llamante: AfiliadoDep,
    afiliado_id: AfiliadoIdQuery = None,
    version_minima: Annotated[
        int | None,
        Query(
            ge=1,
            lt=2**31,
            description="Esperar a que el tablero refleje esta versión del afiliado.",
        ),
    ] = None,
) -> Response:
    leido = await _consulta(request).leer(llamante, afiliado_id, version_minima=version_minima)
    encabezados = {"ETag": etag(leido.tablero.version), "Cache-Control": "no-store"}
    if not leido.al_dia:
        encabezados[ENCABEZADO_DESACTUALIZADO] = "true"
    # Serialised once: the model was validated when it was built, and FastAPI would
    # validate it again against ``response_model`` (which stays, for the OpenAPI).
    return Response(
        leido.tablero.model_dump_json(), media_type="application/json", headers=encabezados
    )


@router.get(
    "/mi/tablero/eventos",
    summary="Cambios del tablero (Server-Sent Events)",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/event-stream": {}}},
        404: {"description": "Afiliado desconocido o que el llamante no representa."},
    },
)
async def eventos_tablero(
    request: Request, llamante: AfiliadoDep, afiliado_id: AfiliadoIdQuery = None
) -> StreamingResponse:
    consulta = _consulta(request)
    # Checked before the stream starts, so a refusal is a 404 problem, not an empty stream.
    actual = await consulta.tablero(llamante, afiliado_id)
    cambios = consulta.cambios(llamante, actual.afiliado_id)
    return StreamingResponse(
        flujo_sse(actual.afiliado_id, cambios),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


async def flujo_sse(
    afiliado_id: UUID, cambios: AsyncIterator[int], latido_s: float = LATIDO_S
) -> AsyncIterator[str]:
    """SSE frames of ``cambios``, with a comment every ``latido_s`` seconds of silence."""
    iterador = aiter(cambios)
    siguiente: asyncio.Future[int] = asyncio.ensure_future(anext(iterador))
    try:
        yield ": conectado\n\n"
        while True:
            listos, _ = await asyncio.wait({siguiente}, timeout=latido_s)
            if not listos:
                yield ": latido\n\n"
                continue
            try:
                version = siguiente.result()
            except StopAsyncIteration:
                return
            datos = json.dumps({"afiliado_id": str(afiliado_id), "version": version})
            yield f"event: tablero\ndata: {datos}\n\n"
            siguiente = asyncio.ensure_future(anext(iterador))
    finally:
        siguiente.cancel()
        with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration):
            await siguiente
        aclose = getattr(iterador, "aclose", None)
        if aclose is not None:
            await aclose()


@router.get("/metrics", include_in_schema=False, response_class=PlainTextResponse)
async def metricas(request: Request) -> PlainTextResponse:
    retraso = await _consulta(request).retraso()
    lineas = [
        "# HELP portal_tablero_mensajes_pendientes Mensajes del tópico de afiliados que la "
        "proyección del tablero aún no aplicó (última medición).",
        "# TYPE portal_tablero_mensajes_pendientes gauge",
    ]
    if retraso.get("mensajes_pendientes") is not None:
        lineas.append(f"portal_tablero_mensajes_pendientes {int(retraso['mensajes_pendientes'])}")
    lineas += [
        "# HELP portal_tablero_retraso_medido_en_segundos Instante (Unix) de esa medición.",
        "# TYPE portal_tablero_retraso_medido_en_segundos gauge",
    ]
    if retraso.get("medido_en") is not None:
        medido = datetime.fromisoformat(str(retraso["medido_en"])).timestamp()
        lineas.append(f"portal_tablero_retraso_medido_en_segundos {medido:.3f}")
    return PlainTextResponse(
        "\n".join(lineas) + "\n", media_type="text/plain; version=0.0.4; charset=utf-8"
    )
