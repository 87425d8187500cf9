"""The MIPRES poller backs off while MIPRES fails and resumes when it answers."""

import asyncio

from authorizations.adapters.memoria import AlmacenEnMemoria
from authorizations.bootstrap import bootstrap_en_memoria
from authorizations.domain.errores import MIPRESNoDisponible
from authorizations.domain.prescripcion import Direccionamiento
from authorizations.entrypoints.mipres import ESPERA_MAXIMA_S, siguiente_espera, sondear


def test_la_espera_se_duplica_con_cada_falla_hasta_un_maximo() -> None:
    assert [siguiente_espera(30, n) for n in range(5)] == [30, 60, 120, 240, 480]
    assert siguiente_espera(30, 10) == ESPERA_MAXIMA_S


class FuenteQueFalla:
    def __init__(self, fallas: int, stop: asyncio.Event) -> None:
        self.fallas, self.llamadas, self.stop = fallas, 0, stop

    async def direccionamientos(self) -> list[Direccionamiento]:
        self.llamadas += 1
        if self.llamadas <= self.fallas:
            raise MIPRESNoDisponible("estado-503")
        self.stop.set()
        return []


async def test_sondeo_sobrevive_a_mipres_caido_y_sigue_consultando() -> None:
    stop = asyncio.Event()
    fuente = FuenteQueFalla(3, stop)
    app = bootstrap_en_memoria(AlmacenEnMemoria())
    await asyncio.wait_for(sondear(app, fuente, 0.001, stop), timeout=5)
    assert fuente.llamadas == 4
