"""PAC invoices on fakes: one per contract in force and month, numbered, payable online."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from billing.adapters.memoria import AlmacenEnMemoria
from billing.application.comandos import IniciarPago, ResolverTransaccion
from billing.application.puertos import ContratoPAC
from billing.bootstrap import Aplicacion, bootstrap_en_memoria
from billing.domain.valores import EstadoObligacion, EstadoTransaccion, Veredicto
from billing.referencia.tarifas import tarifas_pac
from eps_contracts.events.billing import FacturaPACEmitida, PagoAprobado
from eps_contracts.types import MedioPago

ANA, LUIS, EVA = uuid4(), uuid4(), uuid4()


@pytest.fixture
def almacen() -> AlmacenEnMemoria:
    almacen = AlmacenEnMemoria()
    almacen.contratos = [
        (ContratoPAC(ANA, "PAC-ORO", "Plan Complementario Oro"), date(2026, 3, 1), None),
        (
            ContratoPAC(LUIS, "PAC-PLATA", "Plan Complementario Plata"),
            date(2026, 1, 1),
            date(2026, 10, 31),
        ),
        (ContratoPAC(EVA, "PAC-DESCONOCIDO", "Otro"), date(2026, 1, 1), None),
    ]
    return almacen


@pytest.fixture
def app(almacen: AlmacenEnMemoria) -> Aplicacion:
    return bootstrap_en_memoria(almacen, ahora=lambda: datetime(2026, 11, 1, 10, tzinfo=UTC))


def _facturas(almacen: AlmacenEnMemoria) -> list[FacturaPACEmitida]:
    return [e for s in almacen.streams.values() for e in s if isinstance(e, FacturaPACEmitida)]


def test_las_tarifas_pac_son_datos_con_fecha_y_fuente() -> None:
    tarifa = tarifas_pac().vigente("PAC-ORO", date(2026, 11, 1))
    assert tarifa is not None and tarifa.valor_mensual == 185_000
    assert "ILUSTRATIVO" in tarifa.fuente
    assert tarifas_pac().vigente("PAC-ORO", date(2025, 12, 31)) is None


async def test_cada_contrato_vigente_recibe_su_factura_del_mes_una_sola_vez(
    app: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    resultado = await app.emitir_facturas_pac("2026-11")
    assert (resultado.emitidas, resultado.sin_tarifa) == (1, 1)  # Luis's ended in October
    otra_vez = await app.emitir_facturas_pac("2026-11")
    assert (otra_vez.emitidas, otra_vez.existentes) == (0, 1)
    [factura] = _facturas(almacen)
    assert (factura.afiliado_id, factura.numero_factura, factura.valor) == (
        ANA,
        "FV-2026-000001",
        185_000,
    )
    assert factura.vence_el == date(2026, 11, 15)
    assert factura.referencia_pago == "77099202600000001"


async def test_la_factura_pac_se_paga_en_linea_y_el_pago_nombra_la_factura(
    app: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    await app.emitir_facturas_pac("2026-11")
    [factura] = _facturas(almacen)
    pago = await app.ejecutar(
        IniciarPago(ANA, factura.obligacion_id, MedioPago.PSE, "1007", "clave-pac-1")
    )
    referencia = str(pago.url_redireccion).rsplit("/", 1)[1]
    veredicto = Veredicto(referencia, EstadoTransaccion.APROBADO, 185_000)
    estado = await app.ejecutar(ResolverTransaccion(pago.transaccion_id, veredicto, "consulta"))
    assert estado is EstadoObligacion.PAGADA
    [aprobado] = [e for s in almacen.streams.values() for e in s if isinstance(e, PagoAprobado)]
    assert (aprobado.factura_id, aprobado.ops_id) == (factura.factura_id, None)
