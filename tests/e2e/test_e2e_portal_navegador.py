"""The reference web portal in a real browser (Debian's chromium) over the real stack.

A cotizante with a spouse and a minor child registers from the web (Válida → Registra →
Ingresa) with the link e-mailed to the local SMTP sink, signs in, sees his family on the
«Menú inicial», updates his personal data, and requests an IPS change that back office
approves: the home page shows the new IPS without being reloaded (SSE). A screenshot of
every step lands in ``.cache/artifacts/e2e/``.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest
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


async def _registrarse(page: Page, stack: RunningStack, numero: str, email: str) -> None:
    await page.goto(f"{stack.portal_url}/registro")
    await page.get_by_label("Tipo de identificación").select_option("CC")
    await page.get_by_label("Número de documento").fill(numero)
    await page.get_by_label("No soy un robot").check()
    await captura(page, "01-registro-valida")
    await page.get_by_role("button", name="Validar").click()
    await expect(page.get_by_text("Carlos", exact=True)).to_be_visible()
    await captura(page, "02-registro-validado")
    await page.get_by_role("button", name="Siguiente").click()

    conjunto_id = await page.locator("input[name=conjunto_id]").input_value()
    for pregunta_id, opcion_id in (await _respuestas_correctas(stack, conjunto_id)).items():
        await page.locator(f"#op-{pregunta_id}-{opcion_id}").check()
    await captura(page, "03-registro-preguntas")
    await page.get_by_role("button", name="Siguiente").click()

    await page.get_by_label(re.compile(r"^Correo electrónico")).fill(email)
    await page.get_by_label("Confirma el correo electrónico").fill(email)
    await page.get_by_label("Número de celular").fill("3001234567")
    await page.get_by_label("He leído y acepto los términos").check()
    await page.get_by_role("button", name="Regístrate").click()
    await expect(page.get_by_role("status")).to_contain_text("Tu registro fue exitoso")
    await captura(page, "04-registro-ingresa")

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
    await captura(page, "05-contrasena-creada")


async def _ingresar(page: Page, stack: RunningStack, numero: str) -> None:
    await page.goto(f"{stack.portal_url}/ingreso")
    await page.get_by_label("Tipo de identificación").select_option("CC")
    await page.get_by_label("Número de documento").fill(numero)
    await page.get_by_label("Contraseña").fill(CONTRASENA)
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
    numero = _numero()
    cotizante_id = await _sembrar_grupo(stack, numero)
    async with httpx.AsyncClient(timeout=10) as cliente:
        # Identity learns of the affiliate through Kafka: registration works once it has.
        await eventually(
            lambda: cliente.post(
                f"{stack.identity_url}/registro/validacion",
                json={"tipo_documento": "CC", "numero_documento": numero},
                headers=CAPTCHA,
            ),
            until=lambda r: r.status_code == 200,
            timeout=30,
        )

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
