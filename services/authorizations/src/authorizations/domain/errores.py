"""The refusals of the authorizations domain, with the manual's meaning, in Spanish."""

from eps_runtime.errores import ConflictoDeEstado, DatosInvalidos, NoDisponible, NoEncontrado

MENSAJE_RUTA_MIPRES = (
    "Por este medio no se tramitan solicitudes NO PBS (servicios fuera del Plan de "
    "Beneficios en Salud). Estas solicitudes se tramitan por la ruta MIPRES: su médico "
    "tratante las formula en MIPRES y la EPS las autoriza sin que usted radique nada aquí."
)


class SolicitudNoPBS(DatosInvalidos):
    codigo = "solicitud-no-pbs"
    campo = "plan"

    def __init__(self) -> None:
        super().__init__(MENSAJE_RUTA_MIPRES, ruta="MIPRES")


class DerechoNoActivo(ConflictoDeEstado):
    """The affiliate's right is not ACTIVO (suspended, retired) or he is in arrears."""

    codigo = "derecho-no-activo"


class DerechoDesconocido(ConflictoDeEstado):
    codigo = "derecho-desconocido"

    def __init__(self) -> None:
        super().__init__(
            "Aún no tenemos la información de su afiliación para tramitar la solicitud. "
            "Intente de nuevo en unos minutos o comuníquese con la línea 018000 938777."
        )


class PlanNoContratado(DatosInvalidos):
    codigo = "plan-no-contratado"
    campo = "plan"

    def __init__(self) -> None:
        super().__init__(
            "El afiliado no tiene activo el plan complementario (PAC) seleccionado. "
            "Seleccione PBS o uno de sus planes activos."
        )


class TerminosNoAceptados(DatosInvalidos):
    codigo = "terminos-no-aceptados"
    campo = "acepta_terminos"

    def __init__(self) -> None:
        super().__init__(
            "Debe leer la notificación juramentada y aceptar los términos para radicar la "
            "solicitud."
        )


class DocumentosVencidos(DatosInvalidos):
    codigo = "documentos-vencidos"
    campo = "fecha_documentos"


class SoportesIncompletos(DatosInvalidos):
    codigo = "soportes-incompletos"
    campo = "soportes"


class ObservacionesDemasiadoLargas(DatosInvalidos):
    codigo = "observaciones-demasiado-largas"
    campo = "observaciones"

    def __init__(self) -> None:
        super().__init__("Las observaciones pueden tener máximo 300 caracteres.")


class PresolicitudYaGestionada(ConflictoDeEstado):
    codigo = "presolicitud-ya-gestionada"

    def __init__(self) -> None:
        super().__init__("Esta presolicitud ya fue gestionada; no admite otra decisión.")


class PresolicitudNoTomada(ConflictoDeEstado):
    codigo = "presolicitud-no-tomada"

    def __init__(self) -> None:
        super().__init__("Tome la presolicitud (En proceso) antes de decidirla.")


class DecisionNoValida(DatosInvalidos):
    codigo = "decision-no-valida"
    campo = "servicios"


class ServicioNoCatalogado(DatosInvalidos):
    codigo = "cups-desconocido"
    campo = "cups_codigo"

    def __init__(self) -> None:
        super().__init__("El código CUPS no está en el catálogo de servicios autorizables.")


class OPSNoModificable(ConflictoDeEstado):
    codigo = "ops-no-modificable"


class PresolicitudNoEncontrada(NoEncontrado):
    codigo = "presolicitud-no-encontrada"

    def __init__(self) -> None:
        super().__init__("No encontramos la presolicitud.")


class OPSNoEncontrada(NoEncontrado):
    codigo = "ops-no-encontrada"

    def __init__(self) -> None:
        super().__init__("No encontramos la autorización (OPS).")


class TablaCuotasNoDisponible(ConflictoDeEstado):
    codigo = "tabla-cuotas-no-disponible"

    def __init__(self, anio: int) -> None:
        super().__init__(
            f"No hay tabla de cuotas moderadoras y copagos para {anio}; no se puede autorizar.",
            anio=anio,
        )


class OPSNoDescargable(ConflictoDeEstado):
    codigo = "ops-no-descargable"

    def __init__(self) -> None:
        super().__init__(
            "La OPS se puede descargar cuando esté ENTREGADA (pagada, o sin valor a pagar)."
        )


class MIPRESNoDisponible(NoDisponible):
    codigo = "mipres-no-disponible"

    def __init__(self, causa: str) -> None:
        super().__init__("MIPRES no responde o respondió algo inesperado.", causa=causa)
