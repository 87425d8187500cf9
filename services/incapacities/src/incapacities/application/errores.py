"""Application refusals."""

from eps_runtime.errores import NoEncontrado, Prohibido


class CotizanteNoEncontrado(NoEncontrado):
    codigo = "afiliado-no-encontrado"
    campo = "cotizante_id"


class NoPuedeRadicar(Prohibido):
    codigo = "sin-permiso"


MENSAJE_COTIZANTE = (
    "No existe un cotizante con ese identificador entre los trabajadores que usted puede gestionar."
)
