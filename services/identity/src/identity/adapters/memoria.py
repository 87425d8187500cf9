"""In-memory fake of the affiliates read model, for tests of the HTTP layer."""

from identity.domain.registro import AfiliadoValidable, Documento


class AfiliadosValidablesEnMemoria:
    """Fake for tests of the HTTP layer."""

    def __init__(self, *afiliados: AfiliadoValidable) -> None:
        self.afiliados = {a.documento: a for a in afiliados}

    async def por_documento(self, documento: Documento) -> AfiliadoValidable | None:
        return self.afiliados.get(documento)
