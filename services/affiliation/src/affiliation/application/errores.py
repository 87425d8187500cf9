"""Refusals that come from the state of the system rather than from the domain rules."""

from uuid import UUID

from eps_runtime.errores import ConflictoDeEstado, NoEncontrado


class AfiliadoNoEncontrado(NoEncontrado):
    codigo = "afiliado-no-encontrado"

    def __init__(self, afiliado_id: UUID | None) -> None:
        super().__init__("No existe un afiliado con ese identificador.")
        self.afiliado_id = afiliado_id


class DocumentoYaRegistrado(ConflictoDeEstado):
    """Another affiliate holds the document (the message names no one: personal data)."""

    codigo = "documento-ya-registrado"

    def __init__(self) -> None:
        super().__init__("Ya existe un afiliado con ese documento.")


class EmpleadorNoEncontrado(NoEncontrado):
    codigo = "empleador-no-encontrado"

    def __init__(self, empleador_id: UUID) -> None:
        super().__init__("No existe un empleador con ese identificador.")
        self.empleador_id = empleador_id


class EmpleadorYaRegistrado(ConflictoDeEstado):
    codigo = "empleador-ya-registrado"

    def __init__(self) -> None:
        super().__init__("Ya existe un empleador con ese documento.")
