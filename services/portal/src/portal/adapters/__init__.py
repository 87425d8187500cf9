"""adapters layer of the portal service."""
