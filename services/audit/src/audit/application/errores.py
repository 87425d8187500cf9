"""Refusals of the auditor's queries."""

from eps_runtime.errores import DatosInvalidos


class CursorNoValido(DatosInvalidos):
    codigo = "cursor-no-valido"
    campo = "cursor"

    def __init__(self) -> None:
        super().__init__("El cursor de la página no es válido. Vuelva a la primera página.")


class RangoNoValido(DatosInvalidos):
    codigo = "rango-no-valido"
    campo = "desde"

    def __init__(self) -> None:
        super().__init__("La fecha inicial debe ser anterior a la fecha final.")
