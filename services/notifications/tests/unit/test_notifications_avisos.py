"""The registry of e-mails and the decision for each: composed now, waiting for the
directory, or never sendable; checked at start (templates, subscriptions)."""

import uuid
from typing import Any

import pytest

from eps_contracts.events.authorizations import OPSAutorizada
from eps_contracts.events.identity import ContrasenaCambiada, PerfilCreado
from eps_contracts.examples import example_of
from eps_runtime.enlaces import EnlacesSettings, cifrar_enlace
from notifications.application.avisos import RegistroAvisos, RegistroInvalido
from notifications.application.envios import Despacho
from notifications.application.redaccion import PlantillasFaltantes, pesos
from notifications.bootstrap import SuscripcionFaltante, bootstrap
from notifications.domain.aviso import Aviso
from notifications.domain.correos import (
    Adjunto,
    Contacto,
    Correo,
    EnEspera,
    Enlace,
    MotivoNoEnviable,
    NoEnviable,
    ParaCorreo,
    afiliado,
    empleador,
)

from ..avisos_prueba import AVISO_OPS, AVISO_PERFIL, CON_OPS, PDF, cargador

CLAVE = EnlacesSettings().clave
EVENTO_ID = uuid.UUID("1c2d3e4f-5061-4728-9394-a5b6c7d8e9f0")
OPS = example_of(OPSAutorizada)
ANA = Contacto("ana.perez@example.com", "Ana María Pérez Gómez")


def despacho_con(*avisos: Aviso[Any], **plantillas: str) -> Despacho:
    registro = RegistroAvisos.descubrir().con(*avisos)
    return bootstrap(
        registro=registro, plantillas=cargador(**plantillas), clave_enlaces=CLAVE, correos=CON_OPS
    ).despacho


def test_correo_a_un_afiliado_conocido_lleva_su_direccion_su_nombre_y_el_pdf() -> None:
    [correo] = despacho_con(AVISO_OPS).decidir(OPS, EVENTO_ID, {afiliado(OPS.afiliado_id): ANA})
    assert isinstance(correo, Correo)
    assert correo.destinatario == "ana.perez@example.com"
    assert correo.asunto == "Autorización AUT-2026-000123 - Oficina Virtual"
    assert "Estimado(a) Señor(a) Ana María Pérez Gómez:" in correo.texto
    assert "por $20.100 vence el 23 de diciembre de 2026." in correo.texto
    assert "<p>COMFANDI EL PRADO</p>" in correo.html
    assert correo.adjuntos == (Adjunto("OPS-AUT-2026-000123.pdf", "application/pdf", PDF),)
    assert correo.persona == afiliado(OPS.afiliado_id)


def test_correo_a_un_afiliado_que_el_directorio_aun_no_conoce_espera_con_su_evento() -> None:
    [espera] = despacho_con(AVISO_OPS).decidir(OPS, EVENTO_ID, {})
    assert isinstance(espera, EnEspera)
    assert espera.persona == afiliado(OPS.afiliado_id)
    assert espera.asunto == "Autorización AUT-2026-000123 - Oficina Virtual"
    assert OPSAutorizada.model_validate_json(espera.datos) == OPS


def test_correo_en_espera_se_completa_igual_que_si_el_afiliado_hubiera_sido_conocido() -> None:
    despacho = despacho_con(AVISO_OPS)
    [espera] = despacho.decidir(OPS, EVENTO_ID, {})
    [directo] = despacho.decidir(OPS, EVENTO_ID, {afiliado(OPS.afiliado_id): ANA})
    assert despacho.completar(espera, ANA) == directo


def test_afiliado_conocido_sin_correo_queda_no_enviable() -> None:
    despacho = despacho_con(AVISO_OPS)
    sin_correo = Contacto(None, "Ana María Pérez Gómez")
    [decision] = despacho.decidir(OPS, EVENTO_ID, {afiliado(OPS.afiliado_id): sin_correo})
    assert isinstance(decision, NoEnviable)
    assert decision.motivo is MotivoNoEnviable.SIN_CORREO
    [espera] = despacho.decidir(OPS, EVENTO_ID, {})
    completado = despacho.completar(espera, sin_correo)
    assert isinstance(completado, NoEnviable)
    assert completado.motivo is MotivoNoEnviable.SIN_CORREO


def test_correo_a_un_empleador_usa_su_razon_social_del_directorio() -> None:
    perfil = example_of(PerfilCreado)
    razon = Contacto("nomina@pacifico.example.com", "Textiles del Pacífico S.A.S.")
    [correo] = despacho_con(AVISO_PERFIL).decidir(
        perfil, EVENTO_ID, {empleador(perfil.empleador_id): razon}
    )
    assert isinstance(correo, Correo)
    assert correo.destinatario == "nomina@pacifico.example.com"
    assert correo.texto.startswith("Estimado(a) Señor(a) Textiles del Pacífico S.A.S.:")
    assert "Perfil Nómina creado." in correo.texto


def test_un_evento_en_espera_con_enlace_ilegible_falla_ya_no_cuando_llega_el_contacto() -> None:
    otra = "b3RyYS1jbGF2ZS1kZS0zMi1ieXRlcy1wYXJhLXRlc3Q="
    aviso = Aviso(
        evento=OPSAutorizada,
        plantilla="ops-autorizada",
        asunto="x",
        para=lambda e: afiliado(e.afiliado_id),
        contexto=lambda e: {"enlace": Enlace(cifrar_enlace("https://x.example/", otra))},
        dominio="prueba",
    )
    plantillas = {"prueba/ops-autorizada.txt": "{{ enlace }}", "prueba/ops-autorizada.html": ""}
    with pytest.raises(ValueError, match="enlace"):
        despacho_con(aviso, **plantillas).decidir(OPS, EVENTO_ID, {})


def test_completar_lo_que_ya_no_se_puede_redactar_no_detiene_el_directorio() -> None:
    despacho = despacho_con(AVISO_OPS)
    [espera] = despacho.decidir(OPS, EVENTO_ID, {})
    sin_entrada = despacho_con().completar(espera, ANA)  # the entry is no longer declared
    assert isinstance(sin_entrada, NoEnviable)
    assert sin_entrada.motivo is MotivoNoEnviable.REDACCION_FALLIDA


def test_el_registro_rechaza_dos_entradas_con_la_misma_plantilla_para_un_evento() -> None:
    with pytest.raises(RegistroInvalido, match="repetida"):
        RegistroAvisos.descubrir().con(AVISO_OPS, AVISO_OPS)


def test_una_plantilla_faltante_impide_arrancar() -> None:
    with pytest.raises(PlantillasFaltantes, match=r"prueba/ops-autorizada\.txt"):
        bootstrap(registro=RegistroAvisos.descubrir().con(AVISO_OPS), correos=CON_OPS)


def test_un_aviso_de_un_topico_no_suscrito_impide_arrancar() -> None:
    registro = RegistroAvisos.descubrir().con(AVISO_OPS)
    with pytest.raises(SuscripcionFaltante, match=r"eps\.authorizations\.ops"):
        bootstrap(registro=registro, plantillas=cargador(), clave_enlaces=CLAVE)


def test_el_contexto_no_puede_redefinir_el_nombre_del_destinatario() -> None:
    aviso = Aviso(
        evento=ContrasenaCambiada,
        plantilla="otro-registro",
        asunto="x",
        para=lambda e: ParaCorreo(e.email, e.nombre),
        contexto=lambda e: {"nombre": "otro"},
        dominio="prueba",
    )
    plantillas = {"prueba/otro-registro.txt": "", "prueba/otro-registro.html": ""}
    with pytest.raises(ValueError, match="nombre"):
        despacho_con(aviso, **plantillas).decidir(example_of(ContrasenaCambiada), EVENTO_ID, {})


def test_nombre_de_plantilla_con_ruta_se_rechaza() -> None:
    with pytest.raises(ValueError, match="plantilla"):
        Aviso(
            evento=OPSAutorizada,
            plantilla="../x",
            asunto="x",
            para=lambda e: afiliado(e.afiliado_id),
        )


def test_valores_en_pesos_con_punto_de_miles_y_nunca_float() -> None:
    assert pesos(20100) == "$20.100"
    assert pesos(1497644) == "$1.497.644"
    with pytest.raises(TypeError):
        pesos(20100.0)  # type: ignore[arg-type]


def test_un_asunto_calculado_con_saltos_de_linea_se_rechaza_al_redactar() -> None:
    aviso = Aviso(
        evento=OPSAutorizada,
        plantilla="ops-autorizada",
        asunto=lambda e: f"Autorización\r\nBcc: otro@example.com {e.numero_autorizacion}",
        para=lambda e: afiliado(e.afiliado_id),
        contexto=AVISO_OPS.contexto,
        dominio="prueba",
    )
    despacho = despacho_con(aviso)
    with pytest.raises(ValueError, match="asunto"):
        despacho.decidir(OPS, EVENTO_ID, {afiliado(OPS.afiliado_id): ANA})
    with pytest.raises(ValueError, match="asunto"):
        despacho.decidir(OPS, EVENTO_ID, {})
