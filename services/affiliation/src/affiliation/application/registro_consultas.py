"""Access records: who read an affiliate's personal data (Ley 1581 de 2012).

Guarantee: whenever affiliation's API gives an affiliate's personal data to someone other
than the affiliate or his representative (an operator or auditor in the back office, a
cotizante downloading an adult beneficiary's certificate), a ``DatosPersonalesConsultados``
is recorded through the service's own outbox, in the same request and before the answer is
sent: a read that could not be recorded is not served. The owner reading his own data, or
a parent his minor child's, records nothing. The record holds ids and codes only: never
names or document numbers.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from eps_contracts.events.affiliation import DatosPersonalesConsultados
from eps_runtime.auth import Llamante, Rol

RECURSO_DATOS = "datos-afiliado"
RECURSO_BUSQUEDA = "busqueda-por-documento"
RECURSO_HISTORIAL = "historial-afiliado"
RECURSO_SOPORTE = "documentos"
RECURSO_CERTIFICADO = "certificado-afiliacion"
RECURSO_GRUPO = "grupo-familiar"


class RegistroConsultas(Protocol):
    """Appends access records, each on its own stream, through the outbox."""

    async def registrar(self, consultas: Sequence[DatosPersonalesConsultados]) -> None: ...


def es_propia(lector: Llamante, afiliado_id: UUID) -> bool:
    """The affiliate himself, signed in as such."""
    return lector.rol is Rol.AFILIADO and lector.afiliado_id == afiliado_id


async def registrar_consultas(
    registro: RegistroConsultas,
    lector: Llamante,
    afiliados: Iterable[UUID],
    recurso: str,
    operacion: str,
    ahora: Callable[[], datetime],
) -> list[DatosPersonalesConsultados]:
    """One access record per affiliate in ``afiliados`` that is not the reader himself
    (duplicates once), recorded before returning; the caller answers only afterwards."""
    vistos: list[UUID] = []
    for afiliado_id in afiliados:
        if afiliado_id not in vistos and not es_propia(lector, afiliado_id):
            vistos.append(afiliado_id)
    consultas = [
        DatosPersonalesConsultados(
            consulta_id=uuid.uuid4(),
            afiliado_id=afiliado_id,
            lector_usuario_id=lector.usuario_id,
            lector_rol=lector.rol.value,
            recurso=recurso,
            operacion=operacion,
            consultado_en=ahora(),
        )
        for afiliado_id in vistos
    ]
    if consultas:
        await registro.registrar(consultas)
    return consultas
