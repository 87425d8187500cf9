"""Who may act for an employer, and with which permission: one answer for every service.

An employer (``Rol.EMPLEADOR``) acts for itself with every permission. A delegate
(``Rol.DELEGADO``) acts only for its own employer and only with the permissions of its
profile, which the identity service puts in the token's ``permisos`` claim. Nobody else
acts for an employer.

A service asks before touching anything of an employer::

    exigir_actuar_por_empleador(llamante, empleador_id, PERMISO_GESTIONAR_INCAPACIDADES)

which answers 404 (never revealing that the employer exists) to a caller of another
employer, and 403 to a delegate of that same employer whose profile lacks the permission.

The codes come from the employer's trámites (seed 000) and the delegation guide (seed 002);
they are what profiles grant and what ``PerfilCreado.permisos`` carries.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from uuid import UUID

from eps_runtime.auth import MENSAJE_SIN_PERMISO, Llamante, Rol, SinPermiso
from eps_runtime.errores import NoEncontrado

PERMISO_DESCARGAR_CERTIFICADOS = "descargar-certificados"
PERMISO_GESTIONAR_INCAPACIDADES = "gestionar-incapacidades"
PERMISO_SOLICITUDES_ADMINISTRATIVAS = "solicitudes-administrativas"
PERMISO_APORTES_Y_CARTERA = "aportes-y-cartera"
PERMISO_ACTUALIZAR_DATOS_EMPLEADOR = "actualizar-datos-empleador"
PERMISO_ADMINISTRAR_DELEGADOS = "administrar-delegados"

PERMISOS_EMPLEADOR: Mapping[str, str] = MappingProxyType(
    {
        PERMISO_DESCARGAR_CERTIFICADOS: (
            "Descargar certificaciones: certificados de aportes, de afiliación y de incapacidades."
        ),
        PERMISO_GESTIONAR_INCAPACIDADES: (
            "Gestionar incapacidades: radicación y consulta, registro de pago, revalidación o "
            "desacuerdo de liquidaciones."
        ),
        PERMISO_SOLICITUDES_ADMINISTRATIVAS: (
            "Realizar solicitudes administrativas: cambio de empleador y devoluciones de aportes."
        ),
        PERMISO_APORTES_Y_CARTERA: (
            "Aportes y cartera: ajustes de cartera, estado de cuenta y paz y salvo."
        ),
        PERMISO_ACTUALIZAR_DATOS_EMPLEADOR: "Actualizar los datos del empleador.",
        PERMISO_ADMINISTRAR_DELEGADOS: ("Administrar perfiles y usuarios delegados del empleador."),
    }
)
"""Every permission a profile may grant, with the Spanish description a person reads."""

MENSAJE_EMPLEADOR_NO_ENCONTRADO = "El empleador solicitado no existe."


class EmpleadorNoEncontrado(NoEncontrado):
    """404: the employer does not exist, or the caller may not know whether it does."""

    codigo = "empleador-no-encontrado"


def es_de_empleador(llamante: Llamante, empleador_id: UUID) -> bool:
    """True when the caller is the employer or one of its delegates (whatever its profile)."""
    return (
        llamante.rol in (Rol.EMPLEADOR, Rol.DELEGADO)
        and llamante.empleador_id is not None
        and llamante.empleador_id == empleador_id
    )


def puede_actuar_por_empleador(llamante: Llamante, empleador_id: UUID, permiso: str) -> bool:
    """May this caller act for this employer with this permission?

    The employer itself: always. A delegate of that employer: if ``permiso`` is among its
    token's ``permisos``. Anyone else: never. An unknown ``permiso`` is a programming error
    (ValueError), so a typo cannot silently lock everybody out.
    """
    if permiso not in PERMISOS_EMPLEADOR:
        raise ValueError(f"permiso desconocido: {permiso!r}")
    if not es_de_empleador(llamante, empleador_id):
        return False
    return llamante.rol is Rol.EMPLEADOR or permiso in llamante.permisos


def exigir_actuar_por_empleador(llamante: Llamante, empleador_id: UUID, permiso: str) -> None:
    """Raises unless ``puede_actuar_por_empleador``: 404 ``empleador-no-encontrado`` to a
    caller of another employer (or of none), 403 ``sin-permiso`` to a delegate of this one
    whose profile does not grant ``permiso``."""
    if puede_actuar_por_empleador(llamante, empleador_id, permiso):
        return
    if es_de_empleador(llamante, empleador_id):
        raise SinPermiso(MENSAJE_SIN_PERMISO)
    raise EmpleadorNoEncontrado(MENSAJE_EMPLEADOR_NO_ENCONTRADO)
