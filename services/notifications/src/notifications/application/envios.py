"""What to record for each e-mail an event causes: send it, wait for the directory, or never.

``Despacho.decidir`` is called by the e-mails' consumer with the contacts the directory
holds for the batch's recipients; ``Despacho.completar`` by the directory's consumer when it
learns a person some e-mails were waiting for. Both are pure: the adapters read and write.

Guarantees:
- an e-mail whose recipient is in the payload, or known with an address, is composed at
  once (``Correo``);
- an unknown recipient's e-mail waits (``EnEspera``) with its event, after a trial
  composition proved the event can be composed (a bad link fails the event now, in the
  e-mails' consumer, never later in the directory's);
- a known recipient without an address gives ``NoEnviable`` (``sin_correo``), never retried;
- completing a waiting e-mail never raises: what cannot be composed any more is
  ``NoEnviable`` (``redaccion_fallida``), so one e-mail can never stall the directory.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import TypedDict

from jinja2 import TemplateError

from eps_contracts.events import DomainEvent
from notifications.application.avisos import RegistroAvisos
from notifications.application.redaccion import Redactor
from notifications.domain.aviso import Aviso
from notifications.domain.correos import (
    Contacto,
    Correo,
    Decision,
    EnEspera,
    MotivoNoEnviable,
    NoEnviable,
    ParaCorreo,
    Persona,
)


class Despacho:
    def __init__(self, registro: RegistroAvisos, redactor: Redactor) -> None:
        self.registro = registro
        self.redactor = redactor

    def atiende(self, ce_type: str) -> bool:
        return self.registro.atiende(ce_type)

    def personas(self, eventos: Iterable[DomainEvent]) -> set[Persona]:
        """The affiliates and employers whose contact the e-mails of ``eventos`` need."""
        return {
            para
            for evento in eventos
            for aviso in self.registro.de(evento.ce_type())
            if isinstance(para := aviso.para(evento), Persona)
        }

    def decidir(
        self, evento: DomainEvent, evento_id: uuid.UUID, contactos: Mapping[Persona, Contacto]
    ) -> list[Decision]:
        """One decision per entry of the event's type; ``contactos``: the directory's entries
        for (at least) ``personas([evento])``."""
        return [
            self._decidir(aviso, evento, evento_id, contactos)
            for aviso in self.registro.de(evento.ce_type())
        ]

    def _decidir(
        self,
        aviso: Aviso[DomainEvent],
        evento: DomainEvent,
        evento_id: uuid.UUID,
        contactos: Mapping[Persona, Contacto],
    ) -> Decision:
        para = aviso.para(evento)
        if isinstance(para, ParaCorreo):
            if not para.email:
                # The payload may carry no address (an anonymous PQRS filed without one).
                identidad = _identidad_de(aviso, evento, evento_id)
                return NoEnviable(**identidad, persona=None, motivo=MotivoNoEnviable.SIN_CORREO)
            return self.redactor.redactar(
                aviso, evento, evento_id, email=para.email, nombre=para.nombre
            )
        contacto = contactos.get(para)
        if contacto is not None:
            return self._para_contacto(aviso, evento, evento_id, para, contacto)
        self.redactor.redactar(aviso, evento, evento_id, email="", nombre="")  # composable?
        identidad = _identidad_de(aviso, evento, evento_id)
        return EnEspera(**identidad, persona=para, datos=evento.model_dump_json())

    def completar(self, espera: EnEspera, contacto: Contacto) -> Correo | NoEnviable:
        """The waiting e-mail, now that the directory knows its recipient."""
        try:
            aviso = self.registro.aviso(espera.evento_tipo, espera.plantilla)
            evento = aviso.evento.model_validate_json(espera.datos)
            return self._para_contacto(aviso, evento, espera.evento_id, espera.persona, contacto)
        except (LookupError, ValueError, TemplateError):
            # ValueError covers an unreadable link and a payload that no longer validates.
            return NoEnviable(
                **_identidad(espera),
                persona=espera.persona,
                motivo=MotivoNoEnviable.REDACCION_FALLIDA,
            )

    def _para_contacto(
        self,
        aviso: Aviso[DomainEvent],
        evento: DomainEvent,
        evento_id: uuid.UUID,
        persona: Persona,
        contacto: Contacto,
    ) -> Correo | NoEnviable:
        if contacto.email is None:
            identidad = _identidad_de(aviso, evento, evento_id)
            return NoEnviable(**identidad, persona=persona, motivo=MotivoNoEnviable.SIN_CORREO)
        return self.redactor.redactar(
            aviso, evento, evento_id, email=contacto.email, nombre=contacto.nombre, persona=persona
        )


class _Identidad(TypedDict):
    evento_id: uuid.UUID
    evento_tipo: str
    plantilla: str
    asunto: str


def _identidad_de(
    aviso: Aviso[DomainEvent], evento: DomainEvent, evento_id: uuid.UUID
) -> _Identidad:
    return _Identidad(
        evento_id=evento_id,
        evento_tipo=aviso.ce_type,
        plantilla=aviso.plantilla,
        asunto=aviso.asunto_de(evento),
    )


def _identidad(espera: EnEspera) -> _Identidad:
    return _Identidad(
        evento_id=espera.evento_id,
        evento_tipo=espera.evento_tipo,
        plantilla=espera.plantilla,
        asunto=espera.asunto,
    )
