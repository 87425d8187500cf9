"""Per-client and per-document rate limits of the registration endpoints (429 in Spanish)."""

from identity.application.errores import DemasiadasSolicitudes
from identity.bootstrap import Aplicacion
from identity.domain.cuentas import clave_documento
from identity.domain.registro import Documento


async def limitar(aplicacion: Aplicacion, paso: str, documento: Documento, ip: str | None) -> None:
    """Takes one token of the client's bucket and one of the document's for ``paso``, or
    raises DemasiadasSolicitudes with the seconds to wait."""
    ahora = aplicacion.reloj()
    doc = clave_documento(aplicacion.secreto, documento.tipo.value, documento.numero)
    for clave, cubeta in (
        (f"{paso}:ip:{ip or 'desconocida'}", aplicacion.limites.por_ip),
        (f"{paso}:doc:{doc}", aplicacion.limites.por_documento),
    ):
        espera = await aplicacion.limitador.tomar(clave, cubeta, ahora)
        if espera is not None:
            raise DemasiadasSolicitudes(espera)


async def limitar_cliente(aplicacion: Aplicacion, paso: str, ip: str | None) -> None:
    """One token of the client's bucket for logins (larger: many people share a NAT)."""
    clave = f"{paso}:ip:{ip or 'desconocida'}"
    espera = await aplicacion.limitador.tomar(
        clave, aplicacion.limites.sesiones_por_ip, aplicacion.reloj()
    )
    if espera is not None:
        raise DemasiadasSolicitudes(espera)
