"""Development helpers (never deployed)."""
