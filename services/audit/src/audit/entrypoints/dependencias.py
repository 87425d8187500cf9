"""FastAPI dependencies shared by the audit routes."""

from typing import Annotated

from fastapi import Depends, Request

from audit.bootstrap import Aplicacion
from eps_runtime.auth import Llamante, Rol
from eps_runtime.http_auth import requiere_rol


def _aplicacion(request: Request) -> Aplicacion:
    aplicacion: Aplicacion = request.app.state.aplicacion
    return aplicacion


AplicacionDep = Annotated[Aplicacion, Depends(_aplicacion)]
LlamanteAuditor = Annotated[Llamante, Depends(requiere_rol(Rol.AUDITOR))]
LlamanteAfiliado = Annotated[Llamante, Depends(requiere_rol(Rol.AFILIADO))]


def operacion(request: Request) -> str:
    """``METHOD /route/template`` of the endpoint serving the request (never its values)."""
    ruta = request.scope.get("route")
    plantilla = getattr(ruta, "path", "/")
    return f"{request.method} {plantilla}"


OperacionDep = Annotated[str, Depends(operacion)]
