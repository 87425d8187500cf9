"""Every command of the service and its handler: the one registry (``Aplicacion.ejecutar``).

A handler is a plain function ``(comando, Dependencias) -> Resultado`` that runs the command
in one unit of work; find it here by the command's name.
"""

from collections.abc import Awaitable, Callable, Mapping
from types import MappingProxyType
from typing import Any

from affiliation.application import comandos as c
from affiliation.application import gestion, registro, tramites
from affiliation.application.dependencias import Dependencias

Handler = Callable[[Any, Dependencias], Awaitable[c.Resultado]]

HANDLERS: Mapping[type, Handler] = MappingProxyType(
    {
        # registration and personal data (registro)
        c.RegistrarAfiliado: registro.registrar_afiliado,
        c.ActualizarDatosContacto: registro.actualizar_datos_contacto,
        c.ActualizarDatosPersonales: registro.actualizar_datos_personales,
        # novedades decided by back office (gestion)
        c.CorregirDocumento: gestion.corregir_documento,
        c.CorregirNombres: gestion.corregir_nombres,
        c.CambiarEstadoCivil: gestion.cambiar_estado_civil,
        c.SuspenderAfiliacion: gestion.suspender,
        c.ReactivarAfiliacion: gestion.reactivar,
        c.RetirarAfiliacion: gestion.retirar,
        c.TrasladarBeneficiario: gestion.trasladar_beneficiario,
        c.CotizanteABeneficiario: gestion.trasladar_beneficiario,
        c.BeneficiarioACotizante: gestion.beneficiario_a_cotizante,
        c.UnificarConyugesCotizantes: gestion.unificar_conyuges,
        c.ActualizarCondicionBeneficiario: gestion.actualizar_condicion,
        c.CambiarRegimen: gestion.cambiar_regimen,
        c.ActualizarCotizacion: gestion.actualizar_cotizacion,
        c.VincularEmpleador: gestion.vincular_empleador,
        c.DesvincularEmpleador: gestion.desvincular_empleador,
        c.CambiarEmpleador: gestion.cambiar_empleador,
        # the affiliate's and the operator's trámites: documents, IPS, PAC, employers
        c.CargarSoporte: tramites.cargar_soporte,
        c.RevisarSoporte: tramites.revisar_soporte,
        c.SolicitarCambioIPS: tramites.solicitar_cambio_ips,
        c.DecidirCambioIPS: tramites.decidir_cambio_ips,
        c.ContratarPAC: tramites.contratar_pac,
        c.CancelarPAC: tramites.cancelar_pac,
        c.RegistrarEmpleador: tramites.registrar_empleador,
        c.ActualizarEmpleador: tramites.actualizar_empleador,
    }
)
