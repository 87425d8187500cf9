from datetime import UTC, datetime, timedelta, timezone
from uuid import UUID, uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eps_contracts.envelope import (
    EventEnvelope,
    InvalidEnvelope,
    KafkaRecord,
    from_kafka_record,
    to_kafka_record,
)

AGGREGATE_ID = "0b9e2a52-4f4e-4d8e-9a53-2a6b1f1c9d10"
EVENT_ID = UUID("5d2f0c1e-7b1a-4f4c-8d0e-3c9b2a1f0e6d")
TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def envelope(**changes: object) -> EventEnvelope:
    fields: dict[str, object] = {
        "id": EVENT_ID,
        "source": "/eps/affiliation",
        "type": "co.eps.affiliation.AfiliadoRegistrado.v1",
        "time": datetime(2025, 3, 4, 5, 6, 7, 123456, tzinfo=UTC),
        "subject": AGGREGATE_ID,
        "data": b'{"afiliado_id": "0b9e2a52-4f4e-4d8e-9a53-2a6b1f1c9d10"}',
        "aggregate_type": "Afiliado",
        "aggregate_version": 7,
        "traceparent": TRACEPARENT,
        "tracestate": "eps=1",
    }
    fields.update(changes)
    return EventEnvelope(**fields)  # type: ignore[arg-type]


def decode(record: KafkaRecord) -> EventEnvelope:
    return from_kafka_record(record.key, record.value, record.headers)


def test_record_carries_the_cloudevents_headers_in_binary_mode() -> None:
    record = to_kafka_record(envelope())

    assert record.key == AGGREGATE_ID.encode()
    assert record.value == envelope().data
    assert record.headers == [
        ("ce_specversion", b"1.0"),
        ("ce_id", str(EVENT_ID).encode()),
        ("ce_source", b"/eps/affiliation"),
        ("ce_type", b"co.eps.affiliation.AfiliadoRegistrado.v1"),
        ("ce_time", b"2025-03-04T05:06:07.123456Z"),
        ("ce_subject", AGGREGATE_ID.encode()),
        ("content-type", b"application/json"),
        ("ce_aggregatetype", b"Afiliado"),
        ("ce_aggregateversion", b"7"),
        ("traceparent", TRACEPARENT.encode()),
        ("tracestate", b"eps=1"),
    ]


def test_trace_headers_are_left_out_when_absent() -> None:
    record = to_kafka_record(envelope(traceparent=None, tracestate=None))

    names = [name for name, _ in record.headers]
    assert "traceparent" not in names
    assert "tracestate" not in names
    assert decode(record) == envelope(traceparent=None, tracestate=None)


def test_time_is_stored_in_utc() -> None:
    bogota = timezone(timedelta(hours=-5))
    env = envelope(time=datetime(2025, 3, 4, 0, 6, 7, tzinfo=bogota))

    assert env.time.tzinfo is UTC
    assert env.time == datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"time": datetime(2025, 3, 4, 5, 6, 7)}, "timezone-aware"),
        ({"subject": "1000000001"}, "canonical aggregate UUID"),
        ({"subject": AGGREGATE_ID.upper()}, "canonical aggregate UUID"),
        ({"aggregate_version": -1}, "aggregate_version"),
        ({"aggregate_version": True}, "aggregate_version"),
        ({"source": ""}, "source"),
        ({"id": str(EVENT_ID)}, "id must be a UUID"),
        ({"data": "{}"}, "data must be bytes"),
        ({"type": ""}, "type"),
    ],
)
def test_envelope_rejects_invalid_attributes(changes: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidEnvelope, match=message):
        envelope(**changes)


Headers = list[tuple[str, bytes | None]]


def _replace(headers: list[tuple[str, bytes]], name: str, value: bytes | None) -> Headers:
    return [(n, value if n == name else v) for n, v in headers]


def _drop(headers: list[tuple[str, bytes]], name: str) -> list[tuple[str, bytes]]:
    return [(n, v) for n, v in headers if n != name]


GOOD = to_kafka_record(envelope())


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (_drop(GOOD.headers, "ce_type"), "missing header.*ce_type"),
        (_drop(GOOD.headers, "content-type"), "missing header.*content-type"),
        (_replace(GOOD.headers, "ce_specversion", b"0.3"), "specversion"),
        (_replace(GOOD.headers, "ce_id", b"not-a-uuid"), "ce_id is not a UUID"),
        (_replace(GOOD.headers, "ce_time", b"yesterday"), "ce_time"),
        (_replace(GOOD.headers, "ce_time", b"2025-03-04T05:06:07"), "ce_time"),
        (_replace(GOOD.headers, "ce_time", b"2025-02-30T05:06:07Z"), "ce_time"),
        (_replace(GOOD.headers, "ce_aggregateversion", b"7.0"), "ce_aggregateversion"),
        (_replace(GOOD.headers, "ce_aggregateversion", b"-1"), "ce_aggregateversion"),
        (_replace(GOOD.headers, "content-type", b"text/plain"), "content-type"),
        (_replace(GOOD.headers, "ce_source", b"\xff"), "UTF-8"),
        (_replace(GOOD.headers, "ce_source", None), "no value"),
        ([*GOOD.headers, ("ce_type", b"other")], "more than once"),
    ],
)
def test_invalid_headers_are_rejected_with_the_reason(headers: Headers, message: str) -> None:
    with pytest.raises(InvalidEnvelope, match=message):
        from_kafka_record(GOOD.key, GOOD.value, headers)


def test_errors_do_not_repeat_a_subject_that_could_be_personal_data() -> None:
    with pytest.raises(InvalidEnvelope) as caught:
        envelope(subject="1000000001")

    assert "1000000001" not in str(caught.value)


def test_key_must_equal_subject() -> None:
    with pytest.raises(InvalidEnvelope, match="differs from ce_subject"):
        from_kafka_record(str(uuid4()).encode(), GOOD.value, GOOD.headers)
    with pytest.raises(InvalidEnvelope, match="differs from ce_subject"):
        from_kafka_record(None, GOOD.value, GOOD.headers)


def test_tombstone_is_rejected() -> None:
    with pytest.raises(InvalidEnvelope, match="tombstone"):
        from_kafka_record(GOOD.key, None, GOOD.headers)


def test_header_names_match_case_insensitively_and_unknown_headers_are_ignored() -> None:
    headers = [(name.upper(), value) for name, value in GOOD.headers]
    headers.append(("ce_dataschema", b"urn:ignored"))
    headers.append(("x-retry", b"2"))

    assert from_kafka_record(GOOD.key, GOOD.value, headers) == envelope()


def test_content_type_parameters_are_accepted() -> None:
    headers = _replace(GOOD.headers, "content-type", b"application/json; charset=utf-8")

    assert from_kafka_record(GOOD.key, GOOD.value, headers) == envelope()


def test_time_with_offset_and_nanoseconds_is_read_as_utc() -> None:
    headers = _replace(GOOD.headers, "ce_time", b"2025-03-04T00:06:07.123456789-05:00")

    decoded = from_kafka_record(GOOD.key, GOOD.value, headers)

    assert decoded.time == datetime(2025, 3, 4, 5, 6, 7, 123456, tzinfo=UTC)
    assert decoded.time.tzinfo is UTC


_text = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40)
_offsets = st.builds(
    timezone, st.timedeltas(min_value=timedelta(hours=-23), max_value=timedelta(hours=23))
)


@settings(deadline=None)
@given(
    id=st.uuids(),
    source=_text,
    type=_text,
    time=st.datetimes(
        min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1), timezones=_offsets
    ),
    subject=st.uuids().map(str),
    data=st.binary(max_size=200),
    aggregate_type=_text,
    aggregate_version=st.integers(min_value=0, max_value=2**63 - 1),
    traceparent=st.none() | _text,
    tracestate=st.none() | _text,
)
def test_any_envelope_survives_the_round_trip_through_kafka(
    id: UUID,
    source: str,
    type: str,
    time: datetime,
    subject: str,
    data: bytes,
    aggregate_type: str,
    aggregate_version: int,
    traceparent: str | None,
    tracestate: str | None,
) -> None:
    original = EventEnvelope(
        id=id,
        source=source,
        type=type,
        time=time,
        subject=subject,
        data=data,
        aggregate_type=aggregate_type,
        aggregate_version=aggregate_version,
        traceparent=traceparent,
        tracestate=tracestate,
    )

    decoded = decode(to_kafka_record(original))

    assert decoded == original
    assert decoded.time.utcoffset() == timedelta(0)
