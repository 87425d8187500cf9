"""FastAPI dependencies for the verified caller (``eps_runtime.auth`` holds the rules).

A service wires it once::

    instalar_autenticacion(app)  # the verifier AUTH_JWKS_URL / AUTH_JWKS_FILE configure

    @router.get("/mi/tablero")
    async def tablero(llamante: Annotated[Llamante, Depends(requiere_rol(Rol.AFILIADO))]): ...

The token is verified once per request even when several dependencies need the caller.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from eps_runtime.auth import (
    MENSAJE_SESION_REQUERIDA,
    MENSAJE_SIN_PERMISO,
    AuthSettings,
    Llamante,
    Rol,
    SinPermiso,
    VerificadorTokens,
)
from eps_runtime.errores import NoAutenticado
from eps_runtime.logging import get_logger

log = get_logger(__name__)


def instalar_autenticacion(app: FastAPI, verificador: VerificadorTokens | None = None) -> None:
    """Makes ``llamante_dep`` and ``requiere_rol`` work in ``app``: the verifier is kept at
    ``app.state.verificador_tokens``. Without one, the verifier the environment configures
    (``AUTH_JWKS_URL`` / ``AUTH_JWKS_FILE``); with neither set, a warning, and every route
    that needs a caller answers 503. The app must map problems (``install_problem_handlers``,
    which ``service_app`` installs) for the 401/403/503 to be problem+json."""
    verificador = verificador or verificador_configurado()
    if verificador is not None:
        app.state.verificador_tokens = verificador


def verificador_configurado() -> VerificadorTokens | None:
    """The token verifier of the environment's ``AuthSettings``, or None if none is set."""
    auth = AuthSettings()
    if auth.jwks_url is None and auth.jwks_file is None:
        log.warning("autenticacion_sin_configurar")
        return None
    return VerificadorTokens.desde_settings(auth)


# Parses "Authorization: Bearer …" and declares the scheme in OpenAPI, so /docs can send a
# token; auto_error=False because a missing token is our 401 problem, not FastAPI's.
_BEARER = HTTPBearer(auto_error=False, bearerFormat="JWT", scheme_name="Bearer")


async def llamante_dep(
    request: Request,
    credenciales: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
) -> Llamante:
    """FastAPI dependency: the verified caller of the request, from ``Authorization: Bearer``,
    checked by the verifier at ``request.app.state.verificador_tokens`` (see
    ``instalar_autenticacion``). No bearer token is a 401 ``sesion-requerida``."""
    return await _llamante(request, credenciales)


_LLAMANTE = "eps.llamante"
"""Where the request's verified caller is kept (its ASGI scope), once verified."""


async def _llamante(
    request: Request, credenciales: HTTPAuthorizationCredentials | None
) -> Llamante:
    recordado: Llamante | None = request.scope.get(_LLAMANTE)
    if recordado is not None:
        return recordado
    verificador = getattr(request.app.state, "verificador_tokens", None)
    if not isinstance(verificador, VerificadorTokens):
        # A wiring mistake: a 500 that names it, never an endpoint that runs unauthenticated.
        raise RuntimeError("call instalar_autenticacion(app, verificador) before serving")
    token = credenciales.credentials.strip() if credenciales is not None else ""
    if not token:
        raise NoAutenticado(MENSAJE_SESION_REQUERIDA, codigo="sesion-requerida")
    llamante = await verificador.verificar(token)
    request.scope[_LLAMANTE] = llamante
    return llamante


LlamanteDep = Annotated[Llamante, Depends(llamante_dep)]
"""An endpoint parameter for any authenticated caller, whatever its role."""


def requiere_rol(
    *roles: Rol,
) -> Callable[[Request, HTTPAuthorizationCredentials | None], Awaitable[Llamante]]:
    """FastAPI dependency: the caller if its role is one of ``roles``, else 403 ``sin-permiso``
    (401 first if there is no valid session). The token is verified once per request even
    when several dependencies need the caller."""
    if not roles:
        raise ValueError("requiere_rol needs at least one role")
    allowed = frozenset(roles)

    # On the bearer scheme itself rather than on ``llamante_dep``: one dependency level
    # less for FastAPI to solve on every request (the caller is still verified once).
    async def dependencia(
        request: Request,
        credenciales: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
    ) -> Llamante:
        llamante = await _llamante(request, credenciales)
        if llamante.rol not in allowed:
            log.info("acceso_denegado", usuario_id=llamante.usuario_id, rol=str(llamante.rol))
            raise SinPermiso(MENSAJE_SIN_PERMISO)
        return llamante

    return dependencia
