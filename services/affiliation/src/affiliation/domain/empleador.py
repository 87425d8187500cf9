"""The ``Empleador`` aggregate: an employer (aportante) whose workers are cotizantes.

Guarantees: a NIT's check digit is verified (DIAN's modulo 11) before anything is recorded;
``version``/``version_guardada`` work as in ``Afiliado``.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from affiliation.domain.errores import DatosInvalidos
from eps_contracts.events import DatosEmpleadorActualizados, EmpleadorRegistrado
from eps_runtime.agregado import Agregado, aplica, construir_evento

# DIAN's weights for the NIT check digit, applied from the rightmost digit.
_PESOS_NIT = (3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71)


class DigitoVerificacionInvalido(DatosInvalidos):
    codigo = "digito-verificacion-invalido"
    campo = "digito_verificacion"


def digito_verificacion_nit(numero: str) -> int:
    """The DIAN check digit of a NIT (without its check digit)."""
    suma = sum(int(d) * p for d, p in zip(reversed(numero), _PESOS_NIT, strict=False))
    residuo = suma % 11
    return residuo if residuo < 2 else 11 - residuo


class Empleador(Agregado):
    evento_inicial = EmpleadorRegistrado

    empleador_id: UUID
    tipo_documento: str
    numero_documento: str
    razon_social: str
    datos: dict[str, Any]

    @classmethod
    def registrar(cls, **campos: Any) -> Empleador:
        """Records ``EmpleadorRegistrado``; a NIT must come with its right check digit."""
        if campos.get("tipo_documento") == "NIT":
            numero = str(campos.get("numero_documento", ""))
            dv = campos.get("digito_verificacion")
            if dv is None or not numero.isdigit() or dv != digito_verificacion_nit(numero):
                raise DigitoVerificacionInvalido(
                    "El dígito de verificación no corresponde al NIT; revise el número."
                )
        empleador = cls()
        empleador._registrar_cambio(construir_evento(EmpleadorRegistrado, **campos))
        return empleador

    def actualizar(self, **campos: Any) -> bool:
        """Records ``DatosEmpleadorActualizados`` unless nothing changes; True if recorded."""
        evento = construir_evento(
            DatosEmpleadorActualizados, **({"empleador_id": self.empleador_id} | campos)
        )
        actuales = {k: self.datos.get(k) for k in campos} | {"razon_social": self.razon_social}
        if evento.model_dump(exclude={"empleador_id"}) == actuales:
            return False
        self._registrar_cambio(evento)
        return True

    @aplica(EmpleadorRegistrado)
    def _registrado(self, evento: EmpleadorRegistrado) -> None:
        self.empleador_id = evento.empleador_id
        self.tipo_documento = evento.tipo_documento
        self.numero_documento = evento.numero_documento
        self._datos_de(evento)

    @aplica(DatosEmpleadorActualizados)
    def _actualizado(self, evento: DatosEmpleadorActualizados) -> None:
        self._datos_de(evento)

    def _datos_de(self, evento: EmpleadorRegistrado | DatosEmpleadorActualizados) -> None:
        self.razon_social = evento.razon_social
        self.datos = evento.model_dump(
            include={"email", "telefono", "direccion", "municipio_divipola"}
        )
