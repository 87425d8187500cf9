"""Who may see (and rate, or withdraw) a solicitud.

- an affiliate: those that concern himself or a minor he may act for today
  (``eps_runtime.auth.puede_actuar_por``);
- an employer, or a delegate with the administrative-requests permission: its own;
- back office (operador, auditor): every one;
- an anonymous citizen: only with the radicado and its consultation code.

Anyone else gets ``SolicitudNoEncontrada``, the very answer of a radicado that does not
exist, so guessing radicados tells nothing.
"""

from __future__ import annotations

from datetime import datetime

from eps_runtime.auth import Llamante, Rol, puede_actuar_por
from eps_runtime.permisos import PERMISO_SOLICITUDES_ADMINISTRATIVAS, puede_actuar_por_empleador
from pqrs.domain.solicitud import Solicitud

ROLES_BACK_OFFICE = frozenset({Rol.OPERADOR, Rol.AUDITOR})


def puede_ver(llamante: Llamante, solicitud: Solicitud, ahora: datetime) -> bool:
    if llamante.rol in ROLES_BACK_OFFICE:
        return True
    return es_suya(llamante, solicitud, ahora)


def es_suya(llamante: Llamante, solicitud: Solicitud, ahora: datetime) -> bool:
    """The requester's side (rating, withdrawing): never back office."""
    if llamante.rol is Rol.AFILIADO and solicitud.afiliado_id is not None:
        return puede_actuar_por(llamante, solicitud.afiliado_id, ahora)
    if llamante.rol in (Rol.EMPLEADOR, Rol.DELEGADO) and solicitud.empleador_id is not None:
        return puede_actuar_por_empleador(
            llamante, solicitud.empleador_id, PERMISO_SOLICITUDES_ADMINISTRATIVAS
        )
    return False
