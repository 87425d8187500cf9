"""Account endpoints: registration steps 2–3, passwords, sessions and the public keys.

Registration steps 2–3 and the password-reset request each need their own CAPTCHA proof
(``X-Captcha``, see ``captcha``); step 2 also the ``sesion_registro`` of step 1.

Every error is problem+json in Spanish (see ``application.errores`` and the README).
"""

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response, status

from eps_runtime.auth import Llamante, Rol
from eps_runtime.http_auth import LlamanteDep
from identity.application import comandos as c
from identity.application.errores import SesionInvalida, SesionRegistroInvalida
from identity.application.sesion_registro import sesion_valida
from identity.bootstrap import Aplicacion
from identity.domain.registro import Documento
from identity.entrypoints.captcha import CaptchaDep
from identity.entrypoints.esquemas_cuentas import (
    CuentaCreadaSalida,
    Mensaje,
    PreguntasSalida,
    RespuestasCorrectas,
    SolicitudCambio,
    SolicitudCodigoTotp,
    SolicitudCuenta,
    SolicitudDesactivarTotp,
    SolicitudEstablecer,
    SolicitudPreguntas,
    SolicitudRenovacion,
    SolicitudRespuestas,
    SolicitudRestablecimiento,
    SolicitudSesion,
    TokensSalida,
    TotpIniciado,
)
from identity.entrypoints.limites import limitar, limitar_cliente

_PROBLEMA: dict[str, Any] = {"content": {"application/problem+json": {}}}

MENSAJE_CUENTA_CREADA = (
    "Tu registro fue exitoso. Te enviamos al correo {email} un enlace para crear tu "
    "contraseña; es de un solo uso y vence en 24 horas."
)
MENSAJE_CONTRASENA_ESTABLECIDA = (
    "Tu contraseña quedó guardada. Ya puedes ingresar a la Oficina Virtual con tu tipo y "
    "número de documento."
)
MENSAJE_RESTABLECIMIENTO = (
    "Si el documento corresponde a un usuario registrado en la Oficina Virtual, enviamos al "
    "correo registrado un enlace para restablecer la contraseña (vence en 1 hora). Si no lo "
    "recibe, verifique que el número de identificación sea el que registró."
)

router = APIRouter()


def _aplicacion(request: Request) -> Aplicacion:
    aplicacion: Aplicacion = request.app.state.aplicacion
    return aplicacion


AplicacionDep = Annotated[Aplicacion, Depends(_aplicacion)]


def _ip(request: Request) -> str | None:
    return request.client.host if request.client else None


@router.post(
    "/registro/preguntas",
    dependencies=[CaptchaDep],
    tags=["registro"],
    summary="Preguntas de seguridad del documento (paso 2, «Registra»)",
    responses={
        400: _PROBLEMA,
        404: _PROBLEMA,
        409: _PROBLEMA,
        422: _PROBLEMA,
        429: _PROBLEMA,
        503: _PROBLEMA,
    },
)
async def preguntas(
    solicitud: SolicitudPreguntas, request: Request, aplicacion: AplicacionDep
) -> PreguntasSalida:
    documento = Documento(solicitud.tipo_documento, solicitud.numero_documento)
    if not sesion_valida(
        aplicacion.secreto, solicitud.sesion_registro, documento, aplicacion.reloj()
    ):
        raise SesionRegistroInvalida()
    await limitar(aplicacion, "preguntas", documento, _ip(request))
    return PreguntasSalida.de(await aplicacion.ejecutar(c.EmitirPreguntas(documento)))


@router.post(
    "/registro/respuestas",
    dependencies=[CaptchaDep],
    tags=["registro"],
    summary="Responder las preguntas de seguridad (tres intentos; el tercero errado bloquea 24 h)",
    responses={400: _PROBLEMA, 409: _PROBLEMA, 422: _PROBLEMA, 503: _PROBLEMA},
)
async def responder(
    solicitud: SolicitudRespuestas, aplicacion: AplicacionDep
) -> RespuestasCorrectas:
    tiquete = await aplicacion.ejecutar(
        c.ResponderPreguntas(solicitud.conjunto_id, solicitud.respuestas)
    )
    return RespuestasCorrectas(tiquete=tiquete)


@router.post(
    "/registro/cuenta",
    dependencies=[CaptchaDep],
    tags=["registro"],
    status_code=status.HTTP_201_CREATED,
    summary="Crear la cuenta: correo, celular y aceptación de términos",
    responses={400: _PROBLEMA, 404: _PROBLEMA, 409: _PROBLEMA, 422: _PROBLEMA, 503: _PROBLEMA},
)
async def crear_cuenta(solicitud: SolicitudCuenta, aplicacion: AplicacionDep) -> CuentaCreadaSalida:
    creada = await aplicacion.ejecutar(
        c.CrearCuentaAfiliado(
            solicitud.tiquete,
            email=solicitud.email,
            telefono_movil=solicitud.telefono_movil,
            terminos_version=solicitud.terminos_version,
        )
    )
    return CuentaCreadaSalida(
        usuario_id=creada.usuario_id,
        email=creada.email,
        mensaje=MENSAJE_CUENTA_CREADA.format(email=creada.email),
        enlace_vence_en=creada.enlace_vence_en,
    )


@router.post(
    "/cuentas/contrasena",
    tags=["cuentas"],
    summary="Establecer la contraseña con el enlace del correo (registro o restablecimiento)",
    responses={400: _PROBLEMA, 422: _PROBLEMA},
)
async def establecer(solicitud: SolicitudEstablecer, aplicacion: AplicacionDep) -> Mensaje:
    await aplicacion.ejecutar(
        c.EstablecerContrasena(solicitud.token, solicitud.contrasena, solicitud.confirmacion)
    )
    return Mensaje(mensaje=MENSAJE_CONTRASENA_ESTABLECIDA)


@router.put(
    "/cuentas/contrasena",
    tags=["cuentas"],
    summary="Cambiar la contraseña (actual, nueva y confirmación); cierra las demás sesiones",
    responses={401: _PROBLEMA, 403: _PROBLEMA, 422: _PROBLEMA, 429: _PROBLEMA},
)
async def cambiar(
    solicitud: SolicitudCambio,
    request: Request,
    aplicacion: AplicacionDep,
    llamante: LlamanteDep,
) -> TokensSalida:
    tokens = await aplicacion.ejecutar(
        c.CambiarContrasena(
            _usuario_id(llamante),
            solicitud.contrasena_actual,
            solicitud.contrasena_nueva,
            solicitud.confirmacion,
            _ip(request),
        )
    )
    return TokensSalida.de(tokens, aplicacion.reloj())


def _usuario_id(llamante: Llamante) -> UUID:
    try:
        return UUID(llamante.usuario_id)
    except ValueError:  # not a token of this service's accounts
        raise SesionInvalida() from None


@router.post(
    "/cuentas/restablecimiento",
    dependencies=[CaptchaDep],
    tags=["cuentas"],
    status_code=status.HTTP_202_ACCEPTED,
    summary="Olvidé mi contraseña (afiliado, empleador o delegado): la misma respuesta exista "
    "o no la cuenta",
    responses={400: _PROBLEMA, 422: _PROBLEMA, 429: _PROBLEMA, 503: _PROBLEMA},
)
async def restablecer(
    solicitud: SolicitudRestablecimiento, request: Request, aplicacion: AplicacionDep
) -> Mensaje:
    documento = Documento(solicitud.tipo_documento, solicitud.numero_documento)
    await limitar(aplicacion, "restablecimiento", documento, _ip(request))
    await aplicacion.ejecutar(
        c.SolicitarRestablecimiento(
            documento,
            rol=Rol(solicitud.perfil),
            empleador_id=await _empleador_id(aplicacion, solicitud.nit_empleador),
        )
    )
    return Mensaje(mensaje=MENSAJE_RESTABLECIMIENTO)


async def _empleador_id(aplicacion: Aplicacion, nit: str | None) -> UUID | None:
    """The employer of ``nit`` in identity's read model; None for no NIT or an unknown one
    (answered like a wrong password or an unknown account: no employer enumeration)."""
    if nit is None:
        return None
    empleador = await aplicacion.empleadores_conocidos.por_documento("NIT", nit)
    return empleador.empleador_id if empleador is not None else None


@router.post(
    "/sesiones",
    tags=["sesiones"],
    summary="Ingresar con tipo y número de documento y contraseña (afiliado, empleador o delegado)",
    responses={401: _PROBLEMA, 403: _PROBLEMA, 422: _PROBLEMA, 429: _PROBLEMA},
)
async def iniciar(
    solicitud: SolicitudSesion, request: Request, aplicacion: AplicacionDep
) -> TokensSalida:
    await limitar_cliente(aplicacion, "sesiones", _ip(request))
    tokens = await aplicacion.ejecutar(
        c.IniciarSesion(
            Documento(solicitud.tipo_documento, solicitud.numero_documento),
            solicitud.contrasena,
            solicitud.codigo_totp,
            _ip(request),
            rol=Rol(solicitud.perfil),
            empleador_id=await _empleador_id(aplicacion, solicitud.nit_empleador),
        )
    )
    return TokensSalida.de(tokens, aplicacion.reloj())


@router.post(
    "/sesiones/renovar",
    tags=["sesiones"],
    summary="Renovar la sesión (rota el refresh token; reusarlo revoca la sesión)",
    responses={401: _PROBLEMA, 403: _PROBLEMA, 422: _PROBLEMA},
)
async def renovar(solicitud: SolicitudRenovacion, aplicacion: AplicacionDep) -> TokensSalida:
    tokens = await aplicacion.ejecutar(c.RenovarSesion(solicitud.refresh_token))
    return TokensSalida.de(tokens, aplicacion.reloj())


@router.delete(
    "/sesiones/actual",
    tags=["sesiones"],
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Cerrar la sesión (revoca su refresh token y los que derivaron de él)",
    responses={422: _PROBLEMA},
)
async def cerrar(solicitud: SolicitudRenovacion, aplicacion: AplicacionDep) -> Response:
    await aplicacion.ejecutar(c.CerrarSesion(solicitud.refresh_token))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/cuentas/totp",
    tags=["cuentas"],
    status_code=status.HTTP_201_CREATED,
    summary="Activar el segundo factor (TOTP): genera el secreto, pendiente de confirmar",
    responses={401: _PROBLEMA, 409: _PROBLEMA},
)
async def iniciar_totp(aplicacion: AplicacionDep, llamante: LlamanteDep) -> TotpIniciado:
    uri = await aplicacion.ejecutar(c.IniciarTotp(_usuario_id(llamante)))
    return TotpIniciado(
        uri=uri,
        mensaje=(
            "Escanee el código con su aplicación autenticadora y confirme con el código que "
            "le muestre."
        ),
    )


@router.post(
    "/cuentas/totp/confirmacion",
    tags=["cuentas"],
    summary="Confirmar el segundo factor con el primer código",
    responses={400: _PROBLEMA, 401: _PROBLEMA, 422: _PROBLEMA},
)
async def confirmar_totp(
    solicitud: SolicitudCodigoTotp, aplicacion: AplicacionDep, llamante: LlamanteDep
) -> Mensaje:
    await aplicacion.ejecutar(c.ConfirmarTotp(_usuario_id(llamante), solicitud.codigo))
    return Mensaje(mensaje="El segundo factor quedó activo; se pedirá en cada ingreso.")


@router.delete(
    "/cuentas/totp",
    tags=["cuentas"],
    summary="Desactivar el segundo factor (contraseña y código actual; no para operadores)",
    responses={400: _PROBLEMA, 401: _PROBLEMA, 409: _PROBLEMA, 422: _PROBLEMA},
)
async def desactivar_totp(
    solicitud: SolicitudDesactivarTotp, aplicacion: AplicacionDep, llamante: LlamanteDep
) -> Mensaje:
    await aplicacion.ejecutar(
        c.DesactivarTotp(_usuario_id(llamante), solicitud.contrasena, solicitud.codigo)
    )
    return Mensaje(mensaje="El segundo factor quedó desactivado.")


@router.get(
    "/.well-known/jwks.json",
    tags=["sesiones"],
    summary="Claves públicas con que se verifican los tokens de acceso (JWKS)",
)
async def jwks(aplicacion: AplicacionDep) -> dict[str, Any]:
    return aplicacion.firma.jwks()
