"""Whose history an archived event belongs to, and the access records in it."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from audit.domain.cadena import Registro
from eps_contracts.events.audit import es_consulta_de_datos

AGREGADO_AFILIADO = "Afiliado"


def leer_datos(registro: Registro) -> dict[str, Any] | None:
    """The payload as JSON, or ``None`` when it is not a JSON object (kept as bytes anyway)."""
    try:
        datos = json.loads(registro.datos)
    except (ValueError, UnicodeDecodeError):
        return None
    return datos if isinstance(datos, dict) else None


def _uuid(valor: object) -> UUID | None:
    if not isinstance(valor, str):
        return None
    try:
        return UUID(valor)
    except ValueError:
        return None


def afiliado_de(registro: Registro, datos: dict[str, Any] | None) -> UUID | None:
    """The affiliate an event is about: its ``afiliado_id`` field (an OPS, a payment, a
    PQRS of his) or, for affiliation's own ``Afiliado`` stream, its subject."""
    if datos is not None and (afiliado := _uuid(datos.get("afiliado_id"))) is not None:
        return afiliado
    if registro.aggregate_type == AGREGADO_AFILIADO:
        return registro.ce_subject
    return None


def es_consulta(registro: Registro) -> bool:
    """An access record (``DatosPersonalesConsultados``) of any service."""
    return es_consulta_de_datos(registro.ce_type)
