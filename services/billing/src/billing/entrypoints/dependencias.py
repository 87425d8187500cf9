"""FastAPI dependencies shared by billing's routers."""

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Request

from billing.bootstrap import Aplicacion

Respuestas = dict[int | str, dict[str, Any]]


def problemas(*estados: int) -> Respuestas:
    """OpenAPI: these statuses answer with problem+json."""
    return {estado: {"content": {"application/problem+json": {}}} for estado in estados}


def _aplicacion(request: Request) -> Aplicacion:
    aplicacion: Aplicacion = request.app.state.aplicacion
    return aplicacion


AplicacionDep = Annotated[Aplicacion, Depends(_aplicacion)]


def ahora() -> datetime:
    """The moment of the request; a dependency, so tests can fix it."""
    return datetime.now(UTC)


AhoraDep = Annotated[datetime, Depends(ahora)]
