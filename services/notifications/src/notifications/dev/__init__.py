"""Tools for the local stack and the tests only (never deployed): the SMTP sink."""
