"""Structured JSON logs: service, trace and span ids on every line, secrets never.

The redaction works on keys, so a log call cannot leak a password by accident even when a
whole dict is logged: any key that names a secret or a document's content is masked.

Exceptions are logged by type and frames only, never by message: a database error's message
carries its bound parameters (document numbers), a validation error's its input values. Our
own domain errors (``eps_runtime.errores``) are the exception: their Spanish messages hold no
personal data by contract. The standard library's records (uvicorn, aiokafka…) go through
the same JSON rendering, so every line is JSON.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Mapping, MutableMapping
from types import TracebackType
from typing import Any, TextIO

import structlog
from opentelemetry import trace

from eps_runtime.errores import ErrorDeDominio

_SECRET_MARKERS = (
    "password",
    "contrasena",
    "contraseña",
    "clave",
    "secret",
    "token",
    "authorization",
    "cookie",
    "otp",
    "totp",
    "respuesta",  # answers to the registration's security questions
    "contenido",  # uploaded document contents
    "content_bytes",
    "imagen",
    "image",
)
REDACTED = "[REDACTED]"


def _is_secret(key: str) -> bool:
    lowered = key.lower()
    return any(marker in lowered for marker in _SECRET_MARKERS)


def _redact(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: REDACTED if _is_secret(str(k)) else _redact(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact(v) for v in value]
    if isinstance(value, bytes | bytearray):
        return f"<{len(value)} bytes>"
    return value


def redact_secrets(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: masks secret-looking keys at any depth, summarises bytes."""
    for key in list(event_dict):
        if key in ("exc_info", "_record", "_from_structlog"):
            continue  # rendered by format_exc_info_seguro / the formatter, not logged as is
        event_dict[key] = REDACTED if _is_secret(key) else _redact(event_dict[key])
    return event_dict


def add_trace_context(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: the current OpenTelemetry trace and span ids, when there is one."""
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        event_dict.setdefault("trace_id", format(context.trace_id, "032x"))
        event_dict.setdefault("span_id", format(context.span_id, "016x"))
    return event_dict


def _marcos(tb: TracebackType | None) -> list[str]:
    return [f"{f.filename}:{f.lineno} {f.name}" for f in traceback.extract_tb(tb)[-12:]]


def describir_error(error: BaseException) -> dict[str, Any]:
    """What a log line may say of an exception: its type (and its causes'), the SQLSTATE of a
    database error, the frames; the message only for our own domain errors."""
    descripcion: dict[str, Any] = {
        "error": type(error).__name__,
        "marcos": _marcos(error.__traceback__),
    }
    if isinstance(error, ErrorDeDominio):
        descripcion["mensaje"] = error.mensaje
    causas: list[str] = []
    actual: BaseException | None = error.__cause__ or error.__context__
    while actual is not None and len(causas) < 5:
        causas.append(type(actual).__name__)
        actual = actual.__cause__ or actual.__context__
    if causas:
        descripcion["causas"] = causas
    original = getattr(error, "orig", None)
    sqlstate = getattr(original, "sqlstate", None) or getattr(error, "sqlstate", None)
    if sqlstate:
        descripcion["sqlstate"] = str(sqlstate)
    return descripcion


def format_exc_info_seguro(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor in place of ``format_exc_info``: an exception becomes
    ``exception`` = its type and frames, without its message (see the module)."""
    exc_info = event_dict.pop("exc_info", None)
    if not exc_info:
        return event_dict
    if exc_info is True:
        exc_info = sys.exc_info()
    elif isinstance(exc_info, BaseException):
        exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
    if isinstance(exc_info, tuple) and exc_info[1] is not None:
        descripcion = describir_error(exc_info[1])
        event_dict["exception"] = descripcion.pop("error")
        event_dict.update({k: v for k, v in descripcion.items() if k not in event_dict})
    return event_dict


class _CurrentStdout:
    """Writes to whatever ``sys.stdout`` is at write time (test runners swap it), one whole
    line per call under one lock: structlog, the stdlib handler and the span exporter's
    thread all write here, and unlocked writes from two threads interleave mid-line."""

    def __init__(self) -> None:
        self._lock = threading.RLock()

    def write(self, text: str) -> int:
        with self._lock:
            escrito = sys.stdout.write(text)
            sys.stdout.flush()
            return escrito

    def flush(self) -> None:
        with self._lock:
            sys.stdout.flush()


SALIDA = _CurrentStdout()
"""The process's one log output: whatever else writes lines to stdout (spans) goes through it."""


def configure_logging(service: str, level: str = "INFO", stream: TextIO | None = None) -> None:
    """JSON lines on stdout (or ``stream``) for the service's process; stdlib loggers too."""
    output: Any = stream or SALIDA
    numeric_level = logging.getLevelName(level.upper())
    if not isinstance(numeric_level, int):
        numeric_level = logging.INFO

    def add_service(
        _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
    ) -> MutableMapping[str, Any]:
        event_dict.setdefault("service", service)
        return event_dict

    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        add_service,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        add_trace_context,
        redact_secrets,
    ]
    structlog.configure(
        processors=[
            *shared,
            format_exc_info_seguro,
            structlog.processors.JSONRenderer(ensure_ascii=False),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric_level),
        # WriteLogger writes line and newline in one call (print() makes two).
        logger_factory=structlog.WriteLoggerFactory(output),
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(output)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                format_exc_info_seguro,
                structlog.processors.JSONRenderer(ensure_ascii=False),
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(max(numeric_level, logging.INFO))
    # aiokafka is chatty at INFO about every rebalance and reconnect.
    logging.getLogger("aiokafka").setLevel(logging.WARNING)
    # uvicorn's loggers come with handlers of their own (plain text): route them to ours.
    for nombre in ("uvicorn", "uvicorn.error"):
        registro = logging.getLogger(nombre)
        registro.handlers[:] = []
        registro.propagate = True
    # No access log, however often this runs (a service's startup may configure again after
    # uvicorn did): its lines carry query strings, and a search's query is a document number.
    # The server span of each request (eps_runtime.http.TracingMiddleware) records the path.
    acceso = logging.getLogger("uvicorn.access")
    acceso.handlers[:] = []
    acceso.propagate = False


def get_logger(name: str | None = None) -> Any:
    return structlog.get_logger(name)
