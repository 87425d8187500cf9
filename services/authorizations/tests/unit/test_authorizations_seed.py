"""The demo seed files each person's presolicitudes once, whatever how often it runs."""

from authorizations.adapters.memoria import AlmacenEnMemoria
from authorizations.bootstrap import bootstrap_en_memoria
from authorizations.entrypoints.seed import COTIZANTE, HIJA_MENOR, sembrar_persona

from ..constructores import AHORA, derecho


async def test_semilla_siembra_una_vez_y_deja_una_ops_por_pagar_y_una_entregada() -> None:
    almacen = AlmacenEnMemoria()
    almacen.derechos[COTIZANTE] = derecho(COTIZANTE)
    almacen.derechos[HIJA_MENOR] = derecho(HIJA_MENOR, tipo="BENEFICIARIO", cotizante_id=COTIZANTE)
    app = bootstrap_en_memoria(almacen, reloj=lambda: AHORA)

    assert await sembrar_persona(app, HIJA_MENOR) is True
    assert await sembrar_persona(app, HIJA_MENOR) is False
    filas = await app.lecturas.solicitudes_de(HIJA_MENOR)
    assert sorted(f.estado for f in filas) == ["AUTORIZADA", "ENTREGADA", "EN_PROCESO"]
