"""Attachments on disk, outside any served folder, under server-generated names."""

import os
from pathlib import Path
from uuid import UUID

from eps_runtime.archivos import ArchivoValidado


class SoportesEnDisco:
    def __init__(self, carpeta: Path) -> None:
        self._carpeta = carpeta

    def guardar(self, soporte_id: UUID, archivo: ArchivoValidado) -> None:
        self._carpeta.mkdir(parents=True, exist_ok=True, mode=0o700)
        destino = self._carpeta / f"{soporte_id}.{archivo.formato.extension}"
        temporal = destino.with_suffix(".parcial")
        descriptor = os.open(temporal, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as salida:
            salida.write(archivo.contenido)
        temporal.replace(destino)
