"""Incapacities' e-mails to the cotizante: filing, liquidation, rejection, no subsidy and
payment (issue 14). Addressed by id (the contacts directory), composed from the event alone."""

from typing import Any

from eps_contracts.events.incapacities import (
    IncapacidadLiquidada,
    IncapacidadPagada,
    IncapacidadRadicada,
    IncapacidadRechazada,
    IncapacidadSinSubsidio,
)
from notifications.domain.aviso import Aviso
from notifications.domain.correos import afiliado

AVISOS: tuple[Aviso[Any], ...] = (
    Aviso(
        evento=IncapacidadRadicada,
        plantilla="incapacidad-radicada",
        asunto=lambda e: f"Incapacidad radicada, folio {e.folio} - Oficina Virtual",
        para=lambda e: afiliado(e.cotizante_id),
        contexto=lambda e: {
            "folio": e.folio,
            "inicio": e.fecha_inicio,
            "dias": e.dias,
            "decidir_antes": e.decidir_antes,
            "prorroga": e.prorroga_de is not None,
            "acumulados": e.dias_acumulados,
        },
    ),
    Aviso(
        evento=IncapacidadLiquidada,
        plantilla="incapacidad-liquidada",
        asunto=lambda e: f"Incapacidad liquidada, folio {e.folio} - Oficina Virtual",
        para=lambda e: afiliado(e.cotizante_id),
        contexto=lambda e: {
            "folio": e.folio,
            "valor": e.valor_eps,
            "dias_eps": e.dias_eps,
            "pagar_antes": e.pagar_antes,
        },
    ),
    Aviso(
        evento=IncapacidadRechazada,
        plantilla="incapacidad-rechazada",
        asunto=lambda e: f"Incapacidad rechazada, folio {e.folio} - Oficina Virtual",
        para=lambda e: afiliado(e.cotizante_id),
        contexto=lambda e: {"folio": e.folio, "motivo": e.motivo},
    ),
    Aviso(
        evento=IncapacidadSinSubsidio,
        plantilla="incapacidad-sin-subsidio",
        asunto=lambda e: f"Incapacidad sin subsidio, folio {e.folio} - Oficina Virtual",
        para=lambda e: afiliado(e.cotizante_id),
        contexto=lambda e: {"folio": e.folio, "motivo": e.motivo},
    ),
    Aviso(
        evento=IncapacidadPagada,
        plantilla="incapacidad-pagada",
        asunto=lambda e: f"Incapacidad pagada, folio {e.folio} - Oficina Virtual",
        para=lambda e: afiliado(e.cotizante_id),
        contexto=lambda e: {"folio": e.folio, "valor": e.valor, "fecha_pago": e.fecha_pago},
    ),
)
