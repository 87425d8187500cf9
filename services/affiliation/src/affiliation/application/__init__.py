"""Use cases: commands in the imperative, one handler function per command, queries, ports."""
