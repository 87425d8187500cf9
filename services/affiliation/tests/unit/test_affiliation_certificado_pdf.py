"""The affiliation certificate PDF: what a reader (and a text extractor) finds in it."""

import io
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from affiliation.adapters.certificado_pdf import generar_certificado_afiliacion
from affiliation.application.certificados import DatosCertificadoAfiliacion, PersonaCertificada

BOGOTA = ZoneInfo("America/Bogota")
GENERADO_EN = datetime(2026, 11, 22, 10, 15, tzinfo=BOGOTA)


def persona(**cambios: Any) -> PersonaCertificada:
    campos: dict[str, Any] = {
        "nombre_completo": "Ana María Pérez Gómez",
        "tipo_documento": "CC",
        "numero_documento": "1000000001",
        "fecha_nacimiento": date(1990, 5, 17),
        "tipo_afiliado": "Cotizante",
        "parentesco": None,
        "estado": "ACTIVO",
        "fecha_afiliacion": date(2015, 2, 1),
        "ips_primaria": "IPS Salud Total Tequendama",
        "municipio": "CALI - VALLE DEL CAUCA",
    }
    return PersonaCertificada(**(campos | cambios))


def datos(**cambios: Any) -> DatosCertificadoAfiliacion:
    campos: dict[str, Any] = {
        "plan": "PBS",
        "regimen": "Contributivo",
        "persona": persona(),
        "cotizante_nombre": None,
        "cotizante_documento": None,
        "plan_pac_nombre": None,
        "generado_en": GENERADO_EN,
        "codigo_verificacion": "9f86d081884c7d65",
    }
    return DatosCertificadoAfiliacion(**(campos | cambios))


def beneficiario_menor() -> DatosCertificadoAfiliacion:
    return datos(
        persona=persona(
            nombre_completo="Tomás Pérez Rojas",
            tipo_documento="TI",
            numero_documento="1100000002",
            fecha_nacimiento=date(2014, 8, 3),
            tipo_afiliado="Beneficiario",
            parentesco="Hijo(a)",
            fecha_afiliacion=date(2014, 9, 1),
        ),
        cotizante_nombre="Ana María Pérez Gómez",
        cotizante_documento="CC 1000000001",
    )


def texto_de(pdf: bytes) -> str:
    """All the text of the PDF with whitespace collapsed (extraction wraps lines freely)."""
    lector = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(pagina.extract_text() for pagina in lector.pages).split())


def test_certificado_pbs_del_cotizante_muestra_sus_datos_y_estado() -> None:
    texto = texto_de(generar_certificado_afiliacion(datos()))

    assert "CERTIFICADO DE AFILIACIÓN" in texto
    assert "Plan de Beneficios en Salud (PBS)" in texto
    assert (
        "EPS Oficina Virtual S.A., con NIT 800.000.000-1, certifica que Ana María Pérez Gómez, "
        "identificado(a) con CC No. 1000000001, se encuentra afiliado(a) desde el 1 de febrero "
        "de 2015 al Régimen Contributivo"
    ) in texto
    assert "en calidad de Cotizante, con estado ACTIVO." in texto
    assert "Documento CC 1000000001" in texto
    assert "Fecha de nacimiento 17/05/1990" in texto
    assert "Tipo de afiliado Cotizante" in texto
    assert "Estado ACTIVO" in texto
    assert "Fecha de afiliación 01/02/2015" in texto
    assert "IPS primaria IPS Salud Total Tequendama" in texto
    assert "Municipio CALI - VALLE DEL CAUCA" in texto
    assert "Código de verificación: 9f86d081884c7d65" in texto
    assert "Parentesco" not in texto
    assert "Cotizante Ana" not in texto


def test_certificado_de_beneficiario_menor_nombra_a_su_cotizante() -> None:
    texto = texto_de(generar_certificado_afiliacion(beneficiario_menor()))

    assert "certifica que Tomás Pérez Rojas, identificado(a) con TI No. 1100000002" in texto
    assert (
        "en calidad de Beneficiario, con parentesco Hijo(a), del cotizante "
        "Ana María Pérez Gómez (CC 1000000001), con estado ACTIVO." in texto
    )
    assert "Fecha de nacimiento 03/08/2014" in texto
    assert "Parentesco Hijo(a)" in texto
    assert "Cotizante Ana María Pérez Gómez (CC 1000000001)" in texto


def test_certificado_pac_nombra_el_plan_complementario() -> None:
    texto = texto_de(generar_certificado_afiliacion(datos(plan="PAC", plan_pac_nombre="Plan Oro")))

    assert "Plan de Atención Complementaria (PAC)" in texto
    assert (
        "se encuentra afiliado(a) desde el 1 de febrero de 2015 al Plan de Atención "
        'Complementaria (PAC) "Plan Oro", complementario a su afiliación al Régimen '
        "Contributivo" in texto
    )
    assert "Plan Plan de Atención Complementaria (PAC) - Plan Oro" in texto
    assert "Plan de Beneficios en Salud" not in texto


def test_certificado_de_afiliado_retirado_no_dice_que_esta_activo() -> None:
    texto = texto_de(generar_certificado_afiliacion(datos(persona=persona(estado="RETIRADO"))))

    assert "registra estado RETIRADO en su afiliación al Régimen Contributivo" in texto
    assert "con fecha de afiliación del 1 de febrero de 2015." in texto
    assert "Estado RETIRADO" in texto
    assert re.search(r"\bACTIVO\b", texto) is None
    assert "se encuentra afiliado" not in texto


def test_certificado_muestra_fecha_de_expedicion_en_espanol() -> None:
    # Generated at 15:15 UTC: the certificate must state the Colombian hour (UTC-5).
    en_utc = datetime(2026, 11, 22, 15, 15, tzinfo=UTC)

    texto = texto_de(generar_certificado_afiliacion(datos(generado_en=en_utc)))

    assert (
        "Este certificado se expide el 22 de noviembre de 2026 a las 10:15 (hora de Colombia) "
        "con la información registrada a esa fecha." in texto
    )


def test_nombres_con_tildes_y_enie_se_leen_en_el_pdf() -> None:
    # The second name arrives decomposed (n + combining tilde), as some keyboards send it.
    nombre = "José Ñúñez Güiza Muñoz"
    decompuesto = "Iván Mun\u0303oz Peña"
    certificado = datos(
        persona=persona(nombre_completo=nombre, municipio="BOGOTÁ, D.C. - BOGOTÁ, D.C."),
        cotizante_nombre=decompuesto,
    )

    texto = texto_de(generar_certificado_afiliacion(certificado))

    assert f"certifica que {nombre}," in texto
    assert f"Nombre {nombre}" in texto
    assert "Cotizante Iván Muñoz Peña" in texto
    assert "Municipio BOGOTÁ, D.C. - BOGOTÁ, D.C." in texto


def test_caracteres_fuera_de_latin1_no_rompen_el_certificado() -> None:
    certificado = datos(
        persona=persona(
            nombre_completo="Łukasz Nguyễn “Pepe” 王 😀",
            ips_primaria="IPS\u200b San José – Sede Norte\nPiso 2",
        )
    )

    texto = texto_de(generar_certificado_afiliacion(certificado))

    assert 'Nombre Lukasz Nguyen "Pepe" ? ?' in texto
    assert "IPS primaria IPS San José - Sede Norte Piso 2" in texto


def test_mismo_contenido_genera_el_mismo_pdf() -> None:
    primero = generar_certificado_afiliacion(beneficiario_menor())
    segundo = generar_certificado_afiliacion(beneficiario_menor())
    otro_codigo = generar_certificado_afiliacion(
        replace(beneficiario_menor(), codigo_verificacion="0000000000000000")
    )

    assert primero == segundo
    assert primero != otro_codigo


def test_pdf_abre_y_tiene_una_pagina() -> None:
    pdf = generar_certificado_afiliacion(beneficiario_menor())

    lector = PdfReader(io.BytesIO(pdf))

    assert pdf.startswith(b"%PDF-")
    assert len(lector.pages) == 1
    pagina = lector.pages[0]
    # A4 is 595 x 842 points.
    assert (round(float(pagina.mediabox.width)), round(float(pagina.mediabox.height))) == (
        595,
        842,
    )
    assert lector.metadata is not None
    assert lector.metadata.title == "Certificado de afiliación (PBS)"
    assert lector.metadata.author == "EPS Oficina Virtual S.A."
    assert lector.metadata.subject == (
        "Certificado de afiliación - Plan de Beneficios en Salud (PBS)"
    )
    assert lector.metadata.creation_date == GENERADO_EN


def test_generado_en_sin_zona_horaria_se_rechaza() -> None:
    with pytest.raises(ValueError, match="zona horaria"):
        datos(generado_en=datetime(2026, 11, 22, 10, 15))
