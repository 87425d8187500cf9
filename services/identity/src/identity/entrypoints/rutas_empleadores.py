"""HTTP API of the employer's administration (seed 002): profiles and delegates.

Routes under ``/empleadores/{empleador_id}/perfiles`` and ``/empleadores/{empleador_id}/
delegados``. Wire with ``app.include_router(rutas_empleadores.router)`` in an app that has
``app.state.engine``, problem handlers (``service_app``) and ``instalar_autenticacion``; the
service is built on first use (or taken from ``app.state.servicio_empleadores``).

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

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Body, Depends, Header, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.types import TipoDocumento, validar_numero_documento
from eps_runtime.auth import MENSAJE_SIN_PERMISO, Llamante, Rol, SinPermiso
from eps_runtime.enlaces import EnlacesSettings
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
from identity.adapters.empleadores_sql import AdministracionEmpleadoresSql
from identity.application.empleadores import (
    CambioDelegado,
    ConfigActivacion,
    DatosDelegado,
    DelegadoConPerfil,
    FiltroDelegados,
    PerfilConUso,
    ServicioEmpleadores,
)
from identity.domain.empleadores import MAXIMO_PERFILES, ErrorAdministracion, Perfil

log = get_logger(__name__)

_PROBLEMA: dict[str, Any] = {"content": {"application/problem+json": {}}}
_ERRORES: dict[int | str, dict[str, Any]] = {s: _PROBLEMA for s in (401, 403, 404, 409, 422, 428)}


class EmpleadoresSettings(BaseSettings):
    """``IDENTITY_EMPLEADORES_*``: the delegate's activation page and the link's lifetime."""

    model_config = SettingsConfigDict(env_prefix="IDENTITY_EMPLEADORES_", extra="ignore")

    url_activacion: str = "http://localhost:8080/delegados/activar"
    vigencia_enlace_horas: int = Field(default=72, ge=1, le=24 * 14)


def construir_servicio(request: Request) -> ServicioEmpleadores:
    """The app's ``ServicioEmpleadores``, built once over ``app.state.engine``."""
    servicio = getattr(request.app.state, "servicio_empleadores", None)
    if isinstance(servicio, ServicioEmpleadores):
        return servicio
    servicio = servicio_por_defecto(request.app.state.engine)
    request.app.state.servicio_empleadores = servicio
    return servicio


def servicio_por_defecto(
    engine: AsyncEngine, reloj: Callable[[], datetime] | None = None
) -> ServicioEmpleadores:
    """A ``ServicioEmpleadores`` over ``engine`` configured by ``IDENTITY_EMPLEADORES_*``."""
    ajustes = EmpleadoresSettings()
    config = ConfigActivacion(
        url_activacion=ajustes.url_activacion,
        vigencia=timedelta(hours=ajustes.vigencia_enlace_horas),
        clave_enlaces=EnlacesSettings().clave,
    )
    fuente = AdministracionEmpleadoresSql(engine)
    if reloj is None:
        return ServicioEmpleadores(fuente, config)
    return ServicioEmpleadores(fuente, config, reloj)


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


# -- bodies ------------------------------------------------------------------------------------

_NOMBRE_PERSONA = re.compile(r"^[^\W\d_]+(?:[ '.\-][^\W\d_]*)*$")
_TELEFONO = re.compile(r"^[0-9]{7,10}$")
_CELULAR = re.compile(r"^3[0-9]{9}$")
_CORREO = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _problema_de_texto(valor: str) -> str | None:
    """Why ``valor`` cannot be stored as text (PostgreSQL refuses NUL, UTF-8 surrogates)."""
    if _CONTROL.search(valor):
        return "no admite caracteres de control"
    try:
        valor.encode("utf-8")
    except UnicodeEncodeError:
        return "contiene caracteres no válidos"
    return None


def _texto_limpio(valor: Any) -> Any:
    if not isinstance(valor, str):
        return valor
    problema = _problema_de_texto(valor)
    if problema is not None:
        raise ValueError(problema)
    return " ".join(valor.split())


def _opcional(valor: Any) -> Any:
    valor = _texto_limpio(valor)
    return None if valor == "" else valor


class _Cuerpo(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SolicitudPerfil(_Cuerpo):
    """A profile: its name and the permissions it grants (codes of ``GET …/permisos``)."""

    nombre: str = Field(min_length=1, max_length=100, description="Nombre del perfil.")
    permisos: list[str] = Field(
        min_length=1, max_length=len(PERMISOS_EMPLEADOR), description="Permisos que concede."
    )

    _limpiar = field_validator("nombre", mode="before")(_texto_limpio)


class _CamposDelegado(_Cuerpo):
    nombres: str = Field(min_length=2, max_length=100, description="Nombres y apellidos.")
    cargo: str | None = Field(default=None, max_length=100, description="Cargo.")
    telefono: str | None = Field(default=None, description="Teléfono fijo, 7 a 10 dígitos.")
    celular: str = Field(description="Celular colombiano de 10 dígitos.")
    correo: str = Field(max_length=254, description="Correo electrónico del delegado.")
    perfil_id: UUID = Field(description="Perfil asignado.")

    _limpiar = field_validator("nombres", "correo", mode="before")(_texto_limpio)
    _opcionales = field_validator("cargo", "telefono", mode="before")(_opcional)

    @field_validator("nombres")
    @classmethod
    def _nombres_validos(cls, valor: str) -> str:
        if not _NOMBRE_PERSONA.match(valor):
            raise ValueError("solo admite letras, espacios, apóstrofos, puntos y guiones")
        return valor

    @field_validator("telefono")
    @classmethod
    def _telefono_valido(cls, valor: str | None) -> str | None:
        if valor is not None and not _TELEFONO.match(valor):
            raise ValueError("debe tener entre 7 y 10 dígitos, sin espacios ni signos")
        return valor

    @field_validator("celular")
    @classmethod
    def _celular_valido(cls, valor: str) -> str:
        if not _CELULAR.match(valor):
            raise ValueError("debe tener 10 dígitos y empezar por 3, sin espacios ni signos")
        return valor

    @field_validator("correo")
    @classmethod
    def _correo_valido(cls, valor: str) -> str:
        if not _CORREO.match(valor):
            raise ValueError("no es un correo electrónico válido")
        return valor


class SolicitudDelegado(_CamposDelegado):
    """Seed 002's "crear delegado" form."""

    tipo_documento: TipoDocumento = Field(description="Tipo de identificación.")
    numero_documento: str = Field(description="Número de documento, sin puntos ni espacios.")

    _sin_espacios = field_validator("numero_documento", mode="before")(_texto_limpio)

    @field_validator("numero_documento")
    @classmethod
    def _numero_valido(cls, numero: str, info: ValidationInfo) -> str:
        tipo = info.data.get("tipo_documento", TipoDocumento.PA)
        return validar_numero_documento(tipo, numero)

    def datos(self) -> DatosDelegado:
        return DatosDelegado(
            nombres=self.nombres,
            tipo_documento=self.tipo_documento,
            numero_documento=self.numero_documento,
            cargo=self.cargo,
            telefono=self.telefono,
            celular=self.celular,
            email=self.correo,
            perfil_id=self.perfil_id,
        )


class CambioDelegadoSolicitud(_CamposDelegado):
    """Seed 002's "modificar delegado": names, position, phones, e-mail and profile."""

    def cambio(self) -> CambioDelegado:
        return CambioDelegado(
            nombres=self.nombres,
            cargo=self.cargo,
            telefono=self.telefono,
            celular=self.celular,
            email=self.correo,
            perfil_id=self.perfil_id,
        )


class ConfirmacionEliminacion(_Cuerpo):
    confirmar: bool = Field(description="Debe ser true: la eliminación es definitiva.")


# -- views -------------------------------------------------------------------------------------


class PermisoVista(BaseModel):
    codigo: str
    descripcion: str


def _permisos(codigos: tuple[str, ...] | list[str]) -> list[PermisoVista]:
    return [PermisoVista(codigo=c, descripcion=PERMISOS_EMPLEADOR.get(c, c)) for c in codigos]


class PerfilResumen(BaseModel):
    perfil_id: UUID
    nombre: str
    permisos: list[PermisoVista]

    @classmethod
    def de(cls, perfil: Perfil) -> PerfilResumen:
        return cls(
            perfil_id=perfil.perfil_id, nombre=perfil.nombre, permisos=_permisos(perfil.permisos)
        )


class PerfilVista(PerfilResumen):
    delegados: int = Field(description="Delegados que tienen asignado el perfil.")

    @classmethod
    def con_uso(cls, p: PerfilConUso) -> PerfilVista:
        return cls(
            perfil_id=p.perfil.perfil_id,
            nombre=p.perfil.nombre,
            permisos=_permisos(p.perfil.permisos),
            delegados=p.delegados,
        )


class ListaPerfiles(BaseModel):
    perfiles: list[PerfilVista]
    total: int
    maximo: int = MAXIMO_PERFILES


class DelegadoVista(BaseModel):
    delegado_id: UUID
    nombres: str
    tipo_documento: TipoDocumento
    numero_documento: str
    cargo: str | None
    telefono: str | None
    celular: str | None
    correo: str
    perfil: PerfilResumen
    creado_en: datetime
    actualizado_en: datetime

    @classmethod
    def de(cls, d: DelegadoConPerfil) -> DelegadoVista:
        datos = d.ficha.datos
        return cls(
            delegado_id=d.ficha.delegado_id,
            nombres=datos.nombres,
            tipo_documento=datos.tipo_documento,
            numero_documento=datos.numero_documento,
            cargo=datos.cargo,
            telefono=datos.telefono,
            celular=datos.celular,
            correo=datos.email,
            perfil=PerfilResumen.de(d.perfil),
            creado_en=d.ficha.creado_en,
            actualizado_en=d.ficha.actualizado_en,
        )


class ListaDelegados(BaseModel):
    delegados: list[DelegadoVista]
    total: int


# -- helpers -----------------------------------------------------------------------------------


@contextmanager
def _reglas() -> Iterator[None]:
    """The administration's rules as problems (Spanish ``detail``, stable ``code``)."""
    try:
        yield
    except ErrorAdministracion as error:
        raise Problem(
            str(error), code=error.codigo, status=error.estado, title=error.titulo
        ) from None


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
    return _permisos(list(PERMISOS_EMPLEADOR))


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
    with _reglas():
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
    with _reglas():
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
    with _reglas():
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
    with _reglas():
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
        problema = None if valor is None else _problema_de_texto(valor)
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
    with _reglas():
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
    with _reglas():
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
    with _reglas():
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
    with _reglas():
        resultado = await servicio.eliminar_delegado(empleador_id, delegado_id, version)
    log.info("delegado_eliminado", empleador_id=str(empleador_id), delegado_id=str(delegado_id))
    return Response(status_code=204, headers={"ETag": etag(resultado.version)})
