"""JSON Schema of every event, committed under ``libs/contracts/schemas/<ce_type>.json``.

The committed files are the published contract and the baseline of the compatibility
check. Usage::

    python -m eps_contracts.schemas export [--dir DIR] [--allow-breaking]
    python -m eps_contracts.schemas check [--dir DIR]

``export`` refuses to overwrite a committed schema with a breaking change (unless
``--allow-breaking``), so the baseline can only move compatibly; ``check`` fails on a
breaking change, a removed event type, a missing schema or an out-of-date file.
"""

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eps_contracts.compatibility import breaking_changes
from eps_contracts.events.base import DomainEvent
from eps_contracts.events.registry import all_event_classes
from eps_contracts.examples import example_of
from eps_contracts.paths import SCHEMAS_DIR

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
EXPORT_HINT = "run `make docs` (python -m eps_contracts.schemas export)"


def schema_of(cls: type[DomainEvent]) -> dict[str, Any]:
    """The JSON Schema of ``cls`` as published: pydantic's, with dialect and an example."""
    schema = cls.model_json_schema()
    schema["$schema"] = JSON_SCHEMA_DIALECT
    schema["examples"] = [example_of(cls).model_dump(mode="json")]
    return schema


def render(schema: dict[str, Any]) -> str:
    """Stable text of a schema: sorted keys, 2-space indent, trailing newline."""
    return json.dumps(schema, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def schema_file(directory: Path, ce_type: str) -> Path:
    return directory / f"{ce_type}.json"


def compatibility_problems(directory: Path = SCHEMAS_DIR) -> list[str]:
    """Why the current models could break consumers of the committed schemas.

    Covers: breaking changes to a committed schema, a committed schema whose event type no
    longer exists (removing a type is breaking), and a model with no committed schema.
    """
    current = {cls.ce_type(): schema_of(cls) for cls in all_event_classes()}
    problems: list[str] = []
    for path in sorted(directory.glob("*.json")):
        ce_type = path.stem
        if ce_type not in current:
            problems.append(f"{ce_type}: committed schema has no model (removing a type breaks)")
            continue
        committed = json.loads(path.read_text(encoding="utf-8"))
        for change in breaking_changes(committed, current[ce_type]):
            problems.append(f"{ce_type}: {change}")
    for ce_type in sorted(current):
        if not schema_file(directory, ce_type).exists():
            problems.append(f"{ce_type}: no committed schema; {EXPORT_HINT}")
    return problems


def stale_files(directory: Path = SCHEMAS_DIR) -> list[str]:
    """Committed schema files whose text differs from what ``export`` would write."""
    stale: list[str] = []
    for cls in all_event_classes():
        path = schema_file(directory, cls.ce_type())
        if path.exists() and path.read_text(encoding="utf-8") != render(schema_of(cls)):
            stale.append(f"{path.name}: out of date; {EXPORT_HINT}")
    return stale


def export(directory: Path = SCHEMAS_DIR, *, allow_breaking: bool = False) -> list[str]:
    """Write every event's schema; returns the breaking problems that stopped it, if any.

    Nothing is written while a committed schema would change incompatibly, unless
    ``allow_breaking``. Files of removed event types are never deleted here: that is a
    deliberate, reviewed act.
    """
    blocking = [p for p in compatibility_problems(directory) if not p.endswith(EXPORT_HINT)]
    if blocking and not allow_breaking:
        return blocking
    directory.mkdir(parents=True, exist_ok=True)
    for cls in all_event_classes():
        path = schema_file(directory, cls.ce_type())
        text = render(schema_of(cls))
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    return []


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eps_contracts.schemas")
    parser.add_argument("command", choices=["export", "check"])
    parser.add_argument("--dir", type=Path, default=SCHEMAS_DIR)
    parser.add_argument("--allow-breaking", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "export":
        problems = export(args.dir, allow_breaking=args.allow_breaking)
        if problems:
            problems.append("breaking: publish a new .vN event type instead of editing this one")
    else:
        problems = compatibility_problems(args.dir) + stale_files(args.dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
