"""The ``Afiliado`` aggregate, event-sourced: its state is the fold of its own events.

A cotizante's stream also holds its family group (``BeneficiarioIncluido`` /
``BeneficiarioExcluido``), so the rules of Decreto 806 de 1998 are checked against the group
as of the version read: two inclusions racing for the same cotizante cannot both commit.

Guarantees:
- every event it records passes the domain rules and validates against the published
  contract, so a refused command records nothing;
- methods only record events in ``cambios``; nothing is written anywhere from here;
- ``version`` counts the stream's events including unsaved changes; ``version_guardada`` is
  the version the changes must be appended after (the optimistic concurrency check).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from affiliation.domain import grupo_familiar
from affiliation.domain.edad import (
    EDAD_POR_DOCUMENTO,
    NOMBRE_DOCUMENTO,
    anios_cumplidos,
    describir_edad,
    documento_admite_edad,
)
from affiliation.domain.errores import (
    AfiliacionNoActiva,
    AfiliacionRetiradaNoAdmiteCambios,
    ConflictoDeEstado,
    CotizanteNoValido,
    DatosInvalidos,
    DecisionYaTomada,
    DocumentoNoCorrespondeAEdad,
    FechaAfiliacionInvalida,
    FechaNacimientoInvalida,
    GrupoFamiliarIncoherente,
    MovilidadNoPermitida,
    NoEsBeneficiario,
    NoEsCotizante,
    NumeroDocumentoInvalido,
    SolicitudIPSEnCurso,
    SolicitudIPSNoEncontrada,
    SoporteNoEncontradoEnAfiliado,
)
from affiliation.domain.valores import (
    Beneficiario,
    DatosContacto,
    EstadoRevision,
    EstadoSolicitud,
    NombreCompleto,
    PlanPAC,
    SolicitudCambioIPS,
    SoporteCargado,
    VinculoLaboral,
)
from eps_contracts import events as ev
from eps_contracts.events import DomainEvent
from eps_contracts.types import (
    CausalInclusion,
    Escolaridad,
    EstadoAfiliacion,
    EstadoCivil,
    Etnia,
    FormatoSoporte,
    MotivoCambioIPS,
    MotivoReactivacion,
    MotivoRetiro,
    MotivoSuspension,
    NivelSisben,
    Parentesco,
    Pariente,
    RangoSalarial,
    Regimen,
    Sexo,
    SubtipoCotizante,
    TipoAfiliado,
    TipoCotizante,
    ZonaUPC,
    validar_numero_documento,
)
from eps_contracts.valores import Documento
from eps_runtime.agregado import Agregado, construir_evento

EDAD_MAXIMA_VEROSIMIL = 120
MAYORIA_DE_EDAD = 18

E = TypeVar("E", bound=DomainEvent)


class Afiliado(Agregado):
    """A person affiliated to the EPS: cotizante, beneficiario or adicional."""

    evento_inicial = ev.AfiliadoRegistrado

    afiliado_id: UUID
    documento: Documento
    nombre: NombreCompleto
    fecha_nacimiento: date
    sexo: Sexo
    tipo_afiliado: TipoAfiliado
    cotizante_id: UUID | None
    parentesco: Parentesco | None
    regimen: Regimen
    estado: EstadoAfiliacion
    fecha_afiliacion: date
    contacto: DatosContacto
    ips_primaria_codigo: str | None

    def __init__(self) -> None:
        super().__init__()
        self.estado_civil: EstadoCivil | None = None
        self.etnia: Etnia | None = None
        self.escolaridad: Escolaridad | None = None
        self.tipo_cotizante: TipoCotizante | None = None
        self.subtipo_cotizante: SubtipoCotizante | None = None
        self.ibc: int | None = None
        self.rango_salarial: RangoSalarial | None = None
        self.empleadores: dict[UUID, VinculoLaboral] = {}
        self.causal_inclusion: CausalInclusion | None = None
        self.pariente: Pariente | None = None
        self.estudiante_tiempo_completo = False
        self.discapacidad_permanente = False
        self.nivel_sisben: NivelSisben | None = None
        self.grupo: dict[UUID, Beneficiario] = {}
        self.soportes: dict[UUID, SoporteCargado] = {}
        self.soportes_requeridos_novedades: list[str] = []
        self.solicitudes_ips: dict[UUID, SolicitudCambioIPS] = {}
        self.planes_pac: dict[str, PlanPAC] = {}

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def registrar(
        cls,
        *,
        afiliado_id: UUID,
        documento: Documento,
        nombre: NombreCompleto,
        fecha_nacimiento: date,
        sexo: Sexo,
        tipo_afiliado: TipoAfiliado,
        regimen: Regimen,
        fecha_afiliacion: date,
        contacto: DatosContacto,
        hoy: date,
        cotizante_id: UUID | None = None,
        cotizante: Afiliado | None = None,
        parentesco: Parentesco | None = None,
        ips_primaria_codigo: str | None = None,
        **adicionales: Any,
    ) -> Afiliado:
        """A new affiliate, recording ``AfiliadoRegistrado``.

        ``cotizante_id`` names the affiliate a beneficiario or adicional depends on and
        ``cotizante`` is that affiliate as found (``None`` if there is none); ``hoy`` is the
        date ages are computed at. ``adicionales`` are the optional fields of the event
        (estado civil, etnia, tipo de cotizante, IBC, causal de inclusión...).
        """
        _validar_fechas(fecha_nacimiento, fecha_afiliacion, hoy)
        _validar_documento(documento, fecha_nacimiento, hoy)
        _validar_vinculo(afiliado_id, tipo_afiliado, regimen, cotizante_id, cotizante, parentesco)
        evento = construir_evento(
            ev.AfiliadoRegistrado,
            afiliado_id=afiliado_id,
            tipo_documento=documento.tipo,
            numero_documento=documento.numero,
            primer_nombre=nombre.primer_nombre,
            segundo_nombre=nombre.segundo_nombre,
            primer_apellido=nombre.primer_apellido,
            segundo_apellido=nombre.segundo_apellido,
            fecha_nacimiento=fecha_nacimiento,
            sexo=sexo,
            tipo_afiliado=tipo_afiliado,
            cotizante_id=cotizante_id,
            parentesco=parentesco,
            regimen=regimen,
            estado=EstadoAfiliacion.ACTIVO,
            fecha_afiliacion=fecha_afiliacion,
            email=contacto.email,
            telefono_movil=contacto.telefono_movil,
            direccion=contacto.direccion,
            municipio_divipola=contacto.municipio_divipola,
            barrio=contacto.barrio,
            telefono_residencia=contacto.telefono_residencia,
            ips_primaria_codigo=ips_primaria_codigo,
            **adicionales,
        )
        afiliado = cls()
        afiliado._registrar_cambio(evento)
        return afiliado

    # -- queries -----------------------------------------------------------------------------

    def edad(self, hoy: date) -> int:
        return anios_cumplidos(self.fecha_nacimiento, hoy)

    def es_menor_de_edad(self, hoy: date) -> bool:
        return self.edad(hoy) < MAYORIA_DE_EDAD

    @property
    def es_cotizante(self) -> bool:
        return self.tipo_afiliado is TipoAfiliado.COTIZANTE

    def miembros_del_grupo(self) -> list[grupo_familiar.MiembroGrupo]:
        return [
            grupo_familiar.MiembroGrupo(b.afiliado_id, b.parentesco, b.tipo_afiliado, b.causal)
            for b in self.grupo.values()
        ]

    def solicitud_ips_pendiente(self) -> SolicitudCambioIPS | None:
        return next(
            (s for s in self.solicitudes_ips.values() if s.estado is EstadoSolicitud.PENDIENTE),
            None,
        )

    # -- personal data (manual 4.1.1, novedades 1–3) -----------------------------------------

    def actualizar_datos_contacto(self, contacto: DatosContacto) -> bool:
        """Records ``DatosContactoActualizados`` unless nothing changes; True if recorded."""
        self._exigir_no_retirado()
        if contacto == self.contacto:
            return False
        self._registrar(ev.DatosContactoActualizados, **_campos_contacto(contacto))
        return True

    def actualizar_datos_sociodemograficos(
        self, etnia: Etnia | None, escolaridad: Escolaridad | None
    ) -> bool:
        self._exigir_no_retirado()
        if (etnia, escolaridad) == (self.etnia, self.escolaridad):
            return False
        self._registrar(ev.DatosSociodemograficosActualizados, etnia=etnia, escolaridad=escolaridad)
        return True

    def actualizar_documento(self, documento: Documento, hoy: date) -> None:
        """Novedad 1. The caller claims the new document in the same transaction."""
        self._exigir_no_retirado()
        _validar_documento(documento, self.fecha_nacimiento, hoy)
        if documento == self.documento:
            raise DatosInvalidos("El documento indicado es el mismo que el afiliado ya tiene.")
        self._registrar(
            ev.DocumentoIdentidadActualizado,
            tipo_documento=documento.tipo,
            numero_documento=documento.numero,
        )

    def actualizar_nombres(self, nombre: NombreCompleto) -> None:
        """Novedad 2."""
        self._exigir_no_retirado()
        if nombre == self.nombre:
            raise DatosInvalidos("El nombre indicado es el mismo que el afiliado ya tiene.")
        self._registrar(
            ev.NombresActualizados,
            primer_nombre=nombre.primer_nombre,
            segundo_nombre=nombre.segundo_nombre,
            primer_apellido=nombre.primer_apellido,
            segundo_apellido=nombre.segundo_apellido,
        )

    def actualizar_estado_civil(self, estado_civil: EstadoCivil) -> None:
        """Novedad 3."""
        self._exigir_no_retirado()
        self._registrar(ev.EstadoCivilActualizado, estado_civil=estado_civil)

    def registrar_novedad(
        self,
        *,
        radicado: str,
        codigo: int,
        nombre_novedad: str,
        fecha_novedad: date,
        soportes_requeridos: Iterable[str],
        reportada_por_afiliado: bool,
    ) -> None:
        self._registrar(
            ev.NovedadRegistrada,
            radicado=radicado,
            codigo=codigo,
            nombre_novedad=nombre_novedad,
            fecha_novedad=fecha_novedad,
            soportes_requeridos=list(soportes_requeridos),
            reportada_por_afiliado=reportada_por_afiliado,
        )

    # -- family group (Decreto 806 de 1998; novedades 4–6, 12–15, 20–22) --------------------

    def incluir_beneficiario(
        self,
        *,
        beneficiario_id: UUID,
        candidato: grupo_familiar.Candidato,
        hoy: date,
        upc_adicional: Callable[[], tuple[int, ZonaUPC]] | None = None,
    ) -> CausalInclusion:
        """Checks ``candidato`` against this cotizante's group and records the inclusion.

        ``upc_adicional`` gives the monthly UPC adicional and its zone; it is called only
        for an adicional. Raises ``InclusionNoPermitida`` naming the rule that failed.
        """
        self._exigir_cotizante()
        self._exigir_activo("incluir beneficiarios")
        causal = grupo_familiar.evaluar_inclusion(candidato, self.miembros_del_grupo(), hoy)
        valor, zona = (None, None)
        if candidato.tipo_afiliado is TipoAfiliado.ADICIONAL:
            if upc_adicional is None:
                raise ValueError("un adicional requiere el valor de su UPC adicional")
            valor, zona = upc_adicional()
        self._registrar(
            ev.BeneficiarioIncluido,
            beneficiario_id=beneficiario_id,
            tipo_afiliado=candidato.tipo_afiliado,
            parentesco=candidato.parentesco,
            causal=causal,
            pariente=candidato.pariente,
            fecha=hoy,
            upc_adicional_mensual=valor,
            zona_upc=zona,
        )
        return causal

    def excluir_beneficiario(self, beneficiario_id: UUID, motivo: MotivoRetiro, hoy: date) -> None:
        self._exigir_cotizante()
        if beneficiario_id not in self.grupo:
            raise GrupoFamiliarIncoherente(
                "La persona indicada no pertenece al grupo familiar de este cotizante."
            )
        self._registrar(
            ev.BeneficiarioExcluido, beneficiario_id=beneficiario_id, motivo=motivo, fecha=hoy
        )

    def actualizar_condicion(
        self, *, estudiante: bool, discapacidad: bool, causal: CausalInclusion | None
    ) -> None:
        """Novedades 21 and 22 on a beneficiary."""
        self._exigir_no_retirado()
        if self.es_cotizante:
            raise NoEsBeneficiario(
                "Las novedades de estudios y discapacidad aplican a beneficiarios."
            )
        self._registrar(
            ev.CondicionBeneficiarioActualizada,
            estudiante_tiempo_completo=estudiante,
            discapacidad_permanente=discapacidad,
            causal=causal,
        )

    def pasar_a_beneficiario(
        self,
        *,
        cotizante_id: UUID,
        parentesco: Parentesco,
        causal: CausalInclusion,
    ) -> None:
        """Novedades 15 and 16: this affiliate now depends on ``cotizante_id``."""
        self._exigir_activo("cambiar de tipo de afiliado")
        if self.es_cotizante and self.grupo:
            raise ConflictoDeEstado(
                "El cotizante tiene beneficiarios: antes de pasar a ser beneficiario, "
                "trasládelos a otro cotizante o exclúyalos."
            )
        if cotizante_id == self.afiliado_id:
            raise GrupoFamiliarIncoherente("Un afiliado no puede ser su propio cotizante.")
        self._registrar(
            ev.TipoAfiliadoCambiado,
            tipo_afiliado=TipoAfiliado.BENEFICIARIO,
            cotizante_id=cotizante_id,
            parentesco=parentesco,
            causal_inclusion=causal,
        )

    def pasar_a_cotizante(
        self,
        *,
        tipo_cotizante: TipoCotizante,
        subtipo_cotizante: SubtipoCotizante,
        ibc: int,
        rango_salarial: RangoSalarial,
        empleador_id: UUID | None,
    ) -> None:
        """Novedad 17: a beneficiary starts contributing on its own."""
        self._exigir_activo("cambiar de tipo de afiliado")
        if self.es_cotizante:
            raise NoEsBeneficiario("El afiliado ya es cotizante.")
        self._registrar(
            ev.TipoAfiliadoCambiado,
            tipo_afiliado=TipoAfiliado.COTIZANTE,
            tipo_cotizante=tipo_cotizante,
            subtipo_cotizante=subtipo_cotizante,
            empleador_id=empleador_id,
            ibc=ibc,
            rango_salarial=rango_salarial,
        )

    # -- contribution and employers --------------------------------------------------------

    def actualizar_cotizacion(self, **liquidacion: Any) -> None:
        """Records ``CotizacionActualizada`` with the liquidation the caller computed."""
        self._exigir_cotizante()
        self._exigir_no_retirado()
        self._registrar(ev.CotizacionActualizada, **liquidacion)

    def vincular_empleador(self, empleador_id: UUID, fecha_ingreso: date) -> None:
        """Links an employer; a second one is an "empleador adicional" (novedad 18)."""
        self._exigir_cotizante()
        self._exigir_activo("vincular un empleador")
        if self.tipo_cotizante is not TipoCotizante.DEPENDIENTE:
            raise NoEsCotizante("Solo un cotizante dependiente tiene empleador.")
        if empleador_id in self.empleadores:
            raise ConflictoDeEstado("El cotizante ya está vinculado a ese empleador.")
        self._registrar(
            ev.EmpleadorVinculado,
            empleador_id=empleador_id,
            fecha_ingreso=fecha_ingreso,
            adicional=bool(self.empleadores),
        )

    def desvincular_empleador(self, empleador_id: UUID, fecha_retiro: date) -> None:
        self._exigir_cotizante()
        vinculo = self.empleadores.get(empleador_id)
        if vinculo is None:
            raise ConflictoDeEstado("El cotizante no está vinculado a ese empleador.")
        if fecha_retiro < vinculo.fecha_ingreso:
            raise FechaAfiliacionInvalida(
                "La fecha de retiro no puede ser anterior a la de ingreso a la empresa."
            )
        self._registrar(
            ev.EmpleadorDesvinculado, empleador_id=empleador_id, fecha_retiro=fecha_retiro
        )

    # -- state of the affiliation ------------------------------------------------------------

    def suspender(self, motivo: MotivoSuspension, detalle: str | None, hoy: date) -> None:
        if self.estado is not EstadoAfiliacion.ACTIVO:
            raise AfiliacionNoActiva(
                f"Solo se suspende una afiliación activa; esta está {self.estado.value}."
            )
        self._registrar(ev.AfiliacionSuspendida, motivo=motivo, detalle=detalle, fecha=hoy)

    def reactivar(self, motivo: MotivoReactivacion, detalle: str | None, hoy: date) -> None:
        if self.estado is EstadoAfiliacion.ACTIVO:
            raise ConflictoDeEstado("La afiliación ya está activa.")
        if self.estado is EstadoAfiliacion.RETIRADO and motivo is not MotivoReactivacion.REINGRESO:
            raise ConflictoDeEstado(
                "Una afiliación retirada solo se activa de nuevo con la novedad de reingreso."
            )
        self._registrar(ev.AfiliacionReactivada, motivo=motivo, detalle=detalle, fecha=hoy)

    def retirar(self, motivo: MotivoRetiro, detalle: str | None, hoy: date) -> None:
        self._exigir_no_retirado()
        self._registrar(ev.AfiliacionRetirada, motivo=motivo, detalle=detalle, fecha=hoy)

    def cambiar_regimen(self, regimen: Regimen, nivel_sisben: NivelSisben, hoy: date) -> None:
        """Movilidad entre regímenes within the EPS (Decreto 3047 de 2013)."""
        self._exigir_activo("cambiar de régimen")
        if regimen is self.regimen:
            raise MovilidadNoPermitida(f"El afiliado ya está en el régimen {regimen.value}.")
        self._registrar(
            ev.RegimenCambiado,
            regimen_anterior=self.regimen,
            regimen=regimen,
            nivel_sisben=nivel_sisben,
            fecha=hoy,
        )

    # -- support documents (manual 4.1.2) ----------------------------------------------------

    def cargar_soporte(
        self,
        *,
        soporte_id: UUID,
        tipo_soporte: str,
        formato: FormatoSoporte,
        tamano_bytes: int,
        sha256: str,
        cargado_por: UUID | None,
    ) -> None:
        self._exigir_no_retirado()
        self._registrar(
            ev.DocumentoSoporteCargado,
            soporte_id=soporte_id,
            tipo_soporte=tipo_soporte,
            formato=formato,
            tamano_bytes=tamano_bytes,
            sha256=sha256,
            cargado_por=cargado_por,
        )

    def aprobar_soporte(self, soporte_id: UUID) -> None:
        soporte = self._soporte_en_revision(soporte_id)
        self._registrar(
            ev.DocumentoSoporteAprobado, soporte_id=soporte_id, tipo_soporte=soporte.tipo_soporte
        )

    def rechazar_soporte(self, soporte_id: UUID, motivo: str) -> None:
        soporte = self._soporte_en_revision(soporte_id)
        self._registrar(
            ev.DocumentoSoporteRechazado,
            soporte_id=soporte_id,
            tipo_soporte=soporte.tipo_soporte,
            motivo=motivo,
        )

    def _soporte_en_revision(self, soporte_id: UUID) -> SoporteCargado:
        soporte = self.soportes.get(soporte_id)
        if soporte is None:
            raise SoporteNoEncontradoEnAfiliado("El afiliado no tiene ese documento soporte.")
        if soporte.estado is not EstadoRevision.EN_REVISION:
            raise DecisionYaTomada(
                f"El documento soporte ya fue revisado ({soporte.estado.value.lower()})."
            )
        return soporte

    # -- IPS primaria (manual 4.1.3) ---------------------------------------------------------

    def solicitar_cambio_ips(
        self,
        *,
        solicitud_id: UUID,
        ips_deseada_codigo: str,
        motivo: MotivoCambioIPS,
        observacion: str | None,
        solicitado_por: UUID | None,
    ) -> None:
        """The IPS must already be checked against the catalog and the municipio."""
        self._exigir_activo("solicitar el cambio de IPS")
        if ips_deseada_codigo == self.ips_primaria_codigo:
            raise DatosInvalidos("La IPS deseada es la IPS primaria actual del afiliado.")
        if self.solicitud_ips_pendiente() is not None:
            raise SolicitudIPSEnCurso(
                "El afiliado ya tiene una solicitud de cambio de IPS en trámite; espere su "
                "respuesta antes de radicar otra."
            )
        self._registrar(
            ev.CambioIPSSolicitado,
            solicitud_id=solicitud_id,
            ips_actual_codigo=self.ips_primaria_codigo,
            ips_deseada_codigo=ips_deseada_codigo,
            motivo=motivo,
            observacion=observacion,
            solicitado_por=solicitado_por,
        )

    def aprobar_cambio_ips(
        self,
        solicitud_id: UUID,
        ficha_ips: Callable[[str], Mapping[str, str | None]] = lambda _: {},
    ) -> None:
        """``ficha_ips`` gives the catalog's name, address and phone of an IPS code, carried
        in the event (``ips_primaria_nombre``…) for subscribers without a catalog."""
        solicitud = self._solicitud_pendiente(solicitud_id)
        self._exigir_activo("cambiar la IPS primaria")
        self._registrar(
            ev.IPSPrimariaCambiada,
            ips_anterior_codigo=self.ips_primaria_codigo,
            ips_primaria_codigo=solicitud.ips_deseada_codigo,
            solicitud_id=solicitud_id,
            **ficha_ips(solicitud.ips_deseada_codigo),
        )

    def rechazar_cambio_ips(self, solicitud_id: UUID, motivo: str) -> None:
        self._solicitud_pendiente(solicitud_id)
        self._registrar(ev.CambioIPSRechazado, solicitud_id=solicitud_id, motivo=motivo)

    def _solicitud_pendiente(self, solicitud_id: UUID) -> SolicitudCambioIPS:
        solicitud = self.solicitudes_ips.get(solicitud_id)
        if solicitud is None:
            raise SolicitudIPSNoEncontrada("El afiliado no tiene esa solicitud de cambio de IPS.")
        if solicitud.estado is not EstadoSolicitud.PENDIENTE:
            raise DecisionYaTomada(
                f"La solicitud ya fue decidida ({solicitud.estado.value.lower()})."
            )
        return solicitud

    # -- PAC --------------------------------------------------------------------------------

    def contratar_pac(self, codigo: str, nombre: str, fecha_inicio: date) -> None:
        self._exigir_activo("contratar un plan complementario")
        if codigo in self.planes_pac:
            raise ConflictoDeEstado("El afiliado ya tiene ese plan complementario.")
        self._registrar(
            ev.PlanComplementarioContratado,
            plan_codigo=codigo,
            plan_nombre=nombre,
            fecha_inicio=fecha_inicio,
        )

    def cancelar_pac(self, codigo: str, hoy: date) -> None:
        if codigo not in self.planes_pac:
            raise ConflictoDeEstado("El afiliado no tiene ese plan complementario.")
        self._registrar(ev.PlanComplementarioCancelado, plan_codigo=codigo, fecha_fin=hoy)

    # -- guards ------------------------------------------------------------------------------

    def _exigir_cotizante(self) -> None:
        if not self.es_cotizante:
            raise NoEsCotizante("La operación aplica solo a cotizantes.")

    def _exigir_no_retirado(self) -> None:
        if self.estado is EstadoAfiliacion.RETIRADO:
            raise AfiliacionRetiradaNoAdmiteCambios(
                "La afiliación está retirada: no admite cambios salvo el reingreso."
            )

    def _exigir_activo(self, para: str) -> None:
        if self.estado is not EstadoAfiliacion.ACTIVO:
            raise AfiliacionNoActiva(
                f"Para {para} la afiliación debe estar activa; está {self.estado.value}."
            )


# -- how each event changes the state ----------------------------------------------------------


def _registro(a: Afiliado, e: ev.AfiliadoRegistrado) -> None:
    a.afiliado_id = e.afiliado_id
    a.documento = Documento(e.tipo_documento, e.numero_documento)
    a.nombre = NombreCompleto(
        e.primer_nombre, e.primer_apellido, e.segundo_nombre, e.segundo_apellido
    )
    a.fecha_nacimiento = e.fecha_nacimiento
    a.sexo = e.sexo
    a.tipo_afiliado = e.tipo_afiliado
    a.cotizante_id = e.cotizante_id
    a.parentesco = e.parentesco
    a.regimen = e.regimen
    a.estado = e.estado
    a.fecha_afiliacion = e.fecha_afiliacion
    a.contacto = DatosContacto(
        e.email,
        e.telefono_movil,
        e.direccion,
        e.municipio_divipola,
        barrio=e.barrio,
        telefono_residencia=e.telefono_residencia,
    )
    a.ips_primaria_codigo = e.ips_primaria_codigo
    a.estado_civil, a.etnia, a.escolaridad = e.estado_civil, e.etnia, e.escolaridad
    a.tipo_cotizante, a.subtipo_cotizante = e.tipo_cotizante, e.subtipo_cotizante
    a.ibc, a.rango_salarial = e.ibc, e.rango_salarial
    if e.empleador_id is not None:
        a.empleadores[e.empleador_id] = VinculoLaboral(e.empleador_id, e.fecha_afiliacion, False)
    a.causal_inclusion, a.pariente = e.causal_inclusion, e.pariente
    a.estudiante_tiempo_completo = bool(e.estudiante_tiempo_completo)
    a.discapacidad_permanente = bool(e.discapacidad_permanente)
    a.nivel_sisben = e.nivel_sisben


def _contacto(a: Afiliado, e: ev.DatosContactoActualizados) -> None:
    a.contacto = DatosContacto(**{campo: getattr(e, campo) for campo in _CAMPOS_CONTACTO})


def _sociodemograficos(a: Afiliado, e: ev.DatosSociodemograficosActualizados) -> None:
    a.etnia, a.escolaridad = e.etnia, e.escolaridad


def _documento(a: Afiliado, e: ev.DocumentoIdentidadActualizado) -> None:
    a.documento = Documento(e.tipo_documento, e.numero_documento)


def _nombres(a: Afiliado, e: ev.NombresActualizados) -> None:
    a.nombre = NombreCompleto(
        e.primer_nombre, e.primer_apellido, e.segundo_nombre, e.segundo_apellido
    )


def _estado_civil(a: Afiliado, e: ev.EstadoCivilActualizado) -> None:
    a.estado_civil = e.estado_civil


def _inclusion(a: Afiliado, e: ev.BeneficiarioIncluido) -> None:
    a.grupo[e.beneficiario_id] = Beneficiario(
        e.beneficiario_id,
        e.tipo_afiliado,
        e.parentesco,
        e.causal,
        e.pariente,
        e.fecha,
        e.upc_adicional_mensual,
    )


def _exclusion(a: Afiliado, e: ev.BeneficiarioExcluido) -> None:
    a.grupo.pop(e.beneficiario_id, None)


def _condicion(a: Afiliado, e: ev.CondicionBeneficiarioActualizada) -> None:
    a.estudiante_tiempo_completo = e.estudiante_tiempo_completo
    a.discapacidad_permanente = e.discapacidad_permanente
    if e.causal is not None:
        a.causal_inclusion = e.causal


def _suspension(a: Afiliado, e: ev.AfiliacionSuspendida) -> None:
    a.estado = EstadoAfiliacion.SUSPENDIDO


def _reactivacion(a: Afiliado, e: ev.AfiliacionReactivada) -> None:
    a.estado = EstadoAfiliacion.ACTIVO


def _retiro(a: Afiliado, e: ev.AfiliacionRetirada) -> None:
    a.estado = EstadoAfiliacion.RETIRADO
    a.grupo.clear()


def _tipo_afiliado(a: Afiliado, e: ev.TipoAfiliadoCambiado) -> None:
    a.tipo_afiliado = e.tipo_afiliado
    a.cotizante_id, a.parentesco = e.cotizante_id, e.parentesco
    a.causal_inclusion = e.causal_inclusion
    a.tipo_cotizante, a.subtipo_cotizante = e.tipo_cotizante, e.subtipo_cotizante
    a.ibc, a.rango_salarial = e.ibc, e.rango_salarial
    a.empleadores.clear()
    if e.empleador_id is not None:
        a.empleadores[e.empleador_id] = VinculoLaboral(e.empleador_id, a.fecha_afiliacion, False)


def _regimen(a: Afiliado, e: ev.RegimenCambiado) -> None:
    a.regimen, a.nivel_sisben = e.regimen, e.nivel_sisben


def _cotizacion(a: Afiliado, e: ev.CotizacionActualizada) -> None:
    a.tipo_cotizante, a.subtipo_cotizante = e.tipo_cotizante, e.subtipo_cotizante
    a.ibc, a.rango_salarial = e.ibc, e.rango_salarial


def _vinculo(a: Afiliado, e: ev.EmpleadorVinculado) -> None:
    a.empleadores[e.empleador_id] = VinculoLaboral(e.empleador_id, e.fecha_ingreso, e.adicional)


def _desvinculo(a: Afiliado, e: ev.EmpleadorDesvinculado) -> None:
    a.empleadores.pop(e.empleador_id, None)


def _novedad(a: Afiliado, e: ev.NovedadRegistrada) -> None:
    a.soportes_requeridos_novedades.extend(
        s for s in e.soportes_requeridos if s not in a.soportes_requeridos_novedades
    )


def _soporte_cargado(a: Afiliado, e: ev.DocumentoSoporteCargado) -> None:
    a.soportes[e.soporte_id] = SoporteCargado(
        e.soporte_id, e.tipo_soporte, e.formato, e.tamano_bytes
    )


def _soporte_aprobado(a: Afiliado, e: ev.DocumentoSoporteAprobado) -> None:
    soporte = a.soportes[e.soporte_id]
    a.soportes[e.soporte_id] = _reemplazar(soporte, estado=EstadoRevision.APROBADO)


def _soporte_rechazado(a: Afiliado, e: ev.DocumentoSoporteRechazado) -> None:
    soporte = a.soportes[e.soporte_id]
    a.soportes[e.soporte_id] = _reemplazar(
        soporte, estado=EstadoRevision.RECHAZADO, motivo_rechazo=e.motivo
    )


def _ips_solicitada(a: Afiliado, e: ev.CambioIPSSolicitado) -> None:
    a.solicitudes_ips[e.solicitud_id] = SolicitudCambioIPS(
        e.solicitud_id, e.ips_actual_codigo, e.ips_deseada_codigo, e.motivo
    )


def _ips_rechazada(a: Afiliado, e: ev.CambioIPSRechazado) -> None:
    solicitud = a.solicitudes_ips[e.solicitud_id]
    a.solicitudes_ips[e.solicitud_id] = _reemplazar(
        solicitud, estado=EstadoSolicitud.RECHAZADA, motivo_rechazo=e.motivo
    )


def _ips_cambiada(a: Afiliado, e: ev.IPSPrimariaCambiada) -> None:
    a.ips_primaria_codigo = e.ips_primaria_codigo
    if e.solicitud_id is not None and e.solicitud_id in a.solicitudes_ips:
        solicitud = a.solicitudes_ips[e.solicitud_id]
        a.solicitudes_ips[e.solicitud_id] = _reemplazar(solicitud, estado=EstadoSolicitud.APROBADA)


def _pac_contratado(a: Afiliado, e: ev.PlanComplementarioContratado) -> None:
    a.planes_pac[e.plan_codigo] = PlanPAC(e.plan_codigo, e.plan_nombre, e.fecha_inicio)


def _pac_cancelado(a: Afiliado, e: ev.PlanComplementarioCancelado) -> None:
    a.planes_pac.pop(e.plan_codigo, None)


Afiliado.registrar_aplicadores(
    {
        ev.AfiliadoRegistrado: _registro,
        ev.DatosContactoActualizados: _contacto,
        ev.DatosSociodemograficosActualizados: _sociodemograficos,
        ev.DocumentoIdentidadActualizado: _documento,
        ev.NombresActualizados: _nombres,
        ev.EstadoCivilActualizado: _estado_civil,
        ev.BeneficiarioIncluido: _inclusion,
        ev.BeneficiarioExcluido: _exclusion,
        ev.CondicionBeneficiarioActualizada: _condicion,
        ev.AfiliacionSuspendida: _suspension,
        ev.AfiliacionReactivada: _reactivacion,
        ev.AfiliacionRetirada: _retiro,
        ev.TipoAfiliadoCambiado: _tipo_afiliado,
        ev.RegimenCambiado: _regimen,
        ev.CotizacionActualizada: _cotizacion,
        ev.EmpleadorVinculado: _vinculo,
        ev.EmpleadorDesvinculado: _desvinculo,
        ev.NovedadRegistrada: _novedad,
        ev.DocumentoSoporteCargado: _soporte_cargado,
        ev.DocumentoSoporteAprobado: _soporte_aprobado,
        ev.DocumentoSoporteRechazado: _soporte_rechazado,
        ev.CambioIPSSolicitado: _ips_solicitada,
        ev.CambioIPSRechazado: _ips_rechazada,
        ev.IPSPrimariaCambiada: _ips_cambiada,
        ev.PlanComplementarioContratado: _pac_contratado,
        ev.PlanComplementarioCancelado: _pac_cancelado,
    }
)

_CAMPOS_CONTACTO = (
    "email",
    "telefono_movil",
    "direccion",
    "municipio_divipola",
    "email_alternativo",
    "telefono_residencia",
    "telefono_alternativo",
    "barrio",
    "localidad",
    "direccion_correspondencia",
    "municipio_correspondencia_divipola",
)


def _campos_contacto(contacto: DatosContacto) -> dict[str, Any]:
    return {campo: getattr(contacto, campo) for campo in _CAMPOS_CONTACTO}


T = TypeVar("T")


def _reemplazar(valor: T, **cambios: Any) -> T:
    return replace(valor, **cambios)  # type: ignore[type-var]


# -- rules ------------------------------------------------------------------------------------


def _validar_fechas(nacimiento: date, afiliacion: date, hoy: date) -> None:
    if nacimiento > hoy:
        raise FechaNacimientoInvalida("La fecha de nacimiento no puede ser posterior a hoy.")
    if anios_cumplidos(nacimiento, hoy) > EDAD_MAXIMA_VEROSIMIL:
        raise FechaNacimientoInvalida(
            f"La fecha de nacimiento indica más de {EDAD_MAXIMA_VEROSIMIL} años; verifíquela."
        )
    if afiliacion < nacimiento:
        raise FechaAfiliacionInvalida(
            "La fecha de afiliación no puede ser anterior a la fecha de nacimiento."
        )
    if afiliacion > hoy:
        raise FechaAfiliacionInvalida("La fecha de afiliación no puede ser posterior a hoy.")


def _validar_documento(documento: Documento, nacimiento: date, hoy: date) -> None:
    try:
        validar_numero_documento(documento.tipo, documento.numero)
    except ValueError as error:
        mensaje = str(error)
        raise NumeroDocumentoInvalido(mensaje[:1].upper() + mensaje[1:] + ".") from None
    if not documento_admite_edad(documento.tipo, nacimiento, hoy):
        rango = EDAD_POR_DOCUMENTO[documento.tipo]
        raise DocumentoNoCorrespondeAEdad(
            f"El documento {documento.tipo.value} ({NOMBRE_DOCUMENTO[documento.tipo]}) es para "
            f"personas {rango.descripcion}; la persona tiene {describir_edad(nacimiento, hoy)}."
        )


def _validar_vinculo(
    afiliado_id: UUID,
    tipo: TipoAfiliado,
    regimen: Regimen,
    cotizante_id: UUID | None,
    cotizante: Afiliado | None,
    parentesco: Parentesco | None,
) -> None:
    if tipo is TipoAfiliado.COTIZANTE:
        if cotizante_id is not None or parentesco is not None:
            raise GrupoFamiliarIncoherente(
                "Un cotizante no depende de otro afiliado: no indique cotizante ni parentesco."
            )
        return
    if cotizante_id is None or parentesco is None:
        raise GrupoFamiliarIncoherente(
            "Un beneficiario o adicional requiere el cotizante del que depende y el parentesco."
        )
    if cotizante_id == afiliado_id:
        raise GrupoFamiliarIncoherente("Un afiliado no puede ser su propio cotizante.")
    if cotizante is None or cotizante.afiliado_id != cotizante_id:
        raise CotizanteNoValido("El cotizante indicado no está afiliado a la EPS.")
    if cotizante.tipo_afiliado is not TipoAfiliado.COTIZANTE:
        raise CotizanteNoValido(
            "El afiliado indicado como cotizante es a su vez beneficiario; "
            "indique el cotizante del grupo familiar."
        )
    if cotizante.regimen is not regimen:
        raise GrupoFamiliarIncoherente(
            f"Un beneficiario pertenece al régimen de su cotizante ({cotizante.regimen.value})."
        )
