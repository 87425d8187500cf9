"""Dated business figures billing reads at start (validated then, never constants in code)."""
