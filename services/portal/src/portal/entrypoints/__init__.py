"""entrypoints layer of the portal service."""
