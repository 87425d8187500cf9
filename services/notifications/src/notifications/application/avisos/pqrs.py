"""The PQRS service's e-mails: filed (with the radicado), extended (new date and reason),
forwarded to another entity, and answered (with the response and the invitation to rate it).

Who receives them: the affiliate or the employer the solicitud concerns (by id, from the
directory), or the anonymous citizen at the address he gave (no address: nothing is sent,
``sin_correo``). The description and the response are the requester's and the EPS's own
text: the HTML templates autoescape them, so markup arrives as text.
"""

from collections.abc import Mapping
from typing import Any

from eps_contracts.events.pqrs import (
    PQRSProrrogada,
    PQRSRadicada,
    PQRSRespondida,
    PQRSTrasladada,
    TipoSolicitud,
)
from notifications.domain.aviso import Aviso
from notifications.domain.correos import Destinatario, ParaCorreo, afiliado, empleador

CIUDADANO = "Ciudadano(a)"

TIPOS: Mapping[TipoSolicitud, str] = {
    TipoSolicitud.FELICITACION: "felicitación",
    TipoSolicitud.QUEJA: "queja",
    TipoSolicitud.RECLAMO: "reclamo",
    TipoSolicitud.SUGERENCIA: "sugerencia",
    TipoSolicitud.PETICION_PARTICULAR: "petición de interés particular",
    TipoSolicitud.PETICION_GENERAL: "petición de interés general",
    TipoSolicitud.SOLICITUD_INFORMACION: "solicitud de información o documentos",
    TipoSolicitud.CONSULTA: "consulta",
    TipoSolicitud.DENUNCIA: "denuncia",
}

Evento = PQRSRadicada | PQRSProrrogada | PQRSTrasladada | PQRSRespondida


def para(evento: Evento) -> Destinatario:
    if evento.afiliado_id is not None:
        return afiliado(evento.afiliado_id)
    if evento.empleador_id is not None:
        return empleador(evento.empleador_id)
    return ParaCorreo(evento.email_respuesta or "", CIUDADANO)


def _radicada(e: PQRSRadicada) -> Mapping[str, Any]:
    return {
        "radicado": e.radicado,
        "tipo": TIPOS[e.tipo],
        "descripcion": e.descripcion,
        "radicada_en": e.radicada_en,
        "vence_en": e.vence_en,
        "anonima": e.afiliado_id is None and e.empleador_id is None,
    }


AVISOS: tuple[Aviso[Any], ...] = (
    Aviso(
        evento=PQRSRadicada,
        plantilla="pqrs-radicada",
        asunto=lambda e: f"Solicitud radicada {e.radicado} - Oficina Virtual",
        para=para,
        contexto=_radicada,
    ),
    Aviso(
        evento=PQRSProrrogada,
        plantilla="pqrs-prorrogada",
        asunto=lambda e: f"Prórroga de su solicitud {e.radicado} - Oficina Virtual",
        para=para,
        contexto=lambda e: {
            "radicado": e.radicado,
            "motivo": e.motivo,
            "vence_antes": e.vence_antes,
            "vence_en": e.vence_en,
        },
    ),
    Aviso(
        evento=PQRSTrasladada,
        plantilla="pqrs-trasladada",
        asunto=lambda e: f"Traslado de su solicitud {e.radicado} - Oficina Virtual",
        para=para,
        contexto=lambda e: {"radicado": e.radicado, "entidad": e.entidad, "motivo": e.motivo},
    ),
    Aviso(
        evento=PQRSRespondida,
        plantilla="pqrs-respondida",
        asunto=lambda e: f"Respuesta a su solicitud {e.radicado} - Oficina Virtual",
        para=para,
        contexto=lambda e: {
            "radicado": e.radicado,
            "tipo": TIPOS[e.tipo],
            "respuesta": e.respuesta,
            "respondida_en": e.respondida_en,
        },
    ),
)
