"""The archive's hash chain: the same records give the same seals, and any change, removal
or reordering is named by the first broken link."""

import dataclasses
import uuid
from datetime import UTC, datetime

from audit.domain.cadena import GENESIS, Registro, encadenar, primera_rotura


def registro(desplazamiento: int, datos: bytes = b'{"a":1}') -> Registro:
    return Registro(
        topico="eps.affiliation.afiliados",
        particion=0,
        desplazamiento=desplazamiento,
        evento_id=uuid.UUID(int=desplazamiento + 1),
        ce_source="/eps/affiliation",
        ce_type="co.eps.affiliation.AfiliadoRegistrado.v1",
        ce_time=datetime(2026, 12, 3, 12, 0, desplazamiento, tzinfo=UTC),
        ce_subject=uuid.UUID(int=99),
        aggregate_type="Afiliado",
        aggregate_version=desplazamiento + 1,
        traceparent=None,
        clave=str(uuid.UUID(int=99)).encode(),
        datos=datos,
    )


def test_los_mismos_registros_dan_la_misma_cadena_al_reconstruir() -> None:
    registros = [registro(i) for i in range(5)]
    assert encadenar(None, registros) == encadenar(None, registros)


def test_encadenar_por_lotes_da_la_misma_cadena_que_de_una_vez() -> None:
    registros = [registro(i) for i in range(6)]
    de_una = encadenar(None, registros)
    primeros = encadenar(None, registros[:2])
    resto = encadenar((primeros[-1].secuencia, primeros[-1].hash), registros[2:])
    assert primeros + resto == de_una
    assert de_una[0].hash_anterior == GENESIS
    assert [e.secuencia for e in de_una] == [1, 2, 3, 4, 5, 6]


def test_una_cadena_sin_tocar_no_tiene_roturas() -> None:
    assert primera_rotura(encadenar(None, [registro(i) for i in range(4)])) is None


def test_un_byte_cambiado_en_la_carga_se_nombra_con_su_offset() -> None:
    cadena = encadenar(None, [registro(i) for i in range(4)])
    alterado = dataclasses.replace(cadena[2].registro, datos=b'{"a":2}')
    cadena[2] = dataclasses.replace(cadena[2], registro=alterado)

    rotura = primera_rotura(cadena)

    assert rotura is not None
    assert (rotura.secuencia, rotura.desplazamiento) == (3, 2)
    assert "alterado" in rotura.motivo


def test_un_registro_borrado_deja_un_hueco_aunque_se_recalculen_los_sellos() -> None:
    cadena = encadenar(None, [registro(i) for i in range(4)])
    con_hueco = [cadena[0], cadena[2], cadena[3]]

    rotura = primera_rotura(con_hueco)
    assert rotura is not None and rotura.secuencia == 2
    assert "falta" in rotura.motivo


def test_un_sello_anterior_cambiado_rompe_el_eslabon() -> None:
    cadena = encadenar(None, [registro(i) for i in range(3)])
    cadena[1] = dataclasses.replace(cadena[1], hash_anterior=bytes(32))
    rotura = primera_rotura(cadena)
    assert rotura is not None and rotura.secuencia == 2
    assert "encadenado" in rotura.motivo


def test_cambiar_cualquier_atributo_cloudevents_cambia_el_sello() -> None:
    base = registro(0)
    sello = encadenar(None, [base])[0].hash
    for campo, valor in {
        "ce_type": "co.eps.affiliation.Otro.v1",
        "ce_source": "/eps/otro",
        "aggregate_version": 7,
        "traceparent": "00-" + "1" * 32 + "-" + "2" * 16 + "-01",
        "clave": b"otra",
        "particion": 1,
    }.items():
        assert encadenar(None, [dataclasses.replace(base, **{campo: valor})])[0].hash != sello
