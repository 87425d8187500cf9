"""Passwords and sessions (manual 2.1.3, 3, 3.1, 4.1.4), with today's practice (ASVS 2, 3).

Passwords: set with a single-use link (activation or reset; only its SHA-256 is stored),
hashed with argon2id, checked against the rules of ``domain.contrasenas``.

Sessions: ``iniciar`` returns a 15-minute EdDSA access token and an opaque refresh token
(only its SHA-256 stored) of a new family. ``renovar`` spends the refresh token and returns a
new pair; a refresh token presented a second time revokes its whole family (someone holds a
copy). ``cerrar`` revokes the family: no refresh works any more (the access token in hand
lives out its 15 minutes; services verify it offline).

Employer side: ``iniciar`` with ``rol`` EMPLEADOR or DELEGADO logs in that role's account of
one employer (a document may hold several accounts). A delegate's token carries its
permissions read at issue time (``permisos_delegado``); ``renovar`` reads them again, and a
delegate without any (deleted) is refused at login and at refresh (its session revoked).

Which account a document names: an affiliate's is found by the document his affiliate
holds NOW in the read model ``afiliados_validables`` (joined by ``afiliado_id``), so after a
document change (novedad 1) the new document logs in and the old one no longer does. An
affiliate whose affiliation is RETIRADO is refused (403 ``afiliacion-retirada``, told only
to whoever gave the right password) at login, at refresh (his session revoked) and when
changing the password.

TOTP secrets are stored encrypted (``adapters.secretos_totp``) and decrypted only to check
a code.

Who may act for whom (DESIGN §7): an affiliate's access token lists in ``representados``
his beneficiaries and adicionales (read model ``afiliados_validables``: ``cotizante_id`` is
his, not RETIRADO) who are minors at issue time, each with ``hasta``, the instant (UTC) of
midnight in Colombia starting the 18th birthday. Read at login and at every refresh, so a
change of the family group applies within one access token's life (15 minutes).

Throttling (ASVS 2.2.1): failures are kept per account (a keyed hash of the document, so it
also covers documents without an account) and per client IP. After 3 failures of an account
within the hour, each attempt must wait 2^(n-3) s (at most 60 s) after the previous failure;
100 failures within an hour refuse attempts until the oldest leaves the hour. A client gets
the same progression from its 10th failure. Nobody is locked out for long; a success clears
the account's failures. Refusals are 429 with Retry-After, checked before the password.
"""

import hashlib
import hmac
import math
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID, uuid4

import pyotp

from eps_contracts.events import (
    ContrasenaCambiada,
    ContrasenaEstablecida,
    InicioSesionExitoso,
    InicioSesionFallido,
    RestablecimientoSolicitado,
)
from eps_runtime.auth import Rol
from eps_runtime.enlaces import cifrar_enlace
from eps_runtime.logging import get_logger
from identity.application.errores import (
    MENSAJE_DEMASIADOS_INTENTOS,
    MENSAJE_ENLACE_NO_VALIDO,
    MENSAJE_ENLACE_USADO,
    MENSAJE_ENLACE_VENCIDO,
    MENSAJE_SEGUNDO_FACTOR,
    AfiliacionRetiradaIngreso,
    CodigoTotpInvalido,
    ContrasenaRechazada,
    CredencialesInvalidas,
    DemasiadasSolicitudes,
    EnlaceInvalido,
    SesionInvalida,
    TotpObligatorio,
    TotpYaActivo,
)
from identity.application.operadores import EMISOR_TOTP
from identity.application.puertos import (
    CifradoSecretos,
    Contrasenas,
    FirmaAcceso,
    NuevaUnidad,
    RepositorioCuentas,
    SecretoTotpIlegible,
    Usuario,
)
from identity.application.registro_cuentas import guardar_enlace, sha256
from identity.domain.contrasenas import ContrasenaInvalida, validar_contrasena
from identity.domain.cuentas import clave_documento, mayoria_de_edad_desde
from identity.domain.registro import Documento

log = get_logger(__name__)

Reloj = Callable[[], datetime]
PermisosDelegado = Callable[[UUID, UUID], Awaitable[frozenset[str]]]
"""(empleador_id, delegado_id) → the delegate's permissions now (empty once deleted)."""

MENSAJE_DELEGADO_INACTIVO = (
    "Su usuario delegado fue eliminado o ya no tiene permisos en el empleador; no puede "
    "ingresar. Comuníquese con el administrador de la empresa."
)

VIGENCIA_RESTABLECIMIENTO = timedelta(hours=1)
VENTANA_FALLOS = timedelta(hours=1)
MAXIMO_FALLOS_CUENTA = 100
UMBRAL_CUENTA = 3
UMBRAL_CLIENTE = 10
ESPERA_MAXIMA_SEGUNDOS = 60


@dataclass(frozen=True)
class Tokens:
    acceso: str
    acceso_vence_en: datetime
    renovacion: str
    sesion_vence_en: datetime


async def _totp_valido(
    cuentas: RepositorioCuentas,
    usuario: Usuario,
    codigo: str | None,
    ahora: datetime,
    cifrado: CifradoSecretos,
) -> bool:
    """RFC 6238 with one step of drift either way; each time step is accepted once, so a
    code seen by someone else cannot be replayed. The stored secret is decrypted here only;
    one no key decrypts (a wrong ``IDENTITY_CLAVE_TOTP``) accepts no code."""
    if not codigo or usuario.totp_secreto is None:
        return False
    try:
        totp = pyotp.TOTP(cifrado.descifrar(usuario.totp_secreto))
    except SecretoTotpIlegible:
        log.error("secreto_totp_ilegible", usuario_id=str(usuario.usuario_id))
        return False
    for deriva in (-1, 0, 1):
        momento = ahora + timedelta(seconds=deriva * totp.interval)
        if hmac.compare_digest(totp.at(momento), codigo):
            paso = totp.timecode(momento)
            return await cuentas.usar_paso_totp(usuario.usuario_id, paso)
    return False


async def _representados(
    cuentas: RepositorioCuentas, afiliado_id: UUID, ahora: datetime
) -> dict[UUID, datetime]:
    """Who the affiliate may act for besides himself (DESIGN §7): his beneficiaries and
    adicionales in the read model, not retired (an excluded beneficiary is retired on his own
    stream), who are minors at ``ahora``; each with the instant he turns 18 (midnight in
    Colombia), after which the token's claim no longer lets the cotizante act for him."""
    representados: dict[UUID, datetime] = {}
    for fila in await cuentas.beneficiarios(afiliado_id):
        hasta = mayoria_de_edad_desde(fila.fecha_nacimiento)
        if ahora < hasta:
            representados[fila.afiliado_id] = hasta
    return representados


def _espera(n: int, ultimo: datetime | None, umbral: int, ahora: datetime) -> int | None:
    """Seconds still to wait after ``n`` failures (the last at ``ultimo``), or None."""
    if n < umbral or ultimo is None:
        return None
    espera = min(2 ** (n - umbral), ESPERA_MAXIMA_SEGUNDOS)
    faltan = (ultimo + timedelta(seconds=espera) - ahora).total_seconds()
    return math.ceil(faltan) if faltan > 0 else None


class ServicioCredenciales:
    def __init__(
        self,
        unidad: NuevaUnidad,
        *,
        reloj: Reloj,
        firma: FirmaAcceso,
        contrasenas: Contrasenas,
        comunes: frozenset[str],
        secreto: str,
        portal_url: str,
        clave_enlaces: str,
        vigencia_acceso: timedelta,
        vigencia_sesion: timedelta,
        cifrado_totp: CifradoSecretos,
        permisos_delegado: PermisosDelegado | None = None,
    ) -> None:
        self._unidad = unidad
        self._hashes = contrasenas
        self._reloj = reloj
        self._firma = firma
        self._comunes = comunes
        self._secreto = secreto
        self._portal_url = portal_url.rstrip("/")
        self._clave_enlaces = clave_enlaces
        self._vigencia_acceso = vigencia_acceso
        self._vigencia_sesion = vigencia_sesion
        self._permisos_delegado = permisos_delegado
        self._cifrado_totp = cifrado_totp

    async def _permisos(self, usuario: Usuario) -> frozenset[str] | None:
        """The permissions the token carries: a delegate's current ones (None when it has
        none any more: deleted, or its profile grants nothing); nothing for other roles
        (an employer acts for itself with every permission by its role)."""
        if usuario.rol != Rol.DELEGADO:
            return frozenset()
        if usuario.empleador_id is None or self._permisos_delegado is None:
            return None
        permisos = await self._permisos_delegado(usuario.empleador_id, usuario.usuario_id)
        return permisos or None

    # -- events ---------------------------------------------------------------------------

    def _huella(self, ip: str | None) -> str | None:
        if not ip:
            return None
        return hmac.new(self._secreto.encode(), ip.encode(), hashlib.sha256).hexdigest()[:32]

    # -- passwords --------------------------------------------------------------------------

    def _validar(self, contrasena: str, confirmacion: str) -> None:
        try:
            validar_contrasena(contrasena, confirmacion, self._comunes)
        except ContrasenaInvalida as error:
            raise ContrasenaRechazada(str(error)) from None

    async def establecer(self, token: str, contrasena: str, confirmacion: str) -> None:
        """Sets the password with an activation or reset link; ends every session."""
        self._validar(contrasena, confirmacion)
        ahora = self._reloj()
        hash_token = sha256(token)
        async with self._unidad() as uow:
            fila = await uow.cuentas.enlace(hash_token)
        if fila is None:
            raise EnlaceInvalido(MENSAJE_ENLACE_NO_VALIDO)
        if fila.usado_en is not None:
            raise EnlaceInvalido(MENSAJE_ENLACE_USADO, code="enlace-usado")
        if fila.vence_en <= ahora:
            raise EnlaceInvalido(MENSAJE_ENLACE_VENCIDO, code="enlace-vencido")
        hash_contrasena = await self._hashes.cifrar(contrasena)
        async with self._unidad() as uow:
            if not await uow.cuentas.usar_enlace(hash_token, ahora):
                # spent by a concurrent request meanwhile
                raise EnlaceInvalido(MENSAJE_ENLACE_USADO, code="enlace-usado")
            await uow.cuentas.guardar_contrasena(fila.usuario_id, hash_contrasena, ahora)
            await uow.cuentas.revocar_sesiones(fila.usuario_id, ahora, "contrasena-establecida")
            await uow.eventos.registrar(
                fila.usuario_id,
                ContrasenaEstablecida(
                    usuario_id=fila.usuario_id, email=fila.email, nombre=fila.nombre or fila.email
                ),
            )

    async def cambiar(
        self, usuario_id: UUID, actual: str, nueva: str, confirmacion: str, ip: str | None
    ) -> Tokens:
        """Manual 4.1.4: current, new and confirmation. Ends every session and opens a new
        one for the caller (whose tokens are returned)."""
        self._validar(nueva, confirmacion)
        ahora = self._reloj()
        clave = f"usuario:{usuario_id}"
        async with self._unidad() as uow:
            usuario = await uow.cuentas.por_id(usuario_id)
            if usuario is None:
                raise SesionInvalida()
            if usuario.retirado:  # changing the password opens a session: not for him
                raise AfiliacionRetiradaIngreso()
            await self._controlar_fallos(uow.cuentas, clave, None, ahora)
            if not await self._hashes.verificar(usuario.contrasena_hash, actual):
                await self._fallo(uow.cuentas, clave, ahora)
                problema = CredencialesInvalidas(
                    "La contraseña actual no es correcta.", code="contrasena-actual-incorrecta"
                )
            else:
                problema = None
        if problema is not None:
            raise problema
        permisos = await self._permisos(usuario)
        if permisos is None:
            raise SesionInvalida()
        hash_nuevo = await self._hashes.cifrar(nueva)
        async with self._unidad() as uow:
            await uow.cuentas.guardar_contrasena(usuario_id, hash_nuevo, ahora)
            await uow.cuentas.revocar_sesiones(usuario_id, ahora, "contrasena-cambiada")
            await uow.cuentas.olvidar_fallos(clave)
            await uow.eventos.registrar(
                usuario_id,
                ContrasenaCambiada(
                    usuario_id=usuario_id,
                    email=usuario.email,
                    nombre=usuario.nombre or usuario.email,
                ),
            )
            tokens = await self._abrir_sesion(uow.cuentas, usuario, ahora, permisos)
        return tokens

    # -- second factor (TOTP) ---------------------------------------------------------------

    async def iniciar_totp(self, usuario_id: UUID) -> str:
        """A new secret pending confirmation; returns its ``otpauth://`` URI."""
        secreto = pyotp.random_base32()
        async with self._unidad() as uow:
            usuario = await uow.cuentas.por_id(usuario_id)
            if usuario is None:
                raise SesionInvalida()
            if usuario.totp_secreto is not None:
                raise TotpYaActivo()
            await uow.cuentas.guardar_totp_pendiente(usuario_id, self._cifrado_totp.cifrar(secreto))
        return pyotp.TOTP(secreto).provisioning_uri(name=usuario.email, issuer_name=EMISOR_TOTP)

    async def confirmar_totp(self, usuario_id: UUID, codigo: str) -> None:
        """Turns the pending secret on if ``codigo`` is its current code."""
        ahora = self._reloj()
        async with self._unidad() as uow:
            pendiente = await uow.cuentas.totp_pendiente(usuario_id)
            totp = pyotp.TOTP(self._cifrado_totp.descifrar(pendiente)) if pendiente else None
            if totp is None or not totp.verify(codigo, for_time=ahora, valid_window=1):
                raise CodigoTotpInvalido()
            await uow.cuentas.activar_totp(usuario_id, totp.timecode(ahora))

    async def desactivar_totp(self, usuario_id: UUID, contrasena: str, codigo: str) -> None:
        """An affiliate turns it off with the password and a current code; an operator
        cannot."""
        ahora = self._reloj()
        clave = f"usuario:{usuario_id}"
        async with self._unidad() as uow:
            usuario = await uow.cuentas.por_id(usuario_id)
            if usuario is None:
                raise SesionInvalida()
            if usuario.rol == Rol.OPERADOR:
                raise TotpObligatorio()
            await self._controlar_fallos(uow.cuentas, clave, None, ahora)
            valido = await self._hashes.verificar(usuario.contrasena_hash, contrasena)
            if valido and await _totp_valido(
                uow.cuentas, usuario, codigo, ahora, self._cifrado_totp
            ):
                await uow.cuentas.desactivar_totp(usuario_id)
                return
            await self._fallo(uow.cuentas, clave, ahora)
        raise CodigoTotpInvalido()

    async def _fallo(self, cuentas: RepositorioCuentas, clave: str, ahora: datetime) -> None:
        """Records a failure of ``clave`` and forgets its failures older than the window."""
        await cuentas.registrar_fallo(clave, ahora, ahora - VENTANA_FALLOS)

    async def solicitar_restablecimiento(
        self, documento: Documento, *, rol: Rol = Rol.AFILIADO, empleador_id: UUID | None = None
    ) -> None:
        """Manual 3.1, without account enumeration: the caller learns nothing (the endpoint
        answers the same either way); an account with a password or not gets a link. The
        account is found as ``iniciar`` finds it (``rol`` EMPLEADOR / DELEGADO: that role's
        account of ``empleador_id``). No link for an account that could not log in with it:
        a retired affiliate, a deleted delegate."""
        ahora = self._reloj()
        async with self._unidad() as uow:
            usuario = await self._cuenta(uow.cuentas, documento, rol, empleador_id)
            if usuario is None or usuario.retirado:
                return
            if usuario.rol == Rol.DELEGADO and await self._permisos(usuario) is None:
                return
            vence = ahora + VIGENCIA_RESTABLECIMIENTO
            token = await guardar_enlace(
                uow.cuentas,
                usuario_id=usuario.usuario_id,
                proposito="restablecimiento",
                ahora=ahora,
                vence=vence,
            )
            enlace = cifrar_enlace(
                f"{self._portal_url}/restablecer?token={token}", self._clave_enlaces
            )
            await uow.eventos.registrar(
                usuario.usuario_id,
                RestablecimientoSolicitado(
                    usuario_id=usuario.usuario_id,
                    email=usuario.email,
                    nombre=usuario.nombre or usuario.email,
                    enlace=enlace,
                    enlace_vence_en=vence,
                ),
            )

    # -- sessions ---------------------------------------------------------------------------

    async def _cuenta(
        self,
        cuentas: RepositorioCuentas,
        documento: Documento,
        rol: Rol,
        empleador_id: UUID | None,
    ) -> Usuario | None:
        """The account a person names at login: an affiliate's by the document his
        affiliate holds now (or an operator's), or with ``rol`` EMPLEADOR / DELEGADO that
        role's account of ``empleador_id`` (None: none)."""
        if rol in (Rol.EMPLEADOR, Rol.DELEGADO):
            if empleador_id is None:
                return None
            return await cuentas.de_empleador(documento, rol, empleador_id)
        return await cuentas.por_documento(documento)

    async def _controlar_fallos(
        self,
        cuentas: RepositorioCuentas,
        clave_cuenta: str,
        clave_cliente: str | None,
        ahora: datetime,
    ) -> None:
        """Raises DemasiadasSolicitudes (429) while the account or the client must wait."""
        await cuentas.bloquear(clave_cuenta)
        desde = ahora - VENTANA_FALLOS
        cuenta = await cuentas.fallos(clave_cuenta, desde)
        if cuenta.n >= MAXIMO_FALLOS_CUENTA:
            assert cuenta.primero is not None
            faltan = (cuenta.primero + VENTANA_FALLOS - ahora).total_seconds()
            raise DemasiadasSolicitudes(max(1, math.ceil(faltan)), MENSAJE_DEMASIADOS_INTENTOS)
        espera = _espera(cuenta.n, cuenta.ultimo, UMBRAL_CUENTA, ahora)
        if espera is None and clave_cliente is not None:
            cliente = await cuentas.fallos(clave_cliente, desde)
            espera = _espera(cliente.n, cliente.ultimo, UMBRAL_CLIENTE, ahora)
        if espera is not None:
            raise DemasiadasSolicitudes(espera, MENSAJE_DEMASIADOS_INTENTOS)

    def _seudonimo(self, documento: Documento) -> UUID:
        """The non-reversible id of a document without account, for the audit events."""
        digest = clave_documento(self._secreto, documento.tipo.value, documento.numero)
        return UUID(hex=digest[:32], version=4)

    async def iniciar(
        self,
        documento: Documento,
        contrasena: str,
        codigo_totp: str | None,
        ip: str | None,
        *,
        rol: Rol = Rol.AFILIADO,
        empleador_id: UUID | None = None,
    ) -> Tokens:
        """Logs in an affiliate or operator (``rol`` AFILIADO, the default) or, with
        ``rol`` EMPLEADOR / DELEGADO, the account of that role for ``empleador_id`` (None:
        an employer identity does not know, answered like a wrong password)."""
        ahora = self._reloj()
        clave_cuenta = "cuenta:" + clave_documento(
            self._secreto, documento.tipo.value, documento.numero
        )
        clave_cliente = f"cliente:{ip}" if ip else None
        huella = self._huella(ip)
        problema: Exception | None = None
        async with self._unidad() as uow:
            cuentas = uow.cuentas
            usuario = await self._cuenta(cuentas, documento, rol, empleador_id)
            auditado = usuario.usuario_id if usuario is not None else self._seudonimo(documento)
            try:
                await self._controlar_fallos(cuentas, clave_cuenta, clave_cliente, ahora)
            except DemasiadasSolicitudes as error:
                await uow.eventos.registrar(
                    auditado,
                    InicioSesionFallido(
                        usuario_id=auditado, motivo="bloqueo-temporal", cliente=huella
                    ),
                )
                problema = error
            if problema is None:
                correcta = await self._hashes.verificar(
                    usuario.contrasena_hash if usuario else None, contrasena
                )
                motivo: str | None = None
                permisos: frozenset[str] | None = frozenset()
                if correcta and usuario is not None:
                    permisos = await self._permisos(usuario)
                if not correcta or usuario is None:
                    motivo = "credenciales"
                    problema = CredencialesInvalidas()
                elif usuario.retirado:
                    # Only someone who knows the password learns the affiliation's state.
                    motivo = "cuenta-inactiva"
                    problema = AfiliacionRetiradaIngreso()
                elif permisos is None:
                    motivo = "cuenta-inactiva"
                    problema = CredencialesInvalidas(
                        MENSAJE_DELEGADO_INACTIVO, code="cuenta-inactiva"
                    )
                elif usuario.rol == Rol.OPERADOR and usuario.totp_secreto is None:
                    motivo = "cuenta-inactiva"
                    problema = CredencialesInvalidas()
                elif usuario.totp_secreto is not None and not await _totp_valido(
                    cuentas, usuario, codigo_totp, ahora, self._cifrado_totp
                ):
                    motivo = "segundo-factor"
                    problema = CredencialesInvalidas(
                        MENSAJE_SEGUNDO_FACTOR, code="segundo-factor-requerido"
                    )
                if motivo is not None:
                    for clave in (clave_cuenta, clave_cliente):
                        if clave is not None:
                            await self._fallo(cuentas, clave, ahora)
                    await uow.eventos.registrar(
                        auditado,
                        InicioSesionFallido(usuario_id=auditado, motivo=motivo, cliente=huella),
                    )
                else:
                    assert usuario is not None
                    await cuentas.olvidar_fallos(clave_cuenta)
                    await uow.eventos.registrar(
                        usuario.usuario_id,
                        InicioSesionExitoso(
                            usuario_id=usuario.usuario_id,
                            segundo_factor=usuario.totp_secreto is not None,
                            cliente=huella,
                        ),
                    )
                    assert permisos is not None
                    tokens = await self._abrir_sesion(cuentas, usuario, ahora, permisos)
        if problema is not None:
            raise problema
        return tokens

    async def _acceso(
        self,
        cuentas: RepositorioCuentas,
        usuario: Usuario,
        ahora: datetime,
        permisos: frozenset[str],
    ) -> str:
        representados = None
        if usuario.rol == Rol.AFILIADO and usuario.afiliado_id is not None:
            representados = await _representados(cuentas, usuario.afiliado_id, ahora)
        return self._firma.firmar_acceso(
            usuario_id=usuario.usuario_id,
            rol=Rol(usuario.rol),
            ahora=ahora,
            vigencia=self._vigencia_acceso,
            afiliado_id=usuario.afiliado_id,
            empleador_id=usuario.empleador_id,
            permisos=permisos,
            representados=representados,
        )

    async def _abrir_sesion(
        self,
        cuentas: RepositorioCuentas,
        usuario: Usuario,
        ahora: datetime,
        permisos: frozenset[str] = frozenset(),
    ) -> Tokens:
        familia_id = uuid4()
        vence = ahora + self._vigencia_sesion
        await cuentas.crear_sesion(familia_id, usuario.usuario_id, ahora, vence)
        renovacion = secrets.token_urlsafe(32)
        await cuentas.guardar_renovacion(sha256(renovacion), familia_id, ahora)
        acceso = await self._acceso(cuentas, usuario, ahora, permisos)
        return Tokens(acceso, ahora + self._vigencia_acceso, renovacion, vence)

    async def renovar(self, renovacion: str) -> Tokens:
        ahora = self._reloj()
        hash_token = sha256(renovacion)
        problema: Exception | None = None
        async with self._unidad() as uow:
            cuentas = uow.cuentas
            fila = await cuentas.renovacion(hash_token)
            if fila is None or fila.revocada_en is not None or fila.vence_en <= ahora:
                raise SesionInvalida()
            if fila.usado_en is not None:
                # A second use: whoever holds a copy must not keep the session.
                await cuentas.revocar_familia(fila.familia_id, ahora, "reuso-renovacion")
                problema = SesionInvalida()
            else:
                usuario = await cuentas.por_id(fila.usuario_id)
                if usuario is None:
                    raise SesionInvalida()
                # A delegate's permissions and an affiliate's affiliation are read again:
                # a deleted delegate or a retired affiliate gets no new token and the
                # session ends.
                permisos = await self._permisos(usuario)
                if usuario.retirado:
                    problema = AfiliacionRetiradaIngreso()
                elif permisos is None:
                    problema = CredencialesInvalidas(
                        MENSAJE_DELEGADO_INACTIVO, code="cuenta-inactiva"
                    )
                if problema is not None:
                    await cuentas.revocar_familia(fila.familia_id, ahora, "cuenta-inactiva")
                else:
                    assert permisos is not None
                    await cuentas.usar_renovacion(hash_token, ahora)
                    nueva = secrets.token_urlsafe(32)
                    await cuentas.guardar_renovacion(sha256(nueva), fila.familia_id, ahora)
                    tokens = Tokens(
                        await self._acceso(cuentas, usuario, ahora, permisos),
                        ahora + self._vigencia_acceso,
                        nueva,
                        fila.vence_en,
                    )
        if problema is not None:
            raise problema
        return tokens

    async def cerrar(self, renovacion: str) -> None:
        """Revokes the refresh token's family; unknown or already closed: nothing to do."""
        ahora = self._reloj()
        async with self._unidad() as uow:
            familia = await uow.cuentas.familia_de(sha256(renovacion))
            if familia is not None:
                await uow.cuentas.revocar_familia(familia, ahora, "cierre")
