"""``verificar``: re-computes every seal of the archive, partition by partition, streaming
(bounded memory), and names the first broken link of each partition; then checks that every
event the consumers recorded as processed is in the archive (a removed last record leaves
no seal behind to break, but its id stays in ``processed_events``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from audit.domain.cadena import Eslabon, Registro, Rotura, Verificador
from eps_contracts.suscripciones.audit import PREFIJO_GRUPO

LOTE = 2000

_PARTICIONES = text("SELECT DISTINCT topico, particion FROM archivo ORDER BY topico, particion")
_ESLABONES = text(
    """
    SELECT topico, particion, desplazamiento, secuencia, evento_id, ce_source, ce_type,
           ce_time, ce_subject, aggregate_type, aggregate_version, traceparent, clave, datos,
           hash_anterior, hash
    FROM archivo
    WHERE topico = :topico AND particion = :particion AND secuencia > :despues
    ORDER BY secuencia
    LIMIT :lote
    """
)
_FALTANTES = text(
    """
    SELECT p.consumer, p.event_id FROM processed_events p
    WHERE p.consumer LIKE :grupos AND NOT EXISTS (
        SELECT 1 FROM archivo a WHERE a.evento_id = p.event_id
    )
    ORDER BY p.processed_at, p.event_id
    LIMIT 10
    """
)


@dataclass
class Informe:
    revisados: int = 0
    particiones: int = 0
    roturas: list[Rotura] = field(default_factory=list)
    faltantes: list[tuple[str, UUID]] = field(default_factory=list)

    @property
    def integro(self) -> bool:
        return not self.roturas and not self.faltantes


async def verificar(engine: AsyncEngine, progreso: Callable[[int], None] | None = None) -> Informe:
    informe = Informe()
    async with engine.connect() as conn:
        particiones = [(f.topico, f.particion) for f in await conn.execute(_PARTICIONES)]
    for topico, particion in particiones:
        informe.particiones += 1
        verificador = Verificador(topico, particion)
        despues = 0
        while verificador.rotura is None:
            async with engine.connect() as conn:
                filas = list(
                    await conn.execute(
                        _ESLABONES,
                        {
                            "topico": topico,
                            "particion": particion,
                            "despues": despues,
                            "lote": LOTE,
                        },
                    )
                )
            for fila in filas:
                informe.revisados += 1
                if verificador.revisar(_eslabon(fila)) is not None:
                    break
            if progreso is not None and filas:
                progreso(len(filas))
            if len(filas) < LOTE:
                break
            despues = filas[-1].secuencia
        if verificador.rotura is not None:
            informe.roturas.append(verificador.rotura)
    async with engine.connect() as conn:
        informe.faltantes = [
            (f.consumer, f.event_id)
            for f in await conn.execute(_FALTANTES, {"grupos": f"%{PREFIJO_GRUPO}%"})
        ]
    return informe


def _eslabon(f: Any) -> Eslabon:
    registro = Registro(
        topico=f.topico,
        particion=f.particion,
        desplazamiento=f.desplazamiento,
        evento_id=f.evento_id,
        ce_source=f.ce_source,
        ce_type=f.ce_type,
        ce_time=f.ce_time,
        ce_subject=f.ce_subject,
        aggregate_type=f.aggregate_type,
        aggregate_version=f.aggregate_version,
        traceparent=f.traceparent,
        clave=bytes(f.clave),
        datos=bytes(f.datos),
    )
    return Eslabon(
        registro=registro,
        secuencia=f.secuencia,
        hash_anterior=bytes(f.hash_anterior),
        hash=bytes(f.hash),
    )
