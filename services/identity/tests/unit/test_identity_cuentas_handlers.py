"""The account commands through ``Aplicacion.ejecutar`` on the in-memory unit of work
(``bootstrap_en_memoria``): registration, password, login and refresh as a person notices
them, in milliseconds; the same handlers the API runs on PostgreSQL."""

from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs, urlparse
from uuid import UUID, uuid4

import pytest

from eps_contracts.events import (
    ContrasenaEstablecida,
    InicioSesionExitoso,
    InicioSesionFallido,
    RegistroBloqueado,
    UsuarioRegistrado,
)
from eps_contracts.types import TipoDocumento
from eps_runtime.enlaces import descifrar_enlace
from eps_runtime.memoria import EventosEnMemoria
from identity.adapters.memoria import AfiliadosValidablesEnMemoria, DatosIdentidad
from identity.application import comandos as c
from identity.application.errores import (
    CredencialesInvalidas,
    DocumentoBloqueado,
    RespuestasIncorrectas,
    SesionInvalida,
    TiqueteInvalido,
)
from identity.bootstrap import CLAVE_ENLACES_PRUEBA, Aplicacion, bootstrap_en_memoria
from identity.domain.registro import AfiliadoValidable, Documento

DOCUMENTO = Documento(TipoDocumento.CC, "1000000001")
CONTRASENA = "Cielo-Azul-Montana-73"


class Reloj:
    def __init__(self) -> None:
        self.ahora = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.ahora


@pytest.fixture
def reloj() -> Reloj:
    return Reloj()


@pytest.fixture
def eventos() -> EventosEnMemoria:
    return EventosEnMemoria()


@pytest.fixture
def datos() -> DatosIdentidad:
    afiliada = AfiliadoValidable(
        documento=DOCUMENTO,
        primer_nombre="Ana",
        primer_apellido="Pérez",
        afiliado_id=uuid4(),
        fecha_nacimiento=date(1985, 6, 15),
        telefono_movil="3101234567",
        direccion="Carrera 7 # 45-10 Apto 301",
    )
    return DatosIdentidad(afiliados=AfiliadosValidablesEnMemoria(afiliada))


@pytest.fixture
def app(datos: DatosIdentidad, eventos: EventosEnMemoria, reloj: Reloj) -> Aplicacion:
    return bootstrap_en_memoria(datos, eventos, reloj=reloj)


def _de_tipo(eventos: EventosEnMemoria, tipo: type) -> list:
    return [e for s in eventos.streams.values() for e in s if isinstance(e, tipo)]


async def _preguntas(app: Aplicacion, datos: DatosIdentidad) -> tuple[UUID, dict[str, str]]:
    emitidas = await app.ejecutar(c.EmitirPreguntas(DOCUMENTO))
    correctas = datos.preguntas[emitidas.conjunto_id].correctas
    return emitidas.conjunto_id, {k: str(v) for k, v in correctas.items()}


async def _registrar(app: Aplicacion, datos: DatosIdentidad, eventos: EventosEnMemoria) -> str:
    """Registers the affiliate and sets the password; returns the activation token."""
    conjunto, correctas = await _preguntas(app, datos)
    tiquete = await app.ejecutar(c.ResponderPreguntas(conjunto, correctas))
    await app.ejecutar(c.CrearCuentaAfiliado(tiquete, "ana@correo.test", "3101234567", "v1"))
    [registrado] = _de_tipo(eventos, UsuarioRegistrado)
    enlace = descifrar_enlace(registrado.enlace, CLAVE_ENLACES_PRUEBA)
    token = parse_qs(urlparse(enlace).query)["token"][0]
    await app.ejecutar(c.EstablecerContrasena(token, CONTRASENA, CONTRASENA))
    return token


async def test_registro_completo_abre_la_cuenta_y_permite_ingresar(
    app: Aplicacion, datos: DatosIdentidad, eventos: EventosEnMemoria
) -> None:
    await _registrar(app, datos, eventos)

    tokens = await app.ejecutar(c.IniciarSesion(DOCUMENTO, CONTRASENA, None, "10.0.0.1"))

    assert tokens.acceso and tokens.renovacion
    assert len(_de_tipo(eventos, ContrasenaEstablecida)) == 1
    assert len(_de_tipo(eventos, InicioSesionExitoso)) == 1


async def test_el_enlace_de_activacion_sirve_una_sola_vez(
    app: Aplicacion, datos: DatosIdentidad, eventos: EventosEnMemoria
) -> None:
    token = await _registrar(app, datos, eventos)

    with pytest.raises(Exception, match="ya fue usado") as error:
        await app.ejecutar(c.EstablecerContrasena(token, CONTRASENA, CONTRASENA))
    assert error.value.codigo == "enlace-usado"  # type: ignore[attr-defined]


async def test_tercer_intento_fallido_bloquea_documento_24_horas(
    app: Aplicacion, datos: DatosIdentidad, eventos: EventosEnMemoria, reloj: Reloj
) -> None:
    for restantes in (2, 1):
        conjunto, _ = await _preguntas(app, datos)
        with pytest.raises(RespuestasIncorrectas) as error:
            await app.ejecutar(c.ResponderPreguntas(conjunto, {"x": "y"}))
        assert error.value.detalles["intentos_restantes"] == restantes
    conjunto, _ = await _preguntas(app, datos)

    with pytest.raises(DocumentoBloqueado):
        await app.ejecutar(c.ResponderPreguntas(conjunto, {"x": "y"}))

    [bloqueo] = _de_tipo(eventos, RegistroBloqueado)
    assert bloqueo.bloqueado_hasta == reloj.ahora + timedelta(hours=24)
    with pytest.raises(DocumentoBloqueado):
        await app.ejecutar(c.ComprobarDocumento(DOCUMENTO))
    reloj.ahora += timedelta(hours=24, seconds=1)
    assert (await app.ejecutar(c.ComprobarDocumento(DOCUMENTO))).documento == DOCUMENTO


async def test_un_tiquete_usado_no_crea_una_segunda_cuenta_ni_deja_rastro(
    app: Aplicacion, datos: DatosIdentidad, eventos: EventosEnMemoria
) -> None:
    conjunto, correctas = await _preguntas(app, datos)
    tiquete = await app.ejecutar(c.ResponderPreguntas(conjunto, correctas))
    await app.ejecutar(c.CrearCuentaAfiliado(tiquete, "ana@correo.test", "3101234567", "v1"))
    commits = eventos.commits

    with pytest.raises(TiqueteInvalido):
        await app.ejecutar(c.CrearCuentaAfiliado(tiquete, "otra@correo.test", "3109999999", "v1"))

    assert len(datos.cuentas) == 1
    assert eventos.commits == commits
    assert len(_de_tipo(eventos, UsuarioRegistrado)) == 1


async def test_contrasena_incorrecta_se_rechaza_y_el_intento_queda_auditado(
    app: Aplicacion, datos: DatosIdentidad, eventos: EventosEnMemoria
) -> None:
    await _registrar(app, datos, eventos)

    with pytest.raises(CredencialesInvalidas):
        await app.ejecutar(c.IniciarSesion(DOCUMENTO, "Otra-Clave-Cualquiera-1", None, None))

    [fallido] = _de_tipo(eventos, InicioSesionFallido)
    assert fallido.motivo == "credenciales"
    assert len(datos.fallos) == 1


async def test_refresh_token_reusado_cierra_la_sesion(
    app: Aplicacion, datos: DatosIdentidad, eventos: EventosEnMemoria
) -> None:
    await _registrar(app, datos, eventos)
    primeros = await app.ejecutar(c.IniciarSesion(DOCUMENTO, CONTRASENA, None, None))
    segundos = await app.ejecutar(c.RenovarSesion(primeros.renovacion))

    with pytest.raises(SesionInvalida):
        await app.ejecutar(c.RenovarSesion(primeros.renovacion))
    with pytest.raises(SesionInvalida):
        await app.ejecutar(c.RenovarSesion(segundos.renovacion))
