"""The reference web portal in a real browser (Debian's chromium) over the real stack.

A cotizante with a spouse and a minor child registers from the web (Válida → Registra →
Ingresa) with the link e-mailed to the local SMTP sink, signs in, sees his family on the
«Menú inicial», updates his personal data, and requests an IPS change that back office
approves: the home page shows the new IPS without being reloaded (SSE). A screenshot of
every step lands in ``.cache/artifacts/e2e/``.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from fpdf import FPDF
from playwright.async_api import Page, expect
from sqlalchemy import text

from eps_runtime.db import create_engine
from eps_runtime.testing.wait import eventually

from .conftest import RunningStack
from .navegador import captura, navegador
from .test_e2e_cuentas import _enlace_en_correo

pytestmark = pytest.mark.e2e

CAPTCHA = {"X-Captcha": "no-soy-un-robot"}
CONTRASENA = "mi frase larga del portal"
IPS_INICIAL = "760010000001"  # COMFANDI EL PRADO, Cali
IPS_NUEVA = "760010000003"  # CLINICA NUESTRA CALI


def _numero() -> str:
    return str(uuid.uuid4().int)[:10]


def _persona(numero: str, nombre: str, **cambios: Any) -> dict[str, Any]:
    return {
        "tipo_documento": "CC",
        "numero_documento": numero,
        "primer_nombre": nombre,
        "primer_apellido": "Quintero",
        "fecha_nacimiento": "1985-04-12",
        "sexo": "M",
        "tipo_afiliado": "COTIZANTE",
        "regimen": "CONTRIBUTIVO",
        "municipio_divipola": "76001",
        "direccion": "Calle 5 # 10-20",
        "ips_primaria_codigo": IPS_INICIAL,
        "subtipo_cotizante": "PERSONA_NATURAL",
        "ibc": 4_000_000,
    } | cambios


async def _sembrar_grupo(stack: RunningStack, numero: str) -> str:
    """A cotizante, his spouse and a minor son, through the back office; his id."""
    async with httpx.AsyncClient(base_url=stack.affiliation_url, timeout=10) as cliente:
        creado = await cliente.post(
            "/afiliados", headers=stack.operador(), json=_persona(numero, "Carlos")
        )
        assert creado.status_code == 201, creado.text
        cotizante_id = str(creado.json()["afiliado_id"])
        beneficiario = {
            "tipo_afiliado": "BENEFICIARIO",
            "cotizante_id": cotizante_id,
            "subtipo_cotizante": None,
            "ibc": None,
        }
        for datos in (
            _persona(_numero(), "Marta", sexo="F", parentesco="CONYUGE", **beneficiario),
            _persona(
                _numero(),
                "Lucas",
                tipo_documento="TI",
                fecha_nacimiento="2016-03-01",
                parentesco="HIJO",
                **beneficiario,
            ),
        ):
            respuesta = await cliente.post("/afiliados", headers=stack.operador(), json=datos)
            assert respuesta.status_code == 201, respuesta.text
    return cotizante_id


async def _respuestas_correctas(stack: RunningStack, conjunto_id: str) -> dict[str, str]:
    """What the person knows: read from identity's database, as test_e2e_cuentas does."""
    engine = create_engine(stack.env["IDENTITY_DATABASE_URL"])
    try:
        async with engine.connect() as conn:
            correctas: dict[str, str] = (
                await conn.execute(
                    text("SELECT correctas FROM registro_preguntas WHERE conjunto_id = :id"),
                    {"id": conjunto_id},
                )
            ).scalar_one()
    finally:
        await engine.dispose()
    return correctas


async def _afiliado_listo(stack: RunningStack) -> tuple[str, str]:
    """A seeded family whose cotizante identity already knows (it learns through Kafka, and
    registration works once it has): his document number and his id."""
    numero = _numero()
    cotizante_id = await _sembrar_grupo(stack, numero)
    async with httpx.AsyncClient(timeout=10) as cliente:
        await eventually(
            lambda: cliente.post(
                f"{stack.identity_url}/registro/validacion",
                json={"tipo_documento": "CC", "numero_documento": numero},
                headers=CAPTCHA,
            ),
            until=lambda r: r.status_code == 200,
            timeout=30,
        )
    return numero, cotizante_id


async def _con_cuenta(page: Page, stack: RunningStack) -> tuple[str, str]:
    """A family whose cotizante registered from the web (no screenshots: another test
    covers registration); his document number and e-mail."""
    numero, _ = await _afiliado_listo(stack)
    email = f"carlos.{numero}@example.com"
    await _registrarse(page, stack, numero, email, capturar=False)
    return numero, email


async def _registrarse(
    page: Page, stack: RunningStack, numero: str, email: str, *, capturar: bool = True
) -> None:
    async def paso(nombre: str) -> None:
        if capturar:
            await captura(page, nombre)

    await page.goto(f"{stack.portal_url}/registro")
    await page.get_by_label("Tipo de identificación").select_option("CC")
    await page.get_by_label("Número de documento").fill(numero)
    await page.get_by_label("No soy un robot").check()
    await paso("01-registro-valida")
    await page.get_by_role("button", name="Validar").click()
    await expect(page.get_by_text("Carlos", exact=True)).to_be_visible()
    # Every step asks its own «No soy un robot» (issue 17.1).
    await page.get_by_label("No soy un robot").check()
    await paso("02-registro-validado")
    await page.get_by_role("button", name="Siguiente").click()

    conjunto_id = await page.locator("input[name=conjunto_id]").input_value()
    for pregunta_id, opcion_id in (await _respuestas_correctas(stack, conjunto_id)).items():
        await page.locator(f"#op-{pregunta_id}-{opcion_id}").check()
    await page.get_by_label("No soy un robot").check()
    await paso("03-registro-preguntas")
    await page.get_by_role("button", name="Siguiente").click()

    await page.get_by_label(re.compile(r"^Correo electrónico")).fill(email)
    await page.get_by_label("Confirma el correo electrónico").fill(email)
    await page.get_by_label("Número de celular").fill("3001234567")
    await page.get_by_label("He leído y acepto los términos").check()
    await page.get_by_label("No soy un robot").check()
    await page.get_by_role("button", name="Regístrate").click()
    await expect(page.get_by_role("status")).to_contain_text("Tu registro fue exitoso")
    await paso("04-registro-ingresa")

    token = await eventually(
        lambda: _enlace_en_correo(stack, email, "/activar"),
        until=lambda t: t is not None,
        timeout=60,
    )
    await page.goto(f"{stack.portal_url}/activar?token={token}")
    await page.get_by_label("Nueva contraseña").fill(CONTRASENA)
    await page.get_by_label("Confirma la contraseña").fill(CONTRASENA)
    await page.get_by_role("button", name="Guardar contraseña").click()
    await expect(page.get_by_role("status")).to_contain_text("Tu contraseña quedó guardada")
    await paso("05-contrasena-creada")


async def _ingresar(
    page: Page, stack: RunningStack, numero: str, contrasena: str = CONTRASENA
) -> None:
    await page.goto(f"{stack.portal_url}/ingreso")
    await page.get_by_label("Tipo de identificación").select_option("CC")
    await page.get_by_label("Número de documento").fill(numero)
    await page.get_by_label("Contraseña").fill(contrasena)
    await page.get_by_role("button", name="Ingresar").click()
    await expect(page).to_have_url(f"{stack.portal_url}/inicio")


async def _aprobar_cambio_ips(stack: RunningStack, cotizante_id: str) -> None:
    async with httpx.AsyncClient(base_url=stack.affiliation_url, timeout=10) as cliente:
        bandeja = await cliente.get("/bandeja/cambios-ips", headers=stack.operador())
        assert bandeja.status_code == 200, bandeja.text
        tarea = next(t for t in bandeja.json() if str(t["afiliado_id"]) == cotizante_id)
        afiliado = await cliente.get(f"/afiliados/{cotizante_id}", headers=stack.operador())
        decision = await cliente.post(
            f"/afiliados/{cotizante_id}/solicitudes-ips/{tarea['tarea_id']}/decision",
            headers={**stack.operador(), "If-Match": afiliado.headers["etag"]},
            json={"aprobado": True},
        )
        assert decision.status_code in (200, 201), decision.text


async def test_afiliado_se_registra_ve_su_grupo_actualiza_datos_y_cambia_de_ips_sin_recargar(
    running_stack: RunningStack,
) -> None:
    stack = running_stack
    numero, cotizante_id = await _afiliado_listo(stack)

    async with navegador() as contexto:
        page = await contexto.new_page()
        await _registrarse(page, stack, numero, f"carlos.{numero}@example.com")
        await _ingresar(page, stack, numero)

        # Manual 4: the family on the home page (the projection may still be catching up;
        # the page itself updates when it does).
        grupo = page.locator("#grupo-familiar")
        await expect(grupo).to_contain_text("Marta", timeout=20_000)
        await expect(grupo).to_contain_text("Lucas")
        await expect(page.locator("#ips-primaria")).to_contain_text("COMFANDI EL PRADO")
        await captura(page, "06-inicio-grupo-familiar")
        # On the phone each member is a card with its labels: nothing scrolls sideways…
        assert await page.locator(".tabla-desplazable").evaluate(
            "e => e.scrollWidth <= e.clientWidth"
        )
        fila = grupo.locator("tbody tr").first
        assert await fila.evaluate("e => getComputedStyle(e).display") == "block"
        # …and on a wide screen it is a table again, its column headers in place.
        await page.set_viewport_size({"width": 1280, "height": 900})
        assert await fila.evaluate("e => getComputedStyle(e).display") == "table-row"
        await expect(grupo.locator("thead th[scope=col]")).to_have_count(5)
        await captura(page, "06b-inicio-grupo-familiar-ancho")
        await page.set_viewport_size({"width": 390, "height": 844})

        # Manual 4.1.1: new address, shown on the home page at once after saving.
        await page.get_by_role("link", name="Actualizar datos").first.click()
        await page.get_by_label("Dirección de residencia").fill("Carrera 100 # 5-169")
        await page.get_by_label("Teléfono celular", exact=True).fill("3109876543")
        await captura(page, "07-datos-personales")
        await page.get_by_role("button", name="Guardar").click()
        await expect(page).to_have_url(re.compile(r"/inicio\?aviso=datos&version=\d+$"))
        await expect(page.locator("#dato-direccion")).to_have_text("Carrera 100 # 5-169")
        await expect(page.get_by_role("status").first).to_contain_text("actualizados")
        await captura(page, "08-inicio-datos-actualizados")

        # Manual 4.1.3: request the change from the web…
        await page.get_by_role("link", name="Cambio de IPS").click()
        await page.locator(f"#ips-{IPS_NUEVA}").check()
        await page.get_by_label("Motivo del cambio").select_option(index=1)
        await captura(page, "09-cambio-ips")
        await page.get_by_role("button", name="Solicitar cambio").click()
        await expect(page.get_by_role("status").first).to_contain_text("Solicitud exitosa")
        await expect(page.locator("body")).to_have_attribute("data-tablero-en-vivo", "si")
        # …back office approves it; the same page object, never reloaded, shows it.
        await page.evaluate("window.__sinRecargar = true")
        await _aprobar_cambio_ips(stack, cotizante_id)
        await expect(page.locator("#ips-primaria")).to_contain_text(
            "CLINICA NUESTRA CALI", timeout=20_000
        )
        assert await page.evaluate("window.__sinRecargar === true")
        await captura(page, "10-inicio-ips-cambiada-sin-recargar")

        # The session cookie is out of the page's reach.
        assert "sesion" not in await page.evaluate("document.cookie")


def _pdf() -> bytes:
    """A small PDF that opens (affiliation checks the content, not the name)."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Registro civil de matrimonio")
    return bytes(pdf.output())


async def test_afiliado_adjunta_un_soporte_pendiente_y_un_texto_renombrado_es_rechazado(
    running_stack: RunningStack,
) -> None:
    """Manual 4.1.2: the spouse and the son joined with documents still owed."""
    stack = running_stack
    async with navegador() as contexto:
        page = await contexto.new_page()
        numero, _ = await _con_cuenta(page, stack)
        await _ingresar(page, stack, numero)
        await page.get_by_role("link", name="Actualizar documentos").click()
        await expect(page.get_by_role("heading", name="Actualizar documentos")).to_be_visible()
        formularios = page.locator("form.carga")
        pendientes = await formularios.count()
        assert pendientes >= 2, await page.content()
        await captura(page, "11-documentos-pendientes")

        entrada = formularios.first.locator("input[type=file]")
        etiqueta = await formularios.first.locator("label").inner_text()
        await entrada.set_input_files(
            {"name": "soporte.pdf", "mimeType": "application/pdf", "buffer": _pdf()}
        )
        await formularios.first.get_by_role("button", name="Enviar").click()
        await expect(page.get_by_role("status").first).to_contain_text(
            "Los documentos fueron enviados y quedan en revisión."
        )
        await expect(page.get_by_text(etiqueta, exact=True)).to_have_count(0)
        await expect(formularios).to_have_count(pendientes - 1)
        await captura(page, "12-documentos-enviado")

        # A text file renamed .pdf: refused for its content, said next to the field.
        entrada = formularios.first.locator("input[type=file]")
        id_entrada = await entrada.get_attribute("id")
        await entrada.set_input_files(
            {"name": "registro.pdf", "mimeType": "application/pdf", "buffer": b"no soy un PDF\n"}
        )
        await formularios.first.get_by_role("button", name="Enviar").click()
        error = page.locator(f"#{id_entrada}-error")
        await expect(error).to_contain_text('El archivo "registro.pdf" no es un PDF')
        await expect(page.locator(f"#{id_entrada}")).to_have_attribute("aria-invalid", "true")
        await expect(page.get_by_role("alert")).to_be_visible()
        await expect(formularios).to_have_count(pendientes - 1)
        await captura(page, "13-documentos-archivo-rechazado")


async def test_afiliado_descarga_su_certificado_pbs_en_pdf(running_stack: RunningStack) -> None:
    """Manual 4.3: the certificate downloads as a PDF file."""
    stack = running_stack
    async with navegador() as contexto:
        page = await contexto.new_page()
        numero, _ = await _con_cuenta(page, stack)
        await _ingresar(page, stack, numero)
        # The certificates page lists the family once the dashboard has it.
        await expect(page.locator("#grupo-familiar")).to_contain_text("Marta", timeout=20_000)
        await page.get_by_role("link", name="Certificados en línea").click()
        enlace = page.get_by_role("link", name=re.compile(r"^Certificado de afiliación PBS"))
        await expect(enlace.first).to_be_visible()
        await captura(page, "14-certificados")
        async with page.expect_download() as descarga_info:
            await enlace.first.click()
        descarga = await descarga_info.value
        assert descarga.suggested_filename.endswith(".pdf")
        contenido = await asyncio.to_thread(Path(await descarga.path()).read_bytes)
        assert contenido.startswith(b"%PDF-")
        await captura(page, "15-certificado-descargado")


async def test_olvide_mi_contrasena_restablece_por_correo_y_ingresa_con_la_nueva(
    running_stack: RunningStack,
) -> None:
    """Manual 3.1: the reset link comes by e-mail; the new password opens the session."""
    stack = running_stack
    nueva = "otra frase larga y nueva del portal"
    async with navegador() as contexto:
        page = await contexto.new_page()
        numero, email = await _con_cuenta(page, stack)
        await page.goto(f"{stack.portal_url}/ingreso")
        await page.get_by_role("link", name="Olvidé mi contraseña").click()
        await page.get_by_label("Tipo de identificación").select_option("CC")
        await page.get_by_label("Número de documento").fill(numero)
        await page.get_by_label("No soy un robot").check()
        await captura(page, "16-olvide-contrasena")
        await page.get_by_role("button", name="Enviar").click()
        await expect(page.get_by_role("status").first).to_be_visible()
        await captura(page, "17-olvide-enviado")

        token = await eventually(
            lambda: _enlace_en_correo(stack, email, "/restablecer"),
            until=lambda t: t is not None,
            timeout=60,
        )
        await page.goto(f"{stack.portal_url}/restablecer?token={token}")
        await expect(page.get_by_role("heading", name="Restablece tu contraseña")).to_be_visible()
        await page.get_by_label("Nueva contraseña").fill(nueva)
        await page.get_by_label("Confirma la contraseña").fill(nueva)
        await captura(page, "18-restablecer")
        await page.get_by_role("button", name="Guardar contraseña").click()
        await expect(page.get_by_role("status").first).to_be_visible()
        await expect(page.get_by_role("alert")).to_have_count(0)
        await captura(page, "19-restablecida")

        await _ingresar(page, stack, numero, nueva)
        await captura(page, "20-ingreso-con-contrasena-nueva")


async def _enfocado(page: Page) -> dict[str, str]:
    """The focused element: its tag, name and the text of its label."""
    datos: dict[str, str] = await page.evaluate(
        """() => {
            const e = document.activeElement;
            const etiqueta = e.labels && e.labels.length ? e.labels[0].innerText : "";
            return {tag: e.tagName.toLowerCase(), name: e.name || e.id || "",
                    etiqueta: etiqueta.trim(), texto: (e.innerText || "").trim()};
        }"""
    )
    return datos


async def test_ingreso_solo_con_el_teclado(running_stack: RunningStack) -> None:
    """Tab through the labelled fields in order, type, Enter: the home page opens."""
    stack = running_stack
    async with navegador() as contexto:
        page = await contexto.new_page()
        numero, _ = await _con_cuenta(page, stack)
        await page.goto(f"{stack.portal_url}/ingreso")
        teclado = page.keyboard

        await teclado.press("Tab")
        assert (await _enfocado(page))["texto"] == "Ir al contenido"
        await teclado.press("Enter")  # the skip link puts focus on the main content
        assert (await _enfocado(page))["name"] == "contenido"

        await teclado.press("Tab")
        enfocado = await _enfocado(page)
        assert (enfocado["tag"], enfocado["name"]) == ("select", "tipo_documento")
        assert enfocado["etiqueta"].startswith("Tipo de identificación")
        tipo = page.locator("select[name=tipo_documento]")
        await teclado.press("End")  # a closed select changes option from the keyboard
        assert await tipo.input_value() == "SC"
        await teclado.press("Home")  # «Cédula de ciudadanía», the first one
        assert await tipo.input_value() == "CC"

        await teclado.press("Tab")
        enfocado = await _enfocado(page)
        assert (enfocado["tag"], enfocado["name"]) == ("input", "numero_documento")
        assert enfocado["etiqueta"].startswith("Número de documento")
        await teclado.type(numero)

        await teclado.press("Tab")
        enfocado = await _enfocado(page)
        assert (enfocado["tag"], enfocado["name"]) == ("input", "contrasena")
        assert enfocado["etiqueta"].startswith("Contraseña")
        await teclado.type(CONTRASENA)
        await captura(page, "21-ingreso-teclado")

        await teclado.press("Enter")
        await expect(page).to_have_url(f"{stack.portal_url}/inicio")
        await expect(page.locator(".bienvenida")).to_contain_text("Bienvenido")
        await captura(page, "22-inicio-por-teclado")
