"""Reads of the archive in PostgreSQL: searches, an affiliate's history, streamed exports and
the access records. Keyset pagination (never OFFSET), so page 1 000 costs what page 1 does."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from audit.application.errores import CursorNoValido
from audit.application.modelos import ConsultaRegistrada, EventoArchivado, FiltroEventos, Pagina

_COLUMNAS = (
    "posicion, topico, particion, desplazamiento, secuencia, evento_id, ce_source, ce_type, "
    "ce_time, ce_subject, aggregate_type, aggregate_version, servicio, afiliado_id, datos, hash"
)
LOTE_EXPORTACION = 1000


def _evento(fila: Any) -> EventoArchivado:
    try:
        datos = json.loads(bytes(fila.datos))
    except (ValueError, UnicodeDecodeError):
        datos = None
    return EventoArchivado(
        posicion=fila.posicion,
        topico=fila.topico,
        particion=fila.particion,
        desplazamiento=fila.desplazamiento,
        secuencia=fila.secuencia,
        evento_id=fila.evento_id,
        ce_source=fila.ce_source,
        ce_type=fila.ce_type,
        ce_time=fila.ce_time,
        ce_subject=fila.ce_subject,
        aggregate_type=fila.aggregate_type,
        aggregate_version=fila.aggregate_version,
        servicio=fila.servicio,
        afiliado_id=fila.afiliado_id,
        datos=datos if isinstance(datos, dict) else None,
        hash=bytes(fila.hash).hex(),
    )


def _codificar(*partes: object) -> str:
    crudo = "|".join(str(p) for p in partes)
    return base64.urlsafe_b64encode(crudo.encode()).decode().rstrip("=")


def _decodificar(cursor: str, partes: int) -> list[str]:
    try:
        crudo = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        raise CursorNoValido() from None
    valores = crudo.split("|")
    if len(valores) != partes:
        raise CursorNoValido()
    return valores


def _posicion(cursor: str | None) -> int:
    if cursor is None:
        return 0
    [valor] = _decodificar(cursor, 1)
    if not valor.isdigit():
        raise CursorNoValido()
    return int(valor)


def _condiciones(filtro: FiltroEventos) -> tuple[list[str], dict[str, Any]]:
    donde: list[str] = []
    parametros: dict[str, Any] = {}
    if filtro.sujeto is not None:
        donde.append("ce_subject = :sujeto")
        parametros["sujeto"] = filtro.sujeto
    if filtro.tipo is not None:
        donde.append("ce_type = :tipo")
        parametros["tipo"] = filtro.tipo
    if filtro.servicio is not None:
        donde.append("servicio = :servicio")
        parametros["servicio"] = filtro.servicio
    if filtro.afiliado_id is not None:
        donde.append("afiliado_id = :afiliado_id")
        parametros["afiliado_id"] = filtro.afiliado_id
    if filtro.desde is not None:
        donde.append("ce_time >= :desde")
        parametros["desde"] = filtro.desde
    if filtro.hasta is not None:
        donde.append("ce_time < :hasta")
        parametros["hasta"] = filtro.hasta
    return donde, parametros


class ArchivoSql:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def buscar(
        self, filtro: FiltroEventos, cursor: str | None, limite: int
    ) -> Pagina[EventoArchivado]:
        donde, parametros = _condiciones(filtro)
        donde.append("posicion > :despues")
        parametros |= {"despues": _posicion(cursor), "limite": limite + 1}
        consulta = text(
            f"SELECT {_COLUMNAS} FROM archivo WHERE {' AND '.join(donde)} "
            "ORDER BY posicion LIMIT :limite"
        )
        async with self.engine.connect() as conn:
            filas = list(await conn.execute(consulta, parametros))
        eventos = [_evento(f) for f in filas[:limite]]
        siguiente = _codificar(eventos[-1].posicion) if len(filas) > limite else None
        return Pagina(eventos, siguiente)

    async def historial(
        self, afiliado_id: UUID, cursor: str | None, limite: int
    ) -> Pagina[EventoArchivado]:
        parametros: dict[str, Any] = {"afiliado_id": afiliado_id, "limite": limite + 1}
        despues = ""
        if cursor is not None:
            tiempo, posicion = _decodificar(cursor, 2)
            try:
                parametros["tiempo"] = datetime.fromisoformat(tiempo)
            except ValueError:
                raise CursorNoValido() from None
            if not posicion.isdigit():
                raise CursorNoValido()
            parametros["posicion"] = int(posicion)
            despues = "AND (ce_time, posicion) > (:tiempo, :posicion)"
        consulta = text(
            f"SELECT {_COLUMNAS} FROM archivo WHERE afiliado_id = :afiliado_id {despues} "
            "ORDER BY ce_time, posicion LIMIT :limite"
        )
        async with self.engine.connect() as conn:
            filas = list(await conn.execute(consulta, parametros))
        eventos = [_evento(f) for f in filas[:limite]]
        siguiente = None
        if len(filas) > limite:
            siguiente = _codificar(eventos[-1].ce_time.isoformat(), eventos[-1].posicion)
        return Pagina(eventos, siguiente)

    async def exportar(self, filtro: FiltroEventos) -> AsyncIterator[EventoArchivado]:
        """Keyset batches of ``LOTE_EXPORTACION``: memory bounded by one batch, and no
        transaction held open while the client reads slowly."""
        despues = 0
        donde, parametros = _condiciones(filtro)
        donde.append("posicion > :despues")
        consulta = text(
            f"SELECT {_COLUMNAS} FROM archivo WHERE {' AND '.join(donde)} "
            "ORDER BY posicion LIMIT :limite"
        )
        while True:
            async with self.engine.connect() as conn:
                filas = list(
                    await conn.execute(
                        consulta, parametros | {"despues": despues, "limite": LOTE_EXPORTACION}
                    )
                )
            for fila in filas:
                yield _evento(fila)
            if len(filas) < LOTE_EXPORTACION:
                return
            despues = filas[-1].posicion

    async def consultas_de(
        self, afiliado_id: UUID, cursor: str | None, limite: int
    ) -> Pagina[ConsultaRegistrada]:
        parametros: dict[str, Any] = {"afiliado_id": afiliado_id, "limite": limite + 1}
        despues = ""
        if cursor is not None:
            tiempo, evento = _decodificar(cursor, 2)
            try:
                parametros["tiempo"] = datetime.fromisoformat(tiempo)
                parametros["evento"] = UUID(evento)
            except ValueError:
                raise CursorNoValido() from None
            despues = "AND (consultado_en, evento_id) < (:tiempo, :evento)"
        consulta = text(
            "SELECT evento_id, afiliado_id, lector_usuario_id, lector_rol, recurso, operacion, "
            "servicio, consultado_en FROM consultas_datos "
            f"WHERE afiliado_id = :afiliado_id {despues} "
            "ORDER BY consultado_en DESC, evento_id DESC LIMIT :limite"
        )
        async with self.engine.connect() as conn:
            filas = list(await conn.execute(consulta, parametros))
        consultas = [ConsultaRegistrada(**f._mapping) for f in filas[:limite]]
        siguiente = None
        if len(filas) > limite:
            ultima = consultas[-1]
            siguiente = _codificar(ultima.consultado_en.isoformat(), ultima.evento_id)
        return Pagina(consultas, siguiente)
