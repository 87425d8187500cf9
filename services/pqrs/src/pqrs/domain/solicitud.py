"""The solicitud (PQRS) aggregate: its lifecycle, deadline, response and rating.

RADICADA → ASIGNADA (area / operator) → EN_GESTION → FINALIZADA (the one response), or
TRASLADADA (another entity is competent) / DESISTIDA (the requester withdrew). Once
FINALIZADA the requester may rate the response 1–5 stars, once.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from eps_contracts.events.pqrs import (
    LONGITUD_MAXIMA_DESCRIPCION,
    Adjunto,
    Canal,
    PlazoPQRSIncumplido,
    PQRSAsignada,
    PQRSCalificada,
    PQRSClasificada,
    PQRSDesistida,
    PQRSEnGestion,
    PQRSProrrogada,
    PQRSRadicada,
    PQRSRespondida,
    PQRSTrasladada,
    Riesgo,
    TipoRadicante,
    TipoSolicitud,
    UnidadPlazo,
)
from eps_runtime.agregado import Agregado, aplica
from eps_runtime.calendario import fin_del_dia
from eps_runtime.errores import DatosInvalidos
from pqrs.domain.errores import (
    CalificacionNoDisponible,
    EstadoNoPermite,
    FechaProrrogaInvalida,
    ProrrogaNoPermitida,
    RiesgoNoAplica,
    YaCalificada,
    YaRespondida,
)
from pqrs.domain.plazos import TIPOS_CON_RIESGO, maximo_prorroga, plazo_legal, plazo_por_riesgo


class Estado(StrEnum):
    RADICADA = "RADICADA"
    ASIGNADA = "ASIGNADA"
    EN_GESTION = "EN_GESTION"
    FINALIZADA = "FINALIZADA"
    TRASLADADA = "TRASLADADA"
    DESISTIDA = "DESISTIDA"


ABIERTOS = frozenset({Estado.RADICADA, Estado.ASIGNADA, Estado.EN_GESTION})
MAXIMO_ADJUNTOS = 5


class DescripcionInvalida(DatosInvalidos):
    codigo = "descripcion-invalida"
    campo = "descripcion"


class RespuestaInvalida(DatosInvalidos):
    codigo = "respuesta-invalida"
    campo = "respuesta"


def _texto(valor: str, error: type[DatosInvalidos], nombre: str) -> str:
    limpio = valor.strip()
    if not limpio:
        raise error(f"Escriba {nombre}.")
    if len(limpio) > LONGITUD_MAXIMA_DESCRIPCION:
        raise error(f"{nombre.capitalize()} admite hasta {LONGITUD_MAXIMA_DESCRIPCION} caracteres.")
    return limpio


class Solicitud(Agregado):
    evento_inicial = PQRSRadicada

    radicado: str
    tipo: TipoSolicitud
    canal: Canal
    radicante: TipoRadicante
    afiliado_id: UUID | None
    empleador_id: UUID | None
    email_respuesta: str | None
    descripcion: str
    adjuntos: list[Adjunto]
    estado: Estado
    riesgo: Riesgo | None
    area: str | None
    operador_id: str | None
    unidad_plazo: UnidadPlazo | None
    plazo: int | None
    vence_en: datetime | None
    radicada_en: datetime
    respuesta: str | None
    respondida_en: datetime | None
    calificacion: int | None
    prorrogada: bool
    incumplida: bool
    entidad_traslado: str | None

    @classmethod
    def radicar(
        cls,
        *,
        solicitud_id: UUID,
        radicado: str,
        tipo: TipoSolicitud,
        canal: Canal,
        radicante: TipoRadicante,
        descripcion: str,
        ahora: datetime,
        afiliado_id: UUID | None = None,
        empleador_id: UUID | None = None,
        radicada_por: str | None = None,
        email_respuesta: str | None = None,
        adjuntos: list[Adjunto] | None = None,
    ) -> Solicitud:
        texto = _texto(descripcion, DescripcionInvalida, "la descripción")
        if len(adjuntos or []) > MAXIMO_ADJUNTOS:
            raise DatosInvalidos(
                f"Puede adjuntar hasta {MAXIMO_ADJUNTOS} archivos.", campo="adjuntos"
            )
        plazo = plazo_legal(tipo, ahora)
        solicitud = cls()
        solicitud._registrar(
            PQRSRadicada,
            solicitud_id=solicitud_id,
            radicado=radicado,
            tipo=tipo,
            canal=canal,
            radicante=radicante,
            afiliado_id=afiliado_id,
            empleador_id=empleador_id,
            radicada_por=radicada_por,
            email_respuesta=email_respuesta,
            descripcion=texto,
            adjuntos=list(adjuntos or []),
            unidad_plazo=plazo.unidad if plazo else None,
            plazo=plazo.cantidad if plazo else None,
            vence_en=plazo.vence_en if plazo else None,
            radicada_en=ahora,
        )
        return solicitud

    # --- rules -----------------------------------------------------------------------

    @property
    def abierta(self) -> bool:
        return self.estado in ABIERTOS

    def _exigir_abierta(self) -> None:
        if self.estado is Estado.FINALIZADA:
            raise YaRespondida()
        if not self.abierta:
            raise EstadoNoPermite(
                f"La solicitud está {self.estado.value.replace('_', ' ').lower()}; "
                "no admite este cambio."
            )

    def _base(self) -> dict[str, object]:
        return {"radicado": self.radicado}

    def _destinatario(self) -> dict[str, object]:
        return {
            "afiliado_id": self.afiliado_id,
            "empleador_id": self.empleador_id,
            "email_respuesta": self.email_respuesta,
        }

    def clasificar(self, riesgo: Riesgo, por: str, ahora: datetime) -> None:
        self._exigir_abierta()
        if self.tipo not in TIPOS_CON_RIESGO:
            raise RiesgoNoAplica()
        if self.prorrogada:
            raise EstadoNoPermite("La solicitud ya fue prorrogada; su plazo no se reclasifica.")
        plazo = plazo_por_riesgo(riesgo, self.radicada_en)
        self._registrar(
            PQRSClasificada,
            **self._base(),
            riesgo=riesgo,
            vence_en=plazo.vence_en,
            clasificada_por=por,
            clasificada_en=ahora,
        )

    def asignar(self, area: str, operador_id: str, por: str, ahora: datetime) -> None:
        self._exigir_abierta()
        self._registrar(
            PQRSAsignada,
            **self._base(),
            area=area,
            operador_id=operador_id,
            asignada_por=por,
            asignada_en=ahora,
        )

    def iniciar_gestion(self, operador_id: str, ahora: datetime) -> None:
        self._exigir_abierta()
        if self.estado is not Estado.ASIGNADA:
            raise EstadoNoPermite("Asigne la solicitud antes de iniciar su gestión.")
        self._registrar(PQRSEnGestion, **self._base(), operador_id=operador_id, iniciada_en=ahora)

    def prorrogar(self, motivo: str, nueva_fecha: date, por: str, ahora: datetime) -> None:
        self._exigir_abierta()
        maximo = maximo_prorroga(self.tipo, self.radicada_en)
        if self.vence_en is None or maximo is None or self.unidad_plazo is UnidadPlazo.HORAS:
            raise ProrrogaNoPermitida("Esta solicitud no admite prórroga de su plazo.")
        if self.prorrogada:
            raise ProrrogaNoPermitida("El plazo de esta solicitud ya fue prorrogado una vez.")
        if ahora > self.vence_en:
            raise ProrrogaNoPermitida(
                "El plazo ya venció; la prórroga debe informarse antes del vencimiento."
            )
        nuevo = fin_del_dia(nueva_fecha)
        if nuevo <= self.vence_en:
            raise FechaProrrogaInvalida("La nueva fecha debe ser posterior al vencimiento actual.")
        if nuevo > maximo:
            raise FechaProrrogaInvalida(
                "La prórroga no puede exceder el doble del plazo inicial (hasta el "
                f"{maximo.date().isoformat()})."
            )
        self._registrar(
            PQRSProrrogada,
            **self._base(),
            **self._destinatario(),
            motivo=motivo,
            vence_antes=self.vence_en,
            vence_en=nuevo,
            prorrogada_por=por,
            prorrogada_en=ahora,
        )

    def trasladar(self, entidad: str, motivo: str, por: str, ahora: datetime) -> None:
        self._exigir_abierta()
        self._registrar(
            PQRSTrasladada,
            **self._base(),
            **self._destinatario(),
            entidad=entidad.strip(),
            motivo=motivo,
            trasladada_por=por,
            trasladada_en=ahora,
        )

    def desistir(self, ahora: datetime) -> None:
        self._exigir_abierta()
        self._registrar(PQRSDesistida, **self._base(), desistida_en=ahora)

    def responder(self, respuesta: str, por: str, ahora: datetime) -> None:
        self._exigir_abierta()
        texto = _texto(respuesta, RespuestaInvalida, "la respuesta")
        self._registrar(
            PQRSRespondida,
            **self._base(),
            **self._destinatario(),
            tipo=self.tipo,
            respuesta=texto,
            respondida_por=por,
            respondida_en=ahora,
            a_tiempo=self.vence_en is None or ahora <= self.vence_en,
        )

    def calificar(self, estrellas: int, ahora: datetime) -> None:
        if self.calificacion is not None:
            raise YaCalificada()
        if self.estado is not Estado.FINALIZADA:
            raise CalificacionNoDisponible()
        if not 1 <= estrellas <= 5:
            raise DatosInvalidos("Califique de 1 a 5 estrellas.", campo="estrellas")
        self._registrar(PQRSCalificada, **self._base(), estrellas=estrellas, calificada_en=ahora)

    def vencida(self, ahora: datetime) -> bool:
        return self.abierta and self.vence_en is not None and ahora > self.vence_en

    def marcar_incumplida(self, ahora: datetime) -> bool:
        """Records the missed deadline once; False when there is nothing to record."""
        if self.incumplida or not self.vencida(ahora):
            return False
        assert self.vence_en is not None
        self._registrar(
            PlazoPQRSIncumplido, **self._base(), vencio_en=self.vence_en, detectado_en=ahora
        )
        return True

    # --- appliers ----------------------------------------------------------------------

    @aplica(PQRSRadicada)
    def _radicada(self, e: PQRSRadicada) -> None:
        self.radicado = e.radicado
        self.tipo = e.tipo
        self.canal = e.canal
        self.radicante = e.radicante
        self.afiliado_id = e.afiliado_id
        self.empleador_id = e.empleador_id
        self.email_respuesta = e.email_respuesta
        self.descripcion = e.descripcion
        self.adjuntos = list(e.adjuntos)
        self.estado = Estado.RADICADA
        self.riesgo = None
        self.area = None
        self.operador_id = None
        self.unidad_plazo = e.unidad_plazo
        self.plazo = e.plazo
        self.vence_en = e.vence_en
        self.radicada_en = e.radicada_en
        self.respuesta = None
        self.respondida_en = None
        self.calificacion = None
        self.prorrogada = False
        self.incumplida = False
        self.entidad_traslado = None

    @aplica(PQRSClasificada)
    def _clasificada(self, e: PQRSClasificada) -> None:
        self.riesgo = e.riesgo
        self.unidad_plazo = UnidadPlazo.HORAS
        self.plazo = plazo_por_riesgo(e.riesgo, self.radicada_en).cantidad
        self.vence_en = e.vence_en
        self.incumplida = False

    @aplica(PQRSAsignada)
    def _asignada(self, e: PQRSAsignada) -> None:
        self.area = e.area
        self.operador_id = e.operador_id
        self.estado = Estado.ASIGNADA

    @aplica(PQRSEnGestion)
    def _en_gestion(self, e: PQRSEnGestion) -> None:
        self.estado = Estado.EN_GESTION

    @aplica(PQRSProrrogada)
    def _prorrogada(self, e: PQRSProrrogada) -> None:
        self.vence_en = e.vence_en
        self.prorrogada = True
        self.incumplida = False

    @aplica(PQRSTrasladada)
    def _trasladada(self, e: PQRSTrasladada) -> None:
        self.estado = Estado.TRASLADADA
        self.entidad_traslado = e.entidad

    @aplica(PQRSDesistida)
    def _desistida(self, e: PQRSDesistida) -> None:
        self.estado = Estado.DESISTIDA

    @aplica(PQRSRespondida)
    def _respondida(self, e: PQRSRespondida) -> None:
        self.estado = Estado.FINALIZADA
        self.respuesta = e.respuesta
        self.respondida_en = e.respondida_en

    @aplica(PQRSCalificada)
    def _calificada(self, e: PQRSCalificada) -> None:
        self.calificacion = e.estrellas

    @aplica(PlazoPQRSIncumplido)
    def _incumplido(self, e: PlazoPQRSIncumplido) -> None:
        self.incumplida = True
