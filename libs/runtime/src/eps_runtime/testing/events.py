"""Small builders of valid events and Kafka records for tests."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from eps_contracts.envelope import EventEnvelope, KafkaRecord, to_kafka_record
from eps_contracts.events import AfiliadoRegistrado, DomainEvent
from eps_contracts.types import EstadoAfiliacion, Regimen, Sexo, TipoAfiliado, TipoDocumento


def afiliado_registrado(
    afiliado_id: uuid.UUID | None = None,
    *,
    numero_documento: str | None = None,
    primer_nombre: str = "María",
    primer_apellido: str = "Gómez",
) -> AfiliadoRegistrado:
    """A valid adult cotizante (CC) with a random document unless one is given."""
    return AfiliadoRegistrado(
        afiliado_id=afiliado_id or uuid.uuid4(),
        tipo_documento=TipoDocumento.CC,
        numero_documento=numero_documento or str(uuid.uuid4().int)[:10].lstrip("0") or "1234",
        primer_nombre=primer_nombre,
        primer_apellido=primer_apellido,
        fecha_nacimiento=date(1985, 3, 14),
        sexo=Sexo.F,
        tipo_afiliado=TipoAfiliado.COTIZANTE,
        regimen=Regimen.CONTRIBUTIVO,
        estado=EstadoAfiliacion.ACTIVO,
        fecha_afiliacion=date(2020, 1, 1),
    )


def kafka_record(
    event: DomainEvent,
    *,
    version: int = 1,
    event_id: uuid.UUID | None = None,
    traceparent: str | None = None,
) -> KafkaRecord:
    """The record the relay would publish for ``event`` at ``version``."""
    return to_kafka_record(
        EventEnvelope(
            id=event_id or uuid.uuid4(),
            source=f"/eps/{event.service}",
            type=event.ce_type(),
            time=datetime.now(UTC),
            subject=event.aggregate_id(),
            data=event.model_dump_json().encode(),
            aggregate_type=event.aggregate_type,
            aggregate_version=version,
            traceparent=traceparent,
        )
    )
