"""Accounts of the employer side (seed 002): the legal representative's and the delegates'.

- ``crear_cuenta_empleador``: the legal representative opens the employer's account with the
  employer's NIT and check digit, validated against identity's read model of the employers
  registered in affiliation (``empleadores_conocidos``): unknown (or a wrong check digit) →
  404 ``empleador-no-registrado``; an employer with an account already → 409
  ``empleador-ya-registrado``. The account (rol ``empleador``, ``empleador_id``, the
  representative's document) has no password; ``UsuarioRegistrado`` carries the encrypted
  single-use link (24 h) to set it with ``POST /cuentas/contrasena``, as an affiliate's.
- ``activar_delegado``: the delegate sets its password with the activation link the
  employer's ``DelegadoCreado`` e-mailed. The password rules and the argon2id hash are the
  affiliates'. The link is spent (``ServicioEmpleadores.usar_enlace_activacion``) only once
  the password passes the rules; then the account is created (rol ``delegado``,
  ``usuario_id`` = ``delegado_id``, ``empleador_id``, the delegate's document and e-mail)
  and ``ContrasenaEstablecida`` recorded.
"""

from collections.abc import Awaitable, Callable
from datetime import datetime
from uuid import UUID, uuid4

from eps_contracts.events import ContrasenaEstablecida
from eps_runtime import errores
from identity.application.comandos import Representante as Representante
from identity.application.empleadores import Activacion, DelegadoConPerfil
from identity.application.errores import ContrasenaRechazada, EnlaceInvalido
from identity.application.puertos import (
    Contrasenas,
    EmpleadorConocido,
    NuevaUnidad,
    NuevoDelegado,
    NuevoUsuario,
)
from identity.application.registro_cuentas import CuentaCreada, registrar_usuario
from identity.domain.contrasenas import ContrasenaInvalida, validar_contrasena
from identity.domain.registro import Documento

Reloj = Callable[[], datetime]

MENSAJE_EMPLEADOR_NO_REGISTRADO = (
    "El NIT y dígito de verificación no corresponden a un empleador registrado en la EPS. "
    "Verifique los datos o comuníquese con la línea de atención al cliente 018000938777."
)
MENSAJE_EMPLEADOR_YA_REGISTRADO = (
    "El empleador ya tiene una cuenta en la Oficina Virtual. Si olvidó la contraseña, use "
    "«Olvidé mi contraseña»; si cambió el representante legal, comuníquese con la línea "
    "018000938777."
)
MENSAJE_ACTIVACION_INVALIDA = (
    "El enlace de activación no es válido, ya fue usado o venció. Pida al administrador de "
    "la empresa que lo registre de nuevo."
)


class EmpleadorNoRegistrado(errores.NoEncontrado):
    codigo = "empleador-no-registrado"
    titulo = "Empleador no registrado"

    def __init__(self) -> None:
        super().__init__(MENSAJE_EMPLEADOR_NO_REGISTRADO)


class EmpleadorYaRegistrado(errores.ConflictoDeEstado):
    codigo = "empleador-ya-registrado"
    titulo = "Empleador ya registrado"

    def __init__(self) -> None:
        super().__init__(MENSAJE_EMPLEADOR_YA_REGISTRADO)


BuscarEmpleador = Callable[[str, str], Awaitable[EmpleadorConocido | None]]
"""(tipo, número) → the employer of identity's read model, or None."""
UsarActivacion = Callable[[str], Awaitable[Activacion | None]]
FichaDelegado = Callable[[UUID, UUID], Awaitable[DelegadoConPerfil]]


class ServicioCuentasEmpleador:
    def __init__(
        self,
        unidad: NuevaUnidad,
        *,
        reloj: Reloj,
        contrasenas: Contrasenas,
        comunes: frozenset[str],
        portal_url: str,
        clave_enlaces: str,
        buscar_empleador: BuscarEmpleador,
        usar_activacion: UsarActivacion,
        ficha_delegado: FichaDelegado,
    ) -> None:
        self._unidad = unidad
        self._hashes = contrasenas
        self._reloj = reloj
        self._comunes = comunes
        self._portal_url = portal_url.rstrip("/")
        self._clave_enlaces = clave_enlaces
        self._buscar_empleador = buscar_empleador
        self._usar_activacion = usar_activacion
        self._ficha_delegado = ficha_delegado

    async def crear_cuenta_empleador(
        self, nit: str, digito_verificacion: int, representante: Representante
    ) -> CuentaCreada:
        empleador = await self._buscar_empleador("NIT", nit)
        if empleador is None or (
            empleador.digito_verificacion is not None
            and empleador.digito_verificacion != digito_verificacion
        ):
            raise EmpleadorNoRegistrado()
        ahora = self._reloj()
        usuario_id = uuid4()
        async with self._unidad() as uow:
            usuario = NuevoUsuario(
                usuario_id=usuario_id,
                rol="empleador",
                documento=representante.documento,
                empleador_id=empleador.empleador_id,
                nombre=representante.nombre,
                email=representante.email,
                telefono_movil=representante.telefono_movil,
                terminos_version=representante.terminos_version,
            )
            vence = await registrar_usuario(
                uow,
                usuario,
                ahora=ahora,
                portal_url=self._portal_url,
                clave_enlaces=self._clave_enlaces,
            )
            if vence is None:
                raise EmpleadorYaRegistrado()
        return CuentaCreada(usuario_id, representante.email, vence)

    async def activar_delegado(self, token: str, contrasena: str, confirmacion: str) -> UUID:
        """Creates the delegate's account with its password; returns the delegate's id."""
        try:
            validar_contrasena(contrasena, confirmacion, self._comunes)
        except ContrasenaInvalida as error:
            raise ContrasenaRechazada(str(error)) from None
        hash_contrasena = await self._hashes.cifrar(contrasena)
        activacion = await self._usar_activacion(token)
        if activacion is None:
            raise EnlaceInvalido(MENSAJE_ACTIVACION_INVALIDA)
        delegado = await self._ficha_delegado(activacion.empleador_id, activacion.delegado_id)
        datos = delegado.ficha.datos
        ahora = self._reloj()
        async with self._unidad() as uow:
            creado = await uow.cuentas.crear_delegado(
                NuevoDelegado(
                    usuario_id=activacion.delegado_id,
                    empleador_id=activacion.empleador_id,
                    documento=Documento(datos.tipo_documento, datos.numero_documento),
                    email=datos.email,
                    telefono_movil=datos.celular,
                    nombre=datos.nombres,
                    contrasena_hash=hash_contrasena,
                ),
                ahora,
            )
            if not creado:  # an account for this delegate exists already
                raise EnlaceInvalido(MENSAJE_ACTIVACION_INVALIDA)
            await uow.eventos.registrar(
                activacion.delegado_id,
                ContrasenaEstablecida(
                    usuario_id=activacion.delegado_id,
                    email=datos.email,
                    nombre=datos.nombres,
                ),
            )
        return activacion.delegado_id
