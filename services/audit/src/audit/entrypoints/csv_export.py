"""CSV of archived events, written row by row (the response streams; memory is one batch)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator

from audit.application.modelos import EventoArchivado

COLUMNAS = (
    "posicion",
    "ce_time",
    "servicio",
    "ce_type",
    "ce_subject",
    "aggregate_type",
    "aggregate_version",
    "afiliado_id",
    "topico",
    "particion",
    "desplazamiento",
    "secuencia",
    "evento_id",
    "hash",
    "datos",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _celda(valor: object) -> str:
    texto = "" if valor is None else str(valor)
    # A spreadsheet must not run a cell as a formula (CSV injection).
    return "'" + texto if texto.startswith(_FORMULA) else texto


def _fila(e: EventoArchivado) -> list[str]:
    valores: dict[str, object] = {
        **e.__dict__,
        "ce_time": e.ce_time.isoformat(),
        "datos": json.dumps(e.datos, ensure_ascii=False, sort_keys=True),
    }
    return [_celda(valores[c]) for c in COLUMNAS]


async def filas_csv(eventos: AsyncIterator[EventoArchivado]) -> AsyncIterator[bytes]:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # spreadsheets then read it as UTF-8
    escritor = csv.writer(buffer)
    escritor.writerow(COLUMNAS)
    n = 0
    async for evento in eventos:
        escritor.writerow(_fila(evento))
        n += 1
        if n % 200 == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()
