"""Shared runtime of the Oficina Virtual services.

Every service stands on the same guarantees, so they live here once:

- ``eventstore``: append with optimistic concurrency; events and outbox rows in one transaction.
- ``relay``: publishes the outbox to Kafka (acks=all, idempotent) in per-aggregate order.
- ``consumer``: at-least-once delivery with exactly-once effects, dead-letter topic.
- ``rebuild``: replays a projection from the beginning of its topics with progress.
- ``logging`` / ``tracing`` / ``settings`` / ``http``: the operational conventions.
"""
