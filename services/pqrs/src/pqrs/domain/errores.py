"""Refusals of the PQRS rules, in Spanish, by category (eps_runtime.errores)."""

from eps_runtime.errores import ConflictoDeEstado, DatosInvalidos, NoEncontrado


class SolicitudNoEncontrada(NoEncontrado):
    """The same answer for a radicado that does not exist and for someone else's."""

    codigo = "solicitud-no-encontrada"

    def __init__(self) -> None:
        super().__init__("No encontramos una solicitud con ese número de radicado.")


class EstadoNoPermite(ConflictoDeEstado):
    codigo = "estado-no-permite"


class YaRespondida(ConflictoDeEstado):
    codigo = "solicitud-ya-respondida"

    def __init__(self) -> None:
        super().__init__("Esta solicitud ya tiene respuesta; no admite otra.")


class YaCalificada(ConflictoDeEstado):
    codigo = "respuesta-ya-calificada"

    def __init__(self) -> None:
        super().__init__("Usted ya calificó la respuesta de esta solicitud.")


class CalificacionNoDisponible(ConflictoDeEstado):
    codigo = "calificacion-no-disponible"

    def __init__(self) -> None:
        super().__init__(
            "Podrá calificar la respuesta cuando la solicitud esté en estado Finalizada."
        )


class ProrrogaNoPermitida(ConflictoDeEstado):
    codigo = "prorroga-no-permitida"


class RiesgoNoAplica(DatosInvalidos):
    codigo = "riesgo-no-aplica"
    campo = "riesgo"

    def __init__(self) -> None:
        super().__init__(
            "Solo las quejas y los reclamos por servicios de salud se clasifican por riesgo."
        )


class FechaProrrogaInvalida(DatosInvalidos):
    codigo = "fecha-prorroga-invalida"
    campo = "nueva_fecha"


class EncuestaYaRespondida(ConflictoDeEstado):
    codigo = "encuesta-ya-respondida"

    def __init__(self) -> None:
        super().__init__(
            "Usted ya respondió la encuesta de satisfacción este mes. Gracias por su opinión."
        )
