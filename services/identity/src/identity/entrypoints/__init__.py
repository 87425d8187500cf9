"""Ways into the service: HTTP API, the affiliates projection's consumer and its rebuild."""
