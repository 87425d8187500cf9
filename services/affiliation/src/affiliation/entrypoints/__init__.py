"""Ways into the service: HTTP API, outbox relay, synthetic population."""
