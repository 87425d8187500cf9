"""Accounts of the employer side: the legal representative's and the delegates'.

- ``POST /empleadores/cuenta`` (needs the CAPTCHA, ``X-Captcha``): the legal representative
  opens the employer's account
  (validated against identity's read model of affiliation's employers); the "Registro
  usuario" e-mail carries the link to set the password (``POST /cuentas/contrasena``).
- ``POST /delegados/activacion``: a delegate sets its password with the activation link the
  employer's registration of it e-mailed.

Both then log in with ``POST /sesiones`` (``perfil`` ``empleador`` / ``delegado`` and
``nit_empleador``). Every error is problem+json in Spanish.
"""

from typing import Any

from fastapi import APIRouter, status
from pydantic import BaseModel

from identity.application.comandos import ActivarDelegado, CrearCuentaEmpleador, Representante
from identity.domain.registro import Documento
from identity.entrypoints.captcha import CaptchaDep
from identity.entrypoints.esquemas_cuentas import (
    CuentaCreadaSalida,
    SolicitudActivacionDelegado,
    SolicitudCuentaEmpleador,
)
from identity.entrypoints.rutas_cuentas import AplicacionDep

_PROBLEMA: dict[str, Any] = {"content": {"application/problem+json": {}}}

MENSAJE_CUENTA_EMPLEADOR = (
    "La cuenta del empleador quedó creada. Enviamos al correo {email} un enlace para crear "
    "la contraseña del representante legal; es de un solo uso y vence en 24 horas. Luego "
    "ingrese con su documento, la contraseña y el NIT del empleador."
)
MENSAJE_DELEGADO_ACTIVO = (
    "Su usuario delegado quedó activo. Ingrese con su tipo y número de documento, la "
    "contraseña y el NIT del empleador."
)

router = APIRouter()


class DelegadoActivado(BaseModel):
    usuario_id: str
    mensaje: str


@router.post(
    "/empleadores/cuenta",
    dependencies=[CaptchaDep],
    tags=["empleadores"],
    status_code=status.HTTP_201_CREATED,
    summary="Crear la cuenta del empleador (representante legal)",
    responses={400: _PROBLEMA, 404: _PROBLEMA, 409: _PROBLEMA, 422: _PROBLEMA, 503: _PROBLEMA},
)
async def crear_cuenta_empleador(
    solicitud: SolicitudCuentaEmpleador, aplicacion: AplicacionDep
) -> CuentaCreadaSalida:
    creada = await aplicacion.ejecutar(
        CrearCuentaEmpleador(
            solicitud.nit,
            solicitud.digito_verificacion,
            Representante(
                nombre=solicitud.nombre_representante,
                documento=Documento(solicitud.tipo_documento, solicitud.numero_documento),
                email=solicitud.email,
                telefono_movil=solicitud.telefono_movil,
                terminos_version=solicitud.terminos_version,
            ),
        )
    )
    return CuentaCreadaSalida(
        usuario_id=creada.usuario_id,
        email=creada.email,
        mensaje=MENSAJE_CUENTA_EMPLEADOR.format(email=creada.email),
        enlace_vence_en=creada.enlace_vence_en,
    )


@router.post(
    "/delegados/activacion",
    tags=["empleadores"],
    status_code=status.HTTP_201_CREATED,
    summary="Activar el usuario delegado: contraseña con el enlace del correo",
    responses={400: _PROBLEMA, 422: _PROBLEMA},
)
async def activar_delegado(
    solicitud: SolicitudActivacionDelegado, aplicacion: AplicacionDep
) -> DelegadoActivado:
    delegado_id = await aplicacion.ejecutar(
        ActivarDelegado(solicitud.token, solicitud.contrasena, solicitud.confirmacion)
    )
    return DelegadoActivado(usuario_id=str(delegado_id), mensaje=MENSAJE_DELEGADO_ACTIVO)
