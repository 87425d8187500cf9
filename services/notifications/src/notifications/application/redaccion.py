"""Composing an e-mail from its registry entry, its event and its recipient, with the Spanish
templates in ``plantillas/<dominio>/``.

Each template is a pair ``<plantilla>.txt`` (plain text) and ``<plantilla>.html`` (HTML,
autoescaped: a name like ``<script>`` arrives as text, never as markup); both usually
extend the shared ``_base.txt`` / ``_base.html`` (greeting and the EPS's footer). Undefined
variables are errors, not blanks. Filters: ``fecha_hora`` (``23 de noviembre de 2026 a las
10:00 a. m. (hora de Colombia)``), ``fecha`` (``23 de noviembre de 2026``) and ``pesos``
(``$20.100``, integer pesos only).

A link arrives encrypted in the event (``Enlace``) and is decrypted here, only to be written
into the e-mail; anything but an http(s) address is refused.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from jinja2 import (
    BaseLoader,
    Environment,
    PackageLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)

from eps_contracts.events import DomainEvent
from eps_contracts.nombres import ZONA_COLOMBIA, fecha_larga
from eps_runtime.enlaces import EnlaceIlegible, descifrar_enlace
from notifications.application.avisos import RegistroAvisos
from notifications.domain.aviso import CLAVES_COMUNES, Aviso
from notifications.domain.correos import Correo, Enlace, Persona

LINEA_NACIONAL = "018000 938777"
SITIO = "https://oficinavirtual.eps.example"


class PlantillasFaltantes(RuntimeError):
    """An entry of the registry names a template that is not there (or does not compile)."""


def fecha_en_espanol(momento: datetime) -> str:
    """``23 de noviembre de 2026 a las 10:00 a. m. (hora de Colombia)``."""
    local = momento.astimezone(ZONA_COLOMBIA)
    hora = local.hour % 12 or 12
    meridiano = "a. m." if local.hour < 12 else "p. m."
    return (
        f"{fecha_larga(local.date())} "
        f"a las {hora}:{local.minute:02d} {meridiano} (hora de Colombia)"
    )


def pesos(valor: int) -> str:
    """``$20.100``. Money is integer pesos: a float is refused, never rounded here."""
    if isinstance(valor, bool) or not isinstance(valor, int):
        raise TypeError("los valores en pesos son enteros")
    return "$" + f"{valor:,}".replace(",", ".")


def _fecha(valor: date) -> str:
    return fecha_larga(
        valor.astimezone(ZONA_COLOMBIA).date() if isinstance(valor, datetime) else valor
    )


class Redactor:
    """Renders e-mails; ``plantillas`` is where templates are found (the package's folder by
    default; a test may put its own domain's folder in front)."""

    def __init__(self, clave_enlaces: str, plantillas: BaseLoader | None = None) -> None:
        self._clave_enlaces = clave_enlaces
        self._entorno = Environment(
            loader=plantillas or PackageLoader("notifications", "plantillas"),
            autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            # Templates ship with the code and are checked at start: no stat per e-mail.
            auto_reload=False,
        )
        self._entorno.filters.update(fecha_hora=fecha_en_espanol, fecha=_fecha, pesos=pesos)

    def verificar(self, registro: RegistroAvisos) -> None:
        """Raises ``PlantillasFaltantes`` naming every template an entry lacks (at start)."""
        faltantes = []
        for aviso in registro:
            for nombre in _nombres(aviso):
                try:
                    self._entorno.get_template(nombre)
                except TemplateNotFound:
                    faltantes.append(nombre)
                except TemplateSyntaxError as error:
                    faltantes.append(f"{nombre} (línea {error.lineno}: {error.message})")
        if faltantes:
            raise PlantillasFaltantes("faltan plantillas: " + ", ".join(sorted(faltantes)))

    def redactar(
        self,
        aviso: Aviso[Any],
        evento: DomainEvent,
        evento_id: uuid.UUID,
        *,
        email: str,
        nombre: str,
        persona: Persona | None = None,
    ) -> Correo:
        """The e-mail ``aviso`` makes of ``evento`` for ``email``, greeting ``nombre``.

        Raises ``eps_runtime.enlaces.EnlaceIlegible`` when a link was not encrypted with this
        process's key or is not an http(s) address, ``ValueError`` for an invalid entry
        (context redefining a common variable, a bad attachment) and Jinja's errors for a
        template that uses what the context lacks.
        """
        contexto = self._contexto(aviso, evento, nombre)
        texto_plantilla, html_plantilla = _nombres(aviso)
        return Correo(
            evento_id=evento_id,
            evento_tipo=aviso.ce_type,
            plantilla=aviso.plantilla,
            destinatario=email,
            asunto=aviso.asunto_de(evento),
            texto=self._entorno.get_template(texto_plantilla).render(contexto),
            html=self._entorno.get_template(html_plantilla).render(contexto),
            adjuntos=tuple(aviso.adjuntos(evento)),
            persona=persona,
        )

    def _contexto(self, aviso: Aviso[Any], evento: DomainEvent, nombre: str) -> dict[str, Any]:
        propio: Mapping[str, Any] = aviso.contexto(evento)
        repetidas = CLAVES_COMUNES & propio.keys()
        if repetidas:
            raise ValueError(f"{aviso.plantilla}: el contexto redefine {sorted(repetidas)}")
        contexto: dict[str, Any] = {"nombre": nombre, "linea": LINEA_NACIONAL, "sitio": SITIO}
        for clave, valor in propio.items():
            contexto[clave] = self._descifrar(valor) if isinstance(valor, Enlace) else valor
        return contexto

    def _descifrar(self, enlace: Enlace) -> str:
        claro = descifrar_enlace(enlace.cifrado, self._clave_enlaces)
        if not claro.startswith(("https://", "http://")):
            # Autoescape does not stop a ``javascript:`` URL in an href.
            raise EnlaceIlegible("el enlace no es una dirección web")
        return claro


def _nombres(aviso: Aviso[Any]) -> tuple[str, str]:
    base = f"{aviso.dominio}/{aviso.plantilla}"
    return f"{base}.txt", f"{base}.html"
