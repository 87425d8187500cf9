"""One origin for front ends: ``/api/<service>/…`` reaches every service's API.

In Kubernetes the ingress does this routing (``deploy/k8s/base/ingress.yaml``); locally the
portal does it, so a front end written against ``/api/affiliation/mi/afiliacion`` works
unchanged in both. The prefix is stripped, as the ingress does, and the portal's own JSON
API answers under ``/api/portal/…`` as well.

What crosses the gateway:
- requests with their bearer token, ``If-Match``, ``X-Captcha``…; never the browser's
  cookies: the web portal's session stays with the portal (services authenticate bearer
  tokens only), and no upstream can set cookies on this origin;
- answers streamed back with their status, problem+json bodies and ``ETag``;
- the trace context (``traceparent``) and ``X-Forwarded-*``.
An unknown service is a 404 and an unreachable one a 502, both problem+json in Spanish.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import quote

import httpx
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from starlette.background import BackgroundTask
from starlette.responses import Response, StreamingResponse

from eps_runtime.http import NotFound, Problem, metodos_permitidos
from eps_runtime.logging import get_logger
from eps_runtime.tracing import current_traceparent
from portal.settings import PortalSettings

log = get_logger(__name__)

# Hop-by-hop headers (RFC 9110 §7.6.1) are the connection's, not the message's; cookies
# belong to this origin (see the module docstring); Host is the upstream's own.
_NO_REENVIADAS = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "cookie",
        "set-cookie",
        "content-length",
        "traceparent",
        "tracestate",
    }
)
_METODOS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
RUTA_PASARELA = "/api/{servicio}/{ruta:path}"
# Bigger than any upload a service accepts (support documents are 2 MB at most).
MAXIMO_CUERPO_BYTES = 8 * 1024 * 1024


class ServicioDesconocido(Problem):
    status = 404
    code = "servicio-desconocido"
    title = "Servicio desconocido"


class ServicioNoDisponible(Problem):
    status = 502
    code = "servicio-no-disponible"
    title = "Servicio no disponible"


class CuerpoDemasiadoGrande(Problem):
    status = 413
    code = "cuerpo-demasiado-grande"
    title = "Solicitud demasiado grande"


def servicios(settings: PortalSettings) -> dict[str, str]:
    """Service name → base URL of its API."""
    return settings.destinos()


def instalar(app: FastAPI, settings: PortalSettings) -> None:
    """Adds CORS for ``settings.origenes_cors`` and the ``/api/<service>/…`` routes."""
    if settings.origenes_cors:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.origenes_cors,
            allow_credentials=True,
            allow_methods=_METODOS,
            allow_headers=["Authorization", "Content-Type", "If-Match", "X-Captcha"],
            expose_headers=["ETag", "Location", "Retry-After"],
        )
    destinos = servicios(settings)

    @app.api_route(RUTA_PASARELA, methods=_METODOS, include_in_schema=False)
    async def reenviar(servicio: str, ruta: str, request: Request) -> Response:
        base = destinos.get(servicio)
        if servicio == "portal":
            # The portal's own routes matched before this one: this path is not among them,
            # or it is with another method (a 405 that says which).
            otros = metodos_permitidos(request, excepto=RUTA_PASARELA)
            if otros:
                raise Problem(
                    "Este recurso no admite el método usado.",
                    code="metodo-no-permitido",
                    status=405,
                    title="Método no permitido",
                    headers={"Allow": ", ".join(otros)},
                )
            raise NotFound(f"El portal no tiene la ruta /{ruta}.", code="ruta-desconocida")
        if base is None:
            raise ServicioDesconocido(
                f"No hay un servicio llamado «{servicio}» en /api/. Servicios: "
                + ", ".join(sorted([*destinos, "portal"]))
                + "."
            )
        return await _reenviar(request, servicio, base, ruta)


async def _reenviar(request: Request, servicio: str, base: str, ruta: str) -> Response:
    cliente: httpx.AsyncClient = request.app.state.cliente_pasarela
    cuerpo = await _cuerpo_limitado(request)
    cabeceras = [
        (nombre, valor)
        for nombre, valor in request.headers.items()
        if nombre.lower() not in _NO_REENVIADAS
    ]
    traceparent = current_traceparent()
    if traceparent is not None:
        cabeceras.append(("traceparent", traceparent))
    if request.client is not None:
        anterior = request.headers.get("x-forwarded-for")
        ip = request.client.host
        cabeceras.append(("x-forwarded-for", f"{anterior}, {ip}" if anterior else ip))
    cabeceras += [
        ("x-forwarded-proto", request.url.scheme),
        ("x-forwarded-host", request.headers.get("host", "")),
        ("x-forwarded-prefix", f"/api/{servicio}"),
    ]
    # Path and query go as they came (percent-encoding and order untouched): the decoded
    # ``ruta`` would turn an encoded "/" inside an id into a path separator.
    crudo = request.scope.get("raw_path", b"").decode("latin-1")
    prefijo = f"/api/{servicio}/"
    ruta_cruda = crudo[len(prefijo) :] if crudo.startswith(prefijo) else quote(ruta)
    consulta = f"?{request.url.query}" if request.url.query else ""
    solicitud = cliente.build_request(
        request.method,
        f"{base.rstrip('/')}/{ruta_cruda}{consulta}",
        headers=cabeceras,
        content=cuerpo,
    )
    try:
        respuesta = await cliente.send(solicitud, stream=True)
    except httpx.HTTPError as error:
        log.warning(
            "pasarela_servicio_no_disponible", servicio=servicio, error=type(error).__name__
        )
        raise ServicioNoDisponible(
            f"El servicio «{servicio}» no responde en este momento. Intente de nuevo en unos "
            "minutos."
        ) from None
    return StreamingResponse(
        respuesta.aiter_raw(),
        status_code=respuesta.status_code,
        headers={
            nombre: valor
            for nombre, valor in respuesta.headers.items()
            if nombre.lower() not in _NO_REENVIADAS
        },
        background=BackgroundTask(respuesta.aclose),
    )


async def _cuerpo_limitado(request: Request) -> bytes:
    partes: list[bytes] = []
    recibidos = 0
    async for parte in request.stream():
        recibidos += len(parte)
        if recibidos > MAXIMO_CUERPO_BYTES:
            raise CuerpoDemasiadoGrande(
                f"La solicitud supera el máximo de {MAXIMO_CUERPO_BYTES // (1024 * 1024)} MB."
            )
        partes.append(parte)
    return b"".join(partes)


@asynccontextmanager
async def clientes(app: FastAPI) -> AsyncIterator[None]:
    """One pooled HTTP client for the gateway while the app serves. No redirects are
    followed: a redirect is the front end's to follow, through this origin."""
    async with httpx.AsyncClient(
        timeout=httpx.Timeout(30.0, connect=5.0), follow_redirects=False
    ) as cliente:
        app.state.cliente_pasarela = cliente
        yield
