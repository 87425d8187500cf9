"""Stores for support documents: on local disk, and in memory for unit tests.

A reference is ``<32 hex digits>.<pdf|jpg|png>``, generated here from 122 random bits
(``uuid4``). Every reference received is matched in full against that pattern before it is
used, so "../x", absolute paths, separators or a trailing newline are just unknown references.

On disk a document lives at ``<raiz>/<first 2 hex digits>/<reference>``: the two-character
subfolders keep any one directory small. ``raiz`` must be outside every folder a web server
serves; documents are read back only through ``leer``.
"""

import asyncio
import contextlib
import os
import re
import tempfile
from pathlib import Path
from uuid import uuid4

from affiliation.application.puertos_soportes import SoporteNoEncontrado
from eps_runtime.archivos import ArchivoValidado, FormatoArchivo

_REFERENCIA = re.compile(
    r"[0-9a-f]{32}\.(?:" + "|".join(formato.extension for formato in FormatoArchivo) + r")"
)
_MODO_CARPETA = 0o700
_MODO_ARCHIVO = 0o600


def _nueva_referencia(formato: FormatoArchivo) -> str:
    return f"{uuid4().hex}.{formato.extension}"


def _es_referencia(referencia: str) -> bool:
    # fullmatch, not match with "$": "$" also matches before a trailing newline.
    return _REFERENCIA.fullmatch(referencia) is not None


class AlmacenSoportesEnDisco:
    """Support documents as files under ``raiz``, readable only by the service's user.

    Guarantees: ``raiz`` and its subfolders are created with mode 0o700 and files with mode
    0o600 (an existing ``raiz`` keeps the mode the deployment gave it); ``guardar`` is atomic
    and durable (temporary file in the same folder, fsync, ``os.replace``, fsync of the
    folder), so a crash leaves either the whole document or nothing under its reference.
    Blocking file I/O runs in a worker thread (``asyncio.to_thread``).
    """

    def __init__(self, raiz: Path) -> None:
        # Runs once at start-up, so a plain blocking mkdir is fine here.
        raiz.mkdir(mode=_MODO_CARPETA, parents=True, exist_ok=True)
        self._raiz = raiz

    async def guardar(self, archivo: ArchivoValidado) -> str:
        referencia = _nueva_referencia(archivo.formato)
        await asyncio.to_thread(self._escribir, referencia, archivo.contenido)
        return referencia

    async def leer(self, referencia: str) -> bytes:
        if not _es_referencia(referencia):
            raise SoporteNoEncontrado(referencia)
        try:
            return await asyncio.to_thread(self._ruta(referencia).read_bytes)
        except FileNotFoundError as error:
            raise SoporteNoEncontrado(referencia) from error

    async def eliminar(self, referencia: str) -> None:
        if _es_referencia(referencia):
            await asyncio.to_thread(self._borrar, referencia)

    def _ruta(self, referencia: str) -> Path:
        return self._raiz / referencia[:2] / referencia

    def _escribir(self, referencia: str, contenido: bytes) -> None:
        carpeta = self._raiz / referencia[:2]
        try:
            carpeta.mkdir(mode=_MODO_CARPETA)
        except FileExistsError:
            pass
        else:
            _sincronizar_carpeta(self._raiz)  # the new subfolder's entry must survive a crash
        # mkstemp opens with O_EXCL and mode 0o600; the leading dot keeps a leftover from a
        # crash from ever matching a reference.
        descriptor, temporal = tempfile.mkstemp(dir=carpeta, prefix=".", suffix=".parcial")
        try:
            with os.fdopen(descriptor, "wb") as destino:
                os.fchmod(destino.fileno(), _MODO_ARCHIVO)  # exactly 0o600, whatever the umask
                destino.write(contenido)
                destino.flush()
                os.fsync(destino.fileno())
            os.replace(temporal, carpeta / referencia)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporal)
            raise
        _sincronizar_carpeta(carpeta)

    def _borrar(self, referencia: str) -> None:
        ruta = self._ruta(referencia)
        try:
            ruta.unlink()
        except FileNotFoundError:
            return
        _sincronizar_carpeta(ruta.parent)


def _sincronizar_carpeta(carpeta: Path) -> None:
    """Makes the folder's entries (a new name, a removal) durable."""
    descriptor = os.open(carpeta, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class AlmacenSoportesEnMemoria:
    """Fake of ``AlmacenSoportes`` for unit tests, with the same references and refusals.

    ``soportes`` maps each reference to its bytes, for tests to inspect.
    """

    def __init__(self) -> None:
        self.soportes: dict[str, bytes] = {}

    async def guardar(self, archivo: ArchivoValidado) -> str:
        referencia = _nueva_referencia(archivo.formato)
        self.soportes[referencia] = archivo.contenido
        return referencia

    async def leer(self, referencia: str) -> bytes:
        try:
            return self.soportes[referencia]
        except KeyError as error:
            raise SoporteNoEncontrado(referencia) from error

    async def eliminar(self, referencia: str) -> None:
        self.soportes.pop(referencia, None)
