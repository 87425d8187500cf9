"""Who may act for whom: the ``representados`` claim, ``puede_actuar_por`` and
``exigir_actuar_por`` (a cotizante acts for himself and his minor beneficiaries until
midnight in Colombia of their 18th birthday; anyone else is a 404)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from uuid import UUID, uuid4

import jwt
import pytest

from eps_runtime.auth import (
    Llamante,
    NoAutenticado,
    Rol,
    exigir_actuar_por,
    puede_actuar_por,
)
from eps_runtime.errores import NoEncontrado
from eps_runtime.http import estado_http
from eps_runtime.testing.tokens import EmisorTokens

BOGOTA = timezone(timedelta(hours=-5))
COTIZANTE = UUID("6a1f2c3d-1111-4e55-9d55-8c1a2f0e9b11")
HIJO = UUID("6a1f2c3d-2222-4e55-9d55-8c1a2f0e9b11")
# The son was born on 2010-03-14: he turns 18 at 2028-03-14 00:00 in Bogotá (05:00 UTC).
MAYORIA_HIJO = datetime(2028, 3, 14, tzinfo=BOGOTA)


@pytest.fixture
def emisor() -> EmisorTokens:
    return EmisorTokens()


async def _cotizante(emisor: EmisorTokens) -> Llamante:
    """The cotizante as a service sees him, from a token identity would issue (now: the
    verifier checks the token's times against the real clock; ``puede_actuar_por`` is then
    asked about any instant)."""
    token = emisor.emitir(
        rol=Rol.AFILIADO, afiliado_id=COTIZANTE, representados={HIJO: MAYORIA_HIJO}
    )
    return await emisor.verificador().verificar(token)


async def test_cotizante_actua_por_su_hijo_menor(emisor: EmisorTokens) -> None:
    ahora = datetime(2026, 11, 22, 19, 30, tzinfo=UTC)
    llamante = await _cotizante(emisor)

    assert llamante.representados == {HIJO: MAYORIA_HIJO.astimezone(UTC)}
    assert puede_actuar_por(llamante, COTIZANTE, ahora)
    assert puede_actuar_por(llamante, HIJO, ahora)
    exigir_actuar_por(llamante, HIJO, ahora)
    exigir_actuar_por(llamante, COTIZANTE, ahora)


async def test_a_medianoche_del_cumpleanos_18_pierde_el_acceso(emisor: EmisorTokens) -> None:
    # A token in force across midnight loses the son at midnight, not when it expires.
    llamante = await _cotizante(emisor)
    un_segundo_antes = MAYORIA_HIJO - timedelta(seconds=1)

    assert un_segundo_antes.astimezone(UTC) == datetime(2028, 3, 14, 4, 59, 59, tzinfo=UTC)
    assert puede_actuar_por(llamante, HIJO, un_segundo_antes)
    assert not puede_actuar_por(llamante, HIJO, MAYORIA_HIJO)
    assert not puede_actuar_por(llamante, HIJO, MAYORIA_HIJO.astimezone(UTC))
    with pytest.raises(NoEncontrado):
        exigir_actuar_por(llamante, HIJO, MAYORIA_HIJO)
    # Himself, always.
    assert puede_actuar_por(llamante, COTIZANTE, MAYORIA_HIJO)


async def test_desconocido_recibe_404(emisor: EmisorTokens) -> None:
    ahora = datetime(2026, 11, 22, 19, 30, tzinfo=UTC)
    cotizante = await _cotizante(emisor)
    conyuge = await emisor.verificador().verificar(
        emisor.emitir(rol=Rol.AFILIADO, afiliado_id=uuid4())
    )
    empleador = Llamante(usuario_id="e", rol=Rol.EMPLEADOR, empleador_id=uuid4())

    for llamante, afiliado_id in (
        (cotizante, uuid4()),  # a stranger, or an adult child / spouse: not in the claim
        (conyuge, COTIZANTE),  # the spouse acts only for herself
        (conyuge, HIJO),
        (empleador, HIJO),
    ):
        assert not puede_actuar_por(llamante, afiliado_id, ahora)
        with pytest.raises(NoEncontrado) as error:
            exigir_actuar_por(llamante, afiliado_id, ahora)
        assert estado_http(error.value) == 404
        assert error.value.codigo == "afiliado-no-encontrado"
        assert error.value.mensaje == "No existe un afiliado con ese identificador."
    with pytest.raises(ValueError):
        puede_actuar_por(cotizante, HIJO, datetime(2026, 11, 22, 19, 30))


@pytest.mark.parametrize(
    "claim",
    [
        "todos",
        {"afiliado_id": str(HIJO), "hasta": "2028-03-14T05:00:00+00:00"},
        ["no-es-un-objeto"],
        [{"afiliado_id": "no-es-uuid", "hasta": "2028-03-14T05:00:00+00:00"}],
        [{"afiliado_id": str(HIJO), "hasta": "mañana"}],
        [{"afiliado_id": str(HIJO), "hasta": "2028-03-14T05:00:00"}],  # no offset
        [{"afiliado_id": str(HIJO), "hasta": 1836536400}],
        [{"afiliado_id": str(HIJO)}],
        [{"afiliado_id": str(HIJO), "hasta": "2028-03-14T05:00:00+00:00", "extra": 1}],
        [
            {"afiliado_id": str(HIJO), "hasta": "2028-03-14T05:00:00+00:00"},
            {"afiliado_id": str(HIJO), "hasta": "2030-03-14T05:00:00+00:00"},
        ],
    ],
)
async def test_claim_representados_malformado_invalida_el_token(
    emisor: EmisorTokens, claim: Any
) -> None:
    claims = jwt.decode(
        emisor.emitir(rol=Rol.AFILIADO, afiliado_id=COTIZANTE), options={"verify_signature": False}
    )
    token = emisor.firmar({**claims, "representados": claim})

    with pytest.raises(NoAutenticado) as error:
        await emisor.verificador().verificar(token)
    assert error.value.codigo == "token-invalido"


async def test_sin_claim_representados_solo_actua_por_si_mismo(emisor: EmisorTokens) -> None:
    ahora = datetime.now(UTC)
    llamante = await emisor.verificador().verificar(
        emisor.emitir(rol=Rol.AFILIADO, afiliado_id=COTIZANTE)
    )

    assert llamante.representados == {}
    assert puede_actuar_por(llamante, COTIZANTE, ahora)
    assert not puede_actuar_por(llamante, HIJO, ahora)


async def test_representados_en_token_que_no_es_de_afiliado_lo_invalida(
    emisor: EmisorTokens,
) -> None:
    token = emisor.emitir(
        rol=Rol.EMPLEADOR, empleador_id=uuid4(), representados={HIJO: MAYORIA_HIJO}
    )

    with pytest.raises(NoAutenticado) as error:
        await emisor.verificador().verificar(token)
    assert error.value.codigo == "token-invalido"
