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
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID, uuid4

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from eps_contracts.events import RegistroBloqueado, UsuarioRegistrado
from eps_contracts.types import TipoDocumento
from eps_runtime.enlaces import cifrar_enlace
from eps_runtime.eventstore import EventStore
from identity.application.errores import (
    DocumentoBloqueado,
    MenorDeEdad,
    PreguntasVencidas,
    RespuestasIncorrectas,
    TiqueteInvalido,
    YaRegistrado,
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


_YA_REGISTRADO = text(
    "SELECT 1 FROM usuarios WHERE rol = 'afiliado' AND afiliado_id = :afiliado_id"
)
_BLOQUEO = text(
    """
    SELECT bloqueado_hasta FROM registro_intentos
    WHERE tipo_documento = :tipo AND numero_documento = :numero
    """
)
_GUARDAR_PREGUNTAS = text(
    """
    INSERT INTO registro_preguntas
        (conjunto_id, tipo_documento, numero_documento, afiliado_id, correctas, creado_en, vence_en)
    VALUES (:conjunto_id, :tipo, :numero, :afiliado_id, CAST(:correctas AS jsonb), :ahora, :vence)
    """
)
_CONJUNTO = text(
    """
    SELECT tipo_documento, numero_documento, afiliado_id, correctas, vence_en, usado_en
    FROM registro_preguntas WHERE conjunto_id = :conjunto_id FOR UPDATE
    """
)
_USAR_CONJUNTO = text(
    "UPDATE registro_preguntas SET usado_en = :ahora WHERE conjunto_id = :conjunto_id"
)
_ASEGURAR_INTENTOS = text(
    """
    INSERT INTO registro_intentos (tipo_documento, numero_documento, actualizado_en)
    VALUES (:tipo, :numero, :ahora) ON CONFLICT DO NOTHING
    """
)
_INTENTOS = text(
    """
    SELECT intentos_fallidos, bloqueado_hasta FROM registro_intentos
    WHERE tipo_documento = :tipo AND numero_documento = :numero FOR UPDATE
    """
)
_GUARDAR_INTENTOS = text(
    """
    UPDATE registro_intentos
    SET intentos_fallidos = :intentos, bloqueado_hasta = :hasta, actualizado_en = :ahora
    WHERE tipo_documento = :tipo AND numero_documento = :numero
    """
)
_GUARDAR_TIQUETE = text(
    """
    INSERT INTO registro_tiquetes
        (tiquete_hash, afiliado_id, tipo_documento, numero_documento, vence_en)
    VALUES (:hash, :afiliado_id, :tipo, :numero, :vence)
    """
)
_USAR_TIQUETE = text(
    """
    UPDATE registro_tiquetes SET usado_en = :ahora
    WHERE tiquete_hash = :hash AND usado_en IS NULL AND vence_en > :ahora
    RETURNING afiliado_id, tipo_documento, numero_documento
    """
)
_CREAR_USUARIO = text(
    """
    INSERT INTO usuarios
        (usuario_id, rol, afiliado_id, empleador_id, tipo_documento, numero_documento, email,
         telefono_movil, terminos_version, terminos_aceptados_en, nombre, creado_en)
    VALUES (:usuario_id, :rol, :afiliado_id, :empleador_id, :tipo, :numero, :email, :telefono,
            :terminos_version, :ahora, :nombre, :ahora)
    ON CONFLICT DO NOTHING
    RETURNING usuario_id
    """
)
_GUARDAR_ENLACE = text(
    """
    INSERT INTO enlaces_cuenta (token_hash, usuario_id, proposito, creado_en, vence_en)
    VALUES (:hash, :usuario_id, :proposito, :ahora, :vence)
    """
)


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
    conn: AsyncConnection,
    *,
    usuario_id: UUID,
    proposito: str,
    ahora: datetime,
    vence: datetime,
) -> str:
    """A new single-use token for ``usuario_id``; only its SHA-256 is stored."""
    token = secrets.token_urlsafe(32)
    await conn.execute(
        _GUARDAR_ENLACE,
        {
            "hash": sha256(token),
            "usuario_id": usuario_id,
            "proposito": proposito,
            "ahora": ahora,
            "vence": vence,
        },
    )
    return token


@dataclass(frozen=True)
class NuevoUsuario:
    """Who a new account is, as ``UsuarioRegistrado`` tells it (an affiliate or an employer)."""

    usuario_id: UUID
    rol: str
    documento: Documento
    nombre: str
    email: str
    telefono_movil: str
    terminos_version: str
    afiliado_id: UUID | None = None
    empleador_id: UUID | None = None


async def registrar_usuario(
    conn: AsyncConnection,
    eventos: EventStore,
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
    creado = await conn.execute(
        _CREAR_USUARIO,
        {
            "usuario_id": usuario.usuario_id,
            "rol": usuario.rol,
            "afiliado_id": usuario.afiliado_id,
            "empleador_id": usuario.empleador_id,
            "tipo": usuario.documento.tipo.value,
            "numero": usuario.documento.numero,
            "email": usuario.email,
            "telefono": usuario.telefono_movil,
            "terminos_version": usuario.terminos_version,
            "nombre": usuario.nombre,
            "ahora": ahora,
        },
    )
    if creado.first() is None:
        return None
    vence = ahora + VIGENCIA_ENLACE
    token = await guardar_enlace(
        conn, usuario_id=usuario.usuario_id, proposito="activacion", ahora=ahora, vence=vence
    )
    enlace = cifrar_enlace(f"{portal_url}/activar?token={token}", clave_enlaces)
    await eventos.append(
        conn,
        stream_id=usuario.usuario_id,
        stream_type=UsuarioRegistrado.aggregate_type,
        expected_version=0,
        events=[
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
            )
        ],
    )
    return vence


class EstadoRegistro(Protocol):
    """Whether a document is blocked, an affiliate already registered (for step 1)."""

    async def bloqueado_hasta(self, documento: Documento) -> datetime | None: ...

    async def ya_registrado(self, afiliado_id: UUID) -> bool: ...


class EstadoRegistroSql:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def bloqueado_hasta(self, documento: Documento) -> datetime | None:
        parametros = {"tipo": documento.tipo.value, "numero": documento.numero}
        async with self._engine.connect() as conn:
            hasta: datetime | None = (await conn.execute(_BLOQUEO, parametros)).scalar_one_or_none()
        return hasta

    async def ya_registrado(self, afiliado_id: UUID) -> bool:
        async with self._engine.connect() as conn:
            fila = (await conn.execute(_YA_REGISTRADO, {"afiliado_id": afiliado_id})).first()
        return fila is not None


class ServicioRegistro:
    def __init__(
        self,
        engine: AsyncEngine,
        afiliados: AfiliadosValidables,
        *,
        reloj: Reloj,
        secreto: str,
        portal_url: str,
        clave_enlaces: str,
        estado: EstadoRegistro | None = None,
    ) -> None:
        self._engine = engine
        self._afiliados = afiliados
        self._estado = estado or EstadoRegistroSql(engine)
        self._reloj = reloj
        self._secreto = secreto
        self._portal_url = portal_url.rstrip("/")
        self._clave_enlaces = clave_enlaces
        self._eventos = EventStore()

    def con(self, *, afiliados: AfiliadosValidables, estado: EstadoRegistro) -> "ServicioRegistro":
        """The same service over other ports (tests of the HTTP layer)."""
        return ServicioRegistro(
            self._engine,
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
        async with self._engine.begin() as conn:
            await conn.execute(
                _GUARDAR_PREGUNTAS,
                {
                    "conjunto_id": emitidas.conjunto_id,
                    "tipo": documento.tipo.value,
                    "numero": documento.numero,
                    "afiliado_id": afiliado.afiliado_id,
                    "correctas": json.dumps(conjunto.correctas),
                    "ahora": ahora,
                    "vence": emitidas.vence_en,
                },
            )
        return emitidas

    async def responder(self, conjunto_id: UUID, respuestas: dict[str, str]) -> str:
        """The ticket for ``crear_cuenta``; or RespuestasIncorrectas / DocumentoBloqueado /
        PreguntasVencidas (the attempt is committed before the problem is raised)."""
        ahora = self._reloj()
        problema: Exception | None = None
        tiquete: str | None = None
        async with self._engine.begin() as conn:
            fila = (await conn.execute(_CONJUNTO, {"conjunto_id": conjunto_id})).first()
            if fila is None:
                raise PreguntasVencidas()
            doc = {"tipo": fila.tipo_documento, "numero": fila.numero_documento, "ahora": ahora}
            await conn.execute(_ASEGURAR_INTENTOS, doc)
            intentos = (await conn.execute(_INTENTOS, doc)).one()
            fallidos: int = intentos.intentos_fallidos
            hasta: datetime | None = intentos.bloqueado_hasta
            if hasta is not None and hasta > ahora:
                raise DocumentoBloqueado(hasta)
            if hasta is not None:  # the block has lifted: a fresh start
                fallidos, hasta = 0, None
            if fila.usado_en is not None or fila.vence_en <= ahora:
                raise PreguntasVencidas()
            await conn.execute(_USAR_CONJUNTO, {"conjunto_id": conjunto_id, "ahora": ahora})
            correctas: dict[str, Any] = fila.correctas
            if respuestas_correctas({k: str(v) for k, v in correctas.items()}, respuestas):
                fallidos = 0
                tiquete = secrets.token_urlsafe(32)
                await conn.execute(
                    _GUARDAR_TIQUETE,
                    {
                        "hash": sha256(tiquete),
                        "afiliado_id": fila.afiliado_id,
                        "tipo": fila.tipo_documento,
                        "numero": fila.numero_documento,
                        "vence": ahora + VIGENCIA_TIQUETE,
                    },
                )
            else:
                fallidos += 1
                if fallidos >= INTENTOS_PERMITIDOS:
                    hasta = ahora + DURACION_BLOQUEO
                    await self._registrar_bloqueo(conn, fila.afiliado_id, hasta, fallidos)
                    problema = DocumentoBloqueado(hasta)
                else:
                    problema = RespuestasIncorrectas(INTENTOS_PERMITIDOS - fallidos)
            await conn.execute(_GUARDAR_INTENTOS, {**doc, "intentos": fallidos, "hasta": hasta})
        if problema is not None:
            raise problema
        assert tiquete is not None
        return tiquete

    async def _registrar_bloqueo(
        self, conn: AsyncConnection, afiliado_id: UUID, hasta: datetime, intentos: int
    ) -> None:
        version = await self._eventos.current_version(conn, afiliado_id)
        await self._eventos.append(
            conn,
            stream_id=afiliado_id,
            stream_type=RegistroBloqueado.aggregate_type,
            expected_version=version,
            events=[
                RegistroBloqueado(afiliado_id=afiliado_id, bloqueado_hasta=hasta, intentos=intentos)
            ],
        )

    async def crear_cuenta(
        self,
        tiquete: str,
        *,
        email: str,
        telefono_movil: str,
        terminos_version: str,
    ) -> CuentaCreada:
        ahora = self._reloj()
        async with self._engine.begin() as conn:
            usado = (
                await conn.execute(_USAR_TIQUETE, {"hash": sha256(tiquete), "ahora": ahora})
            ).first()
            if usado is None:
                raise TiqueteInvalido()
            documento = Documento(TipoDocumento(usado.tipo_documento), usado.numero_documento)
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
                conn,
                self._eventos,
                usuario,
                ahora=ahora,
                portal_url=self._portal_url,
                clave_enlaces=self._clave_enlaces,
            )
            if vence is None:
                raise YaRegistrado()
        return CuentaCreada(usuario_id, email, vence)
