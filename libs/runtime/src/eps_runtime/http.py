"""HTTP conventions shared by every service: RFC 9457 problems, health, tracing, lifespan.

Errors are mapped once, here: a service raises a ``Problem`` (or a specific subclass) and
never builds an error response by hand. Bad input is a 422 in Spanish, never a 500.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from opentelemetry.trace import SpanKind, Status, StatusCode
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from eps_runtime.eventstore import ConcurrencyConflict
from eps_runtime.logging import get_logger
from eps_runtime.tracing import context_from_traceparent, tracer

log = get_logger(__name__)

PROBLEM_JSON = "application/problem+json"


class Problem(Exception):
    """An error a person can act on: stable ``code``, Spanish ``detail``, HTTP ``status``."""

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
    status: int, code: str, title: str, detail: str, instance: str | None = None, **extra: Any
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
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


_FIELD_MESSAGES = {
    "missing": "es obligatorio",
    "string_too_short": "es demasiado corto",
    "string_too_long": "es demasiado largo",
    "string_pattern_mismatch": "no tiene el formato esperado",
    "enum": "no es un valor permitido",
    "int_parsing": "debe ser un número entero",
    "date_from_datetime_parsing": "debe ser una fecha AAAA-MM-DD",
    "date_parsing": "debe ser una fecha AAAA-MM-DD",
    "uuid_parsing": "debe ser un identificador válido",
    "json_invalid": "no es JSON válido",
}


def _field_errors(error: RequestValidationError) -> list[dict[str, str]]:
    result = []
    for item in error.errors():
        location = [
            str(part) for part in item.get("loc", ()) if part not in ("body", "query", "path")
        ]
        field = ".".join(location) or "solicitud"
        kind = str(item.get("type", ""))
        message = _FIELD_MESSAGES.get(kind)
        if message is None:
            # Custom validators raise with a Spanish message already ("Value error, …").
            message = str(item.get("msg", "no es válido")).removeprefix("Value error, ")
        result.append({"campo": field, "mensaje": message})
    return result


def install_problem_handlers(app: FastAPI) -> None:
    """Maps every error to problem+json; unexpected errors are logged and hide their details."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, error: Problem) -> JSONResponse:
        return problem_response(
            error.status, error.code, error.title, error.detail, request.url.path, **error.extra
        )

    @app.exception_handler(ConcurrencyConflict)
    async def _conflict(request: Request, error: ConcurrencyConflict) -> JSONResponse:
        return problem_response(
            409,
            "conflicto-de-version",
            "Conflicto de versión",
            "Otra persona modificó este registro al mismo tiempo. "
            "Consulte de nuevo la información y repita la operación.",
            request.url.path,
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
        titles = {
            404: ("no-encontrado", "No encontrado", "El recurso solicitado no existe."),
            405: (
                "metodo-no-permitido",
                "Método no permitido",
                "Este recurso no admite el método usado.",
            ),
        }
        code, title, detail = titles.get(
            error.status_code, ("error-http", "Error", str(error.detail))
        )
        return problem_response(error.status_code, code, title, detail, request.url.path)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected_error", path=request.url.path)
        return problem_response(
            500,
            "error-interno",
            "Error interno",
            "Ocurrió un error inesperado. Intente de nuevo más tarde.",
            request.url.path,
        )


ReadinessCheck = Callable[[], Awaitable[None]]


def install_health(app: FastAPI, checks: dict[str, ReadinessCheck]) -> None:
    """``/healthz``: the process answers. ``/readyz``: every dependency answers in time."""

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False, response_model=None)
    async def readyz() -> JSONResponse:
        details: dict[str, str] = {}
        ready = True
        for name, check in checks.items():
            try:
                await asyncio.wait_for(check(), timeout=3)
                details[name] = "ok"
            except Exception as error:
                ready = False
                details[name] = f"error: {type(error).__name__}"
        return JSONResponse(
            {"status": "ok" if ready else "unavailable", "checks": details},
            status_code=200 if ready else 503,
        )


class TracingMiddleware:
    """A server span per request, continuing an incoming ``traceparent`` if there is one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.tracer = tracer("eps.http")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        route = f"{scope['method']} {scope['path']}"
        with self.tracer.start_as_current_span(
            route,
            context=context_from_traceparent(headers.get("traceparent")),
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
