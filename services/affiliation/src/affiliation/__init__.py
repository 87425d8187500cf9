"""Affiliation service: the source of truth for affiliates, their family group and contact data.

Layers: ``domain`` (pure rules and the event-sourced ``Afiliado``), ``application`` (commands,
handlers, queries, ports), ``adapters`` (PostgreSQL event store, document guard, in-memory
fakes), ``entrypoints`` (HTTP API, outbox relay, synthetic population), ``bootstrap`` (wiring).
"""
