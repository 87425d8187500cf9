"""The ``Afiliado`` aggregate, event-sourced: its state is the fold of its own events.

Guarantees:
- every event it records passes the domain rules below and validates against the published
  contract, so a refused command records nothing;
- methods only record events in ``cambios``; nothing is written anywhere from here;
- ``version`` counts the stream's events including unsaved changes; ``version_guardada`` is
  the version the changes must be appended after (the optimistic concurrency check).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TypeVar
from uuid import UUID

from pydantic import ValidationError

from affiliation.domain.edad import (
    EDAD_POR_DOCUMENTO,
    NOMBRE_DOCUMENTO,
    anios_cumplidos,
    describir_edad,
    documento_admite_edad,
)
from affiliation.domain.errores import (
    CotizanteNoValido,
    DatosInvalidos,
    DocumentoNoCorrespondeAEdad,
    FechaAfiliacionInvalida,
    FechaNacimientoInvalida,
    GrupoFamiliarIncoherente,
    NumeroDocumentoInvalido,
)
from affiliation.domain.valores import DatosContacto, Documento, NombreCompleto
from eps_contracts.events import AfiliadoRegistrado, DatosContactoActualizados, DomainEvent
from eps_contracts.types import (
    EstadoAfiliacion,
    Parentesco,
    Regimen,
    Sexo,
    TipoAfiliado,
    validar_numero_documento,
)

EDAD_MAXIMA_VEROSIMIL = 120

E = TypeVar("E", bound=DomainEvent)


class Afiliado:
    """A person affiliated to the EPS: cotizante, beneficiario or adicional."""

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
        self.version = 0
        self.version_guardada = 0
        self.cambios: list[DomainEvent] = []

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def from_events(cls, eventos: Iterable[DomainEvent]) -> Afiliado:
        """The state after ``eventos`` (a whole stream, in version order), with no changes."""
        afiliado = cls()
        for evento in eventos:
            afiliado._aplicar(evento)
        if afiliado.version == 0:
            raise ValueError("un afiliado se reconstruye a partir de al menos un evento")
        afiliado.version_guardada = afiliado.version
        return afiliado

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
    ) -> Afiliado:
        """A new affiliate, recording ``AfiliadoRegistrado``.

        ``cotizante_id`` names the affiliate a beneficiario or adicional depends on and
        ``cotizante`` is that affiliate as found (``None`` if there is none); ``hoy`` is the
        date ages are computed at.
        """
        _validar_fechas(fecha_nacimiento, fecha_afiliacion, hoy)
        _validar_documento(documento, fecha_nacimiento, hoy)
        _validar_vinculo(afiliado_id, tipo_afiliado, regimen, cotizante_id, cotizante, parentesco)
        evento = _construir(
            AfiliadoRegistrado,
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
            ips_primaria_codigo=ips_primaria_codigo,
        )
        afiliado = cls()
        afiliado._registrar_cambio(evento)
        return afiliado

    # -- behaviour ---------------------------------------------------------------------------

    def actualizar_datos_contacto(self, contacto: DatosContacto) -> bool:
        """Records ``DatosContactoActualizados`` unless nothing changes; True if recorded."""
        if contacto == self.contacto:
            return False
        self._registrar_cambio(
            _construir(
                DatosContactoActualizados,
                afiliado_id=self.afiliado_id,
                email=contacto.email,
                telefono_movil=contacto.telefono_movil,
                direccion=contacto.direccion,
                municipio_divipola=contacto.municipio_divipola,
            )
        )
        return True

    def marcar_guardado(self) -> None:
        """The changes were appended to the stream: they are no longer pending."""
        self.cambios = []
        self.version_guardada = self.version

    # -- event application -------------------------------------------------------------------

    def _registrar_cambio(self, evento: DomainEvent) -> None:
        self._aplicar(evento)
        self.cambios.append(evento)

    def _aplicar(self, evento: DomainEvent) -> None:
        if isinstance(evento, AfiliadoRegistrado):
            if self.version != 0:
                raise ValueError("AfiliadoRegistrado solo puede ser el primer evento")
            self._aplicar_registro(evento)
        elif isinstance(evento, DatosContactoActualizados):
            self.contacto = DatosContacto(
                evento.email, evento.telefono_movil, evento.direccion, evento.municipio_divipola
            )
        else:
            raise TypeError(f"un afiliado no sabe aplicar {type(evento).__name__}")
        self.version += 1

    def _aplicar_registro(self, e: AfiliadoRegistrado) -> None:
        self.afiliado_id = e.afiliado_id
        self.documento = Documento(e.tipo_documento, e.numero_documento)
        self.nombre = NombreCompleto(
            e.primer_nombre, e.primer_apellido, e.segundo_nombre, e.segundo_apellido
        )
        self.fecha_nacimiento = e.fecha_nacimiento
        self.sexo = e.sexo
        self.tipo_afiliado = e.tipo_afiliado
        self.cotizante_id = e.cotizante_id
        self.parentesco = e.parentesco
        self.regimen = e.regimen
        self.estado = e.estado
        self.fecha_afiliacion = e.fecha_afiliacion
        self.contacto = DatosContacto(e.email, e.telefono_movil, e.direccion, e.municipio_divipola)
        self.ips_primaria_codigo = e.ips_primaria_codigo


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


def _construir(cls: type[E], **campos: object) -> E:
    """The event, or ``DatosInvalidos`` naming the fields (never their values: personal data)."""
    try:
        return cls.model_validate(campos)
    except ValidationError as error:
        nombres = sorted({str(e["loc"][0]) for e in error.errors() if e["loc"]})
        raise DatosInvalidos(
            "Estos datos no tienen el formato esperado: " + ", ".join(nombres) + "."
        ) from None
