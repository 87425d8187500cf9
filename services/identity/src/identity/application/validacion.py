"""Registration step 1: validate a document against the affiliates read model."""

from typing import Protocol

from identity.domain.registro import AfiliadoValidable, Documento, DocumentoNoRegistrado


class AfiliadosValidables(Protocol):
    """The read model of affiliates that identity keeps from affiliation's events."""

    async def por_documento(self, documento: Documento) -> AfiliadoValidable | None: ...


async def validar_documento(
    documento: Documento, afiliados: AfiliadosValidables
) -> AfiliadoValidable:
    """The affiliate holding ``documento``; ``DocumentoNoRegistrado`` if there is none."""
    afiliado = await afiliados.por_documento(documento)
    if afiliado is None:
        raise DocumentoNoRegistrado()
    return afiliado
