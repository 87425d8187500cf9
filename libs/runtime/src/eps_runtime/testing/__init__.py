"""Test support shared by every package: real infrastructure fixtures and fakes."""
