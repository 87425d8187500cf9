"""Authorizations' e-mails: a presolicitud received (manual 4.2.1: «por medio del correo
electrónico se le informará al afiliado los pasos a seguir») and its answer, with each
denied service and its reason. Both go to whoever filed it (himself, or the cotizante for
his minor), found in the contacts directory."""

from typing import Any

from eps_contracts.events.authorizations import PresolicitudCreada, PresolicitudGestionada
from notifications.domain.aviso import Aviso
from notifications.domain.correos import afiliado

AVISOS: tuple[Aviso[Any], ...] = (
    Aviso(
        evento=PresolicitudCreada,
        plantilla="presolicitud-recibida",
        asunto=lambda e: f"Presolicitud {e.consecutivo} recibida - Oficina Virtual",
        para=lambda e: afiliado(e.radicada_por),
        contexto=lambda e: {
            "consecutivo": e.consecutivo,
            "responder_antes_de": e.responder_antes_de,
        },
    ),
    Aviso(
        evento=PresolicitudGestionada,
        plantilla="presolicitud-gestionada",
        asunto=lambda e: f"Respuesta a su presolicitud {e.consecutivo} - Oficina Virtual",
        para=lambda e: afiliado(e.radicada_por),
        contexto=lambda e: {
            "consecutivo": e.consecutivo,
            "autorizadas": len(e.ops_autorizadas),
            "negados": [
                {"codigo": n.cups_codigo, "servicio": n.cups_descripcion, "motivo": n.motivo}
                for n in e.servicios_negados
            ],
        },
    ),
)
