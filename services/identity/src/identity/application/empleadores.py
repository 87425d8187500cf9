"""Use cases of the employer's administration (seed 002): profiles and delegates.

Guarantees:
- every command loads the employer's ``AdministracionEmpleador`` and appends its events in
  one transaction together with the delegates' data kept beside them; a change made on a
  version other than the one the caller read (``version_esperada``) or raced by another
  writer raises ``ConflictoDeVersion`` (409) and writes nothing;
- creations without ``version_esperada`` are retried on a race, up to 8 times (the rules,
  such as the 100-profile limit, are checked again on the fresh state each time);
- an employer that identity's read model does not know is ``EmpleadorNoEncontrado`` (404),
  the same answer a caller of another employer gets;
- a delegate's activation link carries a random single-use token; only its SHA-256 is
  stored, and the link leaves only encrypted (``DelegadoCreado.enlace``).
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import secrets
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Generic, Protocol, TypeVar
from uuid import UUID, uuid4

from eps_contracts.types import TipoDocumento
from eps_runtime.enlaces import cifrar_enlace
from eps_runtime.errores import ConflictoDeVersion
from eps_runtime.permisos import MENSAJE_EMPLEADOR_NO_ENCONTRADO, EmpleadorNoEncontrado
from identity.domain.empleadores import (
    AdministracionEmpleador,
    DelegadoNoEncontrado,
    DelegadoRepetido,
    Perfil,
    clave_comparacion,
)

T = TypeVar("T")

# A creation races at most a few other writers of the same employer; each round one wins.
_INTENTOS_CREACION = 8

MENSAJE_DOCUMENTO_REPETIDO = (
    "Ya existe un delegado con ese tipo y número de documento. Búsquelo en el listado de "
    "delegados para consultarlo o modificarlo."
)


@dataclass(frozen=True)
class DatosDelegado:
    """What the employer types in the delegate's form (seed 002)."""

    nombres: str
    tipo_documento: TipoDocumento
    numero_documento: str
    cargo: str | None
    telefono: str | None
    celular: str | None
    email: str
    perfil_id: UUID


@dataclass(frozen=True)
class FichaDelegado:
    """A delegate as the employer consults it."""

    delegado_id: UUID
    empleador_id: UUID
    datos: DatosDelegado
    creado_en: datetime
    actualizado_en: datetime


@dataclass(frozen=True)
class CambioDelegado:
    """What the guide lets the employer modify: everything but the document."""

    nombres: str
    cargo: str | None
    telefono: str | None
    celular: str | None
    email: str
    perfil_id: UUID


@dataclass(frozen=True)
class DelegadoConPerfil:
    """A delegate with the profile it has now ("el perfil asignado, cuyo detalle...")."""

    ficha: FichaDelegado
    perfil: Perfil


@dataclass(frozen=True)
class FiltroDelegados:
    """The guide's search: any combination; none lists every delegate."""

    nombre: str | None = None
    documento: str | None = None
    correo: str | None = None


@dataclass(frozen=True)
class Versionado(Generic[T]):
    """A result and the administration's version it was read or written at (the ETag)."""

    valor: T
    version: int


@dataclass(frozen=True)
class PerfilConUso:
    perfil: Perfil
    delegados: int


@dataclass(frozen=True)
class Activacion:
    """Whom a used activation link belonged to."""

    empleador_id: UUID
    delegado_id: UUID


class UnidadEmpleadores(Protocol):
    """One transaction over the administrations, the delegates' data and known employers."""

    async def empleador_registrado(self, empleador_id: UUID) -> bool: ...

    async def cargar(self, empleador_id: UUID) -> AdministracionEmpleador: ...

    async def guardar(self, administracion: AdministracionEmpleador) -> None: ...

    async def otro_delegado_con_documento(
        self, empleador_id: UUID, tipo: TipoDocumento, numero: str, excepto: UUID | None
    ) -> bool: ...

    async def guardar_ficha(self, ficha: FichaDelegado) -> None: ...

    async def ficha(self, empleador_id: UUID, delegado_id: UUID) -> FichaDelegado | None: ...

    async def fichas(self, empleador_id: UUID, filtro: FiltroDelegados) -> list[FichaDelegado]: ...

    async def borrar_ficha(self, delegado_id: UUID) -> None: ...

    async def guardar_activacion(
        self,
        token_hash: bytes,
        empleador_id: UUID,
        delegado_id: UUID,
        creado_en: datetime,
        vence_en: datetime,
    ) -> None: ...

    async def usar_activacion(self, token_hash: bytes, ahora: datetime) -> Activacion | None: ...

    async def commit(self) -> None: ...


class FuenteUnidades(Protocol):
    def unidad(self) -> AbstractAsyncContextManager[UnidadEmpleadores]: ...


@dataclass(frozen=True)
class ConfigActivacion:
    """Where the delegate's activation link points, how long it lives, the link key."""

    url_activacion: str
    vigencia: timedelta
    clave_enlaces: str


def hash_token(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def _ahora() -> datetime:
    return datetime.now(UTC)


class ServicioEmpleadores:
    def __init__(
        self,
        fuente: FuenteUnidades,
        config: ConfigActivacion,
        reloj: Callable[[], datetime] = _ahora,
    ) -> None:
        self._fuente = fuente
        self._config = config
        self._reloj = reloj

    # -- reads -------------------------------------------------------------------------------

    async def administracion(self, empleador_id: UUID) -> AdministracionEmpleador:
        """The employer's current administration (404 if identity does not know it)."""
        async with self._fuente.unidad() as unidad:
            return await _cargar_existente(unidad, empleador_id)

    async def perfiles(self, empleador_id: UUID) -> Versionado[list[PerfilConUso]]:
        administracion = await self.administracion(empleador_id)
        perfiles = sorted(
            administracion.perfiles.values(), key=lambda p: clave_comparacion(p.nombre)
        )
        return Versionado([_con_uso(administracion, p) for p in perfiles], administracion.version)

    async def perfil(self, empleador_id: UUID, perfil_id: UUID) -> Versionado[PerfilConUso]:
        administracion = await self.administracion(empleador_id)
        perfil = administracion.perfil(perfil_id)
        return Versionado(_con_uso(administracion, perfil), administracion.version)

    async def delegado(
        self, empleador_id: UUID, delegado_id: UUID
    ) -> Versionado[DelegadoConPerfil]:
        async with self._fuente.unidad() as unidad:
            administracion = await _cargar_existente(unidad, empleador_id)
            delegado = administracion.delegado(delegado_id)
            ficha = await unidad.ficha(empleador_id, delegado_id)
        if ficha is None:
            raise DelegadoNoEncontrado("El delegado solicitado no existe.")
        perfil = administracion.perfil(delegado.perfil_id)
        return Versionado(DelegadoConPerfil(ficha, perfil), administracion.version)

    async def delegados(
        self, empleador_id: UUID, filtro: FiltroDelegados
    ) -> Versionado[list[DelegadoConPerfil]]:
        """The employer's delegates matching ``filtro``, by name."""
        async with self._fuente.unidad() as unidad:
            administracion = await _cargar_existente(unidad, empleador_id)
            fichas = await unidad.fichas(empleador_id, filtro)
        # A row whose delegate the stream no longer has cannot exist (same transaction); the
        # stream decides anyway.
        return Versionado(
            [
                DelegadoConPerfil(f, administracion.perfil(d.perfil_id))
                for f in fichas
                if (d := administracion.delegados.get(f.delegado_id)) is not None
            ],
            administracion.version,
        )

    # -- profiles ----------------------------------------------------------------------------

    async def crear_perfil(
        self,
        empleador_id: UUID,
        nombre: str,
        permisos: list[str],
        version_esperada: int | None = None,
    ) -> Versionado[PerfilConUso]:
        perfil_id = uuid4()

        async def crear(
            unidad: UnidadEmpleadores, administracion: AdministracionEmpleador
        ) -> PerfilConUso:
            return PerfilConUso(administracion.crear_perfil(perfil_id, nombre, permisos), 0)

        return await self._ejecutar(empleador_id, version_esperada, crear)

    async def modificar_perfil(
        self,
        empleador_id: UUID,
        perfil_id: UUID,
        nombre: str,
        permisos: list[str],
        version_esperada: int,
    ) -> Versionado[PerfilConUso]:
        async def modificar(
            unidad: UnidadEmpleadores, administracion: AdministracionEmpleador
        ) -> PerfilConUso:
            administracion.modificar_perfil(perfil_id, nombre, permisos)
            return _con_uso(administracion, administracion.perfil(perfil_id))

        return await self._ejecutar(empleador_id, version_esperada, modificar)

    async def eliminar_perfil(
        self, empleador_id: UUID, perfil_id: UUID, version_esperada: int
    ) -> Versionado[None]:
        async def eliminar(
            unidad: UnidadEmpleadores, administracion: AdministracionEmpleador
        ) -> None:
            administracion.eliminar_perfil(perfil_id)

        return await self._ejecutar(empleador_id, version_esperada, eliminar)

    # -- delegates ---------------------------------------------------------------------------

    async def crear_delegado(
        self, empleador_id: UUID, datos: DatosDelegado, version_esperada: int | None = None
    ) -> Versionado[DelegadoConPerfil]:
        delegado_id = uuid4()

        async def crear(
            unidad: UnidadEmpleadores, administracion: AdministracionEmpleador
        ) -> DelegadoConPerfil:
            await _exigir_documento_libre(unidad, empleador_id, datos, excepto=None)
            ahora = self._reloj()
            vence_en = ahora + self._config.vigencia
            token = secrets.token_urlsafe(32)
            enlace = f"{self._config.url_activacion}#token={token}"
            administracion.crear_delegado(
                delegado_id=delegado_id,
                perfil_id=datos.perfil_id,
                nombres=datos.nombres,
                cargo=datos.cargo,
                email=datos.email,
                enlace=cifrar_enlace(enlace, self._config.clave_enlaces),
                enlace_vence_en=vence_en,
            )
            ficha = FichaDelegado(delegado_id, empleador_id, datos, ahora, ahora)
            await unidad.guardar_ficha(ficha)
            await unidad.guardar_activacion(
                hash_token(token), empleador_id, delegado_id, ahora, vence_en
            )
            return DelegadoConPerfil(ficha, administracion.perfil(datos.perfil_id))

        return await self._ejecutar(empleador_id, version_esperada, crear)

    async def modificar_delegado(
        self,
        empleador_id: UUID,
        delegado_id: UUID,
        cambio: CambioDelegado,
        version_esperada: int,
    ) -> Versionado[DelegadoConPerfil]:
        async def modificar(
            unidad: UnidadEmpleadores, administracion: AdministracionEmpleador
        ) -> DelegadoConPerfil:
            administracion.delegado(delegado_id)
            actual = await unidad.ficha(empleador_id, delegado_id)
            if actual is None:
                raise DelegadoNoEncontrado("El delegado solicitado no existe.")
            administracion.modificar_delegado(
                delegado_id,
                perfil_id=cambio.perfil_id,
                nombres=cambio.nombres,
                cargo=cambio.cargo,
                email=cambio.email,
            )
            datos = replace(
                actual.datos,
                nombres=cambio.nombres,
                cargo=cambio.cargo,
                telefono=cambio.telefono,
                celular=cambio.celular,
                email=cambio.email,
                perfil_id=cambio.perfil_id,
            )
            ficha = actual
            if datos != actual.datos:
                ficha = replace(actual, datos=datos, actualizado_en=self._reloj())
                await unidad.guardar_ficha(ficha)
            return DelegadoConPerfil(ficha, administracion.perfil(cambio.perfil_id))

        return await self._ejecutar(empleador_id, version_esperada, modificar)

    async def eliminar_delegado(
        self, empleador_id: UUID, delegado_id: UUID, version_esperada: int
    ) -> Versionado[None]:
        async def eliminar(
            unidad: UnidadEmpleadores, administracion: AdministracionEmpleador
        ) -> None:
            administracion.eliminar_delegado(delegado_id)
            await unidad.borrar_ficha(delegado_id)

        return await self._ejecutar(empleador_id, version_esperada, eliminar)

    async def permisos_actuales(self, empleador_id: UUID, delegado_id: UUID) -> frozenset[str]:
        """What the delegate may do right now: nothing once deleted, and only what its
        profile grants today (a token issued before a change says more)."""
        async with self._fuente.unidad() as unidad:
            administracion = await unidad.cargar(empleador_id)
        return administracion.permisos_de(delegado_id)

    async def usar_enlace_activacion(self, token: str) -> Activacion | None:
        """Spends a delegate's activation token: the delegate it belongs to, once; None if it
        is unknown, expired, already used, or its delegate was deleted."""
        async with self._fuente.unidad() as unidad:
            activacion = await unidad.usar_activacion(hash_token(token), self._reloj())
            await unidad.commit()
        return activacion

    # -- the command loop --------------------------------------------------------------------

    async def _ejecutar(
        self,
        empleador_id: UUID,
        version_esperada: int | None,
        cambio: Callable[[UnidadEmpleadores, AdministracionEmpleador], Awaitable[T]],
    ) -> Versionado[T]:
        intentos = 1 if version_esperada is not None else _INTENTOS_CREACION
        for intento in range(1, intentos + 1):
            try:
                async with self._fuente.unidad() as unidad:
                    administracion = await _cargar_existente(unidad, empleador_id)
                    if version_esperada is not None and administracion.version != (
                        version_esperada
                    ):
                        raise ConflictoDeVersion(empleador_id, version_esperada)
                    resultado = await cambio(unidad, administracion)
                    await unidad.guardar(administracion)
                    await unidad.commit()
                    return Versionado(resultado, administracion.version)
            except ConflictoDeVersion:
                if intento == intentos:
                    raise
                # A little jitter so the losers of a round do not collide again.
                await asyncio.sleep(random.uniform(0, 0.01 * intento))
        raise AssertionError("unreachable")


async def _cargar_existente(
    unidad: UnidadEmpleadores, empleador_id: UUID
) -> AdministracionEmpleador:
    if not await unidad.empleador_registrado(empleador_id):
        raise EmpleadorNoEncontrado(MENSAJE_EMPLEADOR_NO_ENCONTRADO)
    return await unidad.cargar(empleador_id)


async def _exigir_documento_libre(
    unidad: UnidadEmpleadores, empleador_id: UUID, datos: DatosDelegado, excepto: UUID | None
) -> None:
    if await unidad.otro_delegado_con_documento(
        empleador_id, datos.tipo_documento, datos.numero_documento, excepto
    ):
        raise DelegadoRepetido(MENSAJE_DOCUMENTO_REPETIDO)


def _con_uso(administracion: AdministracionEmpleador, perfil: Perfil) -> PerfilConUso:
    return PerfilConUso(perfil, len(administracion.delegados_con_perfil(perfil.perfil_id)))
