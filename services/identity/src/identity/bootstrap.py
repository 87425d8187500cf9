"""Wires identity's use cases to PostgreSQL, the signing key and the clock (or to fakes)."""

from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncEngine

from eps_runtime.auth import AuthSettings
from eps_runtime.enlaces import EnlacesSettings
from identity.adapters.antiautomatizacion import (
    CaptchaDesarrollo,
    Cubeta,
    LimitadorEnMemoria,
    LimitadorSql,
    LimitadorTasa,
    VerificadorCaptcha,
)
from identity.adapters.consulta_afiliados import AfiliadosValidablesSql
from identity.adapters.contrasenas import ContrasenasArgon2, contrasenas_comunes
from identity.adapters.cuentas_sql import EstadoRegistroSql
from identity.adapters.empleadores_conocidos import EmpleadoresConocidosSql
from identity.adapters.firma import FirmaTokens
from identity.adapters.memoria import EstadoRegistroEnMemoria
from identity.adapters.secretos_totp import CifradoTotp
from identity.adapters.unidad_de_trabajo import UnidadDeTrabajoIdentidad
from identity.application.credenciales import ServicioCredenciales
from identity.application.cuentas_empleador import ServicioCuentasEmpleador
from identity.application.empleadores import DelegadoConPerfil, ServicioEmpleadores
from identity.application.handlers import HANDLERS, Dependencias
from identity.application.puertos import NuevaUnidad
from identity.application.registro_cuentas import Reloj, ServicioRegistro
from identity.application.validacion import AfiliadosValidables
from identity.domain.cuentas import ahora_utc
from identity.settings import CLAVE_FIRMA_DESARROLLO, IdentitySettings


@dataclass(frozen=True)
class Limites:
    por_ip: Cubeta = field(default_factory=lambda: Cubeta(20, 6))
    por_documento: Cubeta = field(default_factory=lambda: Cubeta(8, 60))
    # Logins per client IP, before any password check (the progressive delays of
    # ``credenciales`` come on top): a burst of 60, then one a second.
    sesiones_por_ip: Cubeta = field(default_factory=lambda: Cubeta(60, 1))


@dataclass(frozen=True)
class Aplicacion:
    afiliados: AfiliadosValidables
    registro: ServicioRegistro
    credenciales: ServicioCredenciales
    firma: FirmaTokens
    captcha: VerificadorCaptcha
    limitador: LimitadorTasa
    reloj: Reloj
    secreto: str
    cuentas_empleador: ServicioCuentasEmpleador
    empleadores_conocidos: EmpleadoresConocidosSql
    limites: Limites = field(default_factory=Limites)

    async def ejecutar(self, comando: Any) -> Any:
        """Runs ``comando`` with its handler (``application.handlers.HANDLERS``)."""
        handler = HANDLERS[type(comando)]
        return await handler(
            comando, Dependencias(self.registro, self.credenciales, self.cuentas_empleador)
        )


def unidad_sql(engine: AsyncEngine) -> NuevaUnidad:
    """A new PostgreSQL unit of work (one transaction) each call."""
    return lambda: UnidadDeTrabajoIdentidad(engine)


def firma_desde_settings(
    settings: IdentitySettings, auth: AuthSettings | None = None
) -> FirmaTokens:
    """The key of ``IDENTITY_CLAVE_FIRMA_FILE`` (must exist), or the development key,
    created if missing (atomically: concurrent processes end up with the same one)."""
    auth = auth or AuthSettings()
    if settings.clave_firma_file is not None:
        return FirmaTokens.desde_archivo_clave(
            settings.clave_firma_file, issuer=auth.issuer, audience=auth.audience
        )
    return FirmaTokens.desde_archivo_clave(
        CLAVE_FIRMA_DESARROLLO, crear_si_falta=True, issuer=auth.issuer, audience=auth.audience
    )


def con_fakes(aplicacion: Aplicacion, afiliados: AfiliadosValidables) -> Aplicacion:
    """``aplicacion`` answering registration step 1 from ``afiliados`` with no database: no
    blocks, no accounts, rate limits in memory (tests of the HTTP layer)."""
    return replace(
        aplicacion,
        afiliados=afiliados,
        registro=aplicacion.registro.con(afiliados=afiliados, estado=EstadoRegistroEnMemoria()),
        limitador=LimitadorEnMemoria(),
    )


def bootstrap(
    engine: AsyncEngine,
    settings: IdentitySettings | None = None,
    *,
    reloj: Reloj = ahora_utc,
    firma: FirmaTokens | None = None,
    empleadores: ServicioEmpleadores,
) -> Aplicacion:
    """``empleadores``: the employer administration (delegates' permissions and activation
    links), shared with the employer routes."""
    settings = settings or IdentitySettings()
    firma = firma or firma_desde_settings(settings)
    clave_enlaces = EnlacesSettings().clave
    afiliados = AfiliadosValidablesSql(engine)
    comunes = contrasenas_comunes()
    conocidos = EmpleadoresConocidosSql(engine)
    unidad = unidad_sql(engine)
    contrasenas = ContrasenasArgon2()

    async def ficha_delegado(empleador_id: UUID, delegado_id: UUID) -> DelegadoConPerfil:
        return (await empleadores.delegado(empleador_id, delegado_id)).valor

    return Aplicacion(
        afiliados=afiliados,
        registro=ServicioRegistro(
            unidad,
            afiliados,
            reloj=reloj,
            secreto=settings.secreto,
            portal_url=settings.portal_url,
            clave_enlaces=clave_enlaces,
            estado=EstadoRegistroSql(engine),
        ),
        credenciales=ServicioCredenciales(
            unidad,
            reloj=reloj,
            firma=firma,
            contrasenas=contrasenas,
            comunes=comunes,
            secreto=settings.secreto,
            portal_url=settings.portal_url,
            clave_enlaces=clave_enlaces,
            vigencia_acceso=timedelta(minutes=settings.acceso_minutos),
            vigencia_sesion=timedelta(hours=settings.sesion_horas),
            cifrado_totp=CifradoTotp(settings.clave_totp),
            permisos_delegado=empleadores.permisos_actuales,
        ),
        cuentas_empleador=ServicioCuentasEmpleador(
            unidad,
            reloj=reloj,
            contrasenas=contrasenas,
            comunes=comunes,
            portal_url=settings.portal_url,
            clave_enlaces=clave_enlaces,
            buscar_empleador=conocidos.por_documento,
            usar_activacion=empleadores.usar_enlace_activacion,
            ficha_delegado=ficha_delegado,
        ),
        empleadores_conocidos=conocidos,
        firma=firma,
        captcha=CaptchaDesarrollo(settings.captcha_token_desarrollo),
        limitador=LimitadorSql(engine),
        reloj=reloj,
        secreto=settings.secreto,
        limites=Limites(
            por_ip=Cubeta(settings.limite_ip_rafaga, settings.limite_ip_segundos),
            por_documento=Cubeta(
                settings.limite_documento_rafaga, settings.limite_documento_segundos
            ),
        ),
    )
