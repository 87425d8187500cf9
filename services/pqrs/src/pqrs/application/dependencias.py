"""What every handler receives, and the steps several share."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eps_runtime.errores import ConflictoDeVersion
from pqrs.application.puertos import AlmacenAdjuntos, FilaBandeja, UnidadDeTrabajo
from pqrs.domain.errores import SolicitudNoEncontrada
from pqrs.domain.solicitud import Solicitud


@dataclass(frozen=True)
class Dependencias:
    """One command's world: a fresh unit of work, the instant (injected clock), the secret
    that keys consultation-code hashes, and the attachments' private storage."""

    uow: UnidadDeTrabajo
    ahora: datetime
    secreto: str
    almacen: AlmacenAdjuntos


def hash_codigo(secreto: str, radicado: str, codigo: str) -> str:
    """Keyed hash of an anonymous solicitud's consultation code (bound to its radicado)."""
    mensaje = f"{radicado}|{codigo.strip().upper()}".encode()
    return hmac.new(secreto.encode(), mensaje, hashlib.sha256).hexdigest()


async def cargar(
    deps: Dependencias, solicitud_id: UUID, version_esperada: int | None = None
) -> Solicitud:
    solicitud = await deps.uow.solicitudes.obtener(solicitud_id)
    if solicitud is None:
        raise SolicitudNoEncontrada()
    if version_esperada is not None and solicitud.version != version_esperada:
        raise ConflictoDeVersion(solicitud_id, version_esperada)
    return solicitud


def fila(solicitud: Solicitud) -> FilaBandeja:
    return FilaBandeja(
        solicitud_id=solicitud.id,
        radicado=solicitud.radicado,
        tipo=solicitud.tipo.value,
        estado=solicitud.estado.value,
        canal=solicitud.canal.value,
        radicante=solicitud.radicante.value,
        riesgo=solicitud.riesgo.value if solicitud.riesgo else None,
        area=solicitud.area,
        operador_id=solicitud.operador_id,
        afiliado_id=solicitud.afiliado_id,
        empleador_id=solicitud.empleador_id,
        radicada_en=solicitud.radicada_en,
        vence_en=solicitud.vence_en,
        respondida_en=solicitud.respondida_en,
        calificacion=solicitud.calificacion,
        version=solicitud.version,
        abierta=solicitud.abierta,
        incumplida=solicitud.incumplida,
        unidad_plazo=solicitud.unidad_plazo.value if solicitud.unidad_plazo else None,
    )


async def guardar(deps: Dependencias, solicitud: Solicitud) -> None:
    await deps.uow.solicitudes.guardar(solicitud)
    await deps.uow.bandeja.guardar(fila(solicitud))
