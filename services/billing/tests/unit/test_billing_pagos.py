"""Copay obligations and their payments on in-memory fakes (manual §4.2.2)."""

from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from billing.adapters.memoria import AlmacenEnMemoria, PasarelaEnMemoria
from billing.application.comandos import (
    AnularObligacionDeOPS,
    CrearObligacionDeOPS,
    IniciarPago,
    ResolverTransaccion,
)
from billing.application.errores import PasarelaNoDisponible
from billing.bootstrap import Aplicacion, bootstrap_en_memoria
from billing.domain.errores import (
    BancoRequerido,
    ObligacionAnuladaError,
    ObligacionNoEncontrada,
    ObligacionYaPagada,
    PagoEnProceso,
    TransaccionNoEncontrada,
    ValorNoCoincide,
)
from billing.domain.valores import (
    MOTIVO_EXPIRADA,
    EstadoObligacion,
    EstadoTransaccion,
    Veredicto,
    obligacion_de_ops,
)
from eps_contracts.events.billing import PagoAprobado, PagoRechazado
from eps_contracts.types import ConceptoCuota, MedioPago

AFILIADO = UUID("0f8fad5b-d9cb-469f-a165-70867728950e")
INSTANTE = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)


class Reloj:
    def __init__(self) -> None:
        self.ahora = INSTANTE

    def __call__(self) -> datetime:
        return self.ahora


@pytest.fixture
def almacen() -> AlmacenEnMemoria:
    return AlmacenEnMemoria()


@pytest.fixture
def pasarela() -> PasarelaEnMemoria:
    return PasarelaEnMemoria()


@pytest.fixture
def reloj() -> Reloj:
    return Reloj()


@pytest.fixture
def app(almacen: AlmacenEnMemoria, pasarela: PasarelaEnMemoria, reloj: Reloj) -> Aplicacion:
    return bootstrap_en_memoria(almacen, pasarela, reloj)


async def _obligacion(app: Aplicacion, valor: int = 20100) -> UUID:
    ops_id = uuid4()
    await app.ejecutar(
        CrearObligacionDeOPS(
            ops_id=ops_id,
            afiliado_id=AFILIADO,
            numero_autorizacion="AUT-2026-000123",
            concepto=ConceptoCuota.CUOTA_MODERADORA,
            descripcion="CONSULTA DE PRIMERA VEZ POR MEDICINA GENERAL",
            valor=valor,
            vence_el=date(2026, 12, 31),
        )
    )
    return obligacion_de_ops(ops_id)


def _pago(obligacion_id: UUID, clave: str = "clave-1", banco: str | None = "1007") -> IniciarPago:
    return IniciarPago(AFILIADO, obligacion_id, MedioPago.PSE, banco, clave)


def _eventos(almacen: AlmacenEnMemoria, tipo: type) -> list[object]:
    return [e for s in almacen.streams.values() for e in s if isinstance(e, tipo)]


async def test_la_ops_con_cuota_crea_una_obligacion_y_repetida_no_crea_otra(
    app: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    ops_id = uuid4()
    comando = CrearObligacionDeOPS(
        ops_id, AFILIADO, "AUT-1234", ConceptoCuota.COPAGO, "RESONANCIA", 57_000, None
    )
    assert await app.ejecutar(comando) is True
    assert await app.ejecutar(comando) is False
    assert len(almacen.streams) == 1
    assert almacen.obligaciones[obligacion_de_ops(ops_id)].valor == 57_000


async def test_pagar_devuelve_la_url_de_la_pasarela_y_deja_la_orden_en_proceso(
    app: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    obligacion_id = await _obligacion(app)
    vista = await app.ejecutar(_pago(obligacion_id))
    assert vista.estado == EstadoTransaccion.PENDIENTE
    assert vista.url_redireccion.startswith("https://pasarela.test/pagar/")
    assert almacen.obligaciones[obligacion_id].estado is EstadoObligacion.EN_PROCESO


async def test_doble_clic_con_la_misma_clave_devuelve_la_misma_transaccion(
    app: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    obligacion_id = await _obligacion(app)
    primera = await app.ejecutar(_pago(obligacion_id))
    segunda = await app.ejecutar(_pago(obligacion_id))
    assert segunda == primera
    assert len(almacen.obligaciones[obligacion_id].transacciones) == 1


async def test_segundo_pago_con_otra_clave_mientras_hay_uno_pendiente_se_rechaza(
    app: Aplicacion,
) -> None:
    obligacion_id = await _obligacion(app)
    await app.ejecutar(_pago(obligacion_id, "clave-1"))
    with pytest.raises(PagoEnProceso):
        await app.ejecutar(_pago(obligacion_id, "clave-2"))


async def test_pse_sin_banco_se_rechaza_con_mensaje_en_el_campo_banco(app: Aplicacion) -> None:
    obligacion_id = await _obligacion(app)
    with pytest.raises(BancoRequerido) as error:
        await app.ejecutar(_pago(obligacion_id, banco=None))
    assert error.value.campo == "banco"


async def test_nadie_paga_la_orden_de_otro_afiliado(app: Aplicacion) -> None:
    obligacion_id = await _obligacion(app)
    with pytest.raises(ObligacionNoEncontrada):
        await app.ejecutar(IniciarPago(uuid4(), obligacion_id, MedioPago.PSE, "1007", "c"))


async def test_pasarela_caida_no_registra_ninguna_transaccion(
    app: Aplicacion, pasarela: PasarelaEnMemoria, almacen: AlmacenEnMemoria
) -> None:
    obligacion_id = await _obligacion(app)
    pasarela.caida = True
    with pytest.raises(PasarelaNoDisponible):
        await app.ejecutar(_pago(obligacion_id))
    assert almacen.obligaciones[obligacion_id].estado is EstadoObligacion.POR_PAGAR


async def _pendiente(app: Aplicacion, obligacion_id: UUID, clave: str = "clave-1") -> UUID:
    vista = await app.ejecutar(_pago(obligacion_id, clave))
    return UUID(str(vista.transaccion_id))


def _veredicto(
    almacen: AlmacenEnMemoria,
    obligacion_id: UUID,
    transaccion_id: UUID,
    estado: EstadoTransaccion,
    valor: int = 20100,
    motivo: str | None = None,
) -> Veredicto:
    referencia = almacen.obligaciones[obligacion_id].transacciones[transaccion_id]
    return Veredicto(referencia.referencia_pasarela, estado, valor, motivo)


async def test_aprobacion_repetida_registra_un_solo_pago_aprobado_con_recibo(
    app: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    obligacion_id = await _obligacion(app)
    transaccion_id = await _pendiente(app, obligacion_id)
    veredicto = _veredicto(almacen, obligacion_id, transaccion_id, EstadoTransaccion.APROBADO)
    for fuente in ("notificacion", "notificacion", "consulta"):
        estado = await app.ejecutar(ResolverTransaccion(transaccion_id, veredicto, fuente))
        assert estado is EstadoObligacion.PAGADA
    [aprobado] = _eventos(almacen, PagoAprobado)
    assert isinstance(aprobado, PagoAprobado)
    assert aprobado.recibo == "RC-2026-000001"
    assert aprobado.valor == 20100


async def test_orden_pagada_no_se_puede_pagar_otra_vez(
    app: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    obligacion_id = await _obligacion(app)
    transaccion_id = await _pendiente(app, obligacion_id)
    veredicto = _veredicto(almacen, obligacion_id, transaccion_id, EstadoTransaccion.APROBADO)
    await app.ejecutar(ResolverTransaccion(transaccion_id, veredicto, "notificacion"))
    with pytest.raises(ObligacionYaPagada):
        await app.ejecutar(_pago(obligacion_id, "clave-2"))


async def test_rechazo_guarda_el_motivo_y_permite_pagar_de_nuevo(
    app: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    obligacion_id = await _obligacion(app)
    transaccion_id = await _pendiente(app, obligacion_id)
    veredicto = _veredicto(
        almacen, obligacion_id, transaccion_id, EstadoTransaccion.RECHAZADO, motivo=MOTIVO_EXPIRADA
    )
    assert (
        await app.ejecutar(ResolverTransaccion(transaccion_id, veredicto, "consulta"))
        is EstadoObligacion.POR_PAGAR
    )
    [rechazado] = _eventos(almacen, PagoRechazado)
    assert isinstance(rechazado, PagoRechazado) and rechazado.motivo == MOTIVO_EXPIRADA
    nueva = await app.ejecutar(_pago(obligacion_id, "clave-2"))
    assert nueva.estado == EstadoTransaccion.PENDIENTE


async def test_aprobacion_despues_de_un_rechazo_de_la_misma_transaccion_no_cuenta(
    app: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    obligacion_id = await _obligacion(app)
    transaccion_id = await _pendiente(app, obligacion_id)
    rechazo = _veredicto(
        almacen, obligacion_id, transaccion_id, EstadoTransaccion.RECHAZADO, motivo="x"
    )
    await app.ejecutar(ResolverTransaccion(transaccion_id, rechazo, "consulta"))
    aprobacion = _veredicto(almacen, obligacion_id, transaccion_id, EstadoTransaccion.APROBADO)
    await app.ejecutar(ResolverTransaccion(transaccion_id, aprobacion, "notificacion"))
    assert _eventos(almacen, PagoAprobado) == []


async def test_notificacion_con_otro_valor_se_rechaza_y_no_aprueba(
    app: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    obligacion_id = await _obligacion(app)
    transaccion_id = await _pendiente(app, obligacion_id)
    alterada = _veredicto(
        almacen, obligacion_id, transaccion_id, EstadoTransaccion.APROBADO, valor=100
    )
    with pytest.raises(ValorNoCoincide):
        await app.ejecutar(ResolverTransaccion(transaccion_id, alterada, "notificacion"))
    assert _eventos(almacen, PagoAprobado) == []


async def test_notificacion_de_otra_referencia_de_pasarela_se_rechaza(
    app: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    obligacion_id = await _obligacion(app)
    transaccion_id = await _pendiente(app, obligacion_id)
    ajena = Veredicto("SIM-OTRA", EstadoTransaccion.APROBADO, 20100)
    with pytest.raises(TransaccionNoEncontrada):
        await app.ejecutar(ResolverTransaccion(transaccion_id, ajena, "notificacion"))
    with pytest.raises(TransaccionNoEncontrada):
        await app.ejecutar(ResolverTransaccion(uuid4(), ajena, "notificacion"))


async def test_ops_anulada_sin_pagar_ya_no_se_cobra(app: Aplicacion) -> None:
    ops_id = uuid4()
    await app.ejecutar(
        CrearObligacionDeOPS(ops_id, AFILIADO, "AUT-1234", ConceptoCuota.COPAGO, "X", 5000, None)
    )
    assert await app.ejecutar(AnularObligacionDeOPS(ops_id, "La OPS venció sin usarse.")) is True
    with pytest.raises(ObligacionAnuladaError):
        await app.ejecutar(_pago(obligacion_de_ops(ops_id)))


async def test_transaccion_pendiente_se_reconsulta_pasados_siete_minutos(
    app: Aplicacion, almacen: AlmacenEnMemoria, pasarela: PasarelaEnMemoria, reloj: Reloj
) -> None:
    obligacion_id = await _obligacion(app)
    transaccion_id = await _pendiente(app, obligacion_id)
    veredicto = _veredicto(almacen, obligacion_id, transaccion_id, EstadoTransaccion.APROBADO)
    pasarela.estados[veredicto.referencia_pasarela] = veredicto
    reloj.ahora = INSTANTE + timedelta(minutes=6)
    assert await app.reconsultar() == 0
    reloj.ahora = INSTANTE + timedelta(minutes=7)
    assert await app.reconsultar() == 1
    assert almacen.obligaciones[obligacion_id].estado is EstadoObligacion.PAGADA
    assert len(_eventos(almacen, PagoAprobado)) == 1


async def test_transaccion_abandonada_se_sigue_consultando_hasta_que_termina(
    app: Aplicacion, almacen: AlmacenEnMemoria, pasarela: PasarelaEnMemoria, reloj: Reloj
) -> None:
    obligacion_id = await _obligacion(app)
    transaccion_id = await _pendiente(app, obligacion_id)
    pendiente = _veredicto(almacen, obligacion_id, transaccion_id, EstadoTransaccion.PENDIENTE)
    pasarela.estados[pendiente.referencia_pasarela] = pendiente
    reloj.ahora = INSTANTE + timedelta(minutes=8)
    assert await app.reconsultar() == 0
    assert almacen.transacciones[transaccion_id].consultas == 1
    # Not asked again before its pause (1 minute after the first query, then 2, 4…).
    reloj.ahora = INSTANTE + timedelta(minutes=8, seconds=30)
    assert await app.reconsultar() == 0
    assert almacen.transacciones[transaccion_id].consultas == 1
    pasarela.estados[pendiente.referencia_pasarela] = _veredicto(
        almacen, obligacion_id, transaccion_id, EstadoTransaccion.RECHAZADO, motivo=MOTIVO_EXPIRADA
    )
    reloj.ahora = INSTANTE + timedelta(minutes=11)
    assert await app.reconsultar() == 1
    assert almacen.obligaciones[obligacion_id].estado is EstadoObligacion.POR_PAGAR


async def test_ops_vencida_despues_de_pagada_sigue_pagada(
    app: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    obligacion_id = await _obligacion(app)
    ops_id = almacen.obligaciones[obligacion_id].ops_id
    assert ops_id is not None
    transaccion_id = await _pendiente(app, obligacion_id)
    # While a payment is under way the OPS's expiry does not drop it either.
    assert await app.ejecutar(AnularObligacionDeOPS(ops_id, "La OPS venció sin usarse.")) is False
    veredicto = _veredicto(almacen, obligacion_id, transaccion_id, EstadoTransaccion.APROBADO)
    await app.ejecutar(ResolverTransaccion(transaccion_id, veredicto, "notificacion"))
    assert await app.ejecutar(AnularObligacionDeOPS(ops_id, "La OPS venció sin usarse.")) is False
    assert almacen.obligaciones[obligacion_id].estado is EstadoObligacion.PAGADA
