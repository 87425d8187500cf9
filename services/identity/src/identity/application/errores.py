"""The refusals (Spanish) of the account use cases, as ``eps_runtime.errores`` categories.

Nothing about HTTP here: ``entrypoints/errores.py`` gives the statuses that are not their
category's (the 400s of registration and links), once, for ``service_app``.
"""

from datetime import datetime
from typing import Any

from eps_runtime import errores
from identity.domain.cuentas import (
    DOCUMENTO_BLOQUEADO,
    MENOR_DE_EDAD,
    YA_REGISTRADO,
    advertencia_intentos,
)
from identity.domain.registro import LINEA_ATENCION

MENSAJE_DEMASIADAS_SOLICITUDES = (
    "Recibimos demasiadas solicitudes desde su conexión o para este documento. Espere un "
    "momento e inténtelo de nuevo."
)
MENSAJE_CAPTCHA = "Marque la casilla «No soy un robot» e inténtelo de nuevo."
MENSAJE_PREGUNTAS_VENCIDAS = (
    "Las preguntas de seguridad vencieron o ya fueron respondidas. Vuelve a solicitarlas."
)
MENSAJE_TIQUETE_INVALIDO = (
    "La validación de tus respuestas venció o ya fue usada. Vuelve a iniciar el registro."
)
MENSAJE_ENLACE_NO_VALIDO = (
    "El enlace no es válido. Copie el enlace completo del correo o solicite uno nuevo."
)
MENSAJE_ENLACE_USADO = "El enlace ya fue usado. Si necesita otro, solicite uno nuevo."
MENSAJE_ENLACE_VENCIDO = "El enlace venció. Solicite uno nuevo desde «Olvidé mi contraseña»."
MENSAJE_CREDENCIALES = "El tipo o número de documento o la contraseña no son correctos."
MENSAJE_SEGUNDO_FACTOR = "Ingrese el código de verificación de su aplicación autenticadora."
MENSAJE_SESION_INVALIDA = "La sesión no es válida o ya terminó; inicie sesión de nuevo."
MENSAJE_AFILIACION_RETIRADA_INGRESO = (
    "La afiliación a la EPS asociada a este tipo y número de identificación se encuentra "
    "retirada, por lo que no es posible ingresar a la Oficina Virtual. Para mayor "
    f"información comuníquese con la línea de atención al cliente {LINEA_ATENCION}"
)
MENSAJE_DEMASIADOS_INTENTOS = (
    "Hubo varios intentos fallidos de ingreso. Por seguridad, espere unos segundos antes de "
    "intentarlo de nuevo."
)


class CaptchaInvalido(errores.DatosInvalidos):
    codigo = "captcha-invalido"
    titulo = "Verificación «No soy un robot» requerida"

    def __init__(self) -> None:
        super().__init__(MENSAJE_CAPTCHA)


MENSAJE_SESION_REGISTRO = (
    "Su sesión de registro venció o no corresponde al documento. Valide de nuevo su documento "
    "en el primer paso."
)


class SesionRegistroInvalida(errores.DatosInvalidos):
    """A registration step after the first without a valid ``sesion_registro`` for the
    document (never passed step 1, another document's session, or expired)."""

    codigo = "sesion-registro-invalida"
    titulo = "Sesión de registro inválida"

    def __init__(self) -> None:
        super().__init__(MENSAJE_SESION_REGISTRO)


class DemasiadasSolicitudes(errores.DemasiadasSolicitudes):
    codigo = "demasiadas-solicitudes"
    titulo = "Demasiadas solicitudes"

    def __init__(self, segundos: int, detalle: str = MENSAJE_DEMASIADAS_SOLICITUDES) -> None:
        super().__init__(detalle, reintentar_en_s=segundos, reintentar_en=segundos)


class YaRegistrado(errores.ConflictoDeEstado):
    codigo = "ya-registrado"
    titulo = "Ya registrado"

    def __init__(self) -> None:
        super().__init__(YA_REGISTRADO)


class DocumentoBloqueado(errores.ConflictoDeEstado):
    codigo = "documento-bloqueado"
    titulo = "Documento bloqueado temporalmente"

    def __init__(self, hasta: datetime) -> None:
        super().__init__(DOCUMENTO_BLOQUEADO, bloqueado_hasta=hasta.isoformat())


class MenorDeEdad(errores.ConflictoDeEstado):
    codigo = "menor-de-edad"
    titulo = "Menor de edad"

    def __init__(self) -> None:
        super().__init__(MENOR_DE_EDAD)


class RespuestasIncorrectas(errores.DatosInvalidos):
    codigo = "respuestas-incorrectas"
    titulo = "Respuestas incorrectas"

    def __init__(self, restantes: int) -> None:
        super().__init__(advertencia_intentos(restantes), intentos_restantes=restantes)


class PreguntasVencidas(errores.DatosInvalidos):
    codigo = "preguntas-vencidas"
    titulo = "Preguntas vencidas"

    def __init__(self) -> None:
        super().__init__(MENSAJE_PREGUNTAS_VENCIDAS)


class TiqueteInvalido(errores.DatosInvalidos):
    codigo = "validacion-vencida"
    titulo = "Validación vencida"

    def __init__(self) -> None:
        super().__init__(MENSAJE_TIQUETE_INVALIDO)


class EnlaceInvalido(errores.DatosInvalidos):
    codigo = "enlace-invalido"
    titulo = "Enlace no válido"

    def __init__(self, detalle: str, *, code: str | None = None, **detalles: Any) -> None:
        super().__init__(detalle, **detalles)
        if code is not None:
            self.codigo = code  # type: ignore[misc]


class ContrasenaRechazada(errores.DatosInvalidos):
    codigo = "contrasena-invalida"
    titulo = "Contraseña no válida"


class CredencialesInvalidas(errores.NoAutenticado):
    codigo = "credenciales-invalidas"
    titulo = "No autenticado"

    def __init__(self, detalle: str = MENSAJE_CREDENCIALES, *, code: str | None = None) -> None:
        super().__init__(detalle, codigo=code)


class SesionInvalida(errores.NoAutenticado):
    codigo = "sesion-invalida"
    titulo = "Sesión no válida"

    def __init__(self) -> None:
        super().__init__(MENSAJE_SESION_INVALIDA)


class CodigoTotpInvalido(errores.DatosInvalidos):
    codigo = "codigo-totp-invalido"
    titulo = "Código de verificación incorrecto"

    def __init__(self) -> None:
        super().__init__(
            "El código de verificación no es correcto o ya fue usado. Escriba el código que "
            "muestra ahora su aplicación autenticadora."
        )


class TotpYaActivo(errores.ConflictoDeEstado):
    codigo = "totp-ya-activo"
    titulo = "Segundo factor ya activo"

    def __init__(self) -> None:
        super().__init__("Su cuenta ya tiene activo el segundo factor de autenticación.")


class TotpObligatorio(errores.ConflictoDeEstado):
    codigo = "totp-obligatorio"
    titulo = "Segundo factor obligatorio"

    def __init__(self) -> None:
        super().__init__("Los operadores no pueden desactivar el segundo factor.")


class AfiliacionRetiradaIngreso(errores.Prohibido):
    """The affiliate's affiliation is RETIRADO: no login, no refresh. Told only to whoever
    gave the right password (the others get ``CredencialesInvalidas``)."""

    codigo = "afiliacion-retirada"
    titulo = "Afiliación retirada"

    def __init__(self) -> None:
        super().__init__(MENSAJE_AFILIACION_RETIRADA_INGRESO)
