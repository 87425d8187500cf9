"""The ``Pasarela`` port over the gateway's HTTP API (the simulator's, shaped like a PSE
gateway's): bank list cached for a day, idempotent create by our reference, query, and
notifications verified by HMAC signature."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import httpx

from billing.adapters.firma import es_valida
from billing.application.errores import FirmaInvalida, NotificacionInvalida, PasarelaNoDisponible
from billing.application.puertos import (
    Banco,
    Notificacion,
    SolicitudTransaccion,
    TransaccionCreada,
)
from billing.domain.valores import EstadoTransaccion, Veredicto
from eps_runtime.logging import get_logger

log = get_logger(__name__)

CACHE_BANCOS_S = 24 * 3600


def veredicto_de(datos: Any) -> Veredicto:
    """A verdict from the gateway's JSON (query answer or notification body)."""
    if not isinstance(datos, dict):
        raise NotificacionInvalida()
    try:
        estado = EstadoTransaccion(datos["estado"])
        valor = datos["valor"]
        referencia = datos["id"]
        motivo = datos.get("motivo")
    except (KeyError, ValueError, TypeError):
        raise NotificacionInvalida() from None
    if (
        type(valor) is not int
        or not isinstance(referencia, str)
        or not 1 <= len(referencia) <= 64
        or (motivo is not None and (not isinstance(motivo, str) or len(motivo) > 500))
    ):
        raise NotificacionInvalida()
    return Veredicto(referencia, estado, valor, motivo or None)


class PasarelaHttp:
    def __init__(
        self,
        url: str,
        secreto: bytes,
        url_notificaciones: str,
        url_retorno: str,
        timeout_s: float = 10.0,
        transporte: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._url = url.rstrip("/")
        self._secreto = secreto
        self._url_notificaciones = url_notificaciones
        self._url_retorno = url_retorno
        self._timeout = timeout_s
        self._transporte = transporte
        self._bancos: tuple[float, list[Banco]] | None = None

    def _cliente(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=self._url, timeout=self._timeout, transport=self._transporte
        )

    async def _pedir(self, metodo: str, ruta: str, **opciones: Any) -> Any:
        try:
            async with self._cliente() as cliente:
                respuesta = await cliente.request(metodo, ruta, **opciones)
            respuesta.raise_for_status()
            return respuesta.json()
        except (httpx.HTTPError, ValueError) as error:
            log.warning(
                "pasarela_no_disponible", ruta=ruta.split("/")[1], error=type(error).__name__
            )
            raise PasarelaNoDisponible() from None

    async def bancos(self) -> Sequence[Banco]:
        if self._bancos is not None and time.monotonic() - self._bancos[0] < CACHE_BANCOS_S:
            return self._bancos[1]
        datos = await self._pedir("GET", "/bancos")
        try:
            bancos = [Banco(str(b["codigo"]), str(b["nombre"])) for b in datos]
        except (KeyError, TypeError):
            raise PasarelaNoDisponible() from None
        self._bancos = (time.monotonic(), bancos)
        return bancos

    async def crear(self, solicitud: SolicitudTransaccion) -> TransaccionCreada:
        datos = await self._pedir(
            "POST",
            "/transacciones",
            json={
                "referencia": str(solicitud.referencia),
                "valor": solicitud.valor,
                "medio": str(solicitud.medio),
                "banco": solicitud.banco,
                "descripcion": solicitud.descripcion,
                "url_retorno": self._url_retorno,
                "url_notificacion": self._url_notificaciones,
            },
        )
        try:
            referencia, url = str(datos["id"]), str(datos["url_pago"])
        except (KeyError, TypeError):
            raise PasarelaNoDisponible() from None
        if not (1 <= len(referencia) <= 64 and url.startswith(("https://", "http://"))):
            raise PasarelaNoDisponible()
        return TransaccionCreada(referencia, url)

    async def consultar(self, referencia_pasarela: str) -> Veredicto:
        datos = await self._pedir("GET", f"/transacciones/{referencia_pasarela}")
        try:
            return veredicto_de(datos)
        except NotificacionInvalida:
            raise PasarelaNoDisponible() from None

    def leer_notificacion(self, cuerpo: bytes, firma: str | None, ahora: datetime) -> Notificacion:
        if not es_valida(self._secreto, cuerpo, firma, ahora.timestamp()):
            raise FirmaInvalida()
        try:
            datos = json.loads(cuerpo)
            transaccion_id = UUID(str(datos["referencia"]))
        except (ValueError, KeyError, TypeError):
            raise NotificacionInvalida() from None
        return Notificacion(transaccion_id, veredicto_de(datos))
