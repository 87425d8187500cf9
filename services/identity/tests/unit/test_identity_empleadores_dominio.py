"""The employer administration's rules (seed 002) and the shared who-may-act helper."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from eps_runtime.auth import Llamante, Rol, SinPermiso
from eps_runtime.permisos import (
    PERMISO_ADMINISTRAR_DELEGADOS,
    PERMISO_GESTIONAR_INCAPACIDADES,
    PERMISOS_EMPLEADOR,
    EmpleadorNoEncontrado,
    exigir_actuar_por_empleador,
    puede_actuar_por_empleador,
)
from identity.domain.empleadores import (
    MAXIMO_PERFILES,
    AdministracionEmpleador,
    DelegadoNoEncontrado,
    LimitePerfilesAlcanzado,
    PerfilEnUso,
    PerfilInexistenteParaDelegado,
    PermisosInvalidos,
    clave_comparacion,
)

EMPLEADOR = uuid.uuid4()
OTRO = uuid.uuid4()
ENLACE = "gAAAAABn" + "x" * 40


def llamante(rol: Rol, empleador_id: uuid.UUID | None, *permisos: str) -> Llamante:
    return Llamante(
        usuario_id=str(uuid.uuid4()),
        rol=rol,
        empleador_id=empleador_id,
        afiliado_id=uuid.uuid4() if rol is Rol.AFILIADO else None,
        permisos=frozenset(permisos),
    )


def test_el_empleador_actua_por_si_mismo_con_todo_permiso() -> None:
    yo = llamante(Rol.EMPLEADOR, EMPLEADOR)
    assert all(puede_actuar_por_empleador(yo, EMPLEADOR, p) for p in PERMISOS_EMPLEADOR)
    assert not puede_actuar_por_empleador(yo, OTRO, PERMISO_GESTIONAR_INCAPACIDADES)


def test_el_delegado_actua_solo_con_los_permisos_de_su_perfil() -> None:
    delegado = llamante(Rol.DELEGADO, EMPLEADOR, PERMISO_GESTIONAR_INCAPACIDADES)
    assert puede_actuar_por_empleador(delegado, EMPLEADOR, PERMISO_GESTIONAR_INCAPACIDADES)
    assert not puede_actuar_por_empleador(delegado, EMPLEADOR, PERMISO_ADMINISTRAR_DELEGADOS)
    assert not puede_actuar_por_empleador(delegado, OTRO, PERMISO_GESTIONAR_INCAPACIDADES)
    with pytest.raises(SinPermiso):
        exigir_actuar_por_empleador(delegado, EMPLEADOR, PERMISO_ADMINISTRAR_DELEGADOS)
    with pytest.raises(EmpleadorNoEncontrado):
        exigir_actuar_por_empleador(delegado, OTRO, PERMISO_GESTIONAR_INCAPACIDADES)


@pytest.mark.parametrize("rol", [Rol.AFILIADO, Rol.OPERADOR, Rol.AUDITOR])
def test_nadie_mas_actua_por_un_empleador(rol: Rol) -> None:
    quien = llamante(rol, EMPLEADOR, *PERMISOS_EMPLEADOR)
    assert not puede_actuar_por_empleador(quien, EMPLEADOR, PERMISO_ADMINISTRAR_DELEGADOS)
    with pytest.raises(EmpleadorNoEncontrado):
        exigir_actuar_por_empleador(quien, EMPLEADOR, PERMISO_ADMINISTRAR_DELEGADOS)


def test_un_permiso_desconocido_es_un_error_de_programacion() -> None:
    with pytest.raises(ValueError, match="permiso desconocido"):
        puede_actuar_por_empleador(llamante(Rol.EMPLEADOR, EMPLEADOR), EMPLEADOR, "volar")


def test_el_limite_de_perfiles_cuenta_los_vigentes() -> None:
    administracion = AdministracionEmpleador(EMPLEADOR)
    ids = [uuid.uuid4() for _ in range(MAXIMO_PERFILES)]
    for n, perfil_id in enumerate(ids):
        administracion.crear_perfil(perfil_id, f"P{n}", ["descargar-certificados"])
    with pytest.raises(LimitePerfilesAlcanzado, match="máximo de 100 perfiles"):
        administracion.crear_perfil(uuid.uuid4(), "P101", ["descargar-certificados"])
    administracion.eliminar_perfil(ids[0])
    administracion.crear_perfil(uuid.uuid4(), "P101", ["descargar-certificados"])
    assert len(administracion.perfiles) == MAXIMO_PERFILES


def test_se_reconstruye_de_sus_eventos() -> None:
    administracion = AdministracionEmpleador(EMPLEADOR)
    perfil = administracion.crear_perfil(uuid.uuid4(), "Nómina", ["aportes-y-cartera"])
    delegado_id = uuid.uuid4()
    administracion.crear_delegado(
        delegado_id=delegado_id,
        perfil_id=perfil.perfil_id,
        nombres="Ana Ruiz",
        cargo=None,
        email="ana@empresa.test",
        enlace=ENLACE,
        enlace_vence_en=datetime.now(UTC) + timedelta(hours=1),
    )
    with pytest.raises(PerfilEnUso, match="Asigne otro perfil"):
        administracion.eliminar_perfil(perfil.perfil_id)

    copia = AdministracionEmpleador.from_events(administracion.cambios)

    assert copia.version == copia.version_guardada == 2
    assert copia.perfiles == administracion.perfiles
    assert copia.delegados == administracion.delegados
    assert copia.permisos_de(delegado_id) == {"aportes-y-cartera"}
    copia.eliminar_delegado(delegado_id)
    assert copia.permisos_de(delegado_id) == frozenset()
    with pytest.raises(DelegadoNoEncontrado):
        copia.eliminar_delegado(delegado_id)


def test_permisos_y_perfiles_invalidos_se_explican() -> None:
    administracion = AdministracionEmpleador(EMPLEADOR)
    with pytest.raises(PermisosInvalidos, match="al menos un permiso"):
        administracion.crear_perfil(uuid.uuid4(), "Vacío", [])
    with pytest.raises(PermisosInvalidos, match="administrar-delegados"):
        administracion.crear_perfil(uuid.uuid4(), "Raro", ["volar"])
    with pytest.raises(PerfilInexistenteParaDelegado):
        administracion.crear_delegado(
            delegado_id=uuid.uuid4(),
            perfil_id=uuid.uuid4(),
            nombres="Ana",
            cargo=None,
            email="ana@empresa.test",
            enlace=ENLACE,
            enlace_vence_en=datetime.now(UTC),
        )
    assert administracion.cambios == []


def test_nombres_se_comparan_sin_tildes_ni_mayusculas() -> None:
    assert clave_comparacion("  José   PÉREZ ") == "jose perez"
