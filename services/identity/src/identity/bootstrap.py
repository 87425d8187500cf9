"""Wires identity's use cases to PostgreSQL, the signing key and the clock (or to fakes)."""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncEngine

from eps_runtime.antiautomatizacion import (
    CaptchaDesarrollo,
    Cubeta,
    LimitadorEnMemoria,
    LimitadorTasa,
    VerificadorCaptcha,
)
from eps_runtime.auth import AuthSettings
from eps_runtime.captcha_proveedor import verificador_captcha
from eps_runtime.enlaces import EnlacesSettings
from eps_runtime.limites_sql import LimitadorSql
from eps_runtime.memoria import EventosEnMemoria
from identity.adapters.consulta_afiliados import AfiliadosValidablesSql
from identity.adapters.contrasenas import ContrasenasArgon2, contrasenas_comunes
from identity.adapters.cuentas_sql import EstadoRegistroSql
from identity.adapters.empleadores_conocidos import EmpleadoresConocidosSql
from identity.adapters.empleadores_sql import AdministracionEmpleadoresSql
from identity.adapters.firma import FirmaTokens
from identity.adapters.memoria import (
    ContrasenasEnMemoria,
    DatosIdentidad,
    EmpleadoresConocidosEnMemoria,
    EstadoRegistroDeDatos,
    EstadoRegistroEnMemoria,
    UnidadDeTrabajoIdentidadEnMemoria,
)
from identity.adapters.secretos_totp import CifradoTotp
from identity.adapters.unidad_de_trabajo import UnidadDeTrabajoIdentidad
from identity.application.credenciales import PermisosDelegado, ServicioCredenciales
from identity.application.cuentas_empleador import (
    FichaDelegado,
    ServicioCuentasEmpleador,
    UsarActivacion,
)
from identity.application.empleadores import (
    Activacion,
    ConfigActivacion,
    DelegadoConPerfil,
    ServicioEmpleadores,
)
from identity.application.handlers import HANDLERS, Dependencias
from identity.application.puertos import BuscarEmpleadores, NuevaUnidad
from identity.application.registro_cuentas import Reloj, ServicioRegistro
from identity.application.validacion import AfiliadosValidables
from identity.domain.cuentas import ahora_utc
from identity.settings import (
    CLAVE_FIRMA_DESARROLLO,
    CLAVE_TOTP_DESARROLLO,
    EmpleadoresSettings,
    IdentitySettings,
)

CLAVE_ENLACES_PRUEBA = "ZmFrZS1jbGF2ZS1kZS1lbmxhY2VzLXBydWViYS0zMmI="


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
    empleadores_conocidos: BuscarEmpleadores
    limites: Limites = field(default_factory=Limites)

    async def ejecutar(self, comando: Any) -> Any:
        """Runs ``comando`` with its handler (``application.handlers.HANDLERS``)."""
        handler = HANDLERS[type(comando)]
        return await handler(
            comando, Dependencias(self.registro, self.credenciales, self.cuentas_empleador)
        )


def servicio_empleadores(
    engine: AsyncEngine, reloj: Callable[[], datetime] | None = None
) -> ServicioEmpleadores:
    """The employer administration over ``engine``, configured by ``IDENTITY_EMPLEADORES_*``."""
    ajustes = EmpleadoresSettings()
    config = ConfigActivacion(
        url_activacion=ajustes.url_activacion,
        vigencia=timedelta(hours=ajustes.vigencia_enlace_horas),
        clave_enlaces=EnlacesSettings().clave,
    )
    fuente = AdministracionEmpleadoresSql(engine)
    if reloj is None:
        return ServicioEmpleadores(fuente, config)
    return ServicioEmpleadores(fuente, config, reloj)


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
    links), shared with the employer routes. The CAPTCHA is the one ``IDENTITY_CAPTCHA_*``
    name; a development one outside development stops the start (``CaptchaMalConfigurado``)."""
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
        captcha=verificador_captcha(settings, settings.entorno),
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


async def _sin_delegados(empleador_id: UUID, delegado_id: UUID) -> frozenset[str]:
    return frozenset()


async def _sin_activaciones(token: str) -> Activacion | None:
    return None


async def _sin_ficha(empleador_id: UUID, delegado_id: UUID) -> DelegadoConPerfil:
    raise LookupError("bootstrap_en_memoria: no hay delegados")


def bootstrap_en_memoria(
    datos: DatosIdentidad,
    eventos: EventosEnMemoria,
    *,
    reloj: Reloj = ahora_utc,
    firma: FirmaTokens | None = None,
    empleadores: EmpleadoresConocidosEnMemoria | None = None,
    permisos_delegado: PermisosDelegado = _sin_delegados,
    usar_activacion: UsarActivacion = _sin_activaciones,
    ficha_delegado: FichaDelegado = _sin_ficha,
    secreto: str = "secreto-de-prueba",
    portal_url: str = "https://portal.prueba",
    clave_enlaces: str = CLAVE_ENLACES_PRUEBA,
    clave_totp: str = CLAVE_TOTP_DESARROLLO,
) -> Aplicacion:
    """The same use cases over fakes (``adapters.memoria``): ``datos`` are the state tables
    (with the affiliates read model in ``datos.afiliados``), ``eventos`` the committed
    streams; no database, no Kafka, no argon2id cost. For unit tests of the handlers."""
    unidad: NuevaUnidad = lambda: UnidadDeTrabajoIdentidadEnMemoria(datos, eventos)  # noqa: E731
    contrasenas = ContrasenasEnMemoria()
    firma = firma or FirmaTokens()
    conocidos = empleadores or EmpleadoresConocidosEnMemoria()
    comunes = contrasenas_comunes()
    return Aplicacion(
        afiliados=datos.afiliados,
        registro=ServicioRegistro(
            unidad,
            datos.afiliados,
            reloj=reloj,
            secreto=secreto,
            portal_url=portal_url,
            clave_enlaces=clave_enlaces,
            estado=EstadoRegistroDeDatos(datos),
        ),
        credenciales=ServicioCredenciales(
            unidad,
            reloj=reloj,
            firma=firma,
            contrasenas=contrasenas,
            comunes=comunes,
            secreto=secreto,
            portal_url=portal_url,
            clave_enlaces=clave_enlaces,
            vigencia_acceso=timedelta(minutes=15),
            vigencia_sesion=timedelta(hours=8),
            cifrado_totp=CifradoTotp(clave_totp),
            permisos_delegado=permisos_delegado,
        ),
        cuentas_empleador=ServicioCuentasEmpleador(
            unidad,
            reloj=reloj,
            contrasenas=contrasenas,
            comunes=comunes,
            portal_url=portal_url,
            clave_enlaces=clave_enlaces,
            buscar_empleador=conocidos.por_documento,
            usar_activacion=usar_activacion,
            ficha_delegado=ficha_delegado,
        ),
        empleadores_conocidos=conocidos,
        firma=firma,
        captcha=CaptchaDesarrollo("no-soy-un-robot"),
        limitador=LimitadorEnMemoria(),
        reloj=reloj,
        secreto=secreto,
    )
