"""Schemathesis hooks of the fuzzing gate: every refusal is a Spanish RFC 9457 problem.

Loaded by ``schemathesis run`` through ``SCHEMATHESIS_HOOKS=tests.e2e.fuzz.ganchos``.
"""

from __future__ import annotations

import re
from typing import Any

import schemathesis

# Words of the frameworks' English messages ("Field required", "Not Found", "There was an
# error parsing the body", "Invalid multipart data"…) that no Spanish message of ours has.
_INGLES = re.compile(
    r"\b(the|is|invalid|field|required|must|value|found|method|allowed|body|parsing|missing"
    r"|should|input|please|unexpected|server|request)\b",
    re.IGNORECASE,
)


@schemathesis.check
def problema_en_espanol(ctx: Any, response: Any, case: Any) -> bool | None:
    """A 4xx/5xx answers ``application/problem+json`` with a stable ``code`` and a Spanish
    ``detail``."""
    if response.status_code < 400:
        return None
    tipo = response.headers.get("content-type", [""])
    tipo = tipo[0] if isinstance(tipo, list) else tipo
    if not str(tipo).startswith("application/problem+json"):
        raise AssertionError(f"{response.status_code} sin application/problem+json: {tipo!r}")
    cuerpo = response.json()
    if not isinstance(cuerpo, dict) or not cuerpo.get("code") or not cuerpo.get("detail"):
        raise AssertionError(f"{response.status_code} sin code ni detail")
    detalle = str(cuerpo["detail"])
    if _INGLES.search(detalle):
        raise AssertionError(f"{response.status_code} con un detalle en inglés: {detalle!r}")
    return True
