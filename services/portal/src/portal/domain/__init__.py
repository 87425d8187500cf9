"""domain layer of the portal service."""
