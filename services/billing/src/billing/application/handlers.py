"""Every command of the service and its handler: the one registry (``Aplicacion.ejecutar``)."""

from collections.abc import Awaitable, Callable, Mapping
from types import MappingProxyType
from typing import Any

from billing.application import cartera, obligaciones, pagos
from billing.application import comandos as c
from billing.application.dependencias import Dependencias

Handler = Callable[[Any, Dependencias], Awaitable[c.Resultado]]

HANDLERS: Mapping[type, Handler] = MappingProxyType(
    {
        # obligations from authorizations' OPS (consumer)
        c.CrearObligacionDeOPS: obligaciones.crear_obligacion_de_ops,
        c.AnularObligacionDeOPS: obligaciones.anular_obligacion_de_ops,
        # the affiliate pays; the gateway answers (webhook or re-query)
        c.IniciarPago: pagos.iniciar_pago,
        c.ResolverTransaccion: pagos.resolver_transaccion,
        # arrears from the expected and paid contributions
        c.DetectarMora: cartera.detectar_mora,
    }
)
