"""Parquet of archived events (pyarrow), streamed: one row group per ``FILAS_POR_GRUPO``
events is encoded and sent before the next is read, so memory is one row group whatever the
export's size; the footer goes last."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pyarrow as pa
import pyarrow.parquet as pq

from audit.application.modelos import EventoArchivado

FILAS_POR_GRUPO = 5000

ESQUEMA = pa.schema(
    [
        ("posicion", pa.int64()),
        ("ce_time", pa.timestamp("us", tz="UTC")),
        ("servicio", pa.string()),
        ("ce_type", pa.string()),
        ("ce_subject", pa.string()),
        ("aggregate_type", pa.string()),
        ("aggregate_version", pa.int32()),
        ("afiliado_id", pa.string()),
        ("topico", pa.string()),
        ("particion", pa.int32()),
        ("desplazamiento", pa.int64()),
        ("secuencia", pa.int64()),
        ("evento_id", pa.string()),
        ("hash", pa.string()),
        ("datos", pa.string()),
    ]
)


class _Sumidero:
    """A write-only file that hands back what was written since the last ``tomar``."""

    def __init__(self) -> None:
        self._partes: list[bytes] = []
        self._total = 0
        self.closed = False

    def write(self, datos: bytes) -> int:
        self._partes.append(bytes(datos))
        self._total += len(datos)
        return len(datos)

    def tell(self) -> int:
        return self._total

    def flush(self) -> None:
        return None

    def close(self) -> None:
        self.closed = True

    def writable(self) -> bool:
        return True

    def tomar(self) -> bytes:
        datos, self._partes = b"".join(self._partes), []
        return datos


def _tabla(eventos: list[EventoArchivado]) -> pa.Table:
    columnas: dict[str, list[object]] = {nombre: [] for nombre in ESQUEMA.names}
    for e in eventos:
        columnas["posicion"].append(e.posicion)
        columnas["ce_time"].append(e.ce_time)
        columnas["servicio"].append(e.servicio)
        columnas["ce_type"].append(e.ce_type)
        columnas["ce_subject"].append(str(e.ce_subject))
        columnas["aggregate_type"].append(e.aggregate_type)
        columnas["aggregate_version"].append(e.aggregate_version)
        columnas["afiliado_id"].append(None if e.afiliado_id is None else str(e.afiliado_id))
        columnas["topico"].append(e.topico)
        columnas["particion"].append(e.particion)
        columnas["desplazamiento"].append(e.desplazamiento)
        columnas["secuencia"].append(e.secuencia)
        columnas["evento_id"].append(str(e.evento_id))
        columnas["hash"].append(e.hash)
        columnas["datos"].append(json.dumps(e.datos, ensure_ascii=False, sort_keys=True))
    return pa.table(columnas, schema=ESQUEMA)


async def bytes_parquet(eventos: AsyncIterator[EventoArchivado]) -> AsyncIterator[bytes]:
    sumidero = _Sumidero()
    escritor = pq.ParquetWriter(sumidero, ESQUEMA, compression="zstd")
    lote: list[EventoArchivado] = []
    async for evento in eventos:
        lote.append(evento)
        if len(lote) >= FILAS_POR_GRUPO:
            escritor.write_table(_tabla(lote))
            lote = []
            yield sumidero.tomar()
    if lote:
        escritor.write_table(_tabla(lote))
    escritor.close()
    yield sumidero.tomar()
