"""Registration steps 2 and 3 (manual 2.1.2 "Registra" and the account it creates).

- ``preguntas``: the three security questions of a document, stored server side with an id,
  an expiry (15 min) and single use; the right options never leave the server.
- ``responder``: one attempt. Per DOCUMENT, in one transaction holding the row lock of its
  ``registro_intentos`` row, so attempts sent to two instances at once are counted one
  after the other and no instance can grant a fourth: a wrong set counts one; the third
  blocks the document for 24 hours and records ``RegistroBloqueado``; a right set resets the
  count and returns a ticket (15 min, single use, only its SHA-256 stored).
- ``crear_cuenta``: spends the ticket, creates the account (password NULL) and records
  ``UsuarioRegistrado`` with the encrypted single-use link (24 h) to set the password.

A document that is not affiliated, retired, blocked, already registered or a minor's is
refused at every step, with the manual's messages.
"""

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from eps_contracts.events import RegistroBloqueado, UsuarioRegistrado
from eps_runtime.enlaces import cifrar_enlace
from identity.application.errores import (
    DocumentoBloqueado,
    MenorDeEdad,
    PreguntasVencidas,
    RespuestasIncorrectas,
    TiqueteInvalido,
    YaRegistrado,
)
from identity.application.puertos import (
    EstadoRegistro,
    NuevaUnidad,
    NuevoUsuario,
    RepositorioCuentas,
    UnidadDeTrabajo,
)
from identity.application.validacion import AfiliadosValidables, validar_documento
from identity.domain.cuentas import (
    DURACION_BLOQUEO,
    INTENTOS_PERMITIDOS,
    VIGENCIA_ENLACE,
    VIGENCIA_PREGUNTAS,
    VIGENCIA_TIQUETE,
    es_mayor_de_edad,
)
from identity.domain.preguntas import (
    Pregunta,
    construir_preguntas,
    respuestas_correctas,
)
from identity.domain.registro import AfiliadoValidable, Documento

Reloj = Callable[[], datetime]


def sha256(valor: str) -> bytes:
    return hashlib.sha256(valor.encode()).digest()


@dataclass(frozen=True)
class PreguntasEmitidas:
    conjunto_id: UUID
    vence_en: datetime
    preguntas: tuple[Pregunta, ...]


@dataclass(frozen=True)
class CuentaCreada:
    usuario_id: UUID
    email: str
    enlace_vence_en: datetime


def nombre_saludo(afiliado: AfiliadoValidable) -> str:
    return f"{afiliado.primer_nombre} {afiliado.primer_apellido}"


async def guardar_enlace(
    cuentas: RepositorioCuentas,
    *,
    usuario_id: UUID,
    proposito: str,
    ahora: datetime,
    vence: datetime,
) -> str:
    """A new single-use token for ``usuario_id``; only its SHA-256 is stored."""
    token = secrets.token_urlsafe(32)
    await cuentas.guardar_enlace(sha256(token), usuario_id, proposito, ahora, vence)
    return token


async def registrar_usuario(
    uow: UnidadDeTrabajo,
    usuario: NuevoUsuario,
    *,
    ahora: datetime,
    portal_url: str,
    clave_enlaces: str,
) -> datetime | None:
    """Creates the account (no password yet) and records ``UsuarioRegistrado`` with its
    single-use "set your password" link, encrypted for the e-mail (only the token's hash is
    stored). Returns when the link expires, or ``None`` if the person already has an
    account of that role (nothing is written)."""
    if not await uow.cuentas.crear(usuario, ahora):
        return None
    vence = ahora + VIGENCIA_ENLACE
    token = await guardar_enlace(
        uow.cuentas, usuario_id=usuario.usuario_id, proposito="activacion", ahora=ahora, vence=vence
    )
    enlace = cifrar_enlace(f"{portal_url}/activar?token={token}", clave_enlaces)
    await uow.eventos.iniciar(
        usuario.usuario_id,
        UsuarioRegistrado(
            usuario_id=usuario.usuario_id,
            rol=usuario.rol,
            afiliado_id=usuario.afiliado_id,
            empleador_id=usuario.empleador_id,
            nombre=usuario.nombre,
            email=usuario.email,
            telefono_movil=usuario.telefono_movil,
            terminos_version=usuario.terminos_version,
            terminos_aceptados_en=ahora,
            enlace=enlace,
            enlace_vence_en=vence,
        ),
    )
    return vence


class ServicioRegistro:
    def __init__(
        self,
        unidad: NuevaUnidad,
        afiliados: AfiliadosValidables,
        *,
        reloj: Reloj,
        secreto: str,
        portal_url: str,
        clave_enlaces: str,
        estado: EstadoRegistro,
    ) -> None:
        self._unidad = unidad
        self._afiliados = afiliados
        self._estado = estado
        self._reloj = reloj
        self._secreto = secreto
        self._portal_url = portal_url.rstrip("/")
        self._clave_enlaces = clave_enlaces

    def con(self, *, afiliados: AfiliadosValidables, estado: EstadoRegistro) -> "ServicioRegistro":
        """The same service over other ports (tests of the HTTP layer)."""
        return ServicioRegistro(
            self._unidad,
            afiliados,
            reloj=self._reloj,
            secreto=self._secreto,
            portal_url=self._portal_url,
            clave_enlaces=self._clave_enlaces,
            estado=estado,
        )

    async def comprobar(self, documento: Documento) -> AfiliadoValidable:
        """The affiliate holding ``documento`` if they may register now; else the problem
        (not affiliated 404, retired 409, blocked 409, already registered 409, minor 409)."""
        afiliado = await validar_documento(documento, self._afiliados)
        ahora = self._reloj()
        hasta = await self._estado.bloqueado_hasta(documento)
        if hasta is not None and hasta > ahora:
            raise DocumentoBloqueado(hasta)
        if afiliado.afiliado_id is not None and await self._estado.ya_registrado(
            afiliado.afiliado_id
        ):
            raise YaRegistrado()
        if afiliado.fecha_nacimiento is not None and not es_mayor_de_edad(
            afiliado.fecha_nacimiento, ahora
        ):
            raise MenorDeEdad()
        return afiliado

    async def preguntas(self, documento: Documento) -> PreguntasEmitidas:
        afiliado = await self.comprobar(documento)
        assert afiliado.afiliado_id is not None
        conjunto = construir_preguntas(afiliado, self._secreto)
        ahora = self._reloj()
        emitidas = PreguntasEmitidas(uuid4(), ahora + VIGENCIA_PREGUNTAS, conjunto.preguntas)
        async with self._unidad() as uow:
            await uow.registro.guardar_preguntas(
                emitidas.conjunto_id,
                documento,
                afiliado.afiliado_id,
                conjunto.correctas,
                ahora,
                emitidas.vence_en,
            )
        return emitidas

    async def responder(self, conjunto_id: UUID, respuestas: dict[str, str]) -> str:
        """The ticket for ``crear_cuenta``; or RespuestasIncorrectas / DocumentoBloqueado /
        PreguntasVencidas (the attempt is committed before the problem is raised)."""
        ahora = self._reloj()
        problema: Exception | None = None
        tiquete: str | None = None
        async with self._unidad() as uow:
            fila = await uow.registro.conjunto(conjunto_id)
            if fila is None:
                raise PreguntasVencidas()
            intentos = await uow.registro.intentos(fila.documento, ahora)
            fallidos = intentos.fallidos
            hasta = intentos.bloqueado_hasta
            if hasta is not None and hasta > ahora:
                raise DocumentoBloqueado(hasta)
            if hasta is not None:  # the block has lifted: a fresh start
                fallidos, hasta = 0, None
            if fila.usado_en is not None or fila.vence_en <= ahora:
                raise PreguntasVencidas()
            await uow.registro.usar_conjunto(conjunto_id, ahora)
            correctas: dict[str, Any] = dict(fila.correctas)
            if respuestas_correctas({k: str(v) for k, v in correctas.items()}, respuestas):
                fallidos = 0
                tiquete = secrets.token_urlsafe(32)
                await uow.registro.guardar_tiquete(
                    sha256(tiquete), fila.afiliado_id, fila.documento, ahora + VIGENCIA_TIQUETE
                )
            else:
                fallidos += 1
                if fallidos >= INTENTOS_PERMITIDOS:
                    hasta = ahora + DURACION_BLOQUEO
                    await uow.eventos.registrar(
                        fila.afiliado_id,
                        RegistroBloqueado(
                            afiliado_id=fila.afiliado_id, bloqueado_hasta=hasta, intentos=fallidos
                        ),
                    )
                    problema = DocumentoBloqueado(hasta)
                else:
                    problema = RespuestasIncorrectas(INTENTOS_PERMITIDOS - fallidos)
            await uow.registro.guardar_intentos(fila.documento, fallidos, hasta, ahora)
        if problema is not None:
            raise problema
        assert tiquete is not None
        return tiquete

    async def crear_cuenta(
        self,
        tiquete: str,
        *,
        email: str,
        telefono_movil: str,
        terminos_version: str,
    ) -> CuentaCreada:
        ahora = self._reloj()
        async with self._unidad() as uow:
            usado = await uow.registro.usar_tiquete(sha256(tiquete), ahora)
            if usado is None:
                raise TiqueteInvalido()
            documento = usado.documento
            # Checked again: the ticket may be old by minutes, the rules hold at this moment.
            afiliado = await self.comprobar(documento)
            if afiliado.afiliado_id != usado.afiliado_id:
                raise TiqueteInvalido()  # the document changed hands meanwhile
            usuario_id = uuid4()
            usuario = NuevoUsuario(
                usuario_id=usuario_id,
                rol="afiliado",
                documento=documento,
                afiliado_id=afiliado.afiliado_id,
                nombre=nombre_saludo(afiliado),
                email=email,
                telefono_movil=telefono_movil,
                terminos_version=terminos_version,
            )
            vence = await registrar_usuario(
                uow,
                usuario,
                ahora=ahora,
                portal_url=self._portal_url,
                clave_enlaces=self._clave_enlaces,
            )
            if vence is None:
                raise YaRegistrado()
        return CuentaCreada(usuario_id, email, vence)
