"""The problems (RFC 9457, Spanish) the account use cases raise; ``service_app`` maps them."""

from datetime import datetime

from eps_runtime.http import Problem
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


class CaptchaInvalido(Problem):
    status = 400
    code = "captcha-invalido"
    title = "Verificación «No soy un robot» requerida"

    def __init__(self) -> None:
        super().__init__(MENSAJE_CAPTCHA)


class DemasiadasSolicitudes(Problem):
    status = 429
    code = "demasiadas-solicitudes"
    title = "Demasiadas solicitudes"

    def __init__(self, segundos: int, detalle: str = MENSAJE_DEMASIADAS_SOLICITUDES) -> None:
        super().__init__(detalle, headers={"Retry-After": str(segundos)}, reintentar_en=segundos)


class YaRegistrado(Problem):
    status = 409
    code = "ya-registrado"
    title = "Ya registrado"

    def __init__(self) -> None:
        super().__init__(YA_REGISTRADO)


class DocumentoBloqueado(Problem):
    status = 409
    code = "documento-bloqueado"
    title = "Documento bloqueado temporalmente"

    def __init__(self, hasta: datetime) -> None:
        super().__init__(DOCUMENTO_BLOQUEADO, bloqueado_hasta=hasta.isoformat())


class MenorDeEdad(Problem):
    status = 409
    code = "menor-de-edad"
    title = "Menor de edad"

    def __init__(self) -> None:
        super().__init__(MENOR_DE_EDAD)


class RespuestasIncorrectas(Problem):
    status = 400
    code = "respuestas-incorrectas"
    title = "Respuestas incorrectas"

    def __init__(self, restantes: int) -> None:
        super().__init__(advertencia_intentos(restantes), intentos_restantes=restantes)


class PreguntasVencidas(Problem):
    status = 400
    code = "preguntas-vencidas"
    title = "Preguntas vencidas"

    def __init__(self) -> None:
        super().__init__(MENSAJE_PREGUNTAS_VENCIDAS)


class TiqueteInvalido(Problem):
    status = 400
    code = "validacion-vencida"
    title = "Validación vencida"

    def __init__(self) -> None:
        super().__init__(MENSAJE_TIQUETE_INVALIDO)


class EnlaceInvalido(Problem):
    status = 400
    code = "enlace-invalido"
    title = "Enlace no válido"


class ContrasenaRechazada(Problem):
    status = 422
    code = "contrasena-invalida"
    title = "Contraseña no válida"


class CredencialesInvalidas(Problem):
    status = 401
    code = "credenciales-invalidas"
    title = "No autenticado"

    def __init__(self, detalle: str = MENSAJE_CREDENCIALES, *, code: str | None = None) -> None:
        super().__init__(detalle, code=code)


class SesionInvalida(Problem):
    status = 401
    code = "sesion-invalida"
    title = "Sesión no válida"

    def __init__(self) -> None:
        super().__init__(MENSAJE_SESION_INVALIDA)


class CodigoTotpInvalido(Problem):
    status = 400
    code = "codigo-totp-invalido"
    title = "Código de verificación incorrecto"

    def __init__(self) -> None:
        super().__init__(
            "El código de verificación no es correcto o ya fue usado. Escriba el código que "
            "muestra ahora su aplicación autenticadora."
        )


class TotpYaActivo(Problem):
    status = 409
    code = "totp-ya-activo"
    title = "Segundo factor ya activo"

    def __init__(self) -> None:
        super().__init__("Su cuenta ya tiene activo el segundo factor de autenticación.")


class TotpObligatorio(Problem):
    status = 409
    code = "totp-obligatorio"
    title = "Segundo factor obligatorio"

    def __init__(self) -> None:
        super().__init__("Los operadores no pueden desactivar el segundo factor.")


class AfiliacionRetiradaIngreso(Problem):
    """The affiliate's affiliation is RETIRADO: no login, no refresh. Told only to whoever
    gave the right password (the others get ``CredencialesInvalidas``)."""

    status = 403
    code = "afiliacion-retirada"
    title = "Afiliación retirada"

    def __init__(self) -> None:
        super().__init__(MENSAJE_AFILIACION_RETIRADA_INGRESO)
