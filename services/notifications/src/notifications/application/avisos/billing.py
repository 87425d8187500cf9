"""Billing's e-mails: the receipt of an approved copay payment (manual §4.2.2: «Una vez el
pago sea exitoso, le llegará un correo electrónico con el soporte del pago»), and the notice
of a rejected one with the gateway's reason. Both go to the affiliate who owes it (the
directory's address)."""

from collections.abc import Mapping
from typing import Any

from eps_contracts.events.billing import PagoAprobado, PagoRechazado
from eps_contracts.types import MedioPago
from notifications.domain.aviso import Aviso
from notifications.domain.correos import afiliado

MEDIOS = {MedioPago.PSE: "PSE (débito a cuenta)", MedioPago.TARJETA_CREDITO: "Tarjeta de crédito"}


def _aprobado(e: PagoAprobado) -> Mapping[str, Any]:
    return {
        "recibo": e.recibo or e.referencia_pasarela,
        "valor": e.valor,
        "medio": MEDIOS[e.medio],
        "referencia": e.referencia_pasarela,
        "instante": e.aprobado_en,
        "es_factura_pac": e.factura_id is not None,
        "concepto": (
            "Plan de Atención Complementaria (PAC)"
            if e.factura_id is not None
            else "Copagos o cuotas moderadoras"
        ),
    }


def _rechazado(e: PagoRechazado) -> Mapping[str, Any]:
    return {
        "valor": e.valor,
        "medio": MEDIOS[e.medio],
        "motivo": e.motivo,
        "instante": e.rechazado_en,
    }


AVISOS: tuple[Aviso[Any], ...] = (
    Aviso(
        evento=PagoAprobado,
        plantilla="pago-aprobado",
        asunto=lambda e: f"Soporte de pago {e.recibo or e.referencia_pasarela} - Oficina Virtual",
        para=lambda e: afiliado(e.afiliado_id),
        contexto=_aprobado,
    ),
    Aviso(
        evento=PagoRechazado,
        plantilla="pago-rechazado",
        asunto="Pago no realizado - Oficina Virtual",
        para=lambda e: afiliado(e.afiliado_id),
        contexto=_rechazado,
    ),
)
