"""Where the generated, committed artifacts live in a source checkout of the repository."""

from pathlib import Path

CONTRACTS_DIR = Path(__file__).resolve().parents[2]
REPO_DIR = CONTRACTS_DIR.parents[1]
SCHEMAS_DIR = CONTRACTS_DIR / "schemas"
ASYNCAPI_DIR = REPO_DIR / "docs" / "asyncapi"
EVENTS_MD = REPO_DIR / "docs" / "events.md"
