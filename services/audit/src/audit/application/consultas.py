"""The auditor's queries, and the access record each read of personal data leaves.

Guarantee: whenever the archive gives an affiliate's personal data to someone other than
the affiliate (an auditor), a ``DatosPersonalesConsultados`` is recorded first, through
the service's outbox: a read that could not be recorded is not served.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from uuid import UUID

from audit.application.errores import RangoNoValido
from audit.application.modelos import ConsultaRegistrada, EventoArchivado, FiltroEventos, Pagina
from audit.application.puertos import Archivo, RegistroConsultas
from eps_contracts.events.audit import DatosPersonalesConsultados
from eps_runtime.auth import Llamante, Rol

RECURSO_HISTORIAL = "historial-afiliado"
RECURSO_EVENTOS = "eventos-archivados"
RECURSO_ACCESOS = "accesos-afiliado"
LOTE_REGISTRO = 500


def _ahora() -> datetime:
    return datetime.now(UTC)


class Auditoria:
    def __init__(
        self,
        archivo: Archivo,
        registro: RegistroConsultas,
        *,
        reloj: Callable[[], datetime] = _ahora,
        pagina_maxima: int = 500,
    ) -> None:
        self.archivo = archivo
        self.registro = registro
        self.reloj = reloj
        self.pagina_maxima = pagina_maxima

    def _consulta(
        self, lector: Llamante, afiliado_id: UUID, recurso: str, operacion: str
    ) -> DatosPersonalesConsultados:
        return DatosPersonalesConsultados(
            consulta_id=uuid.uuid4(),
            afiliado_id=afiliado_id,
            lector_usuario_id=lector.usuario_id,
            lector_rol=lector.rol.value,
            recurso=recurso,
            operacion=operacion,
            consultado_en=self.reloj(),
        )

    def _limite(self, limite: int) -> int:
        return max(1, min(limite, self.pagina_maxima))

    async def buscar(
        self,
        lector: Llamante,
        filtro: FiltroEventos,
        cursor: str | None,
        limite: int,
        operacion: str,
    ) -> Pagina[EventoArchivado]:
        """A page of the archive; one access record per affiliate whose events it shows."""
        _validar_rango(filtro)
        pagina = await self.archivo.buscar(filtro, cursor, self._limite(limite))
        afiliados = sorted({e.afiliado_id for e in pagina.elementos if e.afiliado_id}, key=str)
        if afiliados:
            await self.registro.registrar(
                [self._consulta(lector, a, RECURSO_EVENTOS, operacion) for a in afiliados]
            )
        return pagina

    async def historial(
        self, lector: Llamante, afiliado_id: UUID, cursor: str | None, limite: int, operacion: str
    ) -> Pagina[EventoArchivado]:
        """The affiliate's history across services; recorded before it is read."""
        await self.registro.registrar(
            [self._consulta(lector, afiliado_id, RECURSO_HISTORIAL, operacion)]
        )
        return await self.archivo.historial(afiliado_id, cursor, self._limite(limite))

    async def exportar(
        self, lector: Llamante, filtro: FiltroEventos, operacion: str
    ) -> AsyncIterator[EventoArchivado]:
        """Every matching event, streamed. Each batch of ``LOTE_REGISTRO`` events is held
        until the accesses to the affiliates it shows for the first time are recorded, so
        nothing leaves before its record (one per affiliate and export)."""
        _validar_rango(filtro)
        return self._exportar_registrando(lector, filtro, operacion)

    async def _exportar_registrando(
        self, lector: Llamante, filtro: FiltroEventos, operacion: str
    ) -> AsyncIterator[EventoArchivado]:
        recurso = RECURSO_HISTORIAL if filtro.afiliado_id is not None else RECURSO_EVENTOS
        vistos: set[UUID] = set()
        lote: list[EventoArchivado] = []

        async def soltar() -> list[EventoArchivado]:
            nuevos = sorted({e.afiliado_id for e in lote if e.afiliado_id} - vistos, key=str)
            if nuevos:
                await self.registro.registrar(
                    [self._consulta(lector, a, recurso, operacion) for a in nuevos]
                )
                vistos.update(nuevos)
            return lote

        if filtro.afiliado_id is not None:  # recorded even when the history is empty
            lote = []
            await self.registro.registrar(
                [self._consulta(lector, filtro.afiliado_id, recurso, operacion)]
            )
            vistos.add(filtro.afiliado_id)
        async for evento in self.archivo.exportar(filtro):
            lote.append(evento)
            if len(lote) >= LOTE_REGISTRO:
                for e in await soltar():
                    yield e
                lote = []
        for e in await soltar():
            yield e

    async def consultas_de(
        self, lector: Llamante, afiliado_id: UUID, cursor: str | None, limite: int, operacion: str
    ) -> Pagina[ConsultaRegistrada]:
        """Who read the affiliate's data. The affiliate (or whoever acts for him, checked by
        the route) reading his own list leaves no record; anyone else does."""
        if lector.rol is not Rol.AFILIADO:
            await self.registro.registrar(
                [self._consulta(lector, afiliado_id, RECURSO_ACCESOS, operacion)]
            )
        return await self.archivo.consultas_de(afiliado_id, cursor, self._limite(limite))


def _validar_rango(filtro: FiltroEventos) -> None:
    if filtro.desde is not None and filtro.hasta is not None and filtro.desde >= filtro.hasta:
        raise RangoNoValido()
