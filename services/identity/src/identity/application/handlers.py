"""Every command of identity's accounts and its handler: the one registry
(``Aplicacion.ejecutar``).

A handler is a plain function ``(comando, Dependencias) -> resultado`` that runs the use
case (each in its own unit of work: ``application.puertos.UnidadDeTrabajo``); find it here
by the command's name.
"""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any
from uuid import UUID

from identity.application import comandos as c
from identity.application.credenciales import ServicioCredenciales, Tokens
from identity.application.cuentas_empleador import ServicioCuentasEmpleador
from identity.application.registro_cuentas import (
    CuentaCreada,
    PreguntasEmitidas,
    ServicioRegistro,
)
from identity.domain.registro import AfiliadoValidable


@dataclass(frozen=True)
class Dependencias:
    """The use cases the handlers run (wired by ``bootstrap``)."""

    registro: ServicioRegistro
    credenciales: ServicioCredenciales
    cuentas_empleador: ServicioCuentasEmpleador


# -- registration (registro_cuentas) ------------------------------------------------------


async def comprobar_documento(cmd: c.ComprobarDocumento, d: Dependencias) -> AfiliadoValidable:
    return await d.registro.comprobar(cmd.documento)


async def emitir_preguntas(cmd: c.EmitirPreguntas, d: Dependencias) -> PreguntasEmitidas:
    return await d.registro.preguntas(cmd.documento)


async def responder_preguntas(cmd: c.ResponderPreguntas, d: Dependencias) -> str:
    return await d.registro.responder(cmd.conjunto_id, cmd.respuestas)


async def crear_cuenta_afiliado(cmd: c.CrearCuentaAfiliado, d: Dependencias) -> CuentaCreada:
    return await d.registro.crear_cuenta(
        cmd.tiquete,
        email=cmd.email,
        telefono_movil=cmd.telefono_movil,
        terminos_version=cmd.terminos_version,
    )


# -- passwords, sessions, second factor (credenciales) -----------------------------------


async def establecer_contrasena(cmd: c.EstablecerContrasena, d: Dependencias) -> None:
    await d.credenciales.establecer(cmd.token, cmd.contrasena, cmd.confirmacion)


async def cambiar_contrasena(cmd: c.CambiarContrasena, d: Dependencias) -> Tokens:
    return await d.credenciales.cambiar(
        cmd.usuario_id, cmd.actual, cmd.nueva, cmd.confirmacion, cmd.ip
    )


async def solicitar_restablecimiento(cmd: c.SolicitarRestablecimiento, d: Dependencias) -> None:
    await d.credenciales.solicitar_restablecimiento(
        cmd.documento, rol=cmd.rol, empleador_id=cmd.empleador_id
    )


async def iniciar_sesion(cmd: c.IniciarSesion, d: Dependencias) -> Tokens:
    return await d.credenciales.iniciar(
        cmd.documento,
        cmd.contrasena,
        cmd.codigo_totp,
        cmd.ip,
        rol=cmd.rol,
        empleador_id=cmd.empleador_id,
    )


async def renovar_sesion(cmd: c.RenovarSesion, d: Dependencias) -> Tokens:
    return await d.credenciales.renovar(cmd.renovacion)


async def cerrar_sesion(cmd: c.CerrarSesion, d: Dependencias) -> None:
    await d.credenciales.cerrar(cmd.renovacion)


async def iniciar_totp(cmd: c.IniciarTotp, d: Dependencias) -> str:
    return await d.credenciales.iniciar_totp(cmd.usuario_id)


async def confirmar_totp(cmd: c.ConfirmarTotp, d: Dependencias) -> None:
    await d.credenciales.confirmar_totp(cmd.usuario_id, cmd.codigo)


async def desactivar_totp(cmd: c.DesactivarTotp, d: Dependencias) -> None:
    await d.credenciales.desactivar_totp(cmd.usuario_id, cmd.contrasena, cmd.codigo)


# -- the employer side's accounts (cuentas_empleador) ------------------------------------


async def crear_cuenta_empleador(cmd: c.CrearCuentaEmpleador, d: Dependencias) -> CuentaCreada:
    return await d.cuentas_empleador.crear_cuenta_empleador(
        cmd.nit, cmd.digito_verificacion, cmd.representante
    )


async def activar_delegado(cmd: c.ActivarDelegado, d: Dependencias) -> UUID:
    return await d.cuentas_empleador.activar_delegado(cmd.token, cmd.contrasena, cmd.confirmacion)


Handler = Callable[[Any, Dependencias], Awaitable[Any]]

HANDLERS: Mapping[type, Handler] = MappingProxyType(
    {
        # registration, steps 1 to 3 (registro_cuentas)
        c.ComprobarDocumento: comprobar_documento,
        c.EmitirPreguntas: emitir_preguntas,
        c.ResponderPreguntas: responder_preguntas,
        c.CrearCuentaAfiliado: crear_cuenta_afiliado,
        # passwords (credenciales)
        c.EstablecerContrasena: establecer_contrasena,
        c.CambiarContrasena: cambiar_contrasena,
        c.SolicitarRestablecimiento: solicitar_restablecimiento,
        # sessions (credenciales)
        c.IniciarSesion: iniciar_sesion,
        c.RenovarSesion: renovar_sesion,
        c.CerrarSesion: cerrar_sesion,
        # second factor (credenciales)
        c.IniciarTotp: iniciar_totp,
        c.ConfirmarTotp: confirmar_totp,
        c.DesactivarTotp: desactivar_totp,
        # employer side (cuentas_empleador)
        c.CrearCuentaEmpleador: crear_cuenta_empleador,
        c.ActivarDelegado: activar_delegado,
    }
)
