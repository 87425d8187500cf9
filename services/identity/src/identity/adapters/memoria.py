"""In-memory fakes (affiliates read model, registration state), for tests of the HTTP layer."""

from datetime import datetime
from uuid import UUID

from identity.domain.registro import AfiliadoValidable, Documento


class AfiliadosValidablesEnMemoria:
    """Fake for tests of the HTTP layer."""

    def __init__(self, *afiliados: AfiliadoValidable) -> None:
        self.afiliados = {a.documento: a for a in afiliados}

    async def por_documento(self, documento: Documento) -> AfiliadoValidable | None:
        return self.afiliados.get(documento)


class EstadoRegistroEnMemoria:
    """No document blocked, nobody registered, unless a test says otherwise."""

    def __init__(self) -> None:
        self.bloqueos: dict[Documento, datetime] = {}
        self.registrados: set[UUID] = set()

    async def bloqueado_hasta(self, documento: Documento) -> datetime | None:
        return self.bloqueos.get(documento)

    async def ya_registrado(self, afiliado_id: UUID) -> bool:
        return afiliado_id in self.registrados
