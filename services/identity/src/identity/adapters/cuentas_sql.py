"""The state tables of accounts and registration in PostgreSQL (ADR 0004), behind the ports
of ``application.puertos``; every method runs on the unit of work's connection, so the rows
and the events of one change commit together."""

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from eps_contracts.events import DomainEvent
from eps_contracts.types import TipoDocumento
from eps_runtime.auth import Rol
from eps_runtime.eventstore import EventStore
from identity.application.puertos import (
    Beneficiario,
    ConjuntoPreguntas,
    EnlaceCuenta,
    Fallos,
    IntentosRegistro,
    NuevoDelegado,
    NuevoUsuario,
    Renovacion,
    TiqueteUsado,
    Usuario,
)
from identity.domain.registro import Documento

# -- accounts ---------------------------------------------------------------------------

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
_CREAR_DELEGADO = text(
    """
    INSERT INTO usuarios
        (usuario_id, rol, empleador_id, tipo_documento, numero_documento, email, telefono_movil,
         nombre, contrasena_hash, contrasena_cambiada_en, creado_en)
    VALUES (:usuario_id, 'delegado', :empleador_id, :tipo, :numero, :email, :telefono,
            :nombre, :hash, :ahora, :ahora)
    ON CONFLICT DO NOTHING
    RETURNING usuario_id
    """
)
_CREAR_OPERADOR = text(
    """
    INSERT INTO usuarios
        (usuario_id, rol, tipo_documento, numero_documento, email, nombre, totp_secreto,
         creado_en)
    VALUES (:usuario_id, 'operador', :tipo, :numero, :email, :nombre, :totp, :ahora)
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
_ENLACE = text(
    """
    SELECT e.usuario_id, e.vence_en, e.usado_en, u.email, u.nombre
    FROM enlaces_cuenta e JOIN usuarios u USING (usuario_id)
    WHERE e.token_hash = :hash
    """
)
_USAR_ENLACE = text(
    """
    UPDATE enlaces_cuenta SET usado_en = :ahora
    WHERE token_hash = :hash AND usado_en IS NULL AND vence_en > :ahora
    RETURNING usuario_id
    """
)
_GUARDAR_HASH = text(
    """
    UPDATE usuarios SET contrasena_hash = :hash, contrasena_cambiada_en = :ahora
    WHERE usuario_id = :usuario_id
    """
)
_REVOCAR_TODAS = text(
    """
    UPDATE sesiones SET revocada_en = :ahora, motivo = :motivo
    WHERE usuario_id = :usuario_id AND revocada_en IS NULL
    """
)
_COLUMNAS = """
    u.usuario_id, u.rol, u.afiliado_id, u.empleador_id, u.contrasena_hash, u.totp_secreto,
    u.email, u.nombre
"""
# An affiliate's account by the document its affiliate holds now (the read model's latest
# holder, joined by afiliado_id): after novedad 1 the new document logs in and the old one
# does not. An account whose affiliate the read model does not know at all (a rebuild in
# progress) falls back to the document of its registration. Operators: their document.
_USUARIO_POR_DOCUMENTO = text(
    f"""
    WITH titular AS (
        SELECT afiliado_id, estado FROM afiliados_validables
        WHERE tipo_documento = :tipo AND numero_documento = :numero
        ORDER BY documento_desde DESC, afiliado_id
        LIMIT 1
    )
    SELECT {_COLUMNAS}, t.estado AS estado_afiliacion
    FROM usuarios u JOIN titular t ON u.afiliado_id = t.afiliado_id
    WHERE u.rol = 'afiliado'
    UNION ALL
    SELECT {_COLUMNAS}, NULL
    FROM usuarios u
    WHERE u.rol = 'afiliado' AND u.tipo_documento = :tipo AND u.numero_documento = :numero
      AND NOT EXISTS (SELECT 1 FROM titular)
      AND NOT EXISTS (
          SELECT 1 FROM afiliados_validables v WHERE v.afiliado_id = u.afiliado_id
      )
    UNION ALL
    SELECT {_COLUMNAS}, NULL
    FROM usuarios u
    WHERE u.rol = 'operador' AND u.tipo_documento = :tipo AND u.numero_documento = :numero
    ORDER BY rol
    LIMIT 1
    """
)
_USUARIO_DE_EMPLEADOR = text(
    f"""
    SELECT {_COLUMNAS}, NULL AS estado_afiliacion
    FROM usuarios u
    WHERE u.tipo_documento = :tipo AND u.numero_documento = :numero
      AND u.rol = :rol AND u.empleador_id = :empleador_id
    """
)
_USUARIO_POR_ID = text(
    f"""
    SELECT {_COLUMNAS}, v.estado AS estado_afiliacion
    FROM usuarios u
    LEFT JOIN afiliados_validables v ON u.rol = 'afiliado' AND v.afiliado_id = u.afiliado_id
    WHERE u.usuario_id = :usuario_id
    """
)
_BENEFICIARIOS = text(
    """
    SELECT afiliado_id, fecha_nacimiento FROM afiliados_validables
    WHERE cotizante_id = :cotizante_id AND afiliado_id <> :cotizante_id
      AND tipo_afiliado IN ('BENEFICIARIO', 'ADICIONAL') AND estado <> 'RETIRADO'
    """
)
_BLOQUEO_CONSULTIVO = text("SELECT pg_advisory_xact_lock(hashtext(:clave))")
_FALLOS = text(
    """
    SELECT count(*) AS n, min(ocurrido_en) AS primero, max(ocurrido_en) AS ultimo
    FROM fallos_inicio_sesion WHERE clave = :clave AND ocurrido_en > :desde
    """
)
_FALLO = text("INSERT INTO fallos_inicio_sesion (clave, ocurrido_en) VALUES (:clave, :ahora)")
_PURGAR_FALLOS = text(
    "DELETE FROM fallos_inicio_sesion WHERE clave = :clave AND ocurrido_en <= :desde"
)
_OLVIDAR_FALLOS = text("DELETE FROM fallos_inicio_sesion WHERE clave = :clave")
_CREAR_SESION = text(
    """
    INSERT INTO sesiones (familia_id, usuario_id, creada_en, vence_en)
    VALUES (:familia_id, :usuario_id, :ahora, :vence)
    """
)
_GUARDAR_RENOVACION = text(
    """
    INSERT INTO tokens_renovacion (token_hash, familia_id, emitido_en)
    VALUES (:hash, :familia_id, :ahora)
    """
)
_RENOVACION = text(
    """
    SELECT t.familia_id, t.usado_en, s.usuario_id, s.vence_en, s.revocada_en
    FROM tokens_renovacion t JOIN sesiones s USING (familia_id)
    WHERE t.token_hash = :hash
    FOR UPDATE OF t, s
    """
)
_USAR_RENOVACION = text("UPDATE tokens_renovacion SET usado_en = :ahora WHERE token_hash = :hash")
_REVOCAR_FAMILIA = text(
    """
    UPDATE sesiones SET revocada_en = :ahora, motivo = :motivo
    WHERE familia_id = :familia_id AND revocada_en IS NULL
    """
)
_FAMILIA_DE = text("SELECT familia_id FROM tokens_renovacion WHERE token_hash = :hash")
_TOTP_PENDIENTE = text(
    "UPDATE usuarios SET totp_pendiente = :secreto WHERE usuario_id = :usuario_id"
)
_TOTP_PENDIENTE_DE = text("SELECT totp_pendiente FROM usuarios WHERE usuario_id = :usuario_id")
_TOTP_ACTIVAR = text(
    """
    UPDATE usuarios
    SET totp_secreto = totp_pendiente, totp_pendiente = NULL, totp_ultimo_paso = :paso
    WHERE usuario_id = :usuario_id AND totp_pendiente IS NOT NULL
    """
)
_TOTP_DESACTIVAR = text(
    """
    UPDATE usuarios SET totp_secreto = NULL, totp_pendiente = NULL, totp_ultimo_paso = NULL
    WHERE usuario_id = :usuario_id
    """
)
_USAR_PASO_TOTP = text(
    """
    UPDATE usuarios SET totp_ultimo_paso = :paso
    WHERE usuario_id = :usuario_id AND (totp_ultimo_paso IS NULL OR totp_ultimo_paso < :paso)
    RETURNING usuario_id
    """
)


def _usuario(fila: Any) -> Usuario | None:
    if fila is None:
        return None
    return Usuario(
        usuario_id=fila.usuario_id,
        rol=fila.rol,
        afiliado_id=fila.afiliado_id,
        empleador_id=fila.empleador_id,
        contrasena_hash=fila.contrasena_hash,
        totp_secreto=fila.totp_secreto,
        email=fila.email,
        nombre=fila.nombre,
        estado_afiliacion=fila.estado_afiliacion,
    )


def _doc(documento: Documento) -> dict[str, str]:
    return {"tipo": documento.tipo.value, "numero": documento.numero}


class CuentasSql:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def _ejecutar(self, sentencia: Any, parametros: Mapping[str, Any]) -> Any:
        return await self._conn.execute(sentencia, dict(parametros))

    async def crear(self, usuario: NuevoUsuario, ahora: datetime) -> bool:
        creado = await self._ejecutar(
            _CREAR_USUARIO,
            {
                "usuario_id": usuario.usuario_id,
                "rol": usuario.rol,
                "afiliado_id": usuario.afiliado_id,
                "empleador_id": usuario.empleador_id,
                **_doc(usuario.documento),
                "email": usuario.email,
                "telefono": usuario.telefono_movil,
                "terminos_version": usuario.terminos_version,
                "nombre": usuario.nombre,
                "ahora": ahora,
            },
        )
        return creado.first() is not None

    async def crear_delegado(self, delegado: NuevoDelegado, ahora: datetime) -> bool:
        creado = await self._ejecutar(
            _CREAR_DELEGADO,
            {
                "usuario_id": delegado.usuario_id,
                "empleador_id": delegado.empleador_id,
                **_doc(delegado.documento),
                "email": delegado.email,
                "telefono": delegado.telefono_movil,
                "nombre": delegado.nombre,
                "hash": delegado.contrasena_hash,
                "ahora": ahora,
            },
        )
        return creado.first() is not None

    async def crear_operador(
        self,
        usuario_id: UUID,
        documento: Documento,
        *,
        email: str,
        nombre: str,
        totp_cifrado: str,
        ahora: datetime,
    ) -> bool:
        creado = await self._ejecutar(
            _CREAR_OPERADOR,
            {
                "usuario_id": usuario_id,
                **_doc(documento),
                "email": email,
                "nombre": nombre,
                "totp": totp_cifrado,
                "ahora": ahora,
            },
        )
        return creado.first() is not None

    async def por_id(self, usuario_id: UUID) -> Usuario | None:
        fila = (await self._ejecutar(_USUARIO_POR_ID, {"usuario_id": usuario_id})).first()
        return _usuario(fila)

    async def por_documento(self, documento: Documento) -> Usuario | None:
        return _usuario((await self._ejecutar(_USUARIO_POR_DOCUMENTO, _doc(documento))).first())

    async def de_empleador(
        self, documento: Documento, rol: Rol, empleador_id: UUID
    ) -> Usuario | None:
        parametros = {**_doc(documento), "rol": str(rol), "empleador_id": empleador_id}
        return _usuario((await self._ejecutar(_USUARIO_DE_EMPLEADOR, parametros)).first())

    async def beneficiarios(self, cotizante_id: UUID) -> list[Beneficiario]:
        filas = await self._ejecutar(_BENEFICIARIOS, {"cotizante_id": cotizante_id})
        return [Beneficiario(f.afiliado_id, f.fecha_nacimiento) for f in filas]

    async def guardar_enlace(
        self,
        token_hash: bytes,
        usuario_id: UUID,
        proposito: str,
        ahora: datetime,
        vence: datetime,
    ) -> None:
        await self._ejecutar(
            _GUARDAR_ENLACE,
            {
                "hash": token_hash,
                "usuario_id": usuario_id,
                "proposito": proposito,
                "ahora": ahora,
                "vence": vence,
            },
        )

    async def enlace(self, token_hash: bytes) -> EnlaceCuenta | None:
        fila = (await self._ejecutar(_ENLACE, {"hash": token_hash})).first()
        if fila is None:
            return None
        return EnlaceCuenta(fila.usuario_id, fila.vence_en, fila.usado_en, fila.email, fila.nombre)

    async def usar_enlace(self, token_hash: bytes, ahora: datetime) -> bool:
        usado = await self._ejecutar(_USAR_ENLACE, {"hash": token_hash, "ahora": ahora})
        return usado.first() is not None

    async def guardar_contrasena(
        self, usuario_id: UUID, contrasena_hash: str, ahora: datetime
    ) -> None:
        await self._ejecutar(
            _GUARDAR_HASH, {"usuario_id": usuario_id, "ahora": ahora, "hash": contrasena_hash}
        )

    async def revocar_sesiones(self, usuario_id: UUID, ahora: datetime, motivo: str) -> None:
        await self._ejecutar(
            _REVOCAR_TODAS, {"usuario_id": usuario_id, "ahora": ahora, "motivo": motivo}
        )

    async def bloquear(self, clave: str) -> None:
        await self._ejecutar(_BLOQUEO_CONSULTIVO, {"clave": clave})

    async def fallos(self, clave: str, desde: datetime) -> Fallos:
        fila = (await self._ejecutar(_FALLOS, {"clave": clave, "desde": desde})).one()
        return Fallos(fila.n, fila.primero, fila.ultimo)

    async def registrar_fallo(self, clave: str, ahora: datetime, olvidar_hasta: datetime) -> None:
        await self._ejecutar(_FALLO, {"clave": clave, "ahora": ahora})
        await self._ejecutar(_PURGAR_FALLOS, {"clave": clave, "desde": olvidar_hasta})

    async def olvidar_fallos(self, clave: str) -> None:
        await self._ejecutar(_OLVIDAR_FALLOS, {"clave": clave})

    async def crear_sesion(
        self, familia_id: UUID, usuario_id: UUID, ahora: datetime, vence: datetime
    ) -> None:
        await self._ejecutar(
            _CREAR_SESION,
            {"familia_id": familia_id, "usuario_id": usuario_id, "ahora": ahora, "vence": vence},
        )

    async def guardar_renovacion(
        self, token_hash: bytes, familia_id: UUID, ahora: datetime
    ) -> None:
        await self._ejecutar(
            _GUARDAR_RENOVACION, {"hash": token_hash, "familia_id": familia_id, "ahora": ahora}
        )

    async def renovacion(self, token_hash: bytes) -> Renovacion | None:
        fila = (await self._ejecutar(_RENOVACION, {"hash": token_hash})).first()
        if fila is None:
            return None
        return Renovacion(
            fila.familia_id, fila.usado_en, fila.usuario_id, fila.vence_en, fila.revocada_en
        )

    async def usar_renovacion(self, token_hash: bytes, ahora: datetime) -> None:
        await self._ejecutar(_USAR_RENOVACION, {"hash": token_hash, "ahora": ahora})

    async def familia_de(self, token_hash: bytes) -> UUID | None:
        familia: UUID | None = (
            await self._ejecutar(_FAMILIA_DE, {"hash": token_hash})
        ).scalar_one_or_none()
        return familia

    async def revocar_familia(self, familia_id: UUID, ahora: datetime, motivo: str) -> None:
        await self._ejecutar(
            _REVOCAR_FAMILIA, {"familia_id": familia_id, "ahora": ahora, "motivo": motivo}
        )

    async def guardar_totp_pendiente(self, usuario_id: UUID, secreto_cifrado: str) -> None:
        await self._ejecutar(
            _TOTP_PENDIENTE, {"usuario_id": usuario_id, "secreto": secreto_cifrado}
        )

    async def totp_pendiente(self, usuario_id: UUID) -> str | None:
        fila = (await self._ejecutar(_TOTP_PENDIENTE_DE, {"usuario_id": usuario_id})).first()
        return fila.totp_pendiente if fila is not None else None

    async def activar_totp(self, usuario_id: UUID, paso: int) -> None:
        await self._ejecutar(_TOTP_ACTIVAR, {"usuario_id": usuario_id, "paso": paso})

    async def desactivar_totp(self, usuario_id: UUID) -> None:
        await self._ejecutar(_TOTP_DESACTIVAR, {"usuario_id": usuario_id})

    async def usar_paso_totp(self, usuario_id: UUID, paso: int) -> bool:
        usado = await self._ejecutar(_USAR_PASO_TOTP, {"usuario_id": usuario_id, "paso": paso})
        return usado.first() is not None


# -- registration -----------------------------------------------------------------------

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


def _documento(tipo: str, numero: str) -> Documento:
    return Documento(TipoDocumento(tipo), numero)


class RegistroSql:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def guardar_preguntas(
        self,
        conjunto_id: UUID,
        documento: Documento,
        afiliado_id: UUID,
        correctas: Mapping[str, Any],
        ahora: datetime,
        vence: datetime,
    ) -> None:
        await self._conn.execute(
            _GUARDAR_PREGUNTAS,
            {
                "conjunto_id": conjunto_id,
                **_doc(documento),
                "afiliado_id": afiliado_id,
                "correctas": json.dumps(dict(correctas)),
                "ahora": ahora,
                "vence": vence,
            },
        )

    async def conjunto(self, conjunto_id: UUID) -> ConjuntoPreguntas | None:
        fila = (await self._conn.execute(_CONJUNTO, {"conjunto_id": conjunto_id})).first()
        if fila is None:
            return None
        return ConjuntoPreguntas(
            documento=_documento(fila.tipo_documento, fila.numero_documento),
            afiliado_id=fila.afiliado_id,
            correctas=fila.correctas,
            vence_en=fila.vence_en,
            usado_en=fila.usado_en,
        )

    async def usar_conjunto(self, conjunto_id: UUID, ahora: datetime) -> None:
        await self._conn.execute(_USAR_CONJUNTO, {"conjunto_id": conjunto_id, "ahora": ahora})

    async def intentos(self, documento: Documento, ahora: datetime) -> IntentosRegistro:
        parametros = {**_doc(documento), "ahora": ahora}
        await self._conn.execute(_ASEGURAR_INTENTOS, parametros)
        fila = (await self._conn.execute(_INTENTOS, parametros)).one()
        return IntentosRegistro(fila.intentos_fallidos, fila.bloqueado_hasta)

    async def guardar_intentos(
        self, documento: Documento, fallidos: int, hasta: datetime | None, ahora: datetime
    ) -> None:
        await self._conn.execute(
            _GUARDAR_INTENTOS,
            {**_doc(documento), "ahora": ahora, "intentos": fallidos, "hasta": hasta},
        )

    async def guardar_tiquete(
        self, tiquete_hash: bytes, afiliado_id: UUID, documento: Documento, vence: datetime
    ) -> None:
        await self._conn.execute(
            _GUARDAR_TIQUETE,
            {"hash": tiquete_hash, "afiliado_id": afiliado_id, **_doc(documento), "vence": vence},
        )

    async def usar_tiquete(self, tiquete_hash: bytes, ahora: datetime) -> TiqueteUsado | None:
        fila = (
            await self._conn.execute(_USAR_TIQUETE, {"hash": tiquete_hash, "ahora": ahora})
        ).first()
        if fila is None:
            return None
        documento = _documento(fila.tipo_documento, fila.numero_documento)
        return TiqueteUsado(fila.afiliado_id, documento)


class EstadoRegistroSql:
    """Step 1's questions (blocked? registered?), each in a short read of its own."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def bloqueado_hasta(self, documento: Documento) -> datetime | None:
        async with self._engine.connect() as conn:
            hasta: datetime | None = (
                await conn.execute(_BLOQUEO, _doc(documento))
            ).scalar_one_or_none()
        return hasta

    async def ya_registrado(self, afiliado_id: UUID) -> bool:
        async with self._engine.connect() as conn:
            fila = (await conn.execute(_YA_REGISTRADO, {"afiliado_id": afiliado_id})).first()
        return fila is not None


# -- events -----------------------------------------------------------------------------


class EventosSql:
    def __init__(self, conn: AsyncConnection, store: EventStore) -> None:
        self._conn = conn
        self._store = store

    async def registrar(self, stream_id: UUID, evento: DomainEvent) -> None:
        version = await self._store.current_version(self._conn, stream_id)
        await self._append(stream_id, evento, version)

    async def iniciar(self, stream_id: UUID, evento: DomainEvent) -> None:
        await self._append(stream_id, evento, 0)

    async def _append(self, stream_id: UUID, evento: DomainEvent, version: int) -> None:
        await self._store.append(
            self._conn,
            stream_id=stream_id,
            stream_type=evento.aggregate_type,
            expected_version=version,
            events=[evento],
        )
