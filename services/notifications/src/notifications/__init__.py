"""The notifications service: turns identity's events into e-mails sent through SMTP."""
