"""Domain rules of the Afiliado aggregate (pure: no database, no clock)."""

from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from affiliation.domain.afiliado import Afiliado
from affiliation.domain.edad import anios_cumplidos, meses_cumplidos
from affiliation.domain.errores import (
    CotizanteNoValido,
    DatosInvalidos,
    DocumentoNoCorrespondeAEdad,
    FechaAfiliacionInvalida,
    FechaNacimientoInvalida,
    GrupoFamiliarIncoherente,
    NumeroDocumentoInvalido,
)
from affiliation.domain.valores import DatosContacto, NombreCompleto
from eps_contracts.events import AfiliadoRegistrado, DatosContactoActualizados
from eps_contracts.types import (
    EstadoAfiliacion,
    Parentesco,
    Regimen,
    Sexo,
    TipoAfiliado,
    TipoDocumento,
)
from eps_contracts.valores import Documento

HOY = date(2026, 11, 22)


def _hace(anios: int, meses: int = 0, dias: int = 0) -> date:
    """Born exactly ``anios`` years and ``meses`` months before HOY, minus ``dias``."""
    mes = HOY.year * 12 + HOY.month - 1 - anios * 12 - meses
    return date(mes // 12, mes % 12 + 1, HOY.day) - timedelta(days=dias)


def registrar(**cambios: Any) -> Afiliado:
    campos: dict[str, Any] = {
        "afiliado_id": uuid4(),
        "documento": Documento(TipoDocumento.CC, "1000000001"),
        "nombre": NombreCompleto("Ana", "Pérez", "María", "Gómez"),
        "fecha_nacimiento": date(1990, 5, 17),
        "sexo": Sexo.F,
        "tipo_afiliado": TipoAfiliado.COTIZANTE,
        "regimen": Regimen.CONTRIBUTIVO,
        "fecha_afiliacion": date(2015, 2, 1),
        "contacto": DatosContacto(
            "ana.perez@example.com", "3001234567", "Calle 5 # 38-25", "76001"
        ),
        "hoy": HOY,
    }
    return Afiliado.registrar(**(campos | cambios))


def beneficiario_de(de: Afiliado, **cambios: Any) -> Afiliado:
    campos: dict[str, Any] = {
        "documento": Documento(TipoDocumento.TI, "1000000003"),
        "fecha_nacimiento": _hace(12),
        "tipo_afiliado": TipoAfiliado.BENEFICIARIO,
        "cotizante_id": de.afiliado_id,
        "cotizante": de,
        "parentesco": Parentesco.HIJO,
    }
    return registrar(**(campos | cambios))


# -- registration ----------------------------------------------------------------------------


def test_registrar_cotizante_registra_afiliado_registrado_activo_en_version_1() -> None:
    afiliado = registrar()

    assert afiliado.version == 1
    assert afiliado.version_guardada == 0
    [evento] = afiliado.cambios
    assert isinstance(evento, AfiliadoRegistrado)
    assert evento.estado is EstadoAfiliacion.ACTIVO
    assert evento.numero_documento == "1000000001"
    assert afiliado.nombre.nombres == "Ana María"
    assert afiliado.nombre.apellidos == "Pérez Gómez"


def test_fecha_de_nacimiento_posterior_a_hoy_es_rechazada() -> None:
    with pytest.raises(FechaNacimientoInvalida, match="posterior a hoy"):
        registrar(fecha_nacimiento=date(2026, 11, 23))


def test_fecha_de_nacimiento_de_mas_de_120_anios_es_rechazada() -> None:
    with pytest.raises(FechaNacimientoInvalida, match="120"):
        registrar(fecha_nacimiento=date(1900, 1, 1))


def test_fecha_de_afiliacion_anterior_al_nacimiento_es_rechazada() -> None:
    with pytest.raises(FechaAfiliacionInvalida):
        registrar(fecha_afiliacion=date(1989, 1, 1))


def test_fecha_de_afiliacion_futura_es_rechazada() -> None:
    with pytest.raises(FechaAfiliacionInvalida):
        registrar(fecha_afiliacion=date(2027, 1, 1))


def test_numero_con_letras_para_cedula_es_rechazado_con_mensaje_en_espanol() -> None:
    with pytest.raises(NumeroDocumentoInvalido, match="solo admite dígitos"):
        registrar(documento=Documento(TipoDocumento.CC, "12AB34"))


# -- document type and age (Decreto 780 de 2016, art. 2.1.3.5) ---------------------------------


@pytest.mark.parametrize(
    ("tipo", "nacimiento", "admitido"),
    [
        (TipoDocumento.CC, _hace(18), True),
        (TipoDocumento.CC, _hace(18, dias=-1), False),  # cumple 18 mañana
        (TipoDocumento.TI, _hace(7), True),
        (TipoDocumento.TI, _hace(7, dias=-1), False),
        (TipoDocumento.TI, _hace(17, 11), True),
        (TipoDocumento.TI, _hace(18), False),
        (TipoDocumento.RC, _hace(0), True),
        (TipoDocumento.RC, _hace(6, 11), True),
        (TipoDocumento.RC, _hace(7), False),
        (TipoDocumento.CN, _hace(0, 2), True),
        (TipoDocumento.CN, _hace(0, 3), False),
        (TipoDocumento.MS, _hace(17), True),
        (TipoDocumento.MS, _hace(18), False),
        (TipoDocumento.AS, _hace(18), True),
        (TipoDocumento.AS, _hace(17), False),
        (TipoDocumento.PT, _hace(3), True),
        (TipoDocumento.CE, _hace(70), True),
        (TipoDocumento.PA, _hace(0), True),
    ],
)
def test_cada_tipo_de_documento_corresponde_a_un_rango_de_edad(
    tipo: TipoDocumento, nacimiento: date, admitido: bool
) -> None:
    def intento() -> Afiliado:
        return registrar(
            documento=Documento(tipo, "1234567"),
            fecha_nacimiento=nacimiento,
            fecha_afiliacion=nacimiento,
        )

    if admitido:
        assert intento().documento.tipo is tipo
    else:
        with pytest.raises(DocumentoNoCorrespondeAEdad, match="la persona tiene"):
            intento()


def test_el_mensaje_de_edad_nombra_el_documento_y_la_edad() -> None:
    with pytest.raises(DocumentoNoCorrespondeAEdad) as error:
        registrar(documento=Documento(TipoDocumento.CC, "1234567"), fecha_nacimiento=_hace(16))
    assert error.value.mensaje == (
        "El documento CC (cédula de ciudadanía) es para personas de 18 años en adelante; "
        "la persona tiene 16 años."
    )
    assert error.value.campo == "tipo_documento"


def test_edad_en_meses_cuenta_un_mes_cumplido_el_mismo_dia() -> None:
    assert meses_cumplidos(date(2026, 8, 22), HOY) == 3
    assert meses_cumplidos(date(2026, 8, 23), HOY) == 2
    assert anios_cumplidos(date(2008, 11, 22), HOY) == 18
    assert anios_cumplidos(date(2008, 11, 23), HOY) == 17


# -- family group ----------------------------------------------------------------------------


def test_beneficiario_hijo_de_un_cotizante_queda_vinculado_a_el() -> None:
    cotizante = registrar()
    hijo = beneficiario_de(cotizante)

    assert hijo.cotizante_id == cotizante.afiliado_id
    assert hijo.parentesco is Parentesco.HIJO


def test_beneficiario_sin_cotizante_es_rechazado() -> None:
    cotizante = registrar()
    with pytest.raises(GrupoFamiliarIncoherente, match="requiere el cotizante"):
        beneficiario_de(cotizante, cotizante_id=None, cotizante=None)


def test_beneficiario_sin_parentesco_es_rechazado() -> None:
    with pytest.raises(GrupoFamiliarIncoherente, match="parentesco"):
        beneficiario_de(registrar(), parentesco=None)


def test_cotizante_con_parentesco_es_rechazado() -> None:
    with pytest.raises(GrupoFamiliarIncoherente, match="no depende"):
        registrar(parentesco=Parentesco.HIJO)


def test_beneficiario_de_un_cotizante_que_no_existe_es_rechazado() -> None:
    cotizante = registrar()
    with pytest.raises(CotizanteNoValido, match="no está afiliado"):
        beneficiario_de(cotizante, cotizante=None)


def test_beneficiario_de_otro_beneficiario_es_rechazado() -> None:
    cotizante = registrar()
    conyuge = beneficiario_de(
        cotizante,
        documento=Documento(TipoDocumento.CC, "1000000002"),
        fecha_nacimiento=date(1988, 11, 3),
        parentesco=Parentesco.CONYUGE,
    )
    with pytest.raises(CotizanteNoValido, match="beneficiario"):
        beneficiario_de(conyuge, cotizante_id=conyuge.afiliado_id, cotizante=conyuge)


def test_afiliado_no_puede_ser_su_propio_cotizante() -> None:
    cotizante = registrar()
    with pytest.raises(GrupoFamiliarIncoherente, match="propio cotizante"):
        beneficiario_de(cotizante, afiliado_id=cotizante.afiliado_id)


def test_beneficiario_en_un_regimen_distinto_al_de_su_cotizante_es_rechazado() -> None:
    with pytest.raises(GrupoFamiliarIncoherente, match="régimen"):
        beneficiario_de(registrar(), regimen=Regimen.SUBSIDIADO)


def test_correo_invalido_es_rechazado_sin_revelar_el_valor() -> None:
    with pytest.raises(DatosInvalidos) as error:
        registrar(contacto=DatosContacto(email="ana-sin-arroba"))
    assert "email" in error.value.mensaje
    assert "ana-sin-arroba" not in error.value.mensaje


# -- state from events and contact data ------------------------------------------------------


def test_estado_se_reconstruye_desde_los_eventos() -> None:
    original = registrar()
    original.actualizar_datos_contacto(DatosContacto(email="ana@example.org"))

    reconstruido = Afiliado.from_events(original.cambios)

    assert reconstruido.version == reconstruido.version_guardada == 2
    assert reconstruido.cambios == []
    assert reconstruido.documento == original.documento
    assert reconstruido.contacto == DatosContacto(email="ana@example.org")


def test_un_stream_vacio_no_es_un_afiliado() -> None:
    with pytest.raises(ValueError, match="al menos un evento"):
        Afiliado.from_events([])


def test_actualizar_contacto_registra_los_datos_completos_despues_del_cambio() -> None:
    afiliado = Afiliado.from_events(registrar().cambios)
    nuevo = DatosContacto("ana@example.org", "3109876543", "Carrera 100 # 11-60", "76001")

    assert afiliado.actualizar_datos_contacto(nuevo)

    [evento] = afiliado.cambios
    assert isinstance(evento, DatosContactoActualizados)
    assert (evento.email, evento.telefono_movil, evento.direccion) == (
        "ana@example.org",
        "3109876543",
        "Carrera 100 # 11-60",
    )
    assert afiliado.version == 2
    assert afiliado.version_guardada == 1


def test_actualizar_contacto_con_los_mismos_datos_no_registra_evento() -> None:
    afiliado = Afiliado.from_events(registrar().cambios)

    assert not afiliado.actualizar_datos_contacto(afiliado.contacto)
    assert afiliado.cambios == []
    assert afiliado.version == 1


def test_actualizar_contacto_con_celular_invalido_no_registra_nada() -> None:
    afiliado = Afiliado.from_events(registrar().cambios)
    with pytest.raises(DatosInvalidos, match="telefono_movil"):
        afiliado.actualizar_datos_contacto(DatosContacto(telefono_movil="12345"))
    assert afiliado.cambios == []
    assert afiliado.version == 1


def test_marcar_guardado_vacia_los_cambios_pendientes() -> None:
    afiliado = registrar()
    afiliado.marcar_guardado()
    assert afiliado.cambios == []
    assert afiliado.version_guardada == 1
    assert isinstance(afiliado.afiliado_id, UUID)
