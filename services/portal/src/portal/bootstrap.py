"""Wires the portal's dashboard: the query side and the change notices.

- ``Componentes.consulta``: ``application.tablero.ConsultaTablero`` with
    ``async tablero(llamante, afiliado_id=None, *, version_minima=None) -> domain.tablero.Tablero``
        (the caller's own dashboard, or a represented minor's; anyone else → ``NotFound``),
    ``async leer(...) -> TableroLeido`` (the same, plus ``al_dia``: whether the asked
        version was reached),
    ``cambios(llamante, afiliado_id=None) -> AsyncIterator[int]`` (yields the dashboard's
        version each time a committed event changed it; used by the SSE endpoints),
    ``async retraso() -> dict[str, object]`` (readiness detail: the projection's lag).
- ``Componentes.avisos``: ``adapters.avisos.Avisos`` with ``async iniciar()`` / ``async
  detener()`` (one LISTEN connection per process).
"""

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from portal.adapters.avisos import Avisos
from portal.adapters.secciones import secciones
from portal.adapters.tablero_lectura import LecturaTableroSql
from portal.adapters.tablero_projection import GRUPO
from portal.application.tablero import ConsultaTablero
from portal.settings import PortalSettings


@dataclass
class Componentes:
    consulta: ConsultaTablero
    avisos: Avisos


def bootstrap(engine: AsyncEngine, settings: PortalSettings) -> Componentes:
    avisos = Avisos(settings.database_url)
    consulta = ConsultaTablero(
        LecturaTableroSql(engine, proyeccion=GRUPO, secciones=secciones()),
        avisos,
        espera_max_s=settings.espera_version_max_s,
    )
    return Componentes(consulta=consulta, avisos=avisos)
