"""HTTP API of the employer's administration (seed 002): profiles and delegates.

Routes under ``/empleadores/{empleador_id}/perfiles`` and ``/empleadores/{empleador_id}/
delegados``; their bodies are in ``esquemas_empleadores``, the service's wiring in
``bootstrap.servicio_empleadores``, the refusals (``domain.empleadores`` errors, categories of
``eps_runtime.errores``) are answered by ``service_app``'s handlers. Wire with
``app.include_router(rutas_empleadores.router)`` in an app that has ``app.state.engine``,
problem handlers (``service_app``) and ``instalar_autenticacion``; the service is taken from
``app.state.servicio_empleadores`` (``create_app`` sets it), or built once from the engine.

Who may call: the employer (``Rol.EMPLEADOR`` whose ``empleador_id`` is the path's) and its
delegates whose profile grants ``administrar-delegados``, both in the token and right now in
the employer's administration (a deleted delegate, or one whose profile lost the permission,
loses access at once). Anyone else gets 404 ``empleador-no-encontrado``, the same answer as
for an employer that does not exist; a delegate of the employer without the permission, 403.

Changes need the version read (``ETag`` of any read of the employer's administration, sent
back as ``If-Match``): 428 without it, 409 ``conflicto-de-version`` when someone else changed
the administration since. Deleting a delegate also needs ``{"confirmar": true}``.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Body, Depends, Header, Query, Request, Response

from eps_runtime.auth import MENSAJE_SIN_PERMISO, Llamante, Rol, SinPermiso
from eps_runtime.http import Problem, etag, version_esperada
from eps_runtime.http_auth import LlamanteDep
from eps_runtime.logging import get_logger
from eps_runtime.permisos import (
    MENSAJE_EMPLEADOR_NO_ENCONTRADO,
    PERMISO_ADMINISTRAR_DELEGADOS,
    PERMISOS_EMPLEADOR,
    EmpleadorNoEncontrado,
    exigir_actuar_por_empleador,
)
from identity.application.empleadores import (
    FiltroDelegados,
    ServicioEmpleadores,
)
from identity.bootstrap import servicio_empleadores
from identity.entrypoints.esquemas_empleadores import (
    CambioDelegadoSolicitud,
    ConfirmacionEliminacion,
    DelegadoVista,
    ListaDelegados,
    ListaPerfiles,
    PerfilVista,
    PermisoVista,
    SolicitudDelegado,
    SolicitudPerfil,
    problema_de_texto,
    vistas_permisos,
)

log = get_logger(__name__)

_PROBLEMA: dict[str, Any] = {"content": {"application/problem+json": {}}}
_ERRORES: dict[int | str, dict[str, Any]] = {s: _PROBLEMA for s in (401, 403, 404, 409, 422, 428)}


def construir_servicio(request: Request) -> ServicioEmpleadores:
    """The app's ``ServicioEmpleadores``, built once over ``app.state.engine``."""
    servicio = getattr(request.app.state, "servicio_empleadores", None)
    if isinstance(servicio, ServicioEmpleadores):
        return servicio
    servicio = servicio_empleadores(request.app.state.engine)
    request.app.state.servicio_empleadores = servicio
    return servicio


Servicio = Annotated[ServicioEmpleadores, Depends(construir_servicio)]


async def _administrador(empleador_id: UUID, llamante: LlamanteDep, servicio: Servicio) -> Llamante:
    """The caller, if it may administer this employer's profiles and delegates now."""
    exigir_actuar_por_empleador(llamante, empleador_id, PERMISO_ADMINISTRAR_DELEGADOS)
    if llamante.rol is Rol.DELEGADO:
        try:
            delegado_id = UUID(llamante.usuario_id)
        except ValueError:
            raise EmpleadorNoEncontrado(MENSAJE_EMPLEADOR_NO_ENCONTRADO) from None
        actuales = await servicio.permisos_actuales(empleador_id, delegado_id)
        if not actuales:
            # Deleted (or never a delegate of this employer): nothing of it is visible.
            raise EmpleadorNoEncontrado(MENSAJE_EMPLEADOR_NO_ENCONTRADO)
        if PERMISO_ADMINISTRAR_DELEGADOS not in actuales:
            log.info("acceso_denegado", usuario_id=llamante.usuario_id, rol=str(llamante.rol))
            raise SinPermiso(MENSAJE_SIN_PERMISO)
    return llamante


Administrador = Annotated[Llamante, Depends(_administrador)]
IfMatch = Annotated[str | None, Header(description='Versión consultada (ETag), p. ej. "3".')]

router = APIRouter(prefix="/empleadores/{empleador_id}", tags=["administración delegada"])


# -- helpers -----------------------------------------------------------------------------------


def _etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag(version)


def _version_esperada(if_match: str | None) -> int:
    # An employer's stream may still be empty (version 0) when its first profile is made.
    return version_esperada(if_match, minima=0)


def _version_opcional(if_match: str | None) -> int | None:
    return None if if_match is None or not if_match.strip() else _version_esperada(if_match)


# -- catalog -----------------------------------------------------------------------------------


@router.get("/permisos", summary="Catálogo de permisos que un perfil puede conceder")
async def permisos(empleador_id: UUID, _: Administrador) -> list[PermisoVista]:
    return vistas_permisos(list(PERMISOS_EMPLEADOR))


# -- profiles ----------------------------------------------------------------------------------


@router.get("/perfiles", summary="Listar los perfiles del empleador", responses=_ERRORES)
async def listar_perfiles(
    empleador_id: UUID, response: Response, servicio: Servicio, _: Administrador
) -> ListaPerfiles:
    resultado = await servicio.perfiles(empleador_id)
    _etag(response, resultado.version)
    vistas = [PerfilVista.con_uso(p) for p in resultado.valor]
    return ListaPerfiles(perfiles=vistas, total=len(vistas))


@router.post("/perfiles", status_code=201, summary="Crear un perfil", responses=_ERRORES)
async def crear_perfil(
    empleador_id: UUID,
    solicitud: SolicitudPerfil,
    response: Response,
    servicio: Servicio,
    _: Administrador,
    if_match: IfMatch = None,
) -> PerfilVista:
    """At most 100 per employer; the 101st is refused (409 ``limite-de-perfiles``)."""
    resultado = await servicio.crear_perfil(
        empleador_id, solicitud.nombre, solicitud.permisos, _version_opcional(if_match)
    )
    _etag(response, resultado.version)
    perfil_id = resultado.valor.perfil.perfil_id
    response.headers["Location"] = f"/empleadores/{empleador_id}/perfiles/{perfil_id}"
    log.info("perfil_creado", empleador_id=str(empleador_id), perfil_id=str(perfil_id))
    return PerfilVista.con_uso(resultado.valor)


@router.get("/perfiles/{perfil_id}", summary="Consultar un perfil", responses=_ERRORES)
async def consultar_perfil(
    empleador_id: UUID,
    perfil_id: UUID,
    response: Response,
    servicio: Servicio,
    _: Administrador,
) -> PerfilVista:
    resultado = await servicio.perfil(empleador_id, perfil_id)
    _etag(response, resultado.version)
    return PerfilVista.con_uso(resultado.valor)


@router.put("/perfiles/{perfil_id}", summary="Modificar un perfil", responses=_ERRORES)
async def modificar_perfil(
    empleador_id: UUID,
    perfil_id: UUID,
    solicitud: SolicitudPerfil,
    response: Response,
    servicio: Servicio,
    _: Administrador,
    if_match: IfMatch = None,
) -> PerfilVista:
    """Its delegates get the new permissions at once."""
    version = _version_esperada(if_match)
    resultado = await servicio.modificar_perfil(
        empleador_id, perfil_id, solicitud.nombre, solicitud.permisos, version
    )
    _etag(response, resultado.version)
    return PerfilVista.con_uso(resultado.valor)


@router.delete(
    "/perfiles/{perfil_id}", status_code=204, summary="Eliminar un perfil", responses=_ERRORES
)
async def eliminar_perfil(
    empleador_id: UUID,
    perfil_id: UUID,
    response: Response,
    servicio: Servicio,
    _: Administrador,
    if_match: IfMatch = None,
) -> Response:
    """Refused (409 ``perfil-en-uso``) while a delegate has it."""
    version = _version_esperada(if_match)
    resultado = await servicio.eliminar_perfil(empleador_id, perfil_id, version)
    log.info("perfil_eliminado", empleador_id=str(empleador_id), perfil_id=str(perfil_id))
    return Response(status_code=204, headers={"ETag": etag(resultado.version)})


# -- delegates ---------------------------------------------------------------------------------


@router.get(
    "/delegados",
    summary="Listar o buscar delegados por nombre, documento o correo",
    responses=_ERRORES,
)
async def listar_delegados(
    empleador_id: UUID,
    response: Response,
    servicio: Servicio,
    _: Administrador,
    nombre: Annotated[
        str | None, Query(max_length=100, description="Parte del nombre (sin importar tildes).")
    ] = None,
    documento: Annotated[
        str | None, Query(max_length=16, description="Número de documento o su comienzo.")
    ] = None,
    correo: Annotated[
        str | None, Query(max_length=254, description="Parte del correo electrónico.")
    ] = None,
) -> ListaDelegados:
    for campo, valor in (("nombre", nombre), ("documento", documento), ("correo", correo)):
        problema = None if valor is None else problema_de_texto(valor)
        if problema is not None:
            raise Problem(
                f"{campo}: {problema}",
                code="datos-invalidos",
                status=422,
                title="Datos inválidos",
                errores=[{"campo": campo, "mensaje": problema}],
            )
    resultado = await servicio.delegados(
        empleador_id, FiltroDelegados(nombre=nombre, documento=documento, correo=correo)
    )
    _etag(response, resultado.version)
    vistas = [DelegadoVista.de(d) for d in resultado.valor]
    return ListaDelegados(delegados=vistas, total=len(vistas))


@router.post("/delegados", status_code=201, summary="Crear un delegado", responses=_ERRORES)
async def crear_delegado(
    empleador_id: UUID,
    solicitud: SolicitudDelegado,
    response: Response,
    servicio: Servicio,
    _: Administrador,
    if_match: IfMatch = None,
) -> DelegadoVista:
    """Records ``DelegadoCreado``: the delegate receives by e-mail a single-use activation
    link (encrypted in the event; only its hash is kept)."""
    resultado = await servicio.crear_delegado(
        empleador_id, solicitud.datos(), _version_opcional(if_match)
    )
    _etag(response, resultado.version)
    delegado_id = resultado.valor.ficha.delegado_id
    response.headers["Location"] = f"/empleadores/{empleador_id}/delegados/{delegado_id}"
    log.info("delegado_creado", empleador_id=str(empleador_id), delegado_id=str(delegado_id))
    return DelegadoVista.de(resultado.valor)


@router.get("/delegados/{delegado_id}", summary="Consultar un delegado", responses=_ERRORES)
async def consultar_delegado(
    empleador_id: UUID,
    delegado_id: UUID,
    response: Response,
    servicio: Servicio,
    _: Administrador,
) -> DelegadoVista:
    resultado = await servicio.delegado(empleador_id, delegado_id)
    _etag(response, resultado.version)
    return DelegadoVista.de(resultado.valor)


@router.put("/delegados/{delegado_id}", summary="Modificar un delegado", responses=_ERRORES)
async def modificar_delegado(
    empleador_id: UUID,
    delegado_id: UUID,
    solicitud: CambioDelegadoSolicitud,
    response: Response,
    servicio: Servicio,
    _: Administrador,
    if_match: IfMatch = None,
) -> DelegadoVista:
    version = _version_esperada(if_match)
    resultado = await servicio.modificar_delegado(
        empleador_id, delegado_id, solicitud.cambio(), version
    )
    _etag(response, resultado.version)
    return DelegadoVista.de(resultado.valor)


@router.delete(
    "/delegados/{delegado_id}",
    status_code=204,
    summary="Eliminar un delegado (definitivo)",
    responses=_ERRORES,
)
async def eliminar_delegado(
    empleador_id: UUID,
    delegado_id: UUID,
    confirmacion: Annotated[ConfirmacionEliminacion, Body()],
    servicio: Servicio,
    _: Administrador,
    if_match: IfMatch = None,
) -> Response:
    """Final: the delegate loses access at once and cannot be restored (create it again)."""
    if not confirmacion.confirmar:
        raise Problem(
            "La eliminación de un delegado es definitiva. Para confirmarla envíe "
            '"confirmar": true.',
            code="confirmacion-requerida",
            status=422,
            title="Confirmación requerida",
        )
    version = _version_esperada(if_match)
    resultado = await servicio.eliminar_delegado(empleador_id, delegado_id, version)
    log.info("delegado_eliminado", empleador_id=str(empleador_id), delegado_id=str(delegado_id))
    return Response(status_code=204, headers={"ETag": etag(resultado.version)})
