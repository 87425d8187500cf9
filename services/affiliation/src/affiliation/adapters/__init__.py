"""Adapters: the ports implemented on PostgreSQL (the event store) and in memory (fakes)."""
