"""The presolicitud: an affiliate's request for authorization (manual 4.2.1) and its
back-office management (EN_PROCESO → tomada by an operator → GESTIONADA).

Rules: documents issued at most 30 calendar days before filing (and not in the future); at
least one HISTORIA CLINICA VIGENTE and one SOLICITUD MEDICA VIGENTE; observations of at most
300 characters; the sworn notice accepted (its version kept with the request); an answer
due 5 calendar days after filing, 2 when the operator marks it priority.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from authorizations.domain.errores import (
    DocumentosVencidos,
    ObservacionesDemasiadoLargas,
    PresolicitudNoTomada,
    PresolicitudYaGestionada,
    SoportesIncompletos,
    TerminosNoAceptados,
)
from eps_contracts.events.authorizations import (
    PlazoRespuestaIncumplido,
    PresolicitudCreada,
    PresolicitudGestionada,
    PresolicitudTomada,
)
from eps_contracts.nombres import ZONA_COLOMBIA
from eps_runtime.agregado import Agregado, aplica

TIPOS_SOPORTE = ("HISTORIA_CLINICA_VIGENTE", "SOLICITUD_MEDICA_VIGENTE")
MAXIMO_OBSERVACIONES = 300
ANTIGUEDAD_MAXIMA_DIAS = 30
PLAZO_DIAS = 5
PLAZO_PRIORITARIA_DIAS = 2
MAXIMO_SOPORTES = 20
TERMINOS_VERSION = "2020-04-27"
"""The sworn notice's version («Última actualización: 27 de Abril de 2020», manual 4.2.1)."""

EN_PROCESO = "EN_PROCESO"
GESTIONADA = "GESTIONADA"


def mensaje_consecutivo(consecutivo: int) -> str:
    return f"La presolicitud se ha creado de forma exitosa. Su consecutivo es {consecutivo}"


@dataclass(frozen=True)
class DescripcionSoporte:
    soporte_id: UUID
    tipo_soporte: str
    formato: str
    tamano_bytes: int
    sha256: str


def validar_radicacion(
    *,
    fecha_documentos: date,
    hoy: date,
    observaciones: str | None,
    tipos_soporte: list[str],
    acepta_terminos: bool,
) -> None:
    """Everything that can be refused before any file is stored."""
    if not acepta_terminos:
        raise TerminosNoAceptados()
    if observaciones is not None and len(observaciones) > MAXIMO_OBSERVACIONES:
        raise ObservacionesDemasiadoLargas()
    if fecha_documentos > hoy:
        raise DocumentosVencidos("La fecha de los documentos no puede ser posterior a hoy.")
    if (hoy - fecha_documentos).days > ANTIGUEDAD_MAXIMA_DIAS:
        raise DocumentosVencidos(
            "La solicitud médica y la historia clínica no pueden tener más de 30 días "
            "calendario de expedidas."
        )
    faltan = [t for t in TIPOS_SOPORTE if t not in tipos_soporte]
    if faltan:
        raise SoportesIncompletos(
            "Adjunte la historia clínica vigente y la solicitud médica vigente.", faltan=faltan
        )
    if len(tipos_soporte) > MAXIMO_SOPORTES:
        raise SoportesIncompletos(f"Puede adjuntar máximo {MAXIMO_SOPORTES} archivos.")
    desconocidos = sorted({t for t in tipos_soporte if t not in TIPOS_SOPORTE})
    if desconocidos:
        raise SoportesIncompletos("Tipo de soporte desconocido.", desconocidos=desconocidos)


class Presolicitud(Agregado):
    evento_inicial = PresolicitudCreada

    def __init__(self) -> None:
        super().__init__()
        self.afiliado_id: UUID | None = None
        self.radicada_por: UUID | None = None
        self.consecutivo = 0
        self.plan = "PBS"
        self.estado = EN_PROCESO
        self.tomada_por: str | None = None
        self.prioritaria = False
        self.creada_en: datetime | None = None
        self.responder_antes_de: datetime | None = None
        self.plazo_incumplido = False
        self.observaciones: str | None = None

    @classmethod
    def radicar(
        cls,
        *,
        presolicitud_id: UUID,
        afiliado_id: UUID,
        radicada_por: UUID,
        consecutivo: int,
        plan: str,
        fecha_documentos: date,
        observaciones: str | None,
        soportes: list[DescripcionSoporte],
        ahora: datetime,
    ) -> Presolicitud:
        validar_radicacion(
            fecha_documentos=fecha_documentos,
            hoy=ahora.astimezone(ZONA_COLOMBIA).date(),
            observaciones=observaciones,
            tipos_soporte=[s.tipo_soporte for s in soportes],
            acepta_terminos=True,
        )
        presolicitud = cls()
        presolicitud._registrar(
            PresolicitudCreada,
            presolicitud_id=presolicitud_id,
            afiliado_id=afiliado_id,
            consecutivo=consecutivo,
            radicada_por=radicada_por,
            plan=plan,
            fecha_documentos=fecha_documentos,
            observaciones=observaciones or None,
            soportes=[s.__dict__ for s in soportes],
            terminos_version=TERMINOS_VERSION,
            terminos_aceptados_en=ahora,
            creada_en=ahora,
            responder_antes_de=ahora + timedelta(days=PLAZO_DIAS),
        )
        return presolicitud

    def tomar(self, operador_id: str, prioritaria: bool, ahora: datetime) -> None:
        if self.estado == GESTIONADA:
            raise PresolicitudYaGestionada()
        assert self.creada_en is not None
        dias = PLAZO_PRIORITARIA_DIAS if prioritaria else PLAZO_DIAS
        self._registrar(
            PresolicitudTomada,
            afiliado_id=self.afiliado_id,
            operador_id=operador_id,
            prioritaria=prioritaria,
            responder_antes_de=self.creada_en + timedelta(days=dias),
            tomada_en=ahora,
        )

    def gestionar(
        self,
        operador_id: str,
        ops_autorizadas: list[UUID],
        servicios_negados: list[dict[str, Any]],
        ahora: datetime,
    ) -> None:
        if self.estado == GESTIONADA:
            raise PresolicitudYaGestionada()
        if self.tomada_por is None:
            raise PresolicitudNoTomada()
        assert self.responder_antes_de is not None
        self._registrar(
            PresolicitudGestionada,
            afiliado_id=self.afiliado_id,
            consecutivo=self.consecutivo,
            radicada_por=self.radicada_por,
            operador_id=operador_id,
            ops_autorizadas=ops_autorizadas,
            servicios_negados=servicios_negados,
            gestionada_en=ahora,
            a_tiempo=ahora <= self.responder_antes_de,
        )

    def vigilar_plazo(self, ahora: datetime) -> bool:
        """Records the breach once, when the deadline passed unanswered."""
        assert self.responder_antes_de is not None
        if self.estado == GESTIONADA or self.plazo_incumplido or ahora <= self.responder_antes_de:
            return False
        self._registrar(
            PlazoRespuestaIncumplido,
            afiliado_id=self.afiliado_id,
            responder_antes_de=self.responder_antes_de,
            detectado_en=ahora,
        )
        return True

    @aplica(PresolicitudCreada)
    def _creada(self, e: PresolicitudCreada) -> None:
        self.afiliado_id = e.afiliado_id
        self.radicada_por = e.radicada_por
        self.consecutivo = e.consecutivo
        self.plan = e.plan
        self.creada_en = e.creada_en
        self.responder_antes_de = e.responder_antes_de
        self.observaciones = e.observaciones

    @aplica(PresolicitudTomada)
    def _tomada(self, e: PresolicitudTomada) -> None:
        self.tomada_por = e.operador_id
        self.prioritaria = e.prioritaria
        self.responder_antes_de = e.responder_antes_de

    @aplica(PresolicitudGestionada)
    def _gestionada(self, e: PresolicitudGestionada) -> None:
        self.estado = GESTIONADA

    @aplica(PlazoRespuestaIncumplido)
    def _incumplido(self, e: PlazoRespuestaIncumplido) -> None:
        self.plazo_incumplido = True
