"""The ``AdministracionEmpleador`` aggregate: an employer's profiles and delegates (seed 002).

One event stream per employer (stream id = ``empleador_id``), so every rule that spans the
employer's profiles and delegates is checked against one consistent version:

- at most ``MAXIMO_PERFILES`` (100) profiles; the 101st is refused with the guide's limit;
- a profile grants one or more permissions of the catalog (``PERMISOS_EMPLEADOR``), each
  once; its name is unique within the employer (case and accents ignored);
- a delegate always has an existing profile; a profile assigned to a delegate cannot be
  deleted (the message says what to do);
- deleting a delegate is final: its id can never be used again in this stream.

The aggregate holds only what its events carry. Delegates' personal data that must not
travel on Kafka (document, phones) is kept beside it by the adapter, in the same
transaction. Version bookkeeping and pending changes are ``eps_runtime.agregado``'s; the
stream has no start event (its id is the employer's, known before the first profile), so a
new administration is ``AdministracionEmpleador(empleador_id)``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eps_contracts.events import (
    DelegadoCreado,
    DelegadoEliminado,
    DelegadoModificado,
    PerfilCreado,
    PerfilEliminado,
    PerfilModificado,
)
from eps_runtime import errores
from eps_runtime.agregado import Agregado, aplica
from eps_runtime.permisos import PERMISOS_EMPLEADOR

MAXIMO_PERFILES = 100


class ErrorAdministracion(errores.ErrorDeDominio):
    """A rule of the employer's administration refused the command; ``str()`` is Spanish.
    Each subclass is also an ``eps_runtime.errores`` category (its HTTP status)."""

    codigo = "solicitud-invalida"
    titulo = "Solicitud inválida"


class LimitePerfilesAlcanzado(ErrorAdministracion, errores.ConflictoDeEstado):
    codigo = "limite-de-perfiles"
    titulo = "Límite de perfiles alcanzado"


class PerfilNoEncontrado(ErrorAdministracion, errores.NoEncontrado):
    codigo = "perfil-no-encontrado"
    titulo = "No encontrado"


class PerfilInexistenteParaDelegado(ErrorAdministracion, errores.DatosInvalidos):
    codigo = "perfil-inexistente"
    titulo = "Datos inválidos"


class PerfilEnUso(ErrorAdministracion, errores.ConflictoDeEstado):
    codigo = "perfil-en-uso"
    titulo = "Perfil en uso"


class NombrePerfilRepetido(ErrorAdministracion, errores.ConflictoDeEstado):
    codigo = "perfil-repetido"
    titulo = "Perfil repetido"


class PermisosInvalidos(ErrorAdministracion, errores.DatosInvalidos):
    codigo = "permisos-invalidos"
    titulo = "Datos inválidos"


class DelegadoNoEncontrado(ErrorAdministracion, errores.NoEncontrado):
    codigo = "delegado-no-encontrado"
    titulo = "No encontrado"


class DelegadoRepetido(ErrorAdministracion, errores.ConflictoDeEstado):
    codigo = "delegado-repetido"
    titulo = "Delegado repetido"


def clave_comparacion(texto: str) -> str:
    """Lowercase, without accents or repeated spaces: how names are compared and searched."""
    descompuesto = unicodedata.normalize("NFKD", texto)
    sin_tildes = "".join(c for c in descompuesto if not unicodedata.combining(c))
    return " ".join(sin_tildes.casefold().split())


def validar_permisos(permisos: Sequence[str]) -> list[str]:
    """The permissions, sorted, if all are in the catalog, none repeated, at least one."""
    if not permisos:
        raise PermisosInvalidos("Seleccione al menos un permiso para el perfil.")
    desconocidos = sorted({p for p in permisos if p not in PERMISOS_EMPLEADOR})
    if desconocidos:
        raise PermisosInvalidos(
            f"Permisos no reconocidos: {', '.join(desconocidos)}. Los permisos disponibles "
            f"son: {', '.join(PERMISOS_EMPLEADOR)}."
        )
    if len(set(permisos)) != len(permisos):
        raise PermisosInvalidos("Cada permiso puede seleccionarse una sola vez.")
    return sorted(permisos)


@dataclass(frozen=True)
class Perfil:
    perfil_id: UUID
    nombre: str
    permisos: tuple[str, ...]


@dataclass(frozen=True)
class Delegado:
    delegado_id: UUID
    perfil_id: UUID
    nombres: str
    cargo: str | None
    email: str


class AdministracionEmpleador(Agregado):
    evento_inicial = None

    def __init__(self, empleador_id: UUID | None = None) -> None:
        super().__init__(empleador_id)
        self.perfiles: dict[UUID, Perfil] = {}
        self.delegados: dict[UUID, Delegado] = {}
        self.eliminados: set[UUID] = set()

    @property
    def empleador_id(self) -> UUID:
        return self.id

    # -- profiles ----------------------------------------------------------------------------

    def perfil(self, perfil_id: UUID) -> Perfil:
        perfil = self.perfiles.get(perfil_id)
        if perfil is None:
            raise PerfilNoEncontrado("El perfil solicitado no existe.")
        return perfil

    def delegados_con_perfil(self, perfil_id: UUID) -> list[Delegado]:
        return [d for d in self.delegados.values() if d.perfil_id == perfil_id]

    def crear_perfil(self, perfil_id: UUID, nombre: str, permisos: Sequence[str]) -> Perfil:
        if len(self.perfiles) >= MAXIMO_PERFILES:
            raise LimitePerfilesAlcanzado(
                f"Un empleador puede tener un máximo de {MAXIMO_PERFILES} perfiles y ya tiene "
                f"{len(self.perfiles)}. Para crear uno nuevo, elimine un perfil que ya no use "
                "o modifique uno existente."
            )
        nombre = " ".join(nombre.split())
        self._exigir_nombre_libre(nombre, excepto=None)
        self._registrar(
            PerfilCreado,
            perfil_id=perfil_id,
            nombre_perfil=nombre,
            permisos=validar_permisos(permisos),
        )
        return self.perfiles[perfil_id]

    def modificar_perfil(self, perfil_id: UUID, nombre: str, permisos: Sequence[str]) -> bool:
        """Records ``PerfilModificado`` unless nothing changes; True if recorded."""
        actual = self.perfil(perfil_id)
        nombre = " ".join(nombre.split())
        self._exigir_nombre_libre(nombre, excepto=perfil_id)
        ordenados = validar_permisos(permisos)
        if actual.nombre == nombre and list(actual.permisos) == ordenados:
            return False
        self._registrar(
            PerfilModificado,
            perfil_id=perfil_id,
            nombre_perfil=nombre,
            permisos=ordenados,
        )
        return True

    def eliminar_perfil(self, perfil_id: UUID) -> None:
        perfil = self.perfil(perfil_id)
        en_uso = self.delegados_con_perfil(perfil_id)
        if en_uso:
            cuantos = "1 delegado" if len(en_uso) == 1 else f"{len(en_uso)} delegados"
            raise PerfilEnUso(
                f"El perfil «{perfil.nombre}» está asignado a {cuantos}. Asigne otro perfil a "
                "esos delegados, o elimínelos, y luego elimine el perfil."
            )
        self._registrar(PerfilEliminado, perfil_id=perfil_id)

    def _exigir_nombre_libre(self, nombre: str, *, excepto: UUID | None) -> None:
        clave = clave_comparacion(nombre)
        for otro in self.perfiles.values():
            if otro.perfil_id != excepto and clave_comparacion(otro.nombre) == clave:
                raise NombrePerfilRepetido(
                    f"Ya existe un perfil llamado «{otro.nombre}». Use otro nombre o modifique "
                    "ese perfil."
                )

    # -- delegates ---------------------------------------------------------------------------

    def delegado(self, delegado_id: UUID) -> Delegado:
        delegado = self.delegados.get(delegado_id)
        if delegado is None:
            raise DelegadoNoEncontrado("El delegado solicitado no existe.")
        return delegado

    def permisos_de(self, delegado_id: UUID) -> frozenset[str]:
        """What the delegate may do now (nothing once deleted)."""
        delegado = self.delegados.get(delegado_id)
        if delegado is None:
            return frozenset()
        return frozenset(self.perfiles[delegado.perfil_id].permisos)

    def crear_delegado(
        self,
        *,
        delegado_id: UUID,
        perfil_id: UUID,
        nombres: str,
        cargo: str | None,
        email: str,
        enlace: str,
        enlace_vence_en: datetime,
    ) -> Delegado:
        if delegado_id in self.delegados or delegado_id in self.eliminados:
            raise DelegadoRepetido("El delegado ya existe.")
        self._exigir_perfil_asignable(perfil_id)
        self._exigir_correo_libre(email, excepto=None)
        self._registrar(
            DelegadoCreado,
            delegado_id=delegado_id,
            perfil_id=perfil_id,
            nombres=nombres,
            cargo=cargo,
            email=email,
            enlace=enlace,
            enlace_vence_en=enlace_vence_en,
        )
        return self.delegados[delegado_id]

    def modificar_delegado(
        self,
        delegado_id: UUID,
        *,
        perfil_id: UUID,
        nombres: str,
        cargo: str | None,
        email: str,
    ) -> bool:
        """Records ``DelegadoModificado`` when a field the event carries changes."""
        actual = self.delegado(delegado_id)
        self._exigir_perfil_asignable(perfil_id)
        self._exigir_correo_libre(email, excepto=delegado_id)
        nuevo = Delegado(delegado_id, perfil_id, nombres, cargo, email)
        if nuevo == actual:
            return False
        self._registrar(
            DelegadoModificado,
            delegado_id=delegado_id,
            perfil_id=perfil_id,
            nombres=nombres,
            cargo=cargo,
            email=email,
        )
        return True

    def eliminar_delegado(self, delegado_id: UUID) -> None:
        self.delegado(delegado_id)
        self._registrar(DelegadoEliminado, delegado_id=delegado_id)

    def _exigir_perfil_asignable(self, perfil_id: UUID) -> None:
        if perfil_id not in self.perfiles:
            raise PerfilInexistenteParaDelegado(
                "El perfil indicado no existe. Elija uno de los perfiles del empleador o "
                "créelo primero."
            )

    def _exigir_correo_libre(self, email: str, *, excepto: UUID | None) -> None:
        clave = email.casefold()
        for otro in self.delegados.values():
            if otro.delegado_id != excepto and otro.email.casefold() == clave:
                raise DelegadoRepetido(
                    "Ya existe un delegado con ese correo electrónico. Use otro correo o "
                    "modifique ese delegado."
                )

    # -- events ------------------------------------------------------------------------------

    @aplica(PerfilCreado, PerfilModificado)
    def _perfil_guardado(self, evento: PerfilCreado | PerfilModificado) -> None:
        self.perfiles[evento.perfil_id] = Perfil(
            evento.perfil_id, evento.nombre_perfil, tuple(evento.permisos)
        )

    @aplica(PerfilEliminado)
    def _perfil_eliminado(self, evento: PerfilEliminado) -> None:
        self.perfiles.pop(evento.perfil_id, None)

    @aplica(DelegadoCreado, DelegadoModificado)
    def _delegado_guardado(self, evento: DelegadoCreado | DelegadoModificado) -> None:
        self.delegados[evento.delegado_id] = Delegado(
            evento.delegado_id, evento.perfil_id, evento.nombres, evento.cargo, evento.email
        )

    @aplica(DelegadoEliminado)
    def _delegado_eliminado(self, evento: DelegadoEliminado) -> None:
        self.delegados.pop(evento.delegado_id, None)
        self.eliminados.add(evento.delegado_id)
