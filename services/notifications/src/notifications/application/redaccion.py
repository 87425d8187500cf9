"""Composing the e-mails of an event from the Spanish templates in ``plantillas/``.

Each template is a pair ``<plantilla>.txt`` (plain text) and ``<plantilla>.html`` (HTML,
autoescaped: a name like ``<script>`` arrives as text, never as markup). A template shows
a link to set a password, never a password. The link arrives encrypted in the event and is
decrypted here, only to be written into the e-mail.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from eps_contracts.events import DomainEvent
from eps_contracts.nombres import ZONA_COLOMBIA, fecha_larga
from eps_runtime.enlaces import EnlaceIlegible, descifrar_enlace
from notifications.domain.correos import ASUNTOS, PLANTILLAS_POR_EVENTO, Correo, destinatario_de

LINEA_NACIONAL = "018000 938777"
SITIO = "https://oficinavirtual.eps.example"


_ENTORNO = Environment(
    loader=PackageLoader("notifications", "plantillas"),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


def fecha_en_espanol(momento: datetime) -> str:
    """``23 de noviembre de 2026 a las 10:00 a. m. (hora de Colombia)``."""
    local = momento.astimezone(ZONA_COLOMBIA)
    hora = local.hour % 12 or 12
    meridiano = "a. m." if local.hour < 12 else "p. m."
    return (
        f"{fecha_larga(local.date())} "
        f"a las {hora}:{local.minute:02d} {meridiano} (hora de Colombia)"
    )


def plantillas_de(ce_type: str) -> tuple[str, ...]:
    return PLANTILLAS_POR_EVENTO.get(ce_type, ())


def redactar(evento: DomainEvent, evento_id: uuid.UUID, clave_enlaces: str) -> list[Correo]:
    """The e-mails ``evento`` causes (none for an event type without templates).

    Raises ``eps_runtime.enlaces.EnlaceIlegible`` when the link was not encrypted with
    ``clave_enlaces`` or is not an http(s) address: such an event can never be sent, the
    consumer dead-letters it.
    """
    plantillas = plantillas_de(evento.ce_type())
    if not plantillas:
        return []
    destinatario = destinatario_de(evento)
    contexto: dict[str, Any] = {
        "nombre": destinatario.nombre,
        "cargo": destinatario.cargo,
        "linea": LINEA_NACIONAL,
        "sitio": SITIO,
        "enlace": None,
        "vence_en": None,
    }
    if destinatario.enlace_cifrado is not None:
        enlace = descifrar_enlace(destinatario.enlace_cifrado, clave_enlaces)
        if not enlace.startswith(("https://", "http://")):
            # Autoescape does not stop a ``javascript:`` URL in an href.
            raise EnlaceIlegible("el enlace no es una dirección web")
        contexto["enlace"] = enlace
    if destinatario.enlace_vence_en is not None:
        contexto["vence_en"] = fecha_en_espanol(destinatario.enlace_vence_en)
    return [
        Correo(
            evento_id=evento_id,
            evento_tipo=evento.ce_type(),
            plantilla=plantilla,
            destinatario=destinatario.email,
            asunto=ASUNTOS[plantilla],
            texto=_ENTORNO.get_template(f"{plantilla}.txt").render(contexto),
            html=_ENTORNO.get_template(f"{plantilla}.html").render(contexto),
        )
        for plantilla in plantillas
    ]
