"""CloudEvents 1.0 envelope in Kafka binary content mode.

The Kafka value is the event's JSON data; the CloudEvents attributes travel as ``ce_*``
headers; the Kafka key is the aggregate id. Headers and key carry no personal data: the
subject (and so the key) must be an aggregate UUID.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

SPECVERSION = "1.0"
CONTENT_TYPE = "application/json"

H_SPECVERSION = "ce_specversion"
H_ID = "ce_id"
H_SOURCE = "ce_source"
H_TYPE = "ce_type"
H_TIME = "ce_time"
H_SUBJECT = "ce_subject"
H_CONTENT_TYPE = "content-type"
H_AGGREGATE_TYPE = "ce_aggregatetype"
H_AGGREGATE_VERSION = "ce_aggregateversion"
H_TRACEPARENT = "traceparent"
H_TRACESTATE = "tracestate"

_RFC3339 = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})",
    re.IGNORECASE,
)

REQUIRED_HEADERS = (
    H_SPECVERSION,
    H_ID,
    H_SOURCE,
    H_TYPE,
    H_TIME,
    H_SUBJECT,
    H_CONTENT_TYPE,
    H_AGGREGATE_TYPE,
    H_AGGREGATE_VERSION,
)


_HEADERS_READ = frozenset((*REQUIRED_HEADERS, H_TRACEPARENT, H_TRACESTATE))
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
"""What ``str(UUID(x))`` gives back unchanged: lowercase, hyphenated, no braces or prefix."""


class InvalidEnvelope(ValueError):
    """A Kafka record or an envelope does not satisfy the envelope contract."""


@dataclass(frozen=True)
class EventEnvelope:
    """One event with its CloudEvents attributes.

    Guarantees, checked at construction: ``id`` is a UUID and ``data`` is bytes; ``time``
    is timezone-aware and stored in UTC; ``subject`` is a canonical (lowercase, hyphenated)
    UUID string, so no personal data can become a key; ``aggregate_version`` is a
    non-negative int; ``source``, ``type`` and ``aggregate_type`` are not empty.
    Error messages never repeat the subject or key, which might be personal data.
    """

    id: UUID
    source: str
    type: str
    time: datetime
    subject: str
    data: bytes
    aggregate_type: str
    aggregate_version: int
    traceparent: str | None = None
    tracestate: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, UUID):
            raise InvalidEnvelope(f"id must be a UUID, got {type(self.id).__name__}")
        if not isinstance(self.data, bytes):
            raise InvalidEnvelope(f"data must be bytes, got {type(self.data).__name__}")
        if self.time.tzinfo is None or self.time.utcoffset() is None:
            raise InvalidEnvelope("time must be timezone-aware")
        object.__setattr__(self, "time", self.time.astimezone(UTC))
        if not _is_canonical_uuid(self.subject):
            raise InvalidEnvelope("subject must be a canonical aggregate UUID")
        version = self.aggregate_version
        if isinstance(version, bool) or not isinstance(version, int) or version < 0:
            raise InvalidEnvelope(f"aggregate_version must be an int >= 0, got {version!r}")
        for attr in ("source", "type", "aggregate_type"):
            if not getattr(self, attr):
                raise InvalidEnvelope(f"{attr} must not be empty")


@dataclass(frozen=True)
class KafkaRecord:
    """What a Kafka producer sends: key, value and headers, all bytes."""

    key: bytes
    value: bytes
    headers: list[tuple[str, bytes]]


def to_kafka_record(env: EventEnvelope) -> KafkaRecord:
    """Encode ``env`` in binary content mode; ``from_kafka_record`` gives it back equal."""
    headers = [
        (H_SPECVERSION, SPECVERSION),
        (H_ID, str(env.id)),
        (H_SOURCE, env.source),
        (H_TYPE, env.type),
        (H_TIME, format_time(env.time)),
        (H_SUBJECT, env.subject),
        (H_CONTENT_TYPE, CONTENT_TYPE),
        (H_AGGREGATE_TYPE, env.aggregate_type),
        (H_AGGREGATE_VERSION, str(env.aggregate_version)),
    ]
    if env.traceparent is not None:
        headers.append((H_TRACEPARENT, env.traceparent))
    if env.tracestate is not None:
        headers.append((H_TRACESTATE, env.tracestate))
    return KafkaRecord(
        key=env.subject.encode(),
        value=env.data,
        headers=[(name, value.encode()) for name, value in headers],
    )


def from_kafka_record(
    key: bytes | None, value: bytes | None, headers: Iterable[tuple[str, bytes | None]]
) -> EventEnvelope:
    """Decode a record written by ``to_kafka_record`` (or any conforming producer).

    Raises ``InvalidEnvelope`` naming the problem when a required header is missing,
    repeated or invalid, the specversion is not 1.0, the content type is not JSON, the
    value is empty (a tombstone) or the key differs from ``ce_subject``. Header names are
    matched case-insensitively; unknown headers are ignored.
    """
    found = _header_map(headers)
    missing = [name for name in REQUIRED_HEADERS if name not in found]
    if missing:
        raise InvalidEnvelope(f"missing header(s): {', '.join(missing)}")
    if found[H_SPECVERSION] != SPECVERSION:
        raise InvalidEnvelope(f"unsupported ce_specversion {found[H_SPECVERSION]!r}")
    media_type = found[H_CONTENT_TYPE].split(";", 1)[0].strip().lower()
    if media_type != CONTENT_TYPE:
        raise InvalidEnvelope(f"content-type must be {CONTENT_TYPE}, got {media_type!r}")
    if value is None:
        raise InvalidEnvelope("record has no value (tombstone)")
    subject = found[H_SUBJECT]
    if key is None or key != subject.encode():
        raise InvalidEnvelope("key differs from ce_subject")
    return EventEnvelope(
        id=_parse_uuid(found[H_ID]),
        source=found[H_SOURCE],
        type=found[H_TYPE],
        time=parse_time(found[H_TIME]),
        subject=subject,
        data=value,
        aggregate_type=found[H_AGGREGATE_TYPE],
        aggregate_version=_parse_version(found[H_AGGREGATE_VERSION]),
        traceparent=found.get(H_TRACEPARENT),
        tracestate=found.get(H_TRACESTATE),
    )


def format_time(time: datetime) -> str:
    """RFC 3339 in UTC with a ``Z`` suffix, microseconds kept when present."""
    return time.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_time(text: str) -> datetime:
    """Parse an RFC 3339 timestamp with an offset (or ``Z``) into an aware UTC datetime."""
    if not _RFC3339.fullmatch(text):
        raise InvalidEnvelope(f"ce_time is not an RFC 3339 date-time: {text!r}")
    try:
        parsed = datetime.fromisoformat(text.upper())
    except ValueError:
        raise InvalidEnvelope(f"ce_time is not a valid date-time: {text!r}") from None
    return parsed.astimezone(UTC)


def _header_map(headers: Iterable[tuple[str, bytes | None]]) -> dict[str, str]:
    found: dict[str, bytes] = {}
    for raw_name, raw_value in headers:
        # Our producers write the names in lowercase: lower() only for the others.
        name = raw_name if raw_name in _HEADERS_READ else raw_name.lower()
        if name not in _HEADERS_READ:
            continue
        if name in found:
            raise InvalidEnvelope(f"header {name} appears more than once")
        if raw_value is None:
            raise InvalidEnvelope(f"header {name} has no value")
        found[name] = raw_value
    try:
        return {name: value.decode() for name, value in found.items()}
    except UnicodeDecodeError:
        bad = next(n for n, v in found.items() if not _is_utf8(v))
        raise InvalidEnvelope(f"header {bad} is not valid UTF-8") from None


def _is_utf8(value: bytes) -> bool:
    try:
        value.decode()
    except UnicodeDecodeError:
        return False
    return True


def _parse_uuid(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise InvalidEnvelope(f"ce_id is not a UUID: {text!r}") from None


def _parse_version(text: str) -> int:
    if not (text.isascii() and text.isdigit()):
        raise InvalidEnvelope(f"ce_aggregateversion is not a non-negative int: {text!r}")
    return int(text)


def _is_canonical_uuid(text: object) -> bool:
    return isinstance(text, str) and _CANONICAL_UUID.fullmatch(text) is not None
