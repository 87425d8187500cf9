"""``python -m eps_contracts``: regenerate every committed artifact (what `make docs` runs).

Exports the JSON Schemas (refusing breaking changes), then the AsyncAPI documents and
``docs/events.md``. Exit status 1, with the reasons on stderr, when the export refused.
"""

import sys

from eps_contracts import asyncapi, eventsdoc, schemas


def main() -> int:
    status = schemas.main(["export"])
    if status != 0:
        return status
    return asyncapi.main([]) or eventsdoc.main([])


if __name__ == "__main__":
    sys.exit(main())
