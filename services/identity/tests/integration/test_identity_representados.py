"""Who may act for whom, as identity issues it: an affiliate's access token lists in
``representados`` only his beneficiaries who are minors at issue time and not retired, each
until midnight in Colombia of their 18th birthday. Real PostgreSQL."""

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import jwt
from sqlalchemy import text

from eps_runtime.auth import VerificadorTokens, puede_actuar_por

from .conftest import Flujo, Persona, RelojDePrueba

_BENEFICIARIO = text(
    """
    INSERT INTO afiliados_validables
        (afiliado_id, tipo_documento, numero_documento, primer_nombre, primer_apellido,
         fecha_nacimiento, estado, tipo_afiliado, cotizante_id, telefono_movil, direccion,
         version, documento_desde)
    VALUES (:id, :tipo_documento, :numero, 'Luis', 'Pérez', :nacimiento, :estado, :tipo,
            :cotizante, '3101234567', 'Calle 12 # 34-56', 1, now())
    """
)


async def _beneficiario(
    flujo: Flujo,
    cotizante: Persona | None,
    nacimiento: date,
    *,
    estado: str = "ACTIVO",
    tipo: str = "BENEFICIARIO",
) -> uuid.UUID:
    afiliado_id = uuid.uuid4()
    async with flujo.bd.begin() as conn:
        await conn.execute(
            _BENEFICIARIO,
            {
                "id": afiliado_id,
                "tipo_documento": "TI" if nacimiento.year > 2008 else "CC",
                "numero": str(uuid.uuid4().int)[:10],
                "nacimiento": nacimiento,
                "estado": estado,
                "tipo": tipo,
                "cotizante": cotizante.afiliado_id if cotizante else None,
            },
        )
    return afiliado_id


def _hace(hoy: date, anios: int, dias: int = 0) -> date:
    """The birth date of someone who turns ``anios`` ``dias`` days after ``hoy``."""
    dia = hoy + timedelta(days=dias)
    return date(dia.year - anios, dia.month, min(dia.day, 28) if dia.month == 2 else dia.day)


def _medianoche_bogota(nacimiento: date) -> datetime:
    """00:00 in Bogotá (UTC-5, no daylight saving) of the 18th birthday, as UTC: 05:00."""
    return datetime(nacimiento.year + 18, nacimiento.month, nacimiento.day, 5, tzinfo=UTC)


def _claims(respuesta: httpx.Response) -> dict[str, Any]:
    assert respuesta.status_code == 200, respuesta.text
    claims: dict[str, Any] = jwt.decode(
        respuesta.json()["access_token"], options={"verify_signature": False}
    )
    return claims


async def test_token_del_cotizante_solo_lista_a_sus_menores_activos(
    flujo: Flujo, reloj: RelojDePrueba
) -> None:
    hoy = reloj.ahora.astimezone(UTC).date()
    cotizante = await flujo.afiliado()
    menor = _hace(hoy, 10)
    hijo_menor = await _beneficiario(flujo, cotizante, menor)
    hijo_adulto = await _beneficiario(flujo, cotizante, _hace(hoy, 20))
    conyuge = await _beneficiario(flujo, cotizante, date(1986, 2, 3))
    retirado = await _beneficiario(flujo, cotizante, _hace(hoy, 8), estado="RETIRADO")
    ajeno = await _beneficiario(flujo, await flujo.afiliado(), _hace(hoy, 5))
    await flujo.con_contrasena(cotizante)

    respuesta = await flujo.ingresar(cotizante)

    claims = _claims(respuesta)
    hasta = _medianoche_bogota(menor)
    assert claims["representados"] == [{"afiliado_id": str(hijo_menor), "hasta": hasta.isoformat()}]
    jwks = (await flujo.http.get("/.well-known/jwks.json")).json()
    llamante = await VerificadorTokens.desde_jwks(jwks).verificar(respuesta.json()["access_token"])
    assert llamante.representados == {hijo_menor: hasta}
    ahora = reloj.ahora
    assert cotizante.afiliado_id is not None
    assert puede_actuar_por(llamante, cotizante.afiliado_id, ahora)
    assert puede_actuar_por(llamante, hijo_menor, ahora)
    for otro in (hijo_adulto, conyuge, retirado, ajeno):
        assert not puede_actuar_por(llamante, otro, ahora)


async def test_el_hijo_que_cumple_18_sale_del_token_a_medianoche_de_bogota(
    flujo: Flujo, reloj: RelojDePrueba
) -> None:
    hoy = reloj.ahora.astimezone(UTC).date()
    cotizante = await flujo.afiliado()
    nacimiento = _hace(hoy, 18, dias=3)
    hijo = await _beneficiario(flujo, cotizante, nacimiento, tipo="ADICIONAL")
    hasta = _medianoche_bogota(nacimiento)
    await flujo.con_contrasena(cotizante)

    reloj.ahora = hasta - timedelta(seconds=1)
    antes = await flujo.ingresar(cotizante)
    assert _claims(antes)["representados"] == [
        {"afiliado_id": str(hijo), "hasta": hasta.isoformat()}
    ]

    # The next refresh (at most 15 minutes later) no longer carries him, nor a new login.
    reloj.ahora = hasta
    renovada = await flujo.http.post(
        "/sesiones/renovar", json={"refresh_token": antes.json()["refresh_token"]}
    )
    assert _claims(renovada)["representados"] == []
    assert _claims(await flujo.ingresar(cotizante))["representados"] == []
