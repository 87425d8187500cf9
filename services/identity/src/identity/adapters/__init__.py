"""Adapters: the affiliates read model on PostgreSQL, its projection, readiness checks."""
