"""Root conftest: every package's tests share the real-infrastructure fixtures."""

pytest_plugins = ["eps_runtime.testing.fixtures"]
