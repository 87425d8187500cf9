"""DDL of the tables every service keeps beside its own: event store, outbox, consumer records.

Each service's first alembic migration runs ``EVENT_STORE_DDL`` and ``CONSUMER_DDL``, so the
shape lives here once. Statements are idempotent so a half-applied migration can be re-run.
"""

from __future__ import annotations

EVENT_STORE_DDL: tuple[str, ...] = (
    # The primary key IS the optimistic concurrency check: two writers cannot both add
    # version n+1 of a stream.
    """
    CREATE TABLE IF NOT EXISTS events (
        stream_id   uuid        NOT NULL,
        version     integer     NOT NULL CHECK (version > 0),
        event_id    uuid        NOT NULL,
        stream_type text        NOT NULL,
        event_type  text        NOT NULL,
        data        jsonb       NOT NULL,
        metadata    jsonb       NOT NULL DEFAULT '{}'::jsonb,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (stream_id, version)
    )
    """,
    # Rows stay here until the relay has Kafka's acknowledgement, then are deleted. Nothing
    # tails by id, so a transaction that commits late with a smaller id is never skipped.
    """
    CREATE TABLE IF NOT EXISTS outbox (
        id        bigserial PRIMARY KEY,
        stream_id uuid    NOT NULL,
        version   integer NOT NULL
    )
    """,
)

CONSUMER_DDL: tuple[str, ...] = (
    # The database, not Kafka, is the source of truth for where a consumer is: it is written
    # in the same transaction as the consumer's effect.
    """
    CREATE TABLE IF NOT EXISTS consumer_positions (
        consumer    text    NOT NULL,
        topic       text    NOT NULL,
        partition   integer NOT NULL,
        last_offset bigint  NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, topic, partition)
    )
    """,
    # A redelivered event (the relay may publish an event twice) is recognised by its id.
    """
    CREATE TABLE IF NOT EXISTS processed_events (
        consumer     text        NOT NULL,
        event_id     uuid        NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
    )
    """,
)

ALL_DDL: tuple[str, ...] = EVENT_STORE_DDL + CONSUMER_DDL
