"""The one place where identity's exception types become HTTP statuses (RFC 9457).

Every refusal is an ``eps_runtime.errores`` category (not found → 404, state conflict → 409,
not authenticated → 401, throttled → 429, rule or format → 422); this table names only the
types whose status is not their category's: registration's and the links' refusals have
answered 400 since the API's first version (the portal and the e-mails' pages rely on it).
"""

from collections.abc import Mapping

from eps_runtime.errores import ErrorDeDominio
from identity.application.errores import (
    CaptchaInvalido,
    CodigoTotpInvalido,
    EnlaceInvalido,
    PreguntasVencidas,
    RespuestasIncorrectas,
    SesionRegistroInvalida,
    TiqueteInvalido,
)

ESTADOS_HTTP: Mapping[type[ErrorDeDominio], int] = {
    CaptchaInvalido: 400,
    RespuestasIncorrectas: 400,
    PreguntasVencidas: 400,
    TiqueteInvalido: 400,
    EnlaceInvalido: 400,
    CodigoTotpInvalido: 400,
    SesionRegistroInvalida: 400,
}
