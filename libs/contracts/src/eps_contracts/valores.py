"""Value types several services share, with their rules in one place."""

from __future__ import annotations

from dataclasses import dataclass

from eps_contracts.types import TipoDocumento, validar_numero_documento


@dataclass(frozen=True)
class Documento:
    """An identity document (Decreto 780 de 2016 types): the pair identifies a person.

    Personal data: never log it or put it in a message, a key or a header.
    """

    tipo: TipoDocumento
    numero: str

    @classmethod
    def validado(cls, tipo: TipoDocumento | str, numero: str) -> Documento:
        """The document, or ``ValueError`` (Spanish) when the number does not fit the type
        (``validar_numero_documento``)."""
        tipo = TipoDocumento(tipo)
        return cls(tipo, validar_numero_documento(tipo, numero))
