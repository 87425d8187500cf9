"""HTTP conventions shared by every service: RFC 9457 problems, health, tracing, lifespan.

Errors are mapped once, here: domain and application code raise ``eps_runtime.errores``
types (a code and a Spanish message, no HTTP), which become problems by their category
(``NoEncontrado`` → 404, ``ConflictoDeEstado`` → 409…) or by the service's own table of
exceptions (``estados_http``, kept in the service's ``entrypoints/errores.py``); routes may
raise a ``Problem`` for what only exists over HTTP (a missing ``If-Match``). Nobody builds an
error response by hand. Bad input is a 422 in Spanish, never a 500; a PostgreSQL that does
not answer is a 503 ``base-de-datos-no-disponible`` with ``Retry-After`` (ADR 0011).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from functools import partial
from typing import Any, get_args
from urllib.parse import parse_qsl, unquote_plus

import asyncpg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from opentelemetry.trace import SpanKind, Status, StatusCode
from pydantic_core.core_schema import ErrorType
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eps_runtime import errores
from eps_runtime.db import is_database_outage
from eps_runtime.health import database_ready, kafka_ready
from eps_runtime.logging import configure_logging, describir_error, get_logger
from eps_runtime.settings import ServiceSettings
from eps_runtime.tracing import configure_tracing, context_from_traceparent, tracer

log = get_logger(__name__)

PROBLEM_JSON = "application/problem+json"


class Problem(Exception):
    """An error a person can act on: stable ``code``, Spanish ``detail``, HTTP ``status``.

    ``headers`` go on the response as they are (a 401 needs ``WWW-Authenticate``); every other
    keyword becomes a member of the problem's body.
    """

    status: int = 400
    code: str = "solicitud-invalida"
    title: str = "Solicitud inválida"

    def __init__(
        self,
        detail: str,
        *,
        code: str | None = None,
        status: int | None = None,
        title: str | None = None,
        headers: Mapping[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        if title is not None:
            self.title = title
        self.headers: dict[str, str] = dict(headers or {})
        self.extra = extra


class NotFound(Problem):
    status = 404
    code = "no-encontrado"
    title = "No encontrado"


class Conflict(Problem):
    status = 409
    code = "conflicto"
    title = "Conflicto"


def problem_response(
    status: int,
    code: str,
    title: str,
    detail: str,
    instance: str | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"https://eps.example/problemas/{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


_FIELD_MESSAGES = {
    "missing": "es obligatorio",
    "string_type": "debe ser texto",
    "string_too_short": "es demasiado corto",
    "string_too_long": "es demasiado largo",
    "string_pattern_mismatch": "no tiene el formato esperado",
    "enum": "no es un valor permitido",
    "literal_error": "no es un valor permitido",
    "int_type": "debe ser un número entero",
    "int_parsing": "debe ser un número entero",
    "int_from_float": "debe ser un número entero",
    "bool_parsing": "debe ser verdadero o falso",
    "date_type": "debe ser una fecha AAAA-MM-DD",
    "date_parsing": "debe ser una fecha AAAA-MM-DD",
    "date_from_datetime_parsing": "debe ser una fecha AAAA-MM-DD",
    "date_from_datetime_inexact": "debe ser una fecha AAAA-MM-DD",
    "uuid_type": "debe ser un identificador válido",
    "uuid_parsing": "debe ser un identificador válido",
    "dict_type": "debe ser un objeto JSON",
    "model_type": "debe ser un objeto JSON",
    "model_attributes_type": "debe ser un objeto JSON",
    "extra_forbidden": "no es un campo admitido",
    "greater_than_equal": "debe ser mayor o igual a {ge}",
    "less_than_equal": "debe ser menor o igual a {le}",
    "json_invalid": "no es JSON válido",
    "too_short": "tiene menos elementos de los requeridos",
    "too_long": "tiene más elementos de los permitidos",
    "list_type": "debe ser una lista",
    "float_parsing": "debe ser un número",
    "greater_than": "debe ser mayor que {gt}",
    "less_than": "debe ser menor que {lt}",
    "url_parsing": "no es una dirección válida",
    "bool_type": "debe ser verdadero o falso",
    "float_type": "debe ser un número",
    "decimal_type": "debe ser un número",
    "decimal_parsing": "debe ser un número",
    "string_unicode": "debe ser texto válido",
    "string_sub_type": "debe ser texto",
    "bytes_type": "debe ser un archivo",
    "date_past": "debe ser una fecha pasada",
    "date_future": "debe ser una fecha futura",
    "datetime_type": "debe ser una fecha y hora ISO 8601",
    "datetime_parsing": "debe ser una fecha y hora ISO 8601",
    "datetime_from_date_parsing": "debe ser una fecha y hora ISO 8601",
    "time_parsing": "debe ser una hora HH:MM",
    "uuid_version": "debe ser un identificador válido",
    "int_parsing_size": "es un número demasiado grande",
    "finite_number": "debe ser un número finito",
    "multiple_of": "debe ser múltiplo de {multiple_of}",
    "set_type": "debe ser una lista",
    "tuple_type": "debe ser una lista",
    "frozen_set_type": "debe ser una lista",
    "iterable_type": "debe ser una lista",
    "mapping_type": "debe ser un objeto JSON",
    "union_tag_invalid": "no es un valor permitido",
    "union_tag_not_found": "le falta el tipo",
    "is_instance_of": "no es un valor válido",
    "none_required": "debe estar vacío",
    "dataclass_type": "debe ser un objeto JSON",
}


_TIPOS_DE_PYDANTIC = frozenset(get_args(ErrorType))
"""pydantic's own error kinds (their messages are English); any other kind is ours."""


def _field_message(item: Mapping[str, Any]) -> str:
    kind = str(item.get("type", ""))
    template = _FIELD_MESSAGES.get(kind)
    if template is None:
        if kind in ("value_error", "assertion_error") or kind not in _TIPOS_DE_PYDANTIC:
            # Our own validators raise with a Spanish message already ("Value error, …").
            return str(item.get("msg", "no es válido")).removeprefix("Value error, ")
        # Never pydantic's English: a Spanish message for every other built-in kind.
        return "no es un valor válido"
    context = item.get("ctx") or {}
    message = template.format(**context) if "{" in template else template
    if kind in ("enum", "literal_error") and context.get("expected"):
        message += f" (valores admitidos: {str(context['expected']).replace(' or ', ' o ')})"
    return message


def _field_errors(error: RequestValidationError) -> list[dict[str, str]]:
    result = []
    for item in error.errors():
        if item.get("type") == "json_invalid":
            location: list[str] = []  # its location is a character offset, not a field
        else:
            location = [
                str(part) for part in item.get("loc", ()) if part not in ("body", "query", "path")
            ]
        result.append({"campo": ".".join(location) or "solicitud", "mensaje": _field_message(item)})
    return result


ESTADOS_POR_CATEGORIA: Mapping[type[errores.ErrorDeDominio], int] = {
    errores.ErrorDeDominio: 422,
    errores.DatosInvalidos: 422,
    errores.NoEncontrado: 404,
    errores.ConflictoDeEstado: 409,
    errores.Prohibido: 403,
    errores.NoAutenticado: 401,
    errores.DemasiadasSolicitudes: 429,
    errores.NoDisponible: 503,
}
"""The HTTP status of each error category; a service's table refines it per type."""

_TITULOS = {
    401: "No autenticado",
    403: "Sin permiso",
    404: "No encontrado",
    409: "Estado no permite la operación",
    422: "Datos no válidos",
    429: "Demasiadas solicitudes",
    503: "Servicio no disponible",
}


def estado_http(
    error: errores.ErrorDeDominio,
    estados: Mapping[type[errores.ErrorDeDominio], int] | None = None,
) -> int:
    """The status of ``error``: its most specific class found in ``estados`` (the service's
    table) or in ``ESTADOS_POR_CATEGORIA``."""
    tabla = {**ESTADOS_POR_CATEGORIA, **(estados or {})}
    for clase in type(error).__mro__:
        if clase in tabla:
            return tabla[clase]
    return 422


def respuesta_de_error(
    error: errores.ErrorDeDominio,
    instance: str | None,
    estados: Mapping[type[errores.ErrorDeDominio], int] | None = None,
) -> JSONResponse:
    """The problem+json of a domain or application error."""
    status = estado_http(error, estados)
    headers: dict[str, str] = {}
    if isinstance(error, errores.NoAutenticado):
        headers["WWW-Authenticate"] = error.desafio
    if isinstance(error, errores.DemasiadasSolicitudes):
        headers["Retry-After"] = str(error.reintentar_en_s)
    campos = [{"campo": error.campo, "mensaje": error.mensaje}] if error.campo else []
    return problem_response(
        status,
        error.codigo,
        error.titulo or _TITULOS.get(status, "Solicitud no válida"),
        error.mensaje,
        instance,
        headers=headers,
        **({"errores": campos} | error.detalles),
    )


def install_problem_handlers(
    app: FastAPI, estados: Mapping[type[errores.ErrorDeDominio], int] | None = None
) -> None:
    """Maps every error to problem+json; unexpected errors are logged and hide their details.

    ``estados``: the service's table of its own error types to HTTP statuses, where the
    category alone does not say it (a document already registered is a 409)."""

    @app.exception_handler(errores.ErrorDeDominio)
    async def _regla(request: Request, error: errores.ErrorDeDominio) -> JSONResponse:
        return respuesta_de_error(error, request.url.path, estados)

    @app.exception_handler(Problem)
    async def _problem(request: Request, error: Problem) -> JSONResponse:
        return problem_response(
            error.status,
            error.code,
            error.title,
            error.detail,
            request.url.path,
            headers=error.headers,
            **error.extra,
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        errors = _field_errors(error)
        detail = "; ".join(f"{e['campo']}: {e['mensaje']}" for e in errors)
        return problem_response(
            422, "datos-invalidos", "Datos inválidos", detail, request.url.path, errores=errors
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        # The framework's own refusals (a body it cannot parse, a method a route does not
        # take…) get a Spanish problem of ours; their English detail is never shown.
        code, title, detail = _ERRORES_HTTP.get(
            error.status_code,
            ("error-http", "Solicitud no válida", "La solicitud no se pudo atender."),
        )
        headers = dict(error.headers or {})
        if error.status_code == 405:
            headers["Allow"] = ", ".join(metodos_permitidos(request))
        return problem_response(
            error.status_code, code, title, detail, request.url.path, headers=headers
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        return respuesta_inesperada(request, error)

    # The errors a database outage shows as (the driver's socket errors included), mapped
    # here rather than in the catch-all above: Starlette re-raises what reaches that one.
    for tipo in (SQLAlchemyError, asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
        app.add_exception_handler(tipo, _unexpected)


BASE_NO_DISPONIBLE_REINTENTAR_S = 5
"""The ``Retry-After`` of a 503 for a database outage: a PostgreSQL restart takes seconds."""


def respuesta_inesperada(request: Request, error: Exception) -> JSONResponse:
    """503 ``base-de-datos-no-disponible`` (with ``Retry-After``) when PostgreSQL does not
    answer, so clients retry instead of reporting a failure; a 500 for anything else. The
    log line has neither the message nor the traceback text: a database error carries its
    bound parameters (document numbers…), a validation error its input values."""
    if is_database_outage(error):
        log.warning("base_de_datos_no_disponible", path=request.url.path, **describir_error(error))
        return problem_response(
            503,
            "base-de-datos-no-disponible",
            "Servicio no disponible",
            "El servicio no puede atender en este momento porque su base de datos no responde. "
            "Intente de nuevo en unos segundos.",
            request.url.path,
            headers={"Retry-After": str(BASE_NO_DISPONIBLE_REINTENTAR_S)},
        )
    log.error("error_inesperado", path=request.url.path, **describir_error(error))
    return problem_response(
        500,
        "error-interno",
        "Error interno",
        "Ocurrió un error inesperado. Intente de nuevo más tarde.",
        request.url.path,
    )


def metodos_permitidos(request: Request, *, excepto: str | None = None) -> list[str]:
    """Every method some route of the app takes at the request's path (the ``Allow`` of a
    405: Starlette names only the first route that matched the path). ``excepto``: the path
    of a catch-all route (the portal's gateway) not to count."""
    rutas = [
        r for r in request.app.routes if excepto is None or getattr(r, "path", None) != excepto
    ]

    def pide(metodo: str) -> Scope:
        # A fresh scope: the framework keeps matching state in the request's own.
        return {
            "type": "http",
            "method": metodo,
            "path": request.scope["path"],
            "root_path": request.scope.get("root_path", ""),
            "headers": [],
        }

    # Asked of the routes themselves (included routers nest theirs), method by method.
    return [
        metodo
        for metodo in _METODOS_EXPLICITOS
        if any(r.matches(pide(metodo))[0] is Match.FULL for r in rutas)
    ]


_METODOS_EXPLICITOS = ("DELETE", "GET", "PATCH", "POST", "PUT")

_ERRORES_HTTP: Mapping[int, tuple[str, str, str]] = {
    400: (
        "cuerpo-ilegible",
        "Solicitud mal formada",
        "No se pudo leer el cuerpo de la solicitud: envíe JSON en UTF-8 o un formulario válido.",
    ),
    401: ("sesion-requerida", "No autenticado", "Inicie sesión para continuar."),
    403: ("sin-permiso", "Sin permiso", "No tiene permiso para esta operación."),
    404: ("no-encontrado", "No encontrado", "El recurso solicitado no existe."),
    405: (
        "metodo-no-permitido",
        "Método no permitido",
        "Este recurso no admite el método usado.",
    ),
    406: ("no-aceptable", "No aceptable", "No se puede responder en el formato pedido."),
    413: (
        "cuerpo-demasiado-grande",
        "Solicitud demasiado grande",
        "La solicitud supera el tamaño permitido.",
    ),
    415: (
        "tipo-de-contenido-no-admitido",
        "Tipo de contenido no admitido",
        "Envíe la solicitud como JSON o como formulario.",
    ),
    429: (
        "demasiadas-solicitudes",
        "Demasiadas solicitudes",
        "Hizo demasiadas solicitudes seguidas; espere un momento e intente de nuevo.",
    ),
}


# -- control characters -----------------------------------------------------------------------

_CONTROLES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""C0 controls and DEL, except tab, line feed and carriage return (free texts have lines)."""

_TIPOS_REVISADOS = ("application/json", "application/x-www-form-urlencoded", "+json")


def tiene_caracteres_de_control(texto: str) -> bool:
    return _CONTROLES.search(texto) is not None


def _valores_con_controles(valor: Any) -> bool:
    if isinstance(valor, str):
        return tiene_caracteres_de_control(valor)
    if isinstance(valor, dict):
        return any(_valores_con_controles(k) or _valores_con_controles(v) for k, v in valor.items())
    if isinstance(valor, list):
        return any(_valores_con_controles(v) for v in valor)
    return False


def _cuerpo_con_controles(cuerpo: bytes, tipo: str) -> bool:
    if "x-www-form-urlencoded" in tipo:
        texto = cuerpo.decode("utf-8", errors="replace")
        return any(
            tiene_caracteres_de_control(k) or tiene_caracteres_de_control(v)
            for k, v in parse_qsl(texto, keep_blank_values=True)
        )
    # JSON: a control character can only hide in an escape (\u0000); raw ones make the JSON
    # invalid and the framework refuses it. Parse only when an escape could be one.
    if b"\\u00" not in cuerpo:
        return False
    try:
        return _valores_con_controles(json.loads(cuerpo))
    except ValueError:
        return False


class RechazoDeControles:
    """422 ``caracteres-de-control`` for a path, query or JSON/form body carrying control
    characters (NUL and the other C0 controls, DEL; tab and line breaks are accepted), before
    any route sees them: PostgreSQL refuses NUL in text, and no field of ours admits the rest.
    Multipart uploads are left to the file validator (their names are sanitised there)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        consulta = unquote_plus(scope.get("query_string", b"").decode("latin-1"))
        if tiene_caracteres_de_control(scope.get("path", "")) or tiene_caracteres_de_control(
            consulta
        ):
            await _responder_controles(scope, send)
            return
        tipo = dict(scope["headers"]).get(b"content-type", b"").decode("latin-1").lower()
        if not any(t in tipo for t in _TIPOS_REVISADOS):
            await self.app(scope, receive, send)
            return
        partes: list[bytes] = []
        while True:
            mensaje = await receive()
            if mensaje["type"] != "http.request":
                await self.app(scope, receive, send)
                return
            partes.append(mensaje.get("body", b""))
            if not mensaje.get("more_body", False):
                break
        cuerpo = b"".join(partes)
        if _cuerpo_con_controles(cuerpo, tipo):
            await _responder_controles(scope, send)
            return
        entregado = False

        async def repetir() -> Message:
            nonlocal entregado
            if not entregado:
                entregado = True
                return {"type": "http.request", "body": cuerpo, "more_body": False}
            return await receive()

        await self.app(scope, repetir, send)


async def _responder_controles(scope: Scope, send: Send) -> None:
    respuesta = problem_response(
        422,
        "caracteres-de-control",
        "Datos inválidos",
        "La solicitud contiene caracteres de control (por ejemplo, el carácter nulo) que no se "
        "admiten. Revise los datos e intente de nuevo.",
        scope.get("path"),
    )
    await respuesta(scope, _sin_recibir, send)


async def _sin_recibir() -> Message:
    return {"type": "http.disconnect"}


def instalar_rechazo_de_controles(app: FastAPI) -> None:
    app.add_middleware(RechazoDeControles)


# -- OpenAPI ------------------------------------------------------------------------------------

PROBLEMA: dict[str, Any] = {
    "title": "Problema",
    "type": "object",
    "description": "RFC 9457: un error con un código estable y un detalle en español.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "instance": {"type": "string"},
        "errores": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"campo": {"type": "string"}, "mensaje": {"type": "string"}},
                "required": ["campo", "mensaje"],
            },
        },
    },
    "required": ["type", "title", "status", "detail", "code"],
    "additionalProperties": True,
}
_METODOS_HTTP = frozenset({"get", "put", "post", "delete", "patch", "head", "options", "trace"})
_DESCRIPCIONES = {
    "400": "Cuerpo ilegible (no es JSON en UTF-8 ni un formulario válido)",
    "401": "Sin sesión, o la sesión no es válida",
    "403": "Sin permiso para esta operación",
    "404": "No existe, o quien llama no puede verlo",
    "422": "Datos inválidos",
}


def openapi_con_problemas(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI document saying what it really answers: every 4xx/5xx is
    ``application/problem+json`` with the ``Problema`` schema (never FastAPI's
    ``HTTPValidationError``); every operation may answer 422 (a control character anywhere
    is refused), one with a body also 400, one that needs a bearer token also 401 and 403."""
    if app.openapi_schema:
        return app.openapi_schema
    documento = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    esquemas = documento.setdefault("components", {}).setdefault("schemas", {})
    esquemas["Problema"] = PROBLEMA
    for nombre in ("HTTPValidationError", "ValidationError"):
        esquemas.pop(nombre, None)
    contenido = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problema"}}}
    for operaciones in documento.get("paths", {}).values():
        for metodo, operacion in operaciones.items():
            if metodo not in _METODOS_HTTP:
                continue
            respuestas = operacion.setdefault("responses", {})
            esperadas = ["422"]
            if any(p.get("in") == "path" for p in operacion.get("parameters", [])):
                esperadas.append("404")  # what the path names may not exist (or be seen)
            if "requestBody" in operacion:
                esperadas.append("400")
            if operacion.get("security"):
                esperadas += ["401", "403"]
            for codigo in esperadas:
                respuestas.setdefault(codigo, {"description": _DESCRIPCIONES[codigo]})
            for codigo, respuesta in respuestas.items():
                if codigo[:1] in ("4", "5"):
                    respuesta["content"] = contenido
                    if respuesta.get("description") in (None, "", "Validation Error"):
                        respuesta["description"] = _DESCRIPCIONES.get(codigo, "Error")
    app.openapi_schema = documento
    return documento


ReadinessCheck = Callable[[], Awaitable[object]]
"""Raises when the dependency is not ready. May return a JSON-able detail (a projection's
lag, say) shown under its name instead of ``"ok"``."""


def install_health(app: FastAPI, checks: dict[str, ReadinessCheck]) -> None:
    """``/healthz``: the process answers. ``/readyz``: every dependency answers in time."""

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False, response_model=None)
    async def readyz() -> JSONResponse:
        details: dict[str, object] = {}
        ready = True
        for name, check in checks.items():
            try:
                detail = await asyncio.wait_for(check(), timeout=3)
                details[name] = "ok" if detail is None else detail
            except Exception as error:
                ready = False
                details[name] = f"error: {type(error).__name__}"
        return JSONResponse(
            {"status": "ok" if ready else "unavailable", "checks": details},
            status_code=200 if ready else 503,
        )


def etag(version: int) -> str:
    """The ``ETag`` of a resource at ``version`` (the stream version it was read at)."""
    return f'"{version}"'


def version_esperada(if_match: str | None, en_cuerpo: int | None = None, *, minima: int = 1) -> int:
    """The version the client read, from ``If-Match`` (``3``, ``"3"`` or ``W/"3"``) or from a
    ``version`` field in the body; both given must agree.

    Guarantee: a change never goes ahead without it (428 ``version-requerida``), so nobody
    overwrites what they have not seen; a malformed one is a 422 ``if-match-invalido``.
    """
    if if_match is not None and not if_match.strip():
        if_match = None
    if if_match is None and en_cuerpo is None:
        raise Problem(
            "Indique la versión que consultó (encabezado If-Match con el ETag recibido, o el "
            "campo version), para no sobrescribir cambios hechos por otra persona.",
            code="version-requerida",
            status=428,
            title="Versión requerida",
        )
    if if_match is None:
        assert en_cuerpo is not None
        return en_cuerpo
    valor = if_match.strip().removeprefix("W/").strip('"')
    if not (valor.isascii() and valor.isdigit()) or not minima <= int(valor) < 2**31:
        raise Problem(
            'El encabezado If-Match debe contener la versión consultada, por ejemplo "3".',
            code="if-match-invalido",
            status=422,
            title="Datos inválidos",
        )
    if en_cuerpo is not None and en_cuerpo != int(valor):
        raise Problem(
            "La versión del encabezado If-Match y la del campo version no coinciden.",
            code="version-contradictoria",
            status=422,
            title="Datos inválidos",
        )
    return int(valor)


class TracingMiddleware:
    """A server span per request, continuing an incoming ``traceparent`` if there is one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.tracer = tracer("eps.http")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Only the one header it continues (ASGI names are lower-case bytes): decoding them
        # all cost more than the span on a small read.
        traceparent = next(
            (v.decode("latin-1") for k, v in scope["headers"] if k == b"traceparent"), None
        )
        route = f"{scope['method']} {scope['path']}"
        with self.tracer.start_as_current_span(
            route,
            context=context_from_traceparent(traceparent),
            kind=SpanKind.SERVER,
            attributes={"http.request.method": scope["method"], "url.path": scope["path"]},
        ) as span:
            status_holder: dict[str, int] = {}

            async def send_wrapper(message: dict[str, Any]) -> None:
                if message["type"] == "http.response.start":
                    status_holder["status"] = message["status"]
                    span.set_attribute("http.response.status_code", message["status"])
                await send(message)

            await self.app(scope, receive, send_wrapper)  # type: ignore[arg-type]
            if status_holder.get("status", 200) >= 500:
                span.set_status(Status(StatusCode.ERROR))


def service_app(
    *,
    title: str,
    description: str,
    settings: ServiceSettings,
    engine: AsyncEngine,
    version: str = "0.1.0",
    lifespan_extra: Callable[[FastAPI], AbstractAsyncContextManager[None]] | None = None,
    readiness_extra: dict[str, ReadinessCheck] | None = None,
    estados_http: Mapping[type[errores.ErrorDeDominio], int] | None = None,
) -> FastAPI:
    """A service's FastAPI app with the conventions every service shares: tracing, problem+json
    errors, ``/healthz`` and ``/readyz`` (database, Kafka and ``readiness_extra``). Logging and
    tracing are set up when the server starts, not at import; ``lifespan_extra`` (a service's
    own background work) runs inside that; the engine is disposed at shutdown.
    ``estados_http``: the service's error types and their statuses (see
    ``install_problem_handlers``)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.service_name, settings.log_level)
        configure_tracing(settings.service_name)
        if lifespan_extra is None:
            yield
        else:
            async with lifespan_extra(app):
                yield
        await engine.dispose()

    app = FastAPI(
        title=title,
        version=version,
        description=description,
        lifespan=lifespan,
        # FastAPI's own telemetry would add a second server span carrying the query string
        # (document numbers in a search) and an access log; TracingMiddleware is ours.
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
    )
    app.state.settings = settings
    app.state.engine = engine
    app.add_middleware(RechazoDeControles)
    app.add_middleware(TracingMiddleware)
    install_problem_handlers(app, estados_http)
    app.openapi = partial(openapi_con_problemas, app)  # type: ignore[method-assign]
    install_health(
        app,
        {
            "database": partial(database_ready, engine),
            "kafka": partial(kafka_ready, settings.kafka_bootstrap_servers),
            **(readiness_extra or {}),
        },
    )
    return app


def servir(app: FastAPI, settings: ServiceSettings, **opciones: Any) -> None:
    """Serves ``app`` with uvicorn on ``settings``' host and port, every log line JSON from
    the first one (uvicorn's own loggers go through ours: no plain-text tracebacks), no
    access log, and a bounded grace for in-flight requests at shutdown."""
    import uvicorn

    configure_logging(settings.service_name, settings.log_level)
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        access_log=False,
        log_config=None,
        **({"timeout_graceful_shutdown": 10} | opciones),
    )
