"""The archive's writer: one projection per topic of the catalog, appending each record as
received, sealed into its partition's hash chain, in the consumer's transaction.

Exactly-once comes from ``eps_runtime.consumer.ExactlyOnceConsumer``: the rows, the event ids
processed and the partition position commit together, a redelivered offset or a re-published
``ce_id`` has no second effect. The transaction writes as ``audit_archivista``, the role
that may only SELECT and INSERT the archive (migration 0001).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from audit.domain.cadena import Eslabon, Registro, encadenar
from audit.domain.historial import afiliado_de, es_consulta, leer_datos
from eps_contracts.suscripciones.audit import SUBSCRIPTIONS
from eps_contracts.topicos import Subscription
from eps_runtime.consumer import ConsumedEvent
from eps_runtime.logging import get_logger

log = get_logger(__name__)

ROL_ARCHIVISTA = "audit_archivista"

_COMO_ARCHIVISTA = text(f"SET LOCAL ROLE {ROL_ARCHIVISTA}")
_ULTIMO = text(
    "SELECT secuencia, hash FROM archivo WHERE topico = :topico AND particion = :particion "
    "ORDER BY secuencia DESC LIMIT 1"
)
_INSERTAR = text(
    """
    INSERT INTO archivo (
        topico, particion, desplazamiento, secuencia, evento_id, ce_source, ce_type, ce_time,
        ce_subject, aggregate_type, aggregate_version, traceparent, servicio, afiliado_id,
        clave, datos, hash_anterior, hash
    ) VALUES (
        :topico, :particion, :desplazamiento, :secuencia, :evento_id, :ce_source, :ce_type,
        :ce_time, :ce_subject, :aggregate_type, :aggregate_version, :traceparent, :servicio,
        :afiliado_id, :clave, :datos, :hash_anterior, :hash
    )
    """
)
_INSERTAR_CONSULTA = text(
    """
    INSERT INTO consultas_datos (
        evento_id, consulta_id, afiliado_id, lector_usuario_id, lector_rol, recurso,
        operacion, servicio, consultado_en
    ) VALUES (
        :evento_id, :consulta_id, :afiliado_id, :lector_usuario_id, :lector_rol, :recurso,
        :operacion, :servicio, :consultado_en
    )
    ON CONFLICT (evento_id) DO NOTHING
    """
)


class ArchivoNoSeReinicia(RuntimeError):
    """The archive is append-only: a rebuild goes into a new, empty database."""


def registro_de(consumido: ConsumedEvent) -> Registro:
    sobre = consumido.envelope
    return Registro(
        topico=consumido.topic,
        particion=consumido.partition,
        desplazamiento=consumido.offset,
        evento_id=sobre.id,
        ce_source=sobre.source,
        ce_type=sobre.type,
        ce_time=sobre.time,
        ce_subject=UUID(sobre.subject),
        aggregate_type=sobre.aggregate_type,
        aggregate_version=sobre.aggregate_version,
        traceparent=sobre.traceparent,
        # The key is the subject (the envelope contract refuses a record where they differ).
        clave=sobre.subject.encode(),
        datos=sobre.data,
    )


def _fila(eslabon: Eslabon, afiliado_id: UUID | None) -> dict[str, Any]:
    r = eslabon.registro
    return {
        "topico": r.topico,
        "particion": r.particion,
        "desplazamiento": r.desplazamiento,
        "secuencia": eslabon.secuencia,
        "evento_id": r.evento_id,
        "ce_source": r.ce_source,
        "ce_type": r.ce_type,
        "ce_time": r.ce_time,
        "ce_subject": r.ce_subject,
        "aggregate_type": r.aggregate_type,
        "aggregate_version": r.aggregate_version,
        "traceparent": r.traceparent,
        "servicio": r.servicio,
        "afiliado_id": afiliado_id,
        "clave": r.clave,
        "datos": r.datos,
        "hash_anterior": eslabon.hash_anterior,
        "hash": eslabon.hash,
    }


def _consulta(registro: Registro, datos: dict[str, Any] | None) -> dict[str, Any] | None:
    if datos is None:
        return None
    try:
        return {
            "evento_id": registro.evento_id,
            "consulta_id": UUID(str(datos["consulta_id"])),
            "afiliado_id": UUID(str(datos["afiliado_id"])),
            "lector_usuario_id": str(datos["lector_usuario_id"])[:100],
            "lector_rol": str(datos["lector_rol"])[:20],
            "recurso": str(datos["recurso"])[:61],
            "operacion": str(datos["operacion"])[:220],
            "servicio": registro.servicio,
            "consultado_en": _fecha(datos.get("consultado_en"), registro),
        }
    except (KeyError, ValueError):
        return None


def _fecha(valor: object, registro: Registro) -> datetime:
    if valor is None:
        return registro.ce_time
    try:
        return datetime.fromisoformat(str(valor).replace("Z", "+00:00"))
    except ValueError:
        return registro.ce_time


class ArchivoProjection:
    """Archives one topic (its physical name, with the environment's prefix)."""

    def __init__(self, suscripcion: Subscription, topic_prefix: str = "") -> None:
        self.name: str = suscripcion.group_id
        self.topics: tuple[str, ...] = (topic_prefix + suscripcion.topic,)

    def handles(self, ce_type: str) -> bool:
        return True

    async def apply(self, conn: AsyncConnection, events: Sequence[ConsumedEvent]) -> None:
        await conn.execute(_COMO_ARCHIVISTA)
        por_particion: dict[tuple[str, int], list[ConsumedEvent]] = {}
        for consumido in events:
            por_particion.setdefault((consumido.topic, consumido.partition), []).append(consumido)
        for (topico, particion), consumidos in por_particion.items():
            ultimo = (
                await conn.execute(_ULTIMO, {"topico": topico, "particion": particion})
            ).one_or_none()
            registros = [registro_de(c) for c in consumidos]
            eslabones = encadenar(
                None if ultimo is None else (int(ultimo[0]), bytes(ultimo[1])), registros
            )
            filas, consultas = [], []
            for eslabon in eslabones:
                datos = leer_datos(eslabon.registro)
                filas.append(_fila(eslabon, afiliado_de(eslabon.registro, datos)))
                if es_consulta(eslabon.registro) and (c := _consulta(eslabon.registro, datos)):
                    consultas.append(c)
            await conn.execute(_INSERTAR, filas)
            if consultas:
                await conn.execute(_INSERTAR_CONSULTA, consultas)

    async def reset(self, conn: AsyncConnection) -> None:
        raise ArchivoNoSeReinicia(
            "El archivo de auditoría no se vacía: reconstrúyalo en una base de datos nueva."
        )


def proyecciones_archivo(topic_prefix: str = "") -> list[ArchivoProjection]:
    """One projection per topic of the catalog (``eps_contracts.suscripciones.audit``)."""
    return [ArchivoProjection(s, topic_prefix) for s in SUBSCRIPTIONS]
