"""Application refusals: the gateway is unreachable."""

from eps_runtime.errores import DatosInvalidos, NoAutenticado, NoDisponible


class PasarelaNoDisponible(NoDisponible):
    codigo = "pasarela-no-disponible"

    def __init__(self) -> None:
        super().__init__(
            "El servicio de pagos no está disponible en este momento. No se realizó ningún "
            "cobro; intente de nuevo en unos minutos."
        )


class FirmaInvalida(NoAutenticado):
    codigo = "firma-invalida"

    def __init__(self) -> None:
        super().__init__("La notificación no tiene una firma válida de la pasarela de pagos.")


class NotificacionInvalida(DatosInvalidos):
    codigo = "notificacion-invalida"

    def __init__(self) -> None:
        super().__init__("La notificación de la pasarela no tiene el formato esperado.")
