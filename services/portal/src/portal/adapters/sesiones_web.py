"""The web portal's sessions, kept server-side in PostgreSQL (table ``sesiones_web``).

Guarantees: the browser holds only a random 256-bit id; the table holds its SHA-256 and the
identity tokens encrypted with Fernet, so neither a script in the page nor a copy of the
table yields a usable token. A session unused for ``inactividad`` or past identity's own
session expiry is gone: ``obtener`` never returns it and deletes it. The access token is
renewed under a row lock, so two concurrent requests never both spend the same refresh
token (identity treats a reused refresh token as theft and revokes the whole session).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

Reloj = Callable[[], datetime]

# Renew a little before expiry so a token never expires between the check and its use.
MARGEN_RENOVACION = timedelta(seconds=30)


def ahora_utc() -> datetime:
    return datetime.now(UTC)


def nuevo_id_sesion() -> str:
    """256 random bits, URL-safe: the only thing the browser ever holds."""
    return secrets.token_urlsafe(32)


def huella(id_sesion: str) -> bytes:
    return hashlib.sha256(id_sesion.encode()).digest()


@dataclass(frozen=True)
class Tokens:
    """What identity answers to a login, a renewal or a password change."""

    acceso: str
    renovacion: str
    acceso_vence_en: datetime
    sesion_vence_en: datetime

    def __repr__(self) -> str:  # never let a token reach a log through a repr
        return f"Tokens(acceso_vence_en={self.acceso_vence_en!r})"


@dataclass(frozen=True)
class SesionWeb:
    usuario_id: str
    afiliado_id: UUID | None
    tokens: Tokens
    nombre: str | None = None
    """The person's name for the page header (a copy of the dashboard's; may be None)."""

    def __repr__(self) -> str:
        return f"SesionWeb(usuario_id={self.usuario_id!r})"


class SesionesWeb:
    """Repository of ``sesiones_web``."""

    def __init__(
        self,
        engine: AsyncEngine,
        clave: str,
        *,
        inactividad: timedelta,
        reloj: Reloj = ahora_utc,
    ) -> None:
        self._engine = engine
        self._fernet = Fernet(clave.encode())
        self._inactividad = inactividad
        self._reloj = reloj

    def _cifrar(self, valor: str) -> str:
        return self._fernet.encrypt(valor.encode()).decode()

    def _descifrar(self, valor: str) -> str:
        return self._fernet.decrypt(valor.encode()).decode()

    async def crear(
        self,
        usuario_id: str,
        afiliado_id: UUID | None,
        tokens: Tokens,
        *,
        nombre: str | None = None,
    ) -> str:
        """A new session; returns its id (to put in the cookie, and nowhere else)."""
        id_sesion = nuevo_id_sesion()
        ahora = self._reloj()
        async with self._engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO sesiones_web (id_hash, usuario_id, afiliado_id, acceso_cifrado,"
                    " renovacion_cifrado, acceso_vence_en, sesion_vence_en, creada_en,"
                    " ultima_actividad, nombre) VALUES (:id, :usuario, :afiliado, :acceso,"
                    " :renovacion, :acceso_vence, :sesion_vence, :ahora, :ahora, :nombre)"
                ),
                {
                    "id": huella(id_sesion),
                    "usuario": usuario_id,
                    "afiliado": afiliado_id,
                    "acceso": self._cifrar(tokens.acceso),
                    "renovacion": self._cifrar(tokens.renovacion),
                    "acceso_vence": tokens.acceso_vence_en,
                    "sesion_vence": tokens.sesion_vence_en,
                    "ahora": ahora,
                    "nombre": nombre,
                },
            )
        return id_sesion

    async def obtener(self, id_sesion: str, *, tocar: bool = True) -> SesionWeb | None:
        """The session in force, or None. ``tocar`` counts this request as activity (the
        background refreshes of the home page do not, so they never keep a session alive)."""
        ahora = self._reloj()
        async with self._engine.begin() as conn:
            fila = (
                await conn.execute(
                    text(
                        "SELECT usuario_id, afiliado_id, acceso_cifrado, renovacion_cifrado,"
                        " acceso_vence_en, sesion_vence_en, ultima_actividad, nombre"
                        " FROM sesiones_web WHERE id_hash = :id"
                    ),
                    {"id": huella(id_sesion)},
                )
            ).one_or_none()
            if fila is None:
                return None
            if fila.ultima_actividad + self._inactividad <= ahora or fila.sesion_vence_en <= ahora:
                await self._borrar(conn, id_sesion)
                return None
            if tocar:
                await conn.execute(
                    text("UPDATE sesiones_web SET ultima_actividad = :ahora WHERE id_hash = :id"),
                    {"id": huella(id_sesion), "ahora": ahora},
                )
        try:
            return SesionWeb(
                usuario_id=fila.usuario_id,
                afiliado_id=fila.afiliado_id,
                tokens=Tokens(
                    acceso=self._descifrar(fila.acceso_cifrado),
                    renovacion=self._descifrar(fila.renovacion_cifrado),
                    acceso_vence_en=fila.acceso_vence_en,
                    sesion_vence_en=fila.sesion_vence_en,
                ),
                nombre=fila.nombre,
            )
        except InvalidToken:  # the key was rotated: the session cannot be used any more
            await self.eliminar(id_sesion)
            return None

    async def poner_nombre(self, id_sesion: str, nombre: str) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(
                text("UPDATE sesiones_web SET nombre = :nombre WHERE id_hash = :id"),
                {"id": huella(id_sesion), "nombre": nombre},
            )

    async def reemplazar_tokens(self, id_sesion: str, tokens: Tokens) -> None:
        async with self._engine.begin() as conn:
            await self._guardar_tokens(conn, id_sesion, tokens)

    async def _guardar_tokens(self, conn: AsyncConnection, id_sesion: str, tokens: Tokens) -> None:
        await conn.execute(
            text(
                "UPDATE sesiones_web SET acceso_cifrado = :acceso, renovacion_cifrado ="
                " :renovacion, acceso_vence_en = :acceso_vence, sesion_vence_en = :sesion_vence"
                " WHERE id_hash = :id"
            ),
            {
                "id": huella(id_sesion),
                "acceso": self._cifrar(tokens.acceso),
                "renovacion": self._cifrar(tokens.renovacion),
                "acceso_vence": tokens.acceso_vence_en,
                "sesion_vence": tokens.sesion_vence_en,
            },
        )

    async def acceso_vigente(
        self, id_sesion: str, sesion: SesionWeb, renovar: Callable[[str], Awaitable[Tokens]]
    ) -> str:
        """An access token in force for the session: the stored one, or a renewed one.

        The renewal runs holding the row's lock; a request that waited for it finds the
        token another one just renewed and uses it, instead of spending the old refresh
        token a second time. ``renovar`` raising leaves the session as it was.
        """
        if sesion.tokens.acceso_vence_en - MARGEN_RENOVACION > self._reloj():
            return sesion.tokens.acceso
        async with self._engine.begin() as conn:
            fila = (
                await conn.execute(
                    text(
                        "SELECT acceso_cifrado, renovacion_cifrado, acceso_vence_en"
                        " FROM sesiones_web WHERE id_hash = :id FOR UPDATE"
                    ),
                    {"id": huella(id_sesion)},
                )
            ).one_or_none()
            if fila is None:
                raise SesionTerminada()
            if fila.acceso_vence_en - MARGEN_RENOVACION > self._reloj():
                return self._descifrar(fila.acceso_cifrado)
            tokens = await renovar(self._descifrar(fila.renovacion_cifrado))
            await self._guardar_tokens(conn, id_sesion, tokens)
            return tokens.acceso

    async def eliminar(self, id_sesion: str) -> None:
        async with self._engine.begin() as conn:
            await self._borrar(conn, id_sesion)

    async def _borrar(self, conn: AsyncConnection, id_sesion: str) -> None:
        await conn.execute(
            text("DELETE FROM sesiones_web WHERE id_hash = :id"), {"id": huella(id_sesion)}
        )

    async def purgar(self) -> int:
        """Deletes the sessions idle for too long or past their expiry; how many."""
        ahora = self._reloj()
        async with self._engine.begin() as conn:
            resultado = await conn.execute(
                text(
                    "DELETE FROM sesiones_web WHERE ultima_actividad <= :limite"
                    " OR sesion_vence_en <= :ahora"
                ),
                {"limite": ahora - self._inactividad, "ahora": ahora},
            )
        return int(getattr(resultado, "rowcount", 0) or 0)


class SesionTerminada(Exception):
    """The session was closed or expired while the request was being served."""
