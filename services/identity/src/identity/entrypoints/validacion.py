"""Spanish messages for the validation errors the runtime's 422 handler does not translate.

Wraps the runtime's handler (so the problem+json shape stays the runtime's) and rewrites the
error kinds our request models can produce that it would otherwise report in English.
"""

import inspect
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.responses import Response

_MENSAJES: dict[str, str] = {
    "string_type": "debe ser texto",
    "dict_type": "debe ser un objeto JSON",
    "model_attributes_type": "debe ser un objeto JSON",
    "model_type": "debe ser un objeto JSON",
    "int_type": "debe ser un número entero",
    "int_from_float": "debe ser un número entero",
    "date_type": "debe ser una fecha AAAA-MM-DD",
    "date_from_datetime_inexact": "debe ser una fecha AAAA-MM-DD",
    "uuid_type": "debe ser un identificador válido",
    "enum": "no es un valor permitido",
    "extra_forbidden": "no es un campo admitido",
    "greater_than_equal": "debe ser mayor o igual a {ge}",
    "less_than_equal": "debe ser menor o igual a {le}",
}


def _en_espanol(error: dict[str, Any]) -> dict[str, Any]:
    tipo = str(error.get("type", ""))
    if tipo == "json_invalid":
        # Its location is a character offset, which reads as a field name: drop it.
        return {**error, "loc": ("body",)}
    plantilla = _MENSAJES.get(tipo)
    if plantilla is None:
        return error
    contexto = error.get("ctx") or {}
    mensaje = plantilla.format(**contexto)
    if tipo == "enum" and contexto.get("expected"):
        mensaje += f" (valores admitidos: {str(contexto['expected']).replace(' or ', ' o ')})"
    # The runtime shows a value_error's message as is: it is how custom messages pass through.
    return {**error, "type": "value_error", "msg": mensaje}


def instalar_mensajes_de_validacion(app: FastAPI) -> None:
    """Call after ``install_problem_handlers``: wraps its validation handler."""
    original = app.exception_handlers[RequestValidationError]

    async def en_espanol(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        traducido = RequestValidationError([_en_espanol(dict(e)) for e in error.errors()])
        respuesta = original(request, traducido)
        return await respuesta if inspect.isawaitable(respuesta) else respuesta

    app.exception_handlers[RequestValidationError] = en_espanol
