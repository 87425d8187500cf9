"""The refusals of the billing domain, with the messages an affiliate can act on."""

from eps_runtime.errores import ConflictoDeEstado, DatosInvalidos, NoEncontrado


class ObligacionNoEncontrada(NoEncontrado):
    codigo = "obligacion-no-encontrada"

    def __init__(self) -> None:
        super().__init__("No encontramos esa orden por pagar.")


class ObligacionYaPagada(ConflictoDeEstado):
    codigo = "obligacion-ya-pagada"

    def __init__(self) -> None:
        super().__init__("Esta orden ya fue pagada: no se puede pagar de nuevo.")


class ObligacionAnuladaError(ConflictoDeEstado):
    codigo = "obligacion-anulada"

    def __init__(self) -> None:
        super().__init__("Esta orden ya no tiene valor por pagar (fue anulada o venció).")


class PagoEnProceso(ConflictoDeEstado):
    """Only one transaction may be pending per obligation: the no-double-charge rule."""

    codigo = "pago-en-proceso"

    def __init__(self) -> None:
        super().__init__(
            "Ya hay un pago en proceso para esta orden. Espere su resultado antes de "
            "intentarlo de nuevo."
        )


class TransaccionNoEncontrada(NoEncontrado):
    codigo = "transaccion-no-encontrada"

    def __init__(self) -> None:
        super().__init__("No encontramos esa transacción.")


class ValorNoCoincide(DatosInvalidos):
    """A gateway notification whose amount is not the transaction's: tampered or wrong."""

    codigo = "valor-no-coincide"

    def __init__(self) -> None:
        super().__init__("El valor notificado no coincide con el valor de la transacción.")


class BancoRequerido(DatosInvalidos):
    codigo = "banco-requerido"
    campo = "banco"

    def __init__(self) -> None:
        super().__init__("Seleccione el banco con el que va a pagar por PSE.")
