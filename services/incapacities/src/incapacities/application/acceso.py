"""Who may file, see or contest an incapacity (the same 404 for anyone who may not)."""

from __future__ import annotations

from uuid import UUID

from eps_contracts.types import TipoCotizante
from eps_runtime.auth import Llamante, Rol
from eps_runtime.permisos import PERMISO_GESTIONAR_INCAPACIDADES, exigir_actuar_por_empleador
from incapacities.application.errores import (
    MENSAJE_COTIZANTE,
    CotizanteNoEncontrado,
    NoPuedeRadicar,
)
from incapacities.application.puertos import Cotizante, Fila
from incapacities.domain.errores import MENSAJE_NO_ENCONTRADA, IncapacidadNoEncontrada

MENSAJE_NO_RADICA = (
    "Solo el empleador (o su delegado con permiso de gestionar incapacidades) o el cotizante "
    "independiente pueden radicar una incapacidad."
)


def aportante_que_radica(llamante: Llamante, cotizante: Cotizante | None) -> UUID | None:
    """The aportante the filing is made for: the caller's employer, or None for an
    independiente filing his own. Anything else: 404 (or 403 for a role that never files)."""
    if llamante.rol in (Rol.EMPLEADOR, Rol.DELEGADO):
        if llamante.empleador_id is None:
            raise NoPuedeRadicar(MENSAJE_NO_RADICA)
        exigir_actuar_por_empleador(
            llamante, llamante.empleador_id, PERMISO_GESTIONAR_INCAPACIDADES
        )
        if cotizante is None or llamante.empleador_id not in cotizante.empleadores:
            raise CotizanteNoEncontrado(MENSAJE_COTIZANTE)
        return llamante.empleador_id
    if llamante.rol is Rol.AFILIADO:
        if cotizante is None or cotizante.afiliado_id != llamante.afiliado_id:
            raise CotizanteNoEncontrado(MENSAJE_COTIZANTE)
        if cotizante.tipo_cotizante is not TipoCotizante.INDEPENDIENTE:
            raise NoPuedeRadicar(
                "Como cotizante dependiente, su empleador radica sus incapacidades."
            )
        return None
    raise NoPuedeRadicar(MENSAJE_NO_RADICA)


def puede_ver(llamante: Llamante, fila: Fila) -> bool:
    if llamante.rol in (Rol.OPERADOR, Rol.AUDITOR):
        return True
    if llamante.rol is Rol.AFILIADO:
        return llamante.afiliado_id == fila.cotizante_id
    if llamante.rol in (Rol.EMPLEADOR, Rol.DELEGADO):
        return (
            fila.aportante_id is not None
            and llamante.empleador_id == fila.aportante_id
            and (
                llamante.rol is Rol.EMPLEADOR
                or PERMISO_GESTIONAR_INCAPACIDADES in llamante.permisos
            )
        )
    return False


def puede_impugnar(llamante: Llamante, fila: Fila) -> bool:
    """The aportante: its employer (or delegate with permission), or the independiente."""
    if fila.aportante_id is None:
        return llamante.rol is Rol.AFILIADO and llamante.afiliado_id == fila.cotizante_id
    return llamante.rol in (Rol.EMPLEADOR, Rol.DELEGADO) and puede_ver(llamante, fila)


def exigir_ver(llamante: Llamante, fila: Fila | None) -> Fila:
    if fila is None or not puede_ver(llamante, fila):
        raise IncapacidadNoEncontrada(MENSAJE_NO_ENCONTRADA)
    return fila


def titular_de_cuenta(llamante: Llamante, cotizante: Cotizante | None) -> UUID:
    """Whose reimbursement account the caller manages: its employer (the employer, or a
    delegate with the permission), or himself as independiente."""
    if llamante.rol in (Rol.EMPLEADOR, Rol.DELEGADO) and llamante.empleador_id is not None:
        exigir_actuar_por_empleador(
            llamante, llamante.empleador_id, PERMISO_GESTIONAR_INCAPACIDADES
        )
        return llamante.empleador_id
    if (
        llamante.rol is Rol.AFILIADO
        and cotizante is not None
        and cotizante.tipo_cotizante is TipoCotizante.INDEPENDIENTE
    ):
        return cotizante.afiliado_id
    raise NoPuedeRadicar(
        "Solo el empleador (o su delegado con permiso) o el cotizante independiente registran "
        "la cuenta para el pago de incapacidades."
    )
