"""Oversized uploads for the tests of upload ceilings (``eps_runtime.limite_cuerpo``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass

MEGA = 1024 * 1024


@dataclass
class CargaPorPartes:
    """A multipart body sent chunked (no Content-Length): the form's fields, then one file
    of ``megas`` MB in 1 MB pieces. ``enviados`` counts the pieces the server asked for, so a
    test can show it stopped reading early."""

    campos: Mapping[str, str]
    campo_archivo: str
    megas: int
    frontera: str = "frontera-de-prueba"
    enviados: int = 0

    @property
    def tipo(self) -> dict[str, str]:
        return {"Content-Type": f"multipart/form-data; boundary={self.frontera}"}

    async def cuerpo(self) -> AsyncIterator[bytes]:
        for nombre, valor in self.campos.items():
            yield (
                f"--{self.frontera}\r\n"
                f'Content-Disposition: form-data; name="{nombre}"\r\n\r\n{valor}\r\n'
            ).encode()
        yield (
            f"--{self.frontera}\r\n"
            f'Content-Disposition: form-data; name="{self.campo_archivo}"; '
            'filename="grande.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n%PDF-"
        ).encode()
        for _ in range(self.megas):
            self.enviados += 1
            yield bytes(MEGA)
        yield f"\r\n--{self.frontera}--\r\n".encode()
