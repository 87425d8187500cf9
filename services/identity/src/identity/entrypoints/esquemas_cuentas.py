"""Request and response bodies of the account endpoints, with Spanish validation messages."""

import re
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from eps_contracts.types import Email, TelefonoMovil, TipoDocumento, validar_numero_documento
from identity.application.credenciales import Tokens
from identity.application.registro_cuentas import PreguntasEmitidas
from identity.entrypoints.esquemas import SolicitudValidacion

Secreto = Annotated[str, Field(min_length=16, max_length=200, pattern=r"^[A-Za-z0-9_-]+$")]
"""A token this service issued (URL-safe base64)."""

Contrasena = Annotated[str, Field(min_length=1, max_length=1024)]
"""Length and the other rules are checked by the use case, with their own message."""


class _Estricto(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SolicitudDocumento(SolicitudValidacion):
    """A document type and number (restablecimiento)."""

    model_config = ConfigDict(extra="forbid")


class SolicitudPreguntas(SolicitudDocumento):
    """``POST /registro/preguntas``: the document and the session step 1 returned for it."""

    sesion_registro: str = Field(
        min_length=1,
        max_length=200,
        description="La ``sesion_registro`` que devolvió ``POST /registro/validacion``.",
    )


class OpcionSalida(BaseModel):
    opcion_id: str
    texto: str


class PreguntaSalida(BaseModel):
    pregunta_id: str
    enunciado: str
    opciones: list[OpcionSalida]


class PreguntasSalida(BaseModel):
    conjunto_id: UUID
    vence_en: datetime
    preguntas: list[PreguntaSalida]

    @classmethod
    def de(cls, emitidas: PreguntasEmitidas) -> "PreguntasSalida":
        return cls(
            conjunto_id=emitidas.conjunto_id,
            vence_en=emitidas.vence_en,
            preguntas=[
                PreguntaSalida(
                    pregunta_id=p.pregunta_id,
                    enunciado=p.enunciado,
                    opciones=[
                        OpcionSalida(opcion_id=o.opcion_id, texto=o.texto) for o in p.opciones
                    ],
                )
                for p in emitidas.preguntas
            ],
        )


class SolicitudRespuestas(_Estricto):
    conjunto_id: UUID = Field(description="Id del conjunto de preguntas recibido.")
    respuestas: dict[Annotated[str, Field(max_length=20)], Annotated[str, Field(max_length=40)]] = (
        Field(description="pregunta_id → opcion_id elegida, una por pregunta.", max_length=3)
    )


class RespuestasCorrectas(BaseModel):
    tiquete: str = Field(description="Prueba de un solo uso para crear la cuenta (15 minutos).")


class SolicitudCuenta(_Estricto):
    tiquete: Secreto
    email: Email
    email_confirmacion: Email
    telefono_movil: TelefonoMovil
    acepta_terminos: bool
    terminos_version: str = Field(pattern=r"^[A-Za-z0-9._-]{1,20}$")

    @field_validator("email", "email_confirmacion", mode="before")
    @classmethod
    def _minusculas(cls, valor: Any) -> Any:
        return valor.strip().lower() if isinstance(valor, str) else valor

    @field_validator("acepta_terminos")
    @classmethod
    def _acepta(cls, valor: bool) -> bool:
        if not valor:
            raise ValueError("debe leer y aceptar los términos y condiciones de uso")
        return valor

    @model_validator(mode="after")
    def _confirmado(self) -> "SolicitudCuenta":
        if self.email != self.email_confirmacion:
            raise ValueError("la confirmación del correo electrónico no coincide")
        return self


class CuentaCreadaSalida(BaseModel):
    usuario_id: UUID
    email: str
    mensaje: str
    enlace_vence_en: datetime


class SolicitudEstablecer(_Estricto):
    token: Secreto
    contrasena: Contrasena
    confirmacion: Contrasena


class SolicitudCambio(_Estricto):
    contrasena_actual: Contrasena
    contrasena_nueva: Contrasena
    confirmacion: Contrasena


_NOMBRE = re.compile(r"^[^\W\d_]+(?:[ '.\-][^\W\d_]*)*$")
"""A person's name (letters, spaces, apostrophes, dots and hyphens)."""

Nit = Annotated[
    str,
    Field(pattern=r"^[0-9]{5,15}$", description="NIT del empleador, sin dígito de verificación."),
]


class _SolicitudCuenta(SolicitudValidacion):
    """A person's document and which of its accounts (``perfil``): an affiliate's (or an
    operator's), the default, or the employer's legal representative's or a delegate's of the
    employer whose NIT is ``nit_empleador``. The same document may hold all of them (and be a
    delegate of several employers)."""

    model_config = ConfigDict(extra="forbid")

    perfil: Literal["afiliado", "empleador", "delegado"] = Field(
        default="afiliado", description="afiliado (por defecto), empleador o delegado."
    )
    nit_empleador: Nit | None = None

    @model_validator(mode="after")
    def _nit_si_empleador(self) -> "_SolicitudCuenta":
        if self.perfil != "afiliado" and self.nit_empleador is None:
            raise ValueError("para ingresar como empleador o delegado indique el NIT del empleador")
        if self.perfil == "afiliado" and self.nit_empleador is not None:
            raise ValueError(
                "el NIT del empleador solo se indica al ingresar como empleador o delegado"
            )
        return self


class SolicitudSesion(_SolicitudCuenta):
    """Login: the account (see ``_SolicitudCuenta``), its password and, with a second
    factor, the current code."""

    contrasena: Contrasena
    codigo_totp: str | None = Field(default=None, pattern=r"^[0-9]{6}$")


class SolicitudRestablecimiento(_SolicitudCuenta):
    """«Olvidé mi contraseña» for an affiliate's account (the default) or, with ``perfil`` and
    ``nit_empleador``, an employer's or a delegate's."""


class SolicitudCuentaEmpleador(_Estricto):
    """``POST /empleadores/cuenta``: the employer and its legal representative."""

    nit: Nit
    digito_verificacion: int = Field(ge=0, le=9, description="Dígito de verificación del NIT.")
    nombre_representante: str = Field(min_length=3, max_length=200)
    tipo_documento: TipoDocumento = Field(description="Documento del representante legal.")
    numero_documento: str
    email: Email
    email_confirmacion: Email
    telefono_movil: TelefonoMovil
    acepta_terminos: bool
    terminos_version: str = Field(pattern=r"^[A-Za-z0-9._-]{1,20}$")

    @field_validator("nombre_representante", "numero_documento", mode="before")
    @classmethod
    def _recortar(cls, valor: Any) -> Any:
        return valor.strip() if isinstance(valor, str) else valor

    @field_validator("nombre_representante")
    @classmethod
    def _nombre(cls, valor: str) -> str:
        if not _NOMBRE.match(valor):
            raise ValueError("el nombre solo admite letras, espacios, apóstrofos y guiones")
        return valor

    @field_validator("numero_documento")
    @classmethod
    def _numero_valido_para_el_tipo(cls, numero: str, info: ValidationInfo) -> str:
        tipo = info.data.get("tipo_documento", TipoDocumento.PA)
        return validar_numero_documento(tipo, numero)

    @field_validator("email", "email_confirmacion", mode="before")
    @classmethod
    def _minusculas(cls, valor: Any) -> Any:
        return valor.strip().lower() if isinstance(valor, str) else valor

    @field_validator("acepta_terminos")
    @classmethod
    def _acepta(cls, valor: bool) -> bool:
        if not valor:
            raise ValueError("debe leer y aceptar los términos y condiciones de uso")
        return valor

    @model_validator(mode="after")
    def _confirmado(self) -> "SolicitudCuentaEmpleador":
        if self.email != self.email_confirmacion:
            raise ValueError("la confirmación del correo electrónico no coincide")
        return self


class SolicitudActivacionDelegado(_Estricto):
    """``POST /delegados/activacion``: the token of the e-mailed link and the password."""

    token: Secreto
    contrasena: Contrasena
    confirmacion: Contrasena


class SolicitudRenovacion(_Estricto):
    refresh_token: Secreto


class TokensSalida(BaseModel):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int
    refresh_token: str
    sesion_vence_en: datetime

    @classmethod
    def de(cls, tokens: Tokens, ahora: datetime) -> "TokensSalida":
        return cls(
            access_token=tokens.acceso,
            expires_in=max(0, int((tokens.acceso_vence_en - ahora).total_seconds())),
            refresh_token=tokens.renovacion,
            sesion_vence_en=tokens.sesion_vence_en,
        )


class Mensaje(BaseModel):
    mensaje: str


CodigoTotp = Annotated[str, Field(pattern=r"^[0-9]{6}$", description="Código de 6 dígitos.")]


class TotpIniciado(BaseModel):
    uri: str = Field(description="otpauth:// para la aplicación autenticadora (código QR).")
    mensaje: str


class SolicitudCodigoTotp(_Estricto):
    codigo: CodigoTotp


class SolicitudDesactivarTotp(_Estricto):
    contrasena: Contrasena
    codigo: CodigoTotp
