"""Who sees which dashboard, the wait for a version and the change stream, with fakes
(in memory: no database, no LISTEN connection)."""

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from eps_runtime.auth import Llamante, Rol
from eps_runtime.errores import NoEncontrado
from portal.adapters.avisos import Cola
from portal.application.tablero import ConsultaTablero
from portal.domain.avisos import Aviso
from portal.domain.tablero import DatosContacto, MiembroGrupo, PlanBeneficios, Tablero
from portal.entrypoints.rutas_tablero import flujo_sse

COTIZANTE = uuid.uuid4()
HIJO = uuid.uuid4()
ESPOSA = uuid.uuid4()
AHORA = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)


def _miembro(afiliado_id: uuid.UUID, tipo: str) -> MiembroGrupo:
    return MiembroGrupo(
        afiliado_id=afiliado_id,
        nombre_completo=str(afiliado_id),
        tipo_documento="CC",
        numero_documento="123",
        tipo_afiliado=tipo,
        estado="ACTIVO",
    )


def _tablero(afiliado_id: uuid.UUID, version: int, tipo: str = "BENEFICIARIO") -> Tablero:
    grupo = [_miembro(afiliado_id, tipo)]
    if afiliado_id == COTIZANTE:
        grupo += [_miembro(HIJO, "BENEFICIARIO"), _miembro(ESPOSA, "BENEFICIARIO")]
    else:
        # What the read model would list if the subject headed a group: never shown.
        grupo += [_miembro(uuid.uuid4(), "BENEFICIARIO")]
    return Tablero(
        afiliado_id=afiliado_id,
        version=version,
        nombre_completo="X",
        tipo_documento="CC",
        numero_documento="123",
        fecha_nacimiento=date(1990, 1, 1),
        datos_contacto=DatosContacto(),
        plan_beneficios=PlanBeneficios(estado="ACTIVO", tipo_afiliado=tipo),
        grupo_familiar=grupo,
    )


class LecturaFalsa:
    def __init__(self) -> None:
        self.tableros: dict[uuid.UUID, Tablero] = {
            COTIZANTE: _tablero(COTIZANTE, 1, "COTIZANTE"),
            HIJO: _tablero(HIJO, 1),
            ESPOSA: _tablero(ESPOSA, 1),
        }
        self.lecturas = 0
        # Who the read model has in COTIZANTE's group, with their birth dates.
        self.nacimientos: dict[uuid.UUID, date] = {
            HIJO: date(AHORA.year - 10, 1, 1),
            ESPOSA: date(1990, 1, 1),
        }

    async def leer(self, afiliado_id: uuid.UUID) -> Tablero | None:
        self.lecturas += 1
        return self.tableros.get(afiliado_id)

    async def retraso(self) -> dict[str, Any]:
        return {"mensajes_pendientes": 0, "medido_en": AHORA.isoformat()}

    async def menor_del_grupo(self, cotizante_id: uuid.UUID, afiliado_id: uuid.UUID) -> date | None:
        del cotizante_id
        return self.nacimientos.get(afiliado_id)


class AvisosFalsos:
    def __init__(self) -> None:
        self.colas: set[Cola] = set()
        self.conectado = True

    @contextlib.contextmanager
    def suscripcion(self) -> Iterator[Cola]:
        cola: Cola = asyncio.Queue()
        self.colas.add(cola)
        try:
            yield cola
        finally:
            self.colas.discard(cola)

    def publicar(self, aviso: Aviso | None) -> None:
        for cola in self.colas:
            cola.put_nowait(aviso)


async def hasta_que(condicion: Callable[[], bool], segundos: float = 5) -> None:
    for _ in range(int(segundos / 0.005)):
        if condicion():
            return
        await asyncio.sleep(0.005)
    raise AssertionError("la condición no se cumplió a tiempo")


@pytest.fixture
def lectura() -> LecturaFalsa:
    return LecturaFalsa()


@pytest.fixture
def avisos() -> AvisosFalsos:
    return AvisosFalsos()


@pytest.fixture
def consulta(lectura: LecturaFalsa, avisos: AvisosFalsos) -> ConsultaTablero:
    return ConsultaTablero(lectura, avisos, espera_max_s=0.5, reloj=lambda: AHORA)


def _afiliado(afiliado_id: uuid.UUID, **representados: datetime) -> Llamante:
    return Llamante(
        usuario_id="u",
        rol=Rol.AFILIADO,
        afiliado_id=afiliado_id,
        representados={uuid.UUID(k.removeprefix("m")): v for k, v in representados.items()},
    )


async def test_el_cotizante_ve_su_tablero_con_todo_su_grupo(consulta: ConsultaTablero) -> None:
    tablero = await consulta.tablero(_afiliado(COTIZANTE))

    assert [m.afiliado_id for m in tablero.grupo_familiar] == [COTIZANTE, HIJO, ESPOSA]


async def test_un_beneficiario_adulto_solo_se_ve_a_si_mismo_en_el_grupo(
    consulta: ConsultaTablero,
) -> None:
    tablero = await consulta.tablero(_afiliado(ESPOSA))

    assert [m.afiliado_id for m in tablero.grupo_familiar] == [ESPOSA]


async def test_el_cotizante_ve_el_tablero_del_menor_que_representa(
    consulta: ConsultaTablero,
) -> None:
    llamante = _afiliado(COTIZANTE, **{f"m{HIJO.hex}": AHORA + timedelta(days=30)})

    tablero = await consulta.tablero(llamante, HIJO)

    assert tablero.afiliado_id == HIJO


@pytest.mark.parametrize(
    ("quien", "de_quien"),
    [
        (ESPOSA, COTIZANTE),  # a beneficiary asking for the cotizante's dashboard
        (COTIZANTE, ESPOSA),  # an adult beneficiary is not represented
        (COTIZANTE, uuid.uuid4()),  # unknown id: the very same answer
    ],
)
async def test_tablero_de_quien_no_se_representa_es_404(
    consulta: ConsultaTablero, quien: uuid.UUID, de_quien: uuid.UUID
) -> None:
    with pytest.raises(NoEncontrado) as error:
        await consulta.tablero(_afiliado(quien), de_quien)
    assert error.value.codigo == "afiliado-no-encontrado"


async def test_el_menor_que_cumplio_18_ya_no_es_visible(consulta: ConsultaTablero) -> None:
    llamante = _afiliado(COTIZANTE, **{f"m{HIJO.hex}": AHORA - timedelta(seconds=1)})

    with pytest.raises(NoEncontrado):
        await consulta.tablero(llamante, HIJO)


async def test_un_token_viejo_no_muestra_al_hijo_que_ya_cumplio_18_segun_el_portal(
    consulta: ConsultaTablero, lectura: LecturaFalsa
) -> None:
    # The token (issued before) still lists him for a month; the portal knows he is 18 today.
    lectura.nacimientos[HIJO] = date(AHORA.year - 18, AHORA.month, AHORA.day) - timedelta(days=1)
    llamante = _afiliado(COTIZANTE, **{f"m{HIJO.hex}": AHORA + timedelta(days=30)})

    with pytest.raises(NoEncontrado):
        await consulta.tablero(llamante, HIJO)


async def test_un_token_viejo_no_muestra_a_quien_ya_salio_del_grupo(
    consulta: ConsultaTablero, lectura: LecturaFalsa
) -> None:
    del lectura.nacimientos[HIJO]
    llamante = _afiliado(COTIZANTE, **{f"m{HIJO.hex}": AHORA + timedelta(days=30)})

    with pytest.raises(NoEncontrado):
        await consulta.tablero(llamante, HIJO)


async def test_un_tablero_propio_aun_no_proyectado_es_404(
    consulta: ConsultaTablero,
) -> None:
    with pytest.raises(NoEncontrado):
        await consulta.tablero(_afiliado(uuid.uuid4()))


async def test_version_minima_responde_en_cuanto_llega_el_aviso(
    consulta: ConsultaTablero, lectura: LecturaFalsa, avisos: AvisosFalsos
) -> None:
    async def aplicar_despues() -> None:
        await asyncio.sleep(0.05)
        avisos.publicar(Aviso(afiliados={ESPOSA: 7}))  # someone else's change: ignored
        lectura.tableros[COTIZANTE] = _tablero(COTIZANTE, 2, "COTIZANTE")
        avisos.publicar(Aviso(afiliados={COTIZANTE: 2}))

    tarea = asyncio.create_task(aplicar_despues())
    inicio = asyncio.get_running_loop().time()
    leido = await consulta.leer(_afiliado(COTIZANTE), version_minima=2)
    await tarea

    assert (leido.tablero.version, leido.al_dia) == (2, True)
    assert asyncio.get_running_loop().time() - inicio < 0.4
    assert lectura.lecturas == 2  # one before waiting, one after the notice that concerned it


async def test_version_minima_que_no_llega_responde_lo_que_hay_marcado_desactualizado(
    consulta: ConsultaTablero,
) -> None:
    leido = await consulta.leer(_afiliado(COTIZANTE), version_minima=5)

    assert (leido.tablero.version, leido.al_dia) == (1, False)


async def test_sin_conexion_de_avisos_la_espera_relee(
    lectura: LecturaFalsa, avisos: AvisosFalsos
) -> None:
    avisos.conectado = False
    consulta = ConsultaTablero(lectura, avisos, espera_max_s=3, reloj=lambda: AHORA)

    async def aplicar_sin_aviso() -> None:
        await asyncio.sleep(0.1)
        lectura.tableros[COTIZANTE] = _tablero(COTIZANTE, 2, "COTIZANTE")

    tarea = asyncio.create_task(aplicar_sin_aviso())
    leido = await consulta.leer(_afiliado(COTIZANTE), version_minima=2)
    await tarea

    assert leido.al_dia


async def test_cambios_entrega_la_version_cuando_cambia_el_grupo_y_termina_al_detener(
    consulta: ConsultaTablero, lectura: LecturaFalsa, avisos: AvisosFalsos
) -> None:
    recibidas: list[int] = []

    async def escuchar() -> None:
        async for version in consulta.cambios(_afiliado(COTIZANTE)):
            recibidas.append(version)

    tarea = asyncio.create_task(escuchar())
    await hasta_que(lambda: bool(avisos.colas))
    avisos.publicar(Aviso(afiliados={ESPOSA: 3}, cotizantes=frozenset({COTIZANTE})))
    avisos.publicar(Aviso(afiliados={uuid.uuid4(): 1}))  # another family: nothing
    await hasta_que(lambda: bool(recibidas))
    lectura.tableros[COTIZANTE] = _tablero(COTIZANTE, 2, "COTIZANTE")
    avisos.publicar(Aviso(afiliados={COTIZANTE: 2}))
    avisos.publicar(None)  # Avisos stopped (shutdown)
    await asyncio.wait_for(tarea, 2)

    assert recibidas == [1, 2]


async def test_flujo_sse_envia_eventos_y_latidos() -> None:
    async def cambios() -> AsyncIterator[int]:
        yield 3
        await asyncio.sleep(0.25)
        yield 4

    marcos = [m async for m in flujo_sse(COTIZANTE, cambios(), latido_s=0.1)]

    assert marcos[0] == ": conectado\n\n"
    assert marcos[1] == f'event: tablero\ndata: {{"afiliado_id": "{COTIZANTE}", "version": 3}}\n\n'
    assert ": latido\n\n" in marcos[2:-1]
    assert marcos[-1].endswith('"version": 4}\n\n')
