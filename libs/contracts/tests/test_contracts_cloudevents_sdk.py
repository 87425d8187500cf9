"""Conformance with the official CloudEvents SDK's Kafka binding (binary content mode)."""

import json
from datetime import UTC, datetime
from uuid import UUID

from cloudevents.core.bindings import kafka as ce_kafka
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent
from cloudevents.v1 import kafka as ce_kafka_v1

from eps_contracts.codec import to_envelope
from eps_contracts.envelope import from_kafka_record, to_kafka_record
from eps_contracts.examples import AFILIADO_ID, afiliado_registrado

EVENT_ID = UUID("2f4b8e0c-1a3d-4e5f-8a9b-0c1d2e3f4a5b")
TIME = datetime(2025, 6, 1, 12, 30, 0, 250000, tzinfo=UTC)
TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def our_record() -> tuple[bytes, bytes, dict[str, bytes]]:
    envelope = to_envelope(
        afiliado_registrado(),
        event_id=EVENT_ID,
        time=TIME,
        aggregate_version=3,
        traceparent=TRACEPARENT,
    )
    record = to_kafka_record(envelope)
    return record.key, record.value, dict(record.headers)


def test_sdk_parses_our_record_with_every_attribute() -> None:
    key, value, headers = our_record()

    event = ce_kafka.from_binary(
        ce_kafka.KafkaMessage(headers=headers, key=key, value=value), JSONFormat(), CloudEvent
    )

    assert event.get_specversion() == "1.0"
    assert event.get_id() == str(EVENT_ID)
    assert event.get_source() == "/eps/affiliation"
    assert event.get_type() == "co.eps.affiliation.AfiliadoRegistrado.v1"
    assert event.get_time() == TIME
    assert event.get_subject() == str(AFILIADO_ID)
    assert event.get_datacontenttype() == "application/json"
    assert event.get_extension("aggregatetype") == "Afiliado"
    assert event.get_extension("aggregateversion") == "3"
    assert event.get_extension("partitionkey") == str(AFILIADO_ID)
    assert event.get_data() == json.loads(value)


def test_legacy_sdk_api_parses_our_record() -> None:
    key, value, headers = our_record()

    event = ce_kafka_v1.from_binary(ce_kafka_v1.KafkaMessage(headers=headers, key=key, value=value))

    assert event["id"] == str(EVENT_ID)
    assert event["type"] == "co.eps.affiliation.AfiliadoRegistrado.v1"
    assert event["subject"] == str(AFILIADO_ID)
    assert event["aggregateversion"] == "3"


def test_we_read_a_record_the_sdk_wrote() -> None:
    data = afiliado_registrado().model_dump(mode="json")
    event = CloudEvent(
        attributes={
            "id": str(EVENT_ID),
            "source": "/eps/affiliation",
            "type": "co.eps.affiliation.AfiliadoRegistrado.v1",
            "time": TIME,
            "subject": str(AFILIADO_ID),
            "datacontenttype": "application/json",
            "aggregatetype": "Afiliado",
            "aggregateversion": "3",
        },
        data=data,
    )
    message = ce_kafka.to_binary(event, JSONFormat(), key_mapper=lambda e: e.get_subject())
    assert isinstance(message.key, str)

    envelope = from_kafka_record(message.key.encode(), message.value, list(message.headers.items()))

    assert envelope.id == EVENT_ID
    assert envelope.time == TIME
    assert envelope.subject == str(AFILIADO_ID)
    assert envelope.aggregate_version == 3
    assert json.loads(envelope.data) == data
