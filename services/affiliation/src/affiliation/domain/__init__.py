"""Pure domain: no I/O, no SQL, no Kafka. Dates come in as arguments, never from a clock."""
