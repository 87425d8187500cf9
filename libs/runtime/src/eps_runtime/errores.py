"""The error model of every service: specific exception types with a stable code and a
Spanish message a person can act on, and nothing about HTTP.

Domain and application code raise subclasses of the categories below; each service's
``entrypoints`` maps the types to HTTP statuses once (``eps_runtime.http.install_problem_handlers``
with the service's own table), so the same rule reads the same in an API, a CLI or a consumer.

Guarantees: a message never carries secrets or personal data (no document numbers, no
tokens); ``codigo`` is stable and becomes the problem's ``code``; ``campo`` names the one
field at fault, when there is one; ``detalles`` are extra JSON members of the problem
(``regla``, ``pendientes``…).
"""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID


class ErrorDeDominio(Exception):
    """A rule refuses the request (the default category: invalid for the domain, 422)."""

    codigo: ClassVar[str] = "regla-de-negocio"
    campo: ClassVar[str | None] = None
    titulo: ClassVar[str | None] = None
    """The problem's ``title``; None: the one of its HTTP status."""

    def __init__(self, mensaje: str, **detalles: Any) -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje
        self.detalles = detalles


class DatosInvalidos(ErrorDeDominio):
    """A value does not have the expected format or range."""

    codigo = "datos-invalidos"


class NoEncontrado(ErrorDeDominio):
    """It does not exist, or the caller may not know whether it does (same answer)."""

    codigo = "no-encontrado"


class ConflictoDeEstado(ErrorDeDominio):
    """Valid, but the current state does not allow it (already decided, not active…)."""

    codigo = "estado-no-permite"


class ConflictoDeVersion(ConflictoDeEstado):
    """Someone else changed the stream since the caller read it (optimistic concurrency).

    Raised by the event store when an append finds the stream past ``expected_version``;
    nothing was written."""

    codigo = "conflicto-de-version"

    def __init__(self, stream_id: UUID, expected_version: int) -> None:
        super().__init__(
            "Otra persona modificó este registro al mismo tiempo. "
            "Consulte de nuevo la información y repita la operación."
        )
        self.stream_id = stream_id
        self.expected_version = expected_version


class Prohibido(ErrorDeDominio):
    """The caller is known but may not do this."""

    codigo = "sin-permiso"


class NoAutenticado(ErrorDeDominio):
    """No valid session: the caller must (re)authenticate. ``desafio`` is the scheme asked
    for (``WWW-Authenticate``)."""

    codigo = "sesion-requerida"

    def __init__(self, mensaje: str, *, codigo: str | None = None, desafio: str = "Bearer") -> None:
        super().__init__(mensaje)
        if codigo is not None:
            self.codigo = codigo  # type: ignore[misc]
        self.desafio = desafio


class DemasiadasSolicitudes(ErrorDeDominio):
    """Throttled; ``reintentar_en_s`` says when to try again."""

    codigo = "demasiadas-solicitudes"

    def __init__(self, mensaje: str, *, reintentar_en_s: int = 1, **detalles: Any) -> None:
        super().__init__(mensaje, **detalles)
        self.reintentar_en_s = max(1, reintentar_en_s)


class NoDisponible(ErrorDeDominio):
    """A dependency (database, key set, gateway) does not answer now; try later."""

    codigo = "servicio-no-disponible"
