"""Identity's e-mails: the account's life (registration, password, reset, delegates).

Every one goes to the address the event carries (the person gave it to identity) and, but
for the password notices, carries a single-use link encrypted in the event.
"""

from collections.abc import Mapping
from typing import Any

from eps_contracts.events.identity import (
    ContrasenaCambiada,
    ContrasenaEstablecida,
    DelegadoCreado,
    RestablecimientoSolicitado,
    UsuarioRegistrado,
)
from notifications.domain.aviso import Aviso
from notifications.domain.correos import Enlace, ParaCorreo


def _enlace(evento: UsuarioRegistrado | RestablecimientoSolicitado) -> Mapping[str, Any]:
    return {"enlace": Enlace(evento.enlace), "vence_en": evento.enlace_vence_en}


def _activacion(evento: DelegadoCreado) -> Mapping[str, Any]:
    return {
        "enlace": Enlace(evento.enlace),
        "vence_en": evento.enlace_vence_en,
        "cargo": evento.cargo,
    }


AVISOS: tuple[Aviso[Any], ...] = (
    Aviso(
        evento=UsuarioRegistrado,
        plantilla="registro-usuario",
        asunto="Registro usuario - Oficina Virtual",
        para=lambda e: ParaCorreo(e.email, e.nombre),
        contexto=_enlace,
    ),
    Aviso(
        evento=ContrasenaEstablecida,
        plantilla="contrasena-establecida",
        asunto="Contraseña establecida - Oficina Virtual",
        para=lambda e: ParaCorreo(e.email, e.nombre),
    ),
    Aviso(
        evento=ContrasenaCambiada,
        plantilla="contrasena-cambiada",
        asunto="Cambio de contraseña - Oficina Virtual",
        para=lambda e: ParaCorreo(e.email, e.nombre),
    ),
    Aviso(
        evento=RestablecimientoSolicitado,
        plantilla="restablecimiento",
        asunto="Restablecimiento de contraseña - Oficina Virtual",
        para=lambda e: ParaCorreo(e.email, e.nombre),
        contexto=_enlace,
    ),
    Aviso(
        evento=DelegadoCreado,
        plantilla="delegado-creado",
        asunto="Acceso como delegado - Oficina Virtual",
        para=lambda e: ParaCorreo(e.email, e.nombres),
        contexto=_activacion,
    ),
)
