"""application of the audit service."""
