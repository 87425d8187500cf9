from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest

from eps_contracts.codec import InvalidEventData, from_envelope, to_envelope
from eps_contracts.envelope import EventEnvelope, from_kafka_record, to_kafka_record
from eps_contracts.events import DomainEvent, UnknownEventType
from eps_contracts.examples import AFILIADO_ID, afiliado_registrado, datos_contacto_actualizados

EVENT_ID = UUID("9a7b6c5d-4e3f-4a1b-8c2d-1e0f9a8b7c6d")
TIME = datetime(2025, 1, 31, 23, 59, 59, tzinfo=UTC)


def envelope_of_example(**changes: object) -> EventEnvelope:
    env = to_envelope(afiliado_registrado(), event_id=EVENT_ID, time=TIME, aggregate_version=1)
    fields = {**env.__dict__, **changes}
    return EventEnvelope(**fields)


def test_attributes_come_from_the_event_class_and_aggregate() -> None:
    env = to_envelope(
        datos_contacto_actualizados(),
        event_id=EVENT_ID,
        time=TIME,
        aggregate_version=4,
        traceparent="tp",
        tracestate="ts",
    )

    assert env.source == "/eps/affiliation"
    assert env.type == "co.eps.affiliation.DatosContactoActualizados.v1"
    assert env.subject == str(AFILIADO_ID)
    assert env.aggregate_type == "Afiliado"
    assert (env.id, env.time, env.aggregate_version) == (EVENT_ID, TIME, 4)
    assert (env.traceparent, env.tracestate) == ("tp", "ts")


@pytest.mark.parametrize("event", [afiliado_registrado(), datos_contacto_actualizados()])
def test_an_event_survives_the_trip_through_kafka(event: DomainEvent) -> None:
    record = to_kafka_record(to_envelope(event, event_id=uuid4(), time=TIME, aggregate_version=2))

    decoded = from_envelope(from_kafka_record(record.key, record.value, record.headers))

    assert decoded == event
    assert type(decoded) is type(event)


def test_an_unknown_type_is_reported_as_such() -> None:
    with pytest.raises(UnknownEventType):
        from_envelope(envelope_of_example(type="co.eps.affiliation.Desconocido.v1"))


def test_invalid_data_names_the_field_but_not_the_value() -> None:
    data = afiliado_registrado().model_dump_json().replace("1000000001", "10000A0001")

    with pytest.raises(InvalidEventData) as caught:
        from_envelope(envelope_of_example(data=data.encode()))

    assert "10000A0001" not in str(caught.value)
    assert caught.value.__cause__ is None


def test_data_that_is_not_json_is_invalid() -> None:
    with pytest.raises(InvalidEventData):
        from_envelope(envelope_of_example(data=b"not json"))


def test_subject_must_be_the_events_aggregate() -> None:
    with pytest.raises(InvalidEventData, match="subject"):
        from_envelope(envelope_of_example(subject=str(uuid4())))


def test_aggregate_type_must_match_the_event() -> None:
    with pytest.raises(InvalidEventData, match="aggregate type"):
        from_envelope(envelope_of_example(aggregate_type="Presolicitud"))
