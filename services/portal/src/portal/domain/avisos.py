"""A notice that committed events changed some dashboards (heard through LISTEN/NOTIFY)."""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID


@dataclass(frozen=True)
class Aviso:
    """What a committed batch changed: affiliates (with their new versions) and the
    cotizantes whose family group changed; ``todos``: anything may have changed."""

    afiliados: Mapping[UUID, int] = field(default_factory=dict)
    cotizantes: frozenset[UUID] = frozenset()
    todos: bool = False

    def toca(self, afiliado_id: UUID) -> bool:
        """Whether the dashboard of ``afiliado_id`` may show something new."""
        return self.todos or afiliado_id in self.afiliados or afiliado_id in self.cotizantes

    @classmethod
    def desde_carga(cls, carga: str) -> "Aviso":
        datos: dict[str, Any] = json.loads(carga)
        return cls(
            afiliados={UUID(k): int(v) for k, v in datos.get("afiliados", {}).items()},
            cotizantes=frozenset(UUID(c) for c in datos.get("cotizantes", [])),
        )
