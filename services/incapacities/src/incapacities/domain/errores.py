"""Refusals of the incapacities domain (Spanish messages a person can act on)."""

from eps_runtime.errores import ConflictoDeEstado, DatosInvalidos, NoEncontrado


class OrigenLaboral(DatosInvalidos):
    codigo = "origen-laboral"
    campo = "contingencia"


class DiagnosticoDesconocido(DatosInvalidos):
    codigo = "diagnostico-desconocido"
    campo = "diagnostico"


class DiasNoValidos(DatosInvalidos):
    codigo = "dias-no-validos"
    campo = "dias"


class FechaNoValida(DatosInvalidos):
    codigo = "fecha-no-valida"
    campo = "fecha_inicio"


class IncapacidadSuperpuesta(ConflictoDeEstado):
    codigo = "incapacidad-superpuesta"


class EstadoNoPermite(ConflictoDeEstado):
    codigo = "estado-no-permite"


class IncapacidadNoEncontrada(NoEncontrado):
    codigo = "incapacidad-no-encontrada"


MENSAJE_NO_ENCONTRADA = "No existe una incapacidad con ese identificador."
MENSAJE_LABORAL = (
    "Las incapacidades de origen laboral (accidente de trabajo o enfermedad laboral) no se "
    "radican en la EPS: radíquela ante su Administradora de Riesgos Laborales (ARL)."
)
