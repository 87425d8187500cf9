"""The MIPRES port over HTTP (the Ministry's web service shape, or the project's simulator).

Every answer is validated: anything but a JSON list of well-formed direccionamientos is
``MIPRESNoDisponible`` (the poller backs off and keeps what it has), never half-read.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import httpx
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from authorizations.domain.errores import MIPRESNoDisponible
from authorizations.domain.prescripcion import Direccionamiento

MAXIMO_BYTES = 5 * 1024 * 1024


class DireccionamientoMIPRES(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    numero_prescripcion: Annotated[str, Field(pattern=r"^[0-9]{8,20}$")]
    tipo_documento_paciente: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    numero_documento_paciente: Annotated[str, Field(pattern=r"^[0-9A-Z]{3,20}$")]
    tipo_tecnologia: Annotated[
        str,
        Field(
            pattern=r"^(MEDICAMENTO|PROCEDIMIENTO|PRODUCTO_NUTRICIONAL|SERVICIO_COMPLEMENTARIO|"
            r"DISPOSITIVO)$"
        ),
    ]
    descripcion: Annotated[str, Field(min_length=1, max_length=500)]
    cantidad: Annotated[int, Field(ge=1, le=100_000)]
    fecha_maxima_entrega: date
    estado: Annotated[str, Field(pattern=r"^(ACTIVO|ANULADO|PROCESADO)$")]

    def dominio(self) -> Direccionamiento:
        return Direccionamiento(
            numero_prescripcion=self.numero_prescripcion,
            tipo_documento=self.tipo_documento_paciente,
            numero_documento=self.numero_documento_paciente,
            tipo_tecnologia=self.tipo_tecnologia,
            descripcion=self.descripcion,
            cantidad=self.cantidad,
            fecha_maxima_entrega=self.fecha_maxima_entrega,
            estado=self.estado,
        )


_LISTA = TypeAdapter(list[DireccionamientoMIPRES])


class MIPRESHttp:
    def __init__(self, cliente: httpx.AsyncClient) -> None:
        self._cliente = cliente

    async def direccionamientos(self) -> list[Direccionamiento]:
        try:
            respuesta = await self._cliente.get("/direccionamientos", timeout=10)
        except httpx.HTTPError as error:
            raise MIPRESNoDisponible(type(error).__name__) from None
        if respuesta.status_code != 200:
            raise MIPRESNoDisponible(f"estado-{respuesta.status_code}")
        if len(respuesta.content) > MAXIMO_BYTES:
            raise MIPRESNoDisponible("respuesta-demasiado-grande")
        try:
            return [d.dominio() for d in _LISTA.validate_json(respuesta.content)]
        except ValidationError:
            raise MIPRESNoDisponible("respuesta-invalida") from None
