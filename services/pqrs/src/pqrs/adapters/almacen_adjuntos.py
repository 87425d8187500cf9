"""Private storage of attachments: files named by their server-generated id, in a folder
no web server serves (``PQRS_ARCHIVOS_DIR``)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from uuid import UUID


class AlmacenAdjuntosEnDisco:
    def __init__(self, carpeta: Path) -> None:
        self._carpeta = carpeta

    def _ruta(self, adjunto_id: UUID) -> Path:
        return self._carpeta / f"{adjunto_id}.bin"

    async def guardar(self, adjunto_id: UUID, contenido: bytes) -> None:
        await asyncio.to_thread(self._escribir, adjunto_id, contenido)

    def _escribir(self, adjunto_id: UUID, contenido: bytes) -> None:
        self._carpeta.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporal = self._carpeta / f".{adjunto_id}.tmp"
        temporal.write_bytes(contenido)
        os.replace(temporal, self._ruta(adjunto_id))

    async def leer(self, adjunto_id: UUID) -> bytes | None:
        ruta = self._ruta(adjunto_id)
        try:
            return await asyncio.to_thread(ruta.read_bytes)
        except FileNotFoundError:
            return None

    async def borrar(self, adjunto_id: UUID) -> None:
        self._ruta(adjunto_id).unlink(missing_ok=True)


class AlmacenAdjuntosEnMemoria:
    def __init__(self) -> None:
        self.archivos: dict[UUID, bytes] = {}

    async def guardar(self, adjunto_id: UUID, contenido: bytes) -> None:
        self.archivos[adjunto_id] = contenido

    async def leer(self, adjunto_id: UUID) -> bytes | None:
        return self.archivos.get(adjunto_id)

    async def borrar(self, adjunto_id: UUID) -> None:
        self.archivos.pop(adjunto_id, None)
