"""Private storage of the medical certificates, under server-generated names."""

from __future__ import annotations

import os
from pathlib import Path
from uuid import UUID


class AlmacenEnDisco:
    def __init__(self, carpeta: Path) -> None:
        self._carpeta = carpeta

    def guardar(self, incapacidad_id: UUID, extension: str, contenido: bytes) -> None:
        self._carpeta.mkdir(parents=True, exist_ok=True, mode=0o700)
        destino = self._carpeta / f"{incapacidad_id}.{extension}"
        temporal = destino.with_suffix(".tmp")
        temporal.write_bytes(contenido)
        os.replace(temporal, destino)


class AlmacenEnMemoria:
    def __init__(self) -> None:
        self.archivos: dict[str, bytes] = {}

    def guardar(self, incapacidad_id: UUID, extension: str, contenido: bytes) -> None:
        self.archivos[f"{incapacidad_id}.{extension}"] = contenido
