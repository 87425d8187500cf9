"""The affiliate's home dashboard (manual §4), as the caller may see it, fresh on request.

Who sees what:
- an affiliate sees his own dashboard, and that of each minor he represents
  (``puede_actuar_por``); anyone else, or an unknown id, gets the very answer of an
  affiliate that does not exist (404 ``afiliado-no-encontrado``), so nobody learns which
  ids belong to other people;
- «Mi grupo familiar»: a COTIZANTE sees every member of his group still in it (name,
  document, state, IPS primaria), as the manual's home shows them; a beneficiary or
  adicional sees only himself. Ley 1581 de 2012: an adult's personal data are his own, and
  being in someone's family group does not make the others' data his to see.

Fresh after a write: ``version_minima`` waits (at most ``espera_max_s``) until the dashboard
reflects that version of its subject's aggregate. The wait listens (``Avisos``,
LISTEN/NOTIFY) instead of polling: it subscribes FIRST, then reads, so a change committed
in between is never missed. Only while notices cannot be heard does it re-read once a
second. At the deadline it answers with what it has, marked ``al_dia=False``.
"""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol
from uuid import UUID

from eps_contracts.nombres import ZONA_COLOMBIA
from eps_contracts.types import TipoAfiliado
from eps_runtime.auth import (
    MENSAJE_AFILIADO_NO_ENCONTRADO,
    AfiliadoNoEncontrado,
    Llamante,
    exigir_actuar_por,
)
from portal.domain.avisos import Aviso
from portal.domain.tablero import Tablero

Cola = asyncio.Queue[Aviso | None]

# While notices cannot be heard (the LISTEN connection is down), a waiter re-reads this
# often instead.
_RELECTURA_SIN_AVISOS_S = 1.0


class LecturaTablero(Protocol):
    async def leer(self, afiliado_id: UUID) -> Tablero | None:
        """The subject's dashboard with every member of the group he heads, or None."""
        ...

    async def menor_del_grupo(self, cotizante_id: UUID, afiliado_id: UUID) -> date | None:
        """``afiliado_id``'s birth date if he is, as the read model knows it today, a member
        (not retired) of the group ``cotizante_id`` heads; None otherwise."""
        ...

    async def retraso(self) -> dict[str, Any]: ...


class FuenteAvisos(Protocol):
    @property
    def conectado(self) -> bool: ...

    def suscripcion(self) -> contextlib.AbstractContextManager[Cola]: ...


@dataclass(frozen=True)
class TableroLeido:
    tablero: Tablero
    al_dia: bool
    """False when ``version_minima`` was asked and not reached within the wait."""


def es_menor(nacimiento: date, ahora: datetime) -> bool:
    """Under 18 on today's date in Colombia (one turns 18 at 00:00 Bogotá of the birthday)."""
    hoy = ahora.astimezone(ZONA_COLOMBIA).date()
    try:
        mayoria = nacimiento.replace(year=nacimiento.year + 18)
    except ValueError:  # born on 29 February: 18 on 1 March
        mayoria = date(nacimiento.year + 18, 3, 1)
    return hoy < mayoria


def _no_encontrado() -> AfiliadoNoEncontrado:
    return AfiliadoNoEncontrado(MENSAJE_AFILIADO_NO_ENCONTRADO)


class ConsultaTablero:
    def __init__(
        self,
        lectura: LecturaTablero,
        avisos: FuenteAvisos,
        *,
        espera_max_s: float = 5.0,
        reloj: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._lectura = lectura
        self._avisos = avisos
        self.espera_max_s = espera_max_s
        self._reloj = reloj

    async def sujeto(self, llamante: Llamante, afiliado_id: UUID | None = None) -> UUID:
        """Whose dashboard the caller asks for: his own by default; ``AfiliadoNoEncontrado``
        (404) if he may not act for ``afiliado_id``.

        Acting for someone else needs both: the token's ``representados`` (identity's word)
        AND the portal's own read model saying that person is in the caller's group and a
        minor today in Colombia (DESIGN §7). A stale token — a child who turned 18 after it
        was issued, or one who left the group — shows nothing."""
        if afiliado_id is None or afiliado_id == llamante.afiliado_id:
            if llamante.afiliado_id is None:
                raise _no_encontrado()
            return llamante.afiliado_id
        ahora = self._reloj()
        exigir_actuar_por(llamante, afiliado_id, ahora)
        assert llamante.afiliado_id is not None  # exigir_actuar_por: only an affiliate acts
        nacimiento = await self._lectura.menor_del_grupo(llamante.afiliado_id, afiliado_id)
        if nacimiento is None or not es_menor(nacimiento, ahora):
            raise _no_encontrado()
        return afiliado_id

    async def tablero(
        self,
        llamante: Llamante,
        afiliado_id: UUID | None = None,
        *,
        version_minima: int | None = None,
    ) -> Tablero:
        """The dashboard; with ``version_minima``, after waiting for it (see the module)."""
        return (await self.leer(llamante, afiliado_id, version_minima=version_minima)).tablero

    async def leer(
        self,
        llamante: Llamante,
        afiliado_id: UUID | None = None,
        *,
        version_minima: int | None = None,
    ) -> TableroLeido:
        """``tablero`` plus whether the asked version was reached (``al_dia``)."""
        sujeto = await self.sujeto(llamante, afiliado_id)
        if version_minima is None:
            tablero = await self._leer(sujeto)
            if tablero is None:
                raise _no_encontrado()
            return TableroLeido(tablero, al_dia=True)
        with self._avisos.suscripcion() as cola:
            tablero = await self._leer(sujeto)
            limite = asyncio.get_running_loop().time() + self.espera_max_s
            while tablero is None or tablero.version < version_minima:
                aviso = await self._siguiente(cola, limite)
                if aviso is None:
                    break
                if aviso.toca(sujeto):
                    tablero = await self._leer(sujeto)
        if tablero is None:
            raise _no_encontrado()
        return TableroLeido(tablero, al_dia=tablero.version >= version_minima)

    async def cambios(
        self, llamante: Llamante, afiliado_id: UUID | None = None
    ) -> AsyncIterator[int]:
        """The dashboard's version each time a committed event may have changed what it
        shows: its subject's own aggregate or, for a cotizante, his group. The version is
        the subject's, so a change in a member repeats it. After the notice connection was
        lost, it yields once (a refresh that may be spurious). Ends when ``Avisos`` stops.
        Authorization is checked before anything is yielded (``AfiliadoNoEncontrado``)."""
        sujeto = await self.sujeto(llamante, afiliado_id)
        with self._avisos.suscripcion() as cola:
            while True:
                aviso = await cola.get()
                if aviso is None:
                    return
                if aviso.toca(sujeto):
                    tablero = await self._leer(sujeto)
                    if tablero is not None:
                        yield tablero.version

    async def retraso(self) -> dict[str, Any]:
        """Readiness detail: ``{"mensajes_pendientes": n, "medido_en": iso}``."""
        return await self._lectura.retraso()

    async def _leer(self, sujeto: UUID) -> Tablero | None:
        tablero = await self._lectura.leer(sujeto)
        if tablero is None or tablero.plan_beneficios.tipo_afiliado == TipoAfiliado.COTIZANTE:
            return tablero
        # Only a cotizante's dashboard lists his group (see the module: Ley 1581).
        propio = [m for m in tablero.grupo_familiar if m.afiliado_id == sujeto]
        return tablero.model_copy(update={"grupo_familiar": propio})

    async def _siguiente(self, cola: Cola, limite: float) -> Aviso | None:
        """The next notice, a re-read signal while notices cannot be heard, or None at the
        deadline or when ``Avisos`` stops."""
        restante = limite - asyncio.get_running_loop().time()
        if restante <= 0:
            return None
        if not self._avisos.conectado:
            restante = min(restante, _RELECTURA_SIN_AVISOS_S)
        try:
            return await asyncio.wait_for(cola.get(), restante)
        except TimeoutError:
            if asyncio.get_running_loop().time() >= limite:
                return None
            return Aviso(todos=True)
