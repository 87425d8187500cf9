"""Fixtures of the unit tests: the application on in-memory fakes and a fixed clock."""

from datetime import datetime
from uuid import UUID, uuid4

import pytest

from eps_contracts.nombres import ZONA_COLOMBIA
from eps_contracts.types import TipoCotizante
from incapacities.adapters.memoria import AlmacenEnMemoria
from incapacities.application.puertos import Cotizante
from incapacities.bootstrap import Aplicacion, bootstrap_en_memoria
from incapacities.domain.derecho import Aporte

AHORA = datetime(2026, 3, 20, 10, 0, tzinfo=ZONA_COLOMBIA)
EMPLEADOR = UUID("b1a2b3c4-5d6e-4f7a-8b9c-0d1e2f3a4b5c")


@pytest.fixture
def app_y_estado() -> tuple[Aplicacion, AlmacenEnMemoria]:
    return bootstrap_en_memoria(reloj=lambda: AHORA)


def cotizante_al_dia(
    estado: AlmacenEnMemoria,
    *,
    tipo: TipoCotizante = TipoCotizante.DEPENDIENTE,
    ibc: int = 3_000_000,
    periodos: tuple[str, ...] = ("2026-01", "2026-02"),
) -> UUID:
    afiliado_id = uuid4()
    empleadores = frozenset({EMPLEADOR}) if tipo is TipoCotizante.DEPENDIENTE else frozenset()
    estado.cotizantes[afiliado_id] = Cotizante(afiliado_id, True, tipo, empleadores)
    estado.aportes[afiliado_id] = [Aporte(p, 30, ibc) for p in periodos]
    return afiliado_id


def pdf_valido() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(AHORA)
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Certificado de incapacidad")
    return bytes(pdf.output())
