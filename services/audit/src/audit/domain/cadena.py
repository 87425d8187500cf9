"""The hash chain of the archive: each record sealed with the seal of the one before it.

A record is what the broker delivered: its coordinates (topic, partition, offset), its
CloudEvents attributes, its key and its payload, exactly as received. Its seal is
``SHA-256(seal of the previous record of its partition ‖ canonical content)``; the first
record of a partition follows ``GENESIS``. ``secuencia`` counts the records archived from a
partition (1, 2, 3…), so a removed record leaves a hole even when the seals around it were
recomputed to hide it.

Guarantees: the seal depends only on what Kafka holds (never on when or by whom it was
archived), so a rebuild from the topics reproduces the same chain; changing any byte of any
field, removing or reordering records changes a seal that ``primera_rotura`` reports.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

GENESIS = bytes(32)
"""What the first record of every partition is chained to."""


@dataclass(frozen=True)
class Registro:
    """One archived Kafka record, as received."""

    topico: str
    particion: int
    desplazamiento: int
    evento_id: UUID
    ce_source: str
    ce_type: str
    ce_time: datetime
    ce_subject: UUID
    aggregate_type: str
    aggregate_version: int
    traceparent: str | None
    clave: bytes
    datos: bytes

    @property
    def servicio(self) -> str:
        """The publishing service, from the CloudEvents source ``/eps/<service>``."""
        return self.ce_source.rsplit("/", 1)[-1] or self.ce_source


def contenido_canonico(registro: Registro, secuencia: int) -> bytes:
    """The bytes the seal covers: every field, in a fixed order and encoding."""
    campos = {
        "topico": registro.topico,
        "particion": registro.particion,
        "desplazamiento": registro.desplazamiento,
        "secuencia": secuencia,
        "evento_id": str(registro.evento_id),
        "ce_source": registro.ce_source,
        "ce_type": registro.ce_type,
        "ce_time": registro.ce_time.astimezone(UTC).isoformat(),
        "ce_subject": str(registro.ce_subject),
        "aggregate_type": registro.aggregate_type,
        "aggregate_version": registro.aggregate_version,
        "traceparent": registro.traceparent,
        "clave": registro.clave.hex(),
        "datos": hashlib.sha256(registro.datos).hexdigest(),
    }
    return json.dumps(campos, sort_keys=True, separators=(",", ":")).encode()


def sello(anterior: bytes, registro: Registro, secuencia: int) -> bytes:
    """The seal of ``registro`` as the ``secuencia``-th record after ``anterior``."""
    return hashlib.sha256(anterior + contenido_canonico(registro, secuencia)).digest()


@dataclass(frozen=True)
class Eslabon:
    """A record as stored, with its place in the chain."""

    registro: Registro
    secuencia: int
    hash_anterior: bytes
    hash: bytes


def encadenar(ultimo: tuple[int, bytes] | None, registros: Iterable[Registro]) -> list[Eslabon]:
    """Seals ``registros`` (in partition order) after ``ultimo`` (secuencia, seal) of their
    partition, or from ``GENESIS``."""
    secuencia, anterior = ultimo if ultimo is not None else (0, GENESIS)
    eslabones = []
    for registro in registros:
        secuencia += 1
        nuevo = sello(anterior, registro, secuencia)
        eslabones.append(Eslabon(registro, secuencia, anterior, nuevo))
        anterior = nuevo
    return eslabones


@dataclass(frozen=True)
class Rotura:
    """The first link of a partition that does not hold."""

    topico: str
    particion: int
    secuencia: int
    desplazamiento: int | None
    motivo: str

    def describir(self) -> str:
        donde = f"{self.topico}[{self.particion}] secuencia {self.secuencia}"
        if self.desplazamiento is not None:
            donde += f" (offset {self.desplazamiento})"
        return f"{donde}: {self.motivo}"


class Verificador:
    """Walks one partition's records in ``secuencia`` order and finds the first broken link.

    Feed it with ``revisar`` record by record (bounded memory: it keeps only the previous
    seal); ``rotura`` is the first problem found, or ``None`` while the chain holds.
    """

    def __init__(self, topico: str, particion: int) -> None:
        self.topico = topico
        self.particion = particion
        self.anterior = GENESIS
        self.secuencia = 0
        self.rotura: Rotura | None = None

    def revisar(self, eslabon: Eslabon) -> Rotura | None:
        if self.rotura is not None:
            return self.rotura
        esperada = self.secuencia + 1
        if eslabon.secuencia != esperada:
            return self._romper(eslabon, f"falta el registro de secuencia {esperada}", esperada)
        if eslabon.hash_anterior != self.anterior:
            return self._romper(eslabon, "no está encadenado al registro anterior")
        if sello(self.anterior, eslabon.registro, eslabon.secuencia) != eslabon.hash:
            return self._romper(eslabon, "su contenido no coincide con su sello (alterado)")
        self.anterior = eslabon.hash
        self.secuencia = eslabon.secuencia
        return None

    def _romper(self, eslabon: Eslabon, motivo: str, secuencia: int | None = None) -> Rotura:
        self.rotura = Rotura(
            topico=self.topico,
            particion=self.particion,
            secuencia=eslabon.secuencia if secuencia is None else secuencia,
            desplazamiento=eslabon.registro.desplazamiento,
            motivo=motivo,
        )
        return self.rotura


def primera_rotura(eslabones: Iterable[Eslabon]) -> Rotura | None:
    """The first broken link of one partition's records (in ``secuencia`` order)."""
    verificador: Verificador | None = None
    for eslabon in eslabones:
        if verificador is None:
            verificador = Verificador(eslabon.registro.topico, eslabon.registro.particion)
        if (rotura := verificador.revisar(eslabon)) is not None:
            return rotura
    return None
