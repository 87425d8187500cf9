"""Pure domain of identity: no I/O."""
