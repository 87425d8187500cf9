"""Registration step 1: validate a document against the affiliates read model."""

from typing import Protocol

from identity.domain.registro import (
    AfiliacionRetirada,
    AfiliadoValidable,
    Documento,
    DocumentoNoRegistrado,
)


class AfiliadosValidables(Protocol):
    """The read model of affiliates that identity keeps from affiliation's events."""

    async def por_documento(self, documento: Documento) -> AfiliadoValidable | None: ...


async def validar_documento(
    documento: Documento, afiliados: AfiliadosValidables
) -> AfiliadoValidable:
    """The affiliate holding ``documento``, who may go on registering.

    Raises ``DocumentoNoRegistrado`` if no affiliate holds it, ``AfiliacionRetirada`` if its
    affiliation is RETIRADO. A SUSPENDIDO affiliate may register (see ``domain.registro``).
    """
    afiliado = await afiliados.por_documento(documento)
    if afiliado is None:
        raise DocumentoNoRegistrado()
    if not afiliado.puede_registrarse:
        raise AfiliacionRetirada()
    return afiliado
