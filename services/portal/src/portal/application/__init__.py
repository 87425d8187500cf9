"""application layer of the portal service."""
