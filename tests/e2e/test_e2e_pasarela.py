"""One origin: a front end reaches every service through the portal's ``/api/<service>/…``.

The same requests, through the portal and straight to the service, must get the same answer
(status, problem+json body, authentication challenge), because locally the portal plays the
role the ingress plays in Kubernetes.
"""

from __future__ import annotations

import httpx
import pytest

from eps_runtime.auth import Rol

from .conftest import RunningStack

pytestmark = pytest.mark.e2e

VALIDACION = {"tipo_documento": "CC", "numero_documento": "9999999999"}


async def test_validacion_por_la_pasarela_responde_lo_mismo_que_identidad(
    running_stack: RunningStack,
) -> None:
    cabeceras = {"X-Captcha": "no-soy-un-robot"}
    async with httpx.AsyncClient(timeout=10) as client:
        directo = await client.post(
            f"{running_stack.identity_url}/registro/validacion", json=VALIDACION, headers=cabeceras
        )
        pasarela = await client.post(
            f"{running_stack.portal_url}/api/identity/registro/validacion",
            json=VALIDACION,
            headers=cabeceras,
        )
    assert pasarela.status_code == directo.status_code == 404
    assert pasarela.headers["content-type"].startswith("application/problem+json")
    assert pasarela.json()["detail"] == directo.json()["detail"]


async def test_pasarela_reenvia_el_token_y_nunca_las_cookies_del_portal(
    running_stack: RunningStack,
) -> None:
    async with httpx.AsyncClient(timeout=10) as client:
        sin_token = await client.get(
            f"{running_stack.portal_url}/api/affiliation/mi/afiliacion",
            headers={"Cookie": "sesion=robada"},
        )
        assert sin_token.status_code == 401
        assert sin_token.headers["www-authenticate"].startswith("Bearer")
        assert "set-cookie" not in sin_token.headers

        token = running_stack.emisor.emitir(rol=Rol.OPERADOR)
        con_token = await client.get(
            f"{running_stack.portal_url}/api/affiliation/afiliados",
            params={"tipo_documento": "CC", "numero_documento": "9999999998"},
            headers={"Authorization": f"Bearer {token}"},
        )
    # The operator's token reached affiliation: an authorised search, not a 401.
    assert con_token.status_code in (200, 404), con_token.text


async def test_servicio_desconocido_en_la_pasarela_es_404_en_espanol(
    running_stack: RunningStack,
) -> None:
    async with httpx.AsyncClient(timeout=10) as client:
        respuesta = await client.get(f"{running_stack.portal_url}/api/facturacion/pagos")
    assert respuesta.status_code == 404
    assert respuesta.json()["code"] == "servicio-desconocido"
    assert "facturacion" in respuesta.json()["detail"]


async def test_tablero_del_portal_tambien_responde_bajo_api_portal(
    running_stack: RunningStack,
) -> None:
    async with httpx.AsyncClient(timeout=10) as client:
        respuesta = await client.get(f"{running_stack.portal_url}/api/portal/mi/tablero")
    assert respuesta.status_code == 401
    assert respuesta.headers["content-type"].startswith("application/problem+json")
