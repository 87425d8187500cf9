"""What goes wrong with reference data: a malformed file, or a question it has no answer for."""


class DatosReferenciaInvalidos(ValueError):
    """A shipped reference file breaks its format or an invariant; raised at start, never later.

    The message names the file and, when one line is at fault, its line number (the header is
    line 1), so whoever edited the file can go straight to it.
    """

    def __init__(self, archivo: str, mensaje: str, linea: int | None = None) -> None:
        donde = archivo if linea is None else f"{archivo}, línea {linea}"
        super().__init__(f"{donde}: {mensaje}")
        self.archivo = archivo
        self.linea = linea
        self.mensaje = mensaje


class SinTablaUPCAdicionalVigente(LookupError):
    """No UPC adicional table was in force on the date asked (it is before the oldest one)."""


class AnioSinSalarioMinimo(LookupError):
    """The SMLMV of the year asked is not in the reference data."""
