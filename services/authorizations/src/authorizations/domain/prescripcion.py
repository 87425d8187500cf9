"""A NO PBS prescription as MIPRES directs it: its id is derived from its number, so every
poll of the same prescription lands on the same stream; each new or changed one is one
event, an unchanged one none."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from uuid import UUID, uuid5

from eps_contracts.events.authorizations import (
    PrescripcionMIPRESActualizada,
    PrescripcionMIPRESRecibida,
)
from eps_runtime.agregado import Agregado, aplica

_ESPACIO = UUID("3f0c9a52-7d1e-4b8a-9c6f-2e5d4a3b1c0d")


def prescripcion_id(numero: str) -> UUID:
    return uuid5(_ESPACIO, numero)


@dataclass(frozen=True)
class Direccionamiento:
    """What MIPRES says of one prescription (validated by the adapter)."""

    numero_prescripcion: str
    tipo_documento: str
    numero_documento: str
    tipo_tecnologia: str
    descripcion: str
    cantidad: int
    fecha_maxima_entrega: date
    estado: str

    def campos(self) -> dict[str, object]:
        datos = asdict(self)
        del datos["tipo_documento"], datos["numero_documento"]
        return datos


class Prescripcion(Agregado):
    evento_inicial = PrescripcionMIPRESRecibida

    def __init__(self) -> None:
        super().__init__()
        self.campos: dict[str, object] = {}

    @classmethod
    def recibir(cls, afiliado_id: UUID, d: Direccionamiento, ahora: datetime) -> Prescripcion:
        p = cls()
        p._registrar(
            PrescripcionMIPRESRecibida,
            prescripcion_id=prescripcion_id(d.numero_prescripcion),
            afiliado_id=afiliado_id,
            recibida_en=ahora,
            **d.campos(),
        )
        return p

    def actualizar(self, afiliado_id: UUID, d: Direccionamiento, ahora: datetime) -> bool:
        nuevos = {**d.campos(), "afiliado_id": afiliado_id}
        if nuevos == self.campos:
            return False
        self._registrar(PrescripcionMIPRESActualizada, actualizada_en=ahora, **nuevos)
        return True

    @aplica(PrescripcionMIPRESRecibida, PrescripcionMIPRESActualizada)
    def _recibida(self, e: PrescripcionMIPRESRecibida | PrescripcionMIPRESActualizada) -> None:
        self.campos = {
            "numero_prescripcion": e.numero_prescripcion,
            "tipo_tecnologia": e.tipo_tecnologia,
            "descripcion": e.descripcion,
            "cantidad": e.cantidad,
            "fecha_maxima_entrega": e.fecha_maxima_entrega,
            "estado": e.estado,
            "afiliado_id": e.afiliado_id,
        }
