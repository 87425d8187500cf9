"""A synthetic, deterministic population of affiliates: family groups of fictitious people.

Guarantees (tested):
- the same ``semilla`` and ``hoy`` give the same population, and a bigger ``tamano`` extends
  a smaller one (the population of size n is a prefix of the one of size n + k, except that
  the last family of the smaller one may be cut short);
- every family passes the domain rules on ``hoy`` when its commands run in order (employers,
  then the cotizante, then each beneficiary; a person's PAC plan right after it):
  - the document type fits the age (Decreto 780 de 2016); documents and ids are unique;
  - the family group follows Decreto 806 de 1998: at most one spouse or partner (a
    compañero permanente with a union of more than two years), children under 18, students
    from 18 to 25 or with a permanent disability, parents only when there is no spouse, partner
    or child, adicionales (contributory regime only) with a coherent ``pariente``;
  - a contributory cotizante has a subtipo and an IBC between 1 and 25 SMLMV of ``hoy``'s
    year (rangos A, B and C all occur); a dependent one works for an employer registered by
    its own family or an earlier one, whose NIT has the right DIAN check digit; a
    subsidised cotizante has a Sisbén level and no IBC;
- the first families are ``familia_fija`` and ``cotizante_independiente_fijo``, with fixed
  ids and documents that documentation and end-to-end tests can rely on. Their parents'
  birth dates are fixed; the children's are relative to ``hoy`` so that the minor is always
  12 (TI) and the student always 18 (CC).

The people and the companies do not exist; e-mails use the reserved ``example.*`` domains.
"""

from __future__ import annotations

import math
import random
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, TypeVar
from uuid import UUID, uuid5

from affiliation.application.comandos import (
    CondicionesBeneficiario,
    ContratarPAC,
    RegistrarAfiliado,
    RegistrarEmpleador,
)
from affiliation.application.nombres_colombianos import (
    ACTIVIDADES_EMPRESA,
    APELLIDOS,
    DOMINIOS_CORREO,
    INDICATIVO_FIJO,
    MUNICIPIOS,
    NOMBRES_HOMBRE,
    NOMBRES_MUJER,
    NUCLEOS_EMPRESA,
    SOCIEDADES,
    VIAS,
)
from affiliation.domain.cotizacion import tipo_de
from affiliation.domain.edad import anios_cumplidos, meses_cumplidos
from affiliation.domain.empleador import digito_verificacion_nit
from affiliation.domain.grupo_familiar import ANIOS_MINIMOS_UNION
from affiliation.domain.valores import DatosContacto, NombreCompleto
from affiliation.referencia import referencia
from eps_contracts.types import (
    Escolaridad,
    EstadoCivil,
    Etnia,
    NivelSisben,
    Parentesco,
    Pariente,
    Regimen,
    Sexo,
    SubtipoCotizante,
    TipoAfiliado,
    TipoCotizante,
    TipoDocumento,
)
from eps_contracts.valores import Documento

# -- what a family is ------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanSintetico:
    """A PAC plan a person contracts right after being registered."""

    afiliado_id: UUID
    plan_codigo: str
    plan_nombre: str
    fecha_inicio: date

    def contratar(self, version: int) -> ContratarPAC:
        """The command, for the person's stream at ``version`` (from its registration)."""
        return ContratarPAC(
            afiliado_id=self.afiliado_id,
            version_esperada=version,
            plan_codigo=self.plan_codigo,
            plan_nombre=self.plan_nombre,
            fecha_inicio=self.fecha_inicio,
        )


@dataclass(frozen=True)
class FamiliaSintetica:
    """A cotizante and the beneficiaries that depend on it, in registration order.

    ``empleadores`` are the employers this family is the first to need: they are registered
    before its people. A later family may name them too (``cotizante.empleador_id``).
    """

    cotizante: RegistrarAfiliado
    beneficiarios: tuple[RegistrarAfiliado, ...] = ()
    empleadores: tuple[RegistrarEmpleador, ...] = ()
    planes: tuple[PlanSintetico, ...] = ()

    @property
    def personas(self) -> tuple[RegistrarAfiliado, ...]:
        return (self.cotizante, *self.beneficiarios)

    def plan_de(self, afiliado_id: UUID) -> PlanSintetico | None:
        return next((p for p in self.planes if p.afiliado_id == afiliado_id), None)

    def recortada(self, personas: int) -> FamiliaSintetica:
        """The first ``personas`` people (at least the cotizante), with their plans."""
        beneficiarios = self.beneficiarios[: max(0, personas - 1)]
        quedan = {self.cotizante.afiliado_id} | {b.afiliado_id for b in beneficiarios}
        planes = tuple(p for p in self.planes if p.afiliado_id in quedan)
        return replace(self, beneficiarios=beneficiarios, planes=planes)


PLANES_PAC: tuple[tuple[str, str], ...] = (
    ("PAC-PLATA", "Plan Complementario Plata"),
    ("PAC-ORO", "Plan Complementario Oro"),
    ("PAC-PLATINO", "Plan Complementario Platino"),
)

# -- the fixed families ----------------------------------------------------------------------

# The cotizante is the person of the published event examples (eps_contracts.examples), so
# documentation, contract examples and the demo data tell one story: she works for the
# example employer and holds the example PAC plan.
ID_COTIZANTE_FIJO = UUID("6f1c2f4e-8a3b-4c1d-9e2f-0a1b2c3d4e5f")
ID_CONYUGE_FIJO = UUID("6f1c2f4e-8a3b-4c1d-9e2f-0a1b2c3d4e60")
ID_HIJA_MENOR_FIJA = UUID("6f1c2f4e-8a3b-4c1d-9e2f-0a1b2c3d4e61")
ID_HIJO_ESTUDIANTE_FIJO = UUID("6f1c2f4e-8a3b-4c1d-9e2f-0a1b2c3d4e62")
ID_INDEPENDIENTE_FIJO = UUID("6f1c2f4e-8a3b-4c1d-9e2f-0a1b2c3d4e63")
ID_EMPLEADOR_FIJO = UUID("3c9e1d2a-7b4f-4e6a-9d1c-5b2a3c4d5e6f")

DOCUMENTOS_FIJOS: tuple[Documento, ...] = (
    Documento(TipoDocumento.CC, "1000000001"),  # cotizante
    Documento(TipoDocumento.CC, "1000000002"),  # cónyuge
    Documento(TipoDocumento.TI, "1000000003"),  # hija menor, 12 años
    Documento(TipoDocumento.CC, "1000000004"),  # hijo estudiante, 18 años
    Documento(TipoDocumento.CC, "1000000005"),  # cotizante independiente, sin beneficiarios
)

EMPLEADOR_FIJO = RegistrarEmpleador(
    empleador_id=ID_EMPLEADOR_FIJO,
    tipo_documento="NIT",
    numero_documento="900123456",
    digito_verificacion=digito_verificacion_nit("900123456"),
    razon_social="Comercializadora del Pacífico S.A.S.",
    email="nomina@pacifico.example.com",
    telefono="6023334455",
    direccion="Avenida 6N # 23-45",
    municipio_divipola="76001",
    actividad_economica="4711",
)

_IBC_FIJO = 4_000_000  # rango B in 2026 (2 to 5 SMLMV), as in the CotizacionActualizada example


def familia_fija(hoy: date, smlmv: int | None = None) -> FamiliaSintetica:
    """Ana María Pérez Gómez (CC 1000000001), employee of Comercializadora del Pacífico, her
    husband, a daughter of 12 and a son of 18 who studies full time; the family has PAC Oro."""
    cali = "76001"
    cotizante = RegistrarAfiliado(
        afiliado_id=ID_COTIZANTE_FIJO,
        documento=DOCUMENTOS_FIJOS[0],
        nombre=NombreCompleto("Ana", "Pérez", "María", "Gómez"),
        fecha_nacimiento=date(1990, 5, 17),
        sexo=Sexo.F,
        tipo_afiliado=TipoAfiliado.COTIZANTE,
        regimen=Regimen.CONTRIBUTIVO,
        fecha_afiliacion=date(2015, 2, 1),
        contacto=DatosContacto("ana.perez@example.com", "3001234567", "Calle 5 # 38-25", cali),
        ips_primaria_codigo="760010000001",
        estado_civil=EstadoCivil.CASADO,
        etnia=Etnia.NINGUNO,
        escolaridad=Escolaridad.TECNOLOGICA,
        subtipo_cotizante=SubtipoCotizante.EMPLEADO,
        ibc=max(_IBC_FIJO, smlmv or smlmv_vigente(hoy)),
        empleador_id=ID_EMPLEADOR_FIJO,
    )

    def beneficiario(**campos: Any) -> RegistrarAfiliado:
        base = replace(
            cotizante,
            tipo_afiliado=TipoAfiliado.BENEFICIARIO,
            cotizante_id=ID_COTIZANTE_FIJO,
            contacto=DatosContacto(None, None, "Calle 5 # 38-25", cali),
            estado_civil=None,
            subtipo_cotizante=None,
            ibc=None,
            empleador_id=None,
            condiciones=CondicionesBeneficiario(),
        )
        return replace(base, **campos)

    hija = _hace(hoy, anios=12, dias=40)
    hijo = _hace(hoy, anios=18, dias=180)
    miembros = (
        beneficiario(
            afiliado_id=ID_CONYUGE_FIJO,
            documento=DOCUMENTOS_FIJOS[1],
            nombre=NombreCompleto("Juan", "Rodríguez", "Carlos", "Martínez"),
            fecha_nacimiento=date(1988, 11, 3),
            sexo=Sexo.M,
            parentesco=Parentesco.CONYUGE,
            contacto=DatosContacto(
                "juan.rodriguez@example.com", "3001234568", "Calle 5 # 38-25", cali
            ),
            estado_civil=EstadoCivil.CASADO,
            escolaridad=Escolaridad.UNIVERSITARIA,
        ),
        beneficiario(
            afiliado_id=ID_HIJA_MENOR_FIJA,
            documento=DOCUMENTOS_FIJOS[2],
            nombre=NombreCompleto("Sofía", "Rodríguez", None, "Pérez"),
            fecha_nacimiento=hija,
            sexo=Sexo.F,
            parentesco=Parentesco.HIJO,
            fecha_afiliacion=max(hija, date(2015, 2, 1)),
            escolaridad=Escolaridad.SECUNDARIA,
        ),
        beneficiario(
            afiliado_id=ID_HIJO_ESTUDIANTE_FIJO,
            documento=DOCUMENTOS_FIJOS[3],
            nombre=NombreCompleto("Santiago", "Rodríguez", None, "Pérez"),
            fecha_nacimiento=hijo,
            sexo=Sexo.M,
            parentesco=Parentesco.HIJO,
            fecha_afiliacion=max(hijo, date(2015, 2, 1)),
            contacto=DatosContacto(
                "santiago.rodriguez@example.com", "3001234569", "Calle 5 # 38-25", cali
            ),
            estado_civil=EstadoCivil.SOLTERO,
            escolaridad=Escolaridad.UNIVERSITARIA,
            condiciones=CondicionesBeneficiario(estudiante_tiempo_completo=True),
        ),
    )
    codigo, nombre = PLANES_PAC[1]
    planes = tuple(
        PlanSintetico(p.afiliado_id, codigo, nombre, max(date(2020, 1, 1), _afiliacion(p)))
        for p in (cotizante, *miembros)
    )
    return FamiliaSintetica(cotizante, miembros, (EMPLEADOR_FIJO,), planes)


def cotizante_independiente_fijo(hoy: date, smlmv: int | None = None) -> FamiliaSintetica:
    """Carlos Andrés Gómez Restrepo (CC 1000000005): an independent contractor, single, with
    no beneficiaries."""
    return FamiliaSintetica(
        RegistrarAfiliado(
            afiliado_id=ID_INDEPENDIENTE_FIJO,
            documento=DOCUMENTOS_FIJOS[4],
            nombre=NombreCompleto("Carlos", "Gómez", "Andrés", "Restrepo"),
            fecha_nacimiento=date(1985, 7, 9),
            sexo=Sexo.M,
            tipo_afiliado=TipoAfiliado.COTIZANTE,
            regimen=Regimen.CONTRIBUTIVO,
            fecha_afiliacion=date(2010, 3, 15),
            contacto=DatosContacto(
                "carlos.gomez@example.com", "3001234570", "Carrera 43A # 1-50", "05001"
            ),
            ips_primaria_codigo="050010000001",
            estado_civil=EstadoCivil.SOLTERO,
            etnia=Etnia.NINGUNO,
            escolaridad=Escolaridad.UNIVERSITARIA,
            subtipo_cotizante=SubtipoCotizante.CONTRATISTA,
            ibc=max(2_800_000, smlmv or smlmv_vigente(hoy)),
        )
    )


def smlmv_vigente(hoy: date) -> int:
    """The SMLMV of ``hoy``'s year; for a year not on record, the closest year's (the domain
    refuses an IBC in a year without SMLMV anyway, so that population only serves tests of
    the generator itself)."""
    salarios = referencia().salarios
    anios = salarios.anios()
    anio = min(anios, key=lambda a: (abs(a - hoy.year), -a))
    return salarios.smlmv(anio)


# -- the generated population ----------------------------------------------------------------


def poblacion(
    tamano: int, *, semilla: int, hoy: date, smlmv: int | None = None
) -> Iterator[FamiliaSintetica]:
    """Families totalling exactly ``tamano`` people (the last one may be cut short).

    ``smlmv`` is the minimum wage IBCs are drawn against (default: ``smlmv_vigente(hoy)``).
    """
    if tamano < 0:
        raise ValueError("el tamaño de la población no puede ser negativo")
    generador = _Generador(random.Random(semilla), hoy, smlmv or smlmv_vigente(hoy))
    restantes = tamano
    for familia in generador.familias():
        if restantes <= 0:
            return
        if len(familia.personas) > restantes:
            familia = familia.recortada(restantes)
        restantes -= len(familia.personas)
        yield familia


# How the people are drawn. Shares are of families unless said otherwise.
_CONTRIBUTIVO = 0.85
_ESTRUCTURAS = (  # (cumulative share, structure)
    (0.33, "solo"),
    (0.68, "pareja"),
    (0.83, "monoparental"),
    (1.00, "con_padres"),
)
_ADICIONAL = 0.06  # contributory families that also pay for an adicional
_EXTRANJERO = 0.04
_NUEVO_EMPLEADOR = 0.12  # a dependent worker joins a new company (else an existing one)
_PAC_POR_RANGO = {"A": 0.03, "B": 0.12, "C": 0.35}
_ESTUDIANTE_18_A_25 = 0.95  # the others have a permanent disability
_DISCAPACIDAD = 0.02
_HIJO_MAYOR_CON_DISCAPACIDAD = 0.03

_ESCOLARIDAD_ADULTOS: tuple[tuple[Escolaridad, float], ...] = (
    (Escolaridad.NINGUNA, 0.03),
    (Escolaridad.PRIMARIA, 0.14),
    (Escolaridad.SECUNDARIA, 0.14),
    (Escolaridad.MEDIA, 0.27),
    (Escolaridad.TECNICA, 0.10),
    (Escolaridad.TECNOLOGICA, 0.10),
    (Escolaridad.UNIVERSITARIA, 0.15),
    (Escolaridad.ESPECIALIZACION, 0.05),
    (Escolaridad.MAESTRIA, 0.015),
    (Escolaridad.DOCTORADO, 0.005),
)
# The median IBC, in SMLMV, of a worker with each level of schooling.
_IBC_MEDIANO: dict[Escolaridad, float] = {
    Escolaridad.NINGUNA: 1.0,
    Escolaridad.PRIMARIA: 1.1,
    Escolaridad.SECUNDARIA: 1.2,
    Escolaridad.MEDIA: 1.4,
    Escolaridad.TECNICA: 1.8,
    Escolaridad.TECNOLOGICA: 2.0,
    Escolaridad.UNIVERSITARIA: 3.0,
    Escolaridad.ESPECIALIZACION: 4.5,
    Escolaridad.MAESTRIA: 6.0,
    Escolaridad.DOCTORADO: 8.0,
}
_ETNIAS_POR_MUNICIPIO: dict[str, tuple[tuple[Etnia, float], ...]] = {
    "76109": ((Etnia.NEGRO_AFROCOLOMBIANO, 0.80), (Etnia.INDIGENA, 0.02)),  # Buenaventura
    "76001": ((Etnia.NEGRO_AFROCOLOMBIANO, 0.25), (Etnia.INDIGENA, 0.01)),  # Cali
    "19001": ((Etnia.INDIGENA, 0.15), (Etnia.NEGRO_AFROCOLOMBIANO, 0.03)),  # Popayán
    "52001": ((Etnia.INDIGENA, 0.12), (Etnia.NEGRO_AFROCOLOMBIANO, 0.02)),  # Pasto
    "08001": ((Etnia.NEGRO_AFROCOLOMBIANO, 0.12), (Etnia.PALENQUERO, 0.01)),  # Barranquilla
}
_ETNIAS_OTRAS: tuple[tuple[Etnia, float], ...] = (
    (Etnia.NEGRO_AFROCOLOMBIANO, 0.05),
    (Etnia.INDIGENA, 0.02),
    (Etnia.RAIZAL, 0.002),
    (Etnia.ROM, 0.001),
)

T = TypeVar("T")

_NAMESPACE_EMPLEADORES = UUID("0d5c1a7e-3f2b-4c89-9e61-7a4b2d8c9f10")


def id_empleador(nit: str) -> UUID:
    """The same NIT always gives the same employer id, whatever the seed: a re-run with
    another seed that draws an existing NIT links its workers to the employer already there."""
    return uuid5(_NAMESPACE_EMPLEADORES, f"NIT {nit}")


@dataclass(frozen=True)
class _Hogar:
    """What the members of one family share."""

    municipio: str
    direccion: str
    regimen: Regimen
    ips: str
    extranjero: bool
    etnia: Etnia
    telefono_fijo: str | None
    nivel_sisben: NivelSisben | None


class _Generador:
    """Draws families from one ``random.Random`` in a fixed order (hence determinism)."""

    def __init__(self, rng: random.Random, hoy: date, smlmv: int) -> None:
        self.rng = rng
        self.hoy = hoy
        self.smlmv = smlmv
        self.documentos_usados: set[str] = set()
        self.nits_usados: set[str] = {EMPLEADOR_FIJO.numero_documento}
        # One entry per employer and one per job: choosing from ``empleos`` favours big
        # companies, from ``empresas`` small ones; mixing both gives a long tail of sizes.
        self.empresas: list[UUID] = [ID_EMPLEADOR_FIJO]
        self.empleos: list[UUID] = [ID_EMPLEADOR_FIJO]
        self.empleadores_nuevos: list[RegistrarEmpleador] = []

    def familias(self) -> Iterator[FamiliaSintetica]:
        """The fixed families, then generated ones without end."""
        fijas = (
            familia_fija(self.hoy, self.smlmv),
            cotizante_independiente_fijo(self.hoy, self.smlmv),
        )
        for familia in fijas:
            self.documentos_usados.update(p.documento.numero for p in familia.personas)
        yield from fijas
        while True:
            yield self.familia()

    def familia(self) -> FamiliaSintetica:
        hogar = self._nuevo_hogar()
        r = self.rng.random()
        estructura = next(nombre for limite, nombre in _ESTRUCTURAS if r < limite)
        miembros: list[RegistrarAfiliado] = []
        if estructura == "solo":
            cotizante = self._solo(hogar)
        elif estructura == "pareja":
            cotizante, miembros = self._pareja(hogar)
        elif estructura == "monoparental":
            cotizante, miembros = self._monoparental(hogar)
        else:
            cotizante, miembros = self._con_padres(hogar)
        if hogar.regimen is Regimen.CONTRIBUTIVO and self.rng.random() < _ADICIONAL:
            miembros.append(self._adicional(hogar, cotizante, miembros))
        beneficiarios = tuple(miembros)
        planes = self._planes(cotizante, beneficiarios)
        empleadores = tuple(self.empleadores_nuevos)
        self.empleadores_nuevos.clear()
        return FamiliaSintetica(cotizante, beneficiarios, empleadores, planes)

    # -- structures --------------------------------------------------------------------------

    def _solo(self, hogar: _Hogar) -> RegistrarAfiliado:
        edad = round(self.rng.triangular(18, 80, 28))  # mostly young adults, some retired
        estado = EstadoCivil.SOLTERO
        if edad >= 35:
            estado = self._elegir(
                (
                    (EstadoCivil.SOLTERO, 0.45),
                    (EstadoCivil.SEPARADO, 0.2),
                    (EstadoCivil.DIVORCIADO, 0.15),
                    (EstadoCivil.VIUDO, 0.1 + 0.01 * max(0, edad - 55)),
                )
            )
        return self._cotizante(hogar, edad=edad, sexo=self._sexo(), estado_civil=estado)

    def _pareja(self, hogar: _Hogar) -> tuple[RegistrarAfiliado, list[RegistrarAfiliado]]:
        edad = self.rng.randint(21, 70)
        sexo = self._sexo()
        sexo_pareja = _opuesto(sexo) if self.rng.random() < 0.95 else sexo
        edad_pareja = max(18, min(90, edad + self.rng.randint(-8, 8)))
        pareja = self._persona(hogar, edad=edad_pareja, sexo=sexo_pareja)
        inicio_union = self._inicio_union(pareja.fecha_nacimiento, edad)
        casados = inicio_union is None or self.rng.random() < 0.55
        estado = EstadoCivil.CASADO if casados else EstadoCivil.UNION_LIBRE
        cotizante = self._cotizante(hogar, edad=edad, sexo=sexo, estado_civil=estado)
        pareja = replace(pareja, estado_civil=estado)
        if casados:
            condiciones = CondicionesBeneficiario()
            parentesco = Parentesco.CONYUGE
        else:
            condiciones = CondicionesBeneficiario(fecha_inicio_union=inicio_union)
            parentesco = Parentesco.COMPANERO_PERMANENTE
        miembro = self._beneficiario(pareja, cotizante, parentesco, condiciones)
        if inicio_union is not None and not casados:
            # Included once the union was more than two years old, not before.
            incluible = _aniversario(inicio_union, ANIOS_MINIMOS_UNION) + timedelta(days=1)
            miembro = replace(miembro, fecha_afiliacion=max(_afiliacion(miembro), incluible))
        miembros = [miembro]
        for _ in range(self.rng.choice((0, 1, 1, 2, 2, 3))):
            if self.rng.random() < 0.1:
                hijo = self._hijo(hogar, cotizante, pareja, Parentesco.HIJASTRO)
            else:
                hijo = self._hijo(hogar, cotizante, pareja, Parentesco.HIJO)
            if hijo is not None:
                miembros.append(hijo)
        return cotizante, miembros

    def _monoparental(self, hogar: _Hogar) -> tuple[RegistrarAfiliado, list[RegistrarAfiliado]]:
        edad = self.rng.randint(20, 60)
        estado = self._elegir(
            (
                (EstadoCivil.SOLTERO, 0.5),
                (EstadoCivil.SEPARADO, 0.25),
                (EstadoCivil.DIVORCIADO, 0.15),
                (EstadoCivil.VIUDO, 0.1),
            )
        )
        cotizante = self._cotizante(hogar, edad=edad, sexo=self._sexo(), estado_civil=estado)
        miembros = []
        for _ in range(self.rng.randint(1, 3)):
            hijo = self._hijo(hogar, cotizante, None, Parentesco.HIJO)
            if hijo is not None:
                miembros.append(hijo)
        return cotizante, miembros

    def _con_padres(self, hogar: _Hogar) -> tuple[RegistrarAfiliado, list[RegistrarAfiliado]]:
        """Parents are beneficiaries only when there is no spouse, partner or child."""
        edad = self.rng.randint(18, 45)
        cotizante = self._cotizante(
            hogar, edad=edad, sexo=self._sexo(), estado_civil=EstadoCivil.SOLTERO
        )
        # Both parents (married to each other) or one of them, more often the mother.
        padres = self.rng.choice(
            ((Sexo.M, Sexo.F), (Sexo.M, Sexo.F), (Sexo.F,), (Sexo.F,), (Sexo.M,))
        )
        miembros = []
        for sexo in padres:
            padre = self._padre_o_madre(hogar, cotizante, sexo)
            estado = EstadoCivil.CASADO if len(padres) == 2 else self._estado_civil_sin_pareja()
            miembros.append(
                self._beneficiario(
                    replace(padre, estado_civil=estado),
                    cotizante,
                    Parentesco.PADRE if sexo is Sexo.M else Parentesco.MADRE,
                    CondicionesBeneficiario(depende_economicamente=True, pensionado=False),
                )
            )
        return cotizante, miembros

    def _adicional(
        self, hogar: _Hogar, cotizante: RegistrarAfiliado, miembros: Sequence[RegistrarAfiliado]
    ) -> RegistrarAfiliado:
        """A relative (or a child under 12) who depends on the cotizante and is outside the
        decree's family group: the cotizante pays its UPC adicional."""
        edad = anios_cumplidos(cotizante.fecha_nacimiento, self.hoy)
        parentescos = {m.parentesco for m in miembros}
        opciones: list[Pariente] = [Pariente.SOBRINO, Pariente.SOBRINO, Pariente.NINGUNO]
        if edad <= 65:
            opciones.append(Pariente.HERMANO)
        if edad >= 42:
            opciones.append(Pariente.NIETO)
        if edad <= 45:
            opciones.append(Pariente.ABUELO)
        if edad <= 55:
            opciones.append(Pariente.TIO)
        if edad >= 45:
            opciones.append(Pariente.HIJO)  # an adult child who no longer qualifies
        if parentescos and not parentescos & {Parentesco.PADRE, Parentesco.MADRE}:
            # With a spouse or children the parents cannot be beneficiaries; as adicionales
            # they can, one father and one mother.
            opciones += [Pariente.MADRE, Pariente.MADRE, Pariente.PADRE]
        pariente = self.rng.choice(opciones)
        propio = cotizante.nombre
        sexo = self._sexo()
        apellidos: tuple[str | None, str | None] = (None, None)
        if pariente is Pariente.SOBRINO:
            anios = self.rng.randint(0, min(25, max(0, edad - 10)))
        elif pariente is Pariente.NINGUNO:
            anios = self.rng.randint(0, 11)
        elif pariente is Pariente.HERMANO:
            anios = max(0, min(90, edad + self.rng.randint(-12, 12)))
            apellidos = (propio.primer_apellido, propio.segundo_apellido)
        elif pariente is Pariente.NIETO:
            anios = self.rng.randint(0, min(17, edad - 38))
        elif pariente is Pariente.ABUELO:
            anios = min(100, edad + self.rng.randint(40, 55))
        elif pariente is Pariente.TIO:
            anios = min(95, edad + self.rng.randint(15, 35))
        elif pariente is Pariente.HIJO:
            anios = self.rng.randint(26, max(26, min(40, edad - 18)))
        else:  # PADRE or MADRE
            sexo = Sexo.M if pariente is Pariente.PADRE else Sexo.F
            padre = self._padre_o_madre(hogar, cotizante, sexo)
            return self._como_adicional(
                replace(padre, estado_civil=self._estado_civil_sin_pareja()), cotizante, pariente
            )
        persona = self._persona(
            hogar,
            edad=anios,
            sexo=sexo,
            apellido=apellidos[0],
            segundo_apellido=apellidos[1],
            adulto_con_contacto=0.5,
        )
        if pariente is Pariente.HIJO:
            nombre = self._apellidos_de_hijo(persona.nombre, cotizante, None)
            persona = replace(persona, nombre=nombre)
        if anios >= 18:
            persona = replace(persona, estado_civil=self._estado_civil_sin_pareja())
        return self._como_adicional(persona, cotizante, pariente)

    def _como_adicional(
        self, persona: RegistrarAfiliado, cotizante: RegistrarAfiliado, pariente: Pariente
    ) -> RegistrarAfiliado:
        parentesco = {
            Pariente.PADRE: Parentesco.PADRE,
            Pariente.MADRE: Parentesco.MADRE,
            Pariente.HIJO: Parentesco.HIJO,
        }.get(pariente, Parentesco.OTRO)
        condiciones = CondicionesBeneficiario(pariente=pariente)
        adicional = self._beneficiario(
            persona, cotizante, parentesco, condiciones, TipoAfiliado.ADICIONAL
        )
        desde = _afiliacion(adicional)
        return replace(
            adicional,
            fecha_afiliacion=desde + timedelta(days=self.rng.randint(0, (self.hoy - desde).days)),
        )

    # -- people ------------------------------------------------------------------------------

    def _cotizante(
        self, hogar: _Hogar, *, edad: int, sexo: Sexo, estado_civil: EstadoCivil
    ) -> RegistrarAfiliado:
        persona = self._persona(hogar, edad=edad, sexo=sexo, estado_civil=estado_civil)
        # Contributing since adulthood, at most for the last 20 years.
        desde = max(_aniversario(persona.fecha_nacimiento, 18), self.hoy - timedelta(days=7305))
        persona = replace(
            persona,
            fecha_afiliacion=desde + timedelta(days=self.rng.randint(0, (self.hoy - desde).days)),
        )
        if hogar.regimen is Regimen.SUBSIDIADO:
            return persona
        assert persona.escolaridad is not None
        subtipo = self._subtipo(edad, sexo, estado_civil)
        empleador = None
        if tipo_de(subtipo) is TipoCotizante.DEPENDIENTE:
            empleador = self._empleador(hogar)
        return replace(
            persona,
            subtipo_cotizante=subtipo,
            ibc=self._ibc(subtipo, persona.escolaridad),
            empleador_id=empleador,
        )

    def _subtipo(self, edad: int, sexo: Sexo, estado_civil: EstadoCivil) -> SubtipoCotizante:
        edad_pension = 57 if sexo is Sexo.F else 62
        r = self.rng.random()
        if edad >= edad_pension and r < 0.8:
            if r < 0.08:
                return SubtipoCotizante.PENSION_COMPARTIDA
            return SubtipoCotizante.JUBILADO
        if estado_civil is EstadoCivil.VIUDO and r < 0.3:
            return SubtipoCotizante.SUSTITUCION_PENSIONAL
        r = self.rng.random()
        if edad <= 24 and r < 0.15:
            return SubtipoCotizante.APRENDIZ_SENA_PRODUCTIVA
        if r < 0.80:
            return SubtipoCotizante.EMPLEADO
        if r < 0.92:
            return SubtipoCotizante.CONTRATISTA
        return SubtipoCotizante.PERSONA_NATURAL

    def _ibc(self, subtipo: SubtipoCotizante, escolaridad: Escolaridad) -> int:
        """Between 1 and 25 SMLMV, rounded to the thousand pesos; many earn the minimum."""
        tipo = tipo_de(subtipo)
        if subtipo is SubtipoCotizante.APRENDIZ_SENA_PRODUCTIVA:
            return self.smlmv  # the apprentice's support is one SMLMV
        mediano = _IBC_MEDIANO[escolaridad]
        minimo = {TipoCotizante.INDEPENDIENTE: 0.45, TipoCotizante.PENSIONADO: 0.4}.get(tipo, 0.3)
        if self.rng.random() < minimo / mediano:
            return self.smlmv
        veces = mediano * math.exp(self.rng.gauss(0, 0.55))
        ibc = round(veces * self.smlmv, -3)
        return int(min(25 * self.smlmv, max(self.smlmv, ibc)))

    def _empleador(self, hogar: _Hogar) -> UUID:
        r = self.rng.random()
        if r < _NUEVO_EMPLEADOR:
            nuevo = self._nuevo_empleador(hogar.municipio)
            self.empleadores_nuevos.append(nuevo)
            self.empresas.append(nuevo.empleador_id)
            empleador = nuevo.empleador_id
        elif r < 0.5:
            empleador = self.rng.choice(self.empleos)
        else:
            empleador = self.rng.choice(self.empresas)
        self.empleos.append(empleador)
        return empleador

    def _nuevo_empleador(self, municipio: str) -> RegistrarEmpleador:
        while True:
            nit = str(self.rng.randint(800_000_000, 999_999_999))
            if nit not in self.nits_usados:
                self.nits_usados.add(nit)
                break
        actividad, ciiu = self.rng.choice(ACTIVIDADES_EMPRESA)
        nucleo = self.rng.choice(NUCLEOS_EMPRESA)
        if self.rng.random() < 0.3:
            nucleo = f"{self.rng.choice(APELLIDOS)} y Compañía"
        dominio = _ascii(f"{actividad}{nucleo}")[:24]
        return RegistrarEmpleador(
            empleador_id=id_empleador(nit),
            tipo_documento="NIT",
            numero_documento=nit,
            digito_verificacion=digito_verificacion_nit(nit),
            razon_social=f"{actividad} {nucleo} {self.rng.choice(SOCIEDADES)}",
            email=f"nomina@{dominio}{nit[-3:]}.{self.rng.choice(DOMINIOS_CORREO)}",
            telefono=self._telefono_fijo(municipio),
            direccion=self._direccion(),
            municipio_divipola=municipio,
            actividad_economica=ciiu,
        )

    def _hijo(
        self,
        hogar: _Hogar,
        cotizante: RegistrarAfiliado,
        pareja: RegistrarAfiliado | None,
        parentesco: Parentesco,
    ) -> RegistrarAfiliado | None:
        """A child under 18, a full-time student from 18 to 25, or a child with a permanent
        disability (a few older than 25); ``None`` if the parent is too young for one."""
        padre = pareja if parentesco is Parentesco.HIJASTRO and pareja is not None else cotizante
        edad_padre = anios_cumplidos(padre.fecha_nacimiento, self.hoy)
        mayor = edad_padre - 16
        if mayor < 0:
            return None
        discapacidad = self.rng.random() < _DISCAPACIDAD
        if edad_padre >= 45 and self.rng.random() < _HIJO_MAYOR_CON_DISCAPACIDAD:
            edad = self.rng.randint(26, min(45, edad_padre - 18))
            discapacidad, estudiante = True, False
        else:
            edad = self.rng.randint(0, min(25, mayor))
            estudiante = edad >= 18 and self.rng.random() < _ESTUDIANTE_18_A_25
            discapacidad = discapacidad or (edad >= 18 and not estudiante)
        persona = self._persona(
            hogar,
            edad=edad,
            sexo=self._sexo(),
            adulto_con_contacto=0.6,
            estudiante=estudiante,
            discapacidad=discapacidad,
        )
        persona = replace(persona, nombre=self._apellidos_de_hijo(persona.nombre, padre, pareja))
        condiciones = CondicionesBeneficiario(
            estudiante_tiempo_completo=estudiante, discapacidad_permanente=discapacidad
        )
        return self._beneficiario(persona, cotizante, parentesco, condiciones)

    def _apellidos_de_hijo(
        self,
        nombre: NombreCompleto,
        padre: RegistrarAfiliado,
        pareja: RegistrarAfiliado | None,
    ) -> NombreCompleto:
        """The father's first surname, then the mother's first surname."""
        otro = pareja if pareja is not None and pareja is not padre else None
        if otro is not None and otro.sexo is not padre.sexo:
            madre = padre if padre.sexo is Sexo.F else otro
            papa = otro if madre is padre else padre
            primero, segundo = papa.nombre.primer_apellido, madre.nombre.primer_apellido
        elif padre.sexo is Sexo.F:
            primero, segundo = self.rng.choice(APELLIDOS), padre.nombre.primer_apellido
        else:
            primero, segundo = padre.nombre.primer_apellido, self.rng.choice(APELLIDOS)
        return replace(nombre, primer_apellido=primero, segundo_apellido=segundo)

    def _padre_o_madre(
        self, hogar: _Hogar, cotizante: RegistrarAfiliado, sexo: Sexo
    ) -> RegistrarAfiliado:
        edad = anios_cumplidos(cotizante.fecha_nacimiento, self.hoy)
        apellido = (
            cotizante.nombre.primer_apellido
            if sexo is Sexo.M
            else cotizante.nombre.segundo_apellido or self.rng.choice(APELLIDOS)
        )
        edad_padre = min(100, edad + self.rng.randint(18, 40))
        return self._persona(
            hogar, edad=edad_padre, sexo=sexo, apellido=apellido, adulto_con_contacto=0.4
        )

    def _beneficiario(
        self,
        persona: RegistrarAfiliado,
        cotizante: RegistrarAfiliado,
        parentesco: Parentesco,
        condiciones: CondicionesBeneficiario,
        tipo: TipoAfiliado = TipoAfiliado.BENEFICIARIO,
    ) -> RegistrarAfiliado:
        # Covered since the cotizante's affiliation or its own birth, whichever is later.
        desde = max(persona.fecha_nacimiento, _afiliacion(cotizante))
        hijo_menor = parentesco in (Parentesco.HIJO, Parentesco.HIJASTRO) and (
            anios_cumplidos(persona.fecha_nacimiento, self.hoy) < 18
        )
        if tipo is TipoAfiliado.BENEFICIARIO and not hijo_menor:
            # Affiliated in its first three months, the registration would be novedad 6
            # (recién nacidos), which only admits a child under 18 (the handler picks the
            # novedad by the age at ``fecha_afiliacion`` and the causal by the age today).
            desde = max(desde, persona.fecha_nacimiento + timedelta(days=_TRES_MESES))
        return replace(
            persona,
            tipo_afiliado=tipo,
            cotizante_id=cotizante.afiliado_id,
            parentesco=parentesco,
            fecha_afiliacion=max(desde, _afiliacion(persona)),
            condiciones=condiciones,
        )

    def _planes(
        self, cotizante: RegistrarAfiliado, beneficiarios: Sequence[RegistrarAfiliado]
    ) -> tuple[PlanSintetico, ...]:
        """A PAC plan for the whole family, more often the higher the IBC."""
        if cotizante.ibc is None:
            return ()  # PAC plans are for the contributory regime
        veces = cotizante.ibc / self.smlmv
        rango = "A" if veces < 2 else "B" if veces <= 5 else "C"
        if self.rng.random() >= _PAC_POR_RANGO[rango]:
            return ()
        nivel = {"A": 0, "B": self.rng.randint(0, 1), "C": self.rng.randint(1, 2)}[rango]
        codigo, nombre = PLANES_PAC[nivel]
        desde = max(_afiliacion(cotizante), self.hoy - timedelta(days=3652))
        inicio = desde + timedelta(days=self.rng.randint(0, (self.hoy - desde).days))
        return tuple(
            PlanSintetico(p.afiliado_id, codigo, nombre, max(inicio, _afiliacion(p)))
            for p in (cotizante, *beneficiarios)
        )

    def _nuevo_hogar(self) -> _Hogar:
        municipio = self.rng.choice(MUNICIPIOS)
        regimen = Regimen.CONTRIBUTIVO if self.rng.random() < _CONTRIBUTIVO else Regimen.SUBSIDIADO
        sisben = None
        if regimen is Regimen.SUBSIDIADO:
            sisben = NivelSisben.I if self.rng.random() < 0.6 else NivelSisben.II
        etnia = self._elegir(_ETNIAS_POR_MUNICIPIO.get(municipio, _ETNIAS_OTRAS), Etnia.NINGUNO)
        fijo = self._telefono_fijo(municipio) if self.rng.random() < 0.35 else None
        return _Hogar(
            municipio=municipio,
            direccion=self._direccion(),
            regimen=regimen,
            ips=f"{municipio}{self.rng.randint(1, 40):07d}",
            extranjero=self.rng.random() < _EXTRANJERO,
            etnia=etnia,
            telefono_fijo=fijo,
            nivel_sisben=sisben,
        )

    def _persona(
        self,
        hogar: _Hogar,
        *,
        edad: int,
        sexo: Sexo,
        apellido: str | None = None,
        segundo_apellido: str | None = None,
        adulto_con_contacto: float = 1.0,
        estado_civil: EstadoCivil | None = None,
        estudiante: bool = False,
        discapacidad: bool = False,
    ) -> RegistrarAfiliado:
        nacimiento = _hace(self.hoy, anios=edad, dias=self.rng.randint(0, 364))
        nombres = NOMBRES_MUJER if sexo is Sexo.F else NOMBRES_HOMBRE
        primero, segundo = self.rng.sample(nombres, 2)
        if segundo_apellido is None and self.rng.random() < 0.95:
            segundo_apellido = self.rng.choice(APELLIDOS)
        nombre = NombreCompleto(
            primer_nombre=primero,
            segundo_nombre=segundo if self.rng.random() < 0.6 else None,
            primer_apellido=apellido or self.rng.choice(APELLIDOS),
            segundo_apellido=segundo_apellido,
        )
        contacto = DatosContacto(
            None,
            None,
            hogar.direccion,
            hogar.municipio,
            telefono_residencia=hogar.telefono_fijo,
        )
        if edad >= 18 and self.rng.random() < adulto_con_contacto:
            contacto = replace(
                contacto,
                email=self._email(nombre),
                telefono_movil=f"3{self.rng.randint(0, 10**9 - 1):09d}",
            )
        if edad >= 18 and estado_civil is None:
            estado_civil = EstadoCivil.SOLTERO
        desde = max(nacimiento, self.hoy - timedelta(days=20 * 365))
        return RegistrarAfiliado(
            afiliado_id=UUID(int=self.rng.getrandbits(128), version=4),
            documento=self._documento(nacimiento, hogar.extranjero),
            nombre=nombre,
            fecha_nacimiento=nacimiento,
            sexo=sexo,
            tipo_afiliado=TipoAfiliado.COTIZANTE,
            regimen=hogar.regimen,
            fecha_afiliacion=desde + timedelta(days=self.rng.randint(0, (self.hoy - desde).days)),
            contacto=contacto,
            ips_primaria_codigo=hogar.ips,
            estado_civil=estado_civil,
            etnia=hogar.etnia,
            escolaridad=self._escolaridad(nacimiento, estudiante, discapacidad, hogar.regimen),
            nivel_sisben=hogar.nivel_sisben,
        )

    def _escolaridad(
        self, nacimiento: date, estudiante: bool, discapacidad: bool, regimen: Regimen
    ) -> Escolaridad:
        """The highest level reached (or being studied, for a student of 18 to 25)."""
        edad = anios_cumplidos(nacimiento, self.hoy)
        por_edad = (
            (3, Escolaridad.NINGUNA),
            (6, Escolaridad.PREESCOLAR),
            (11, Escolaridad.PRIMARIA),
            (16, Escolaridad.SECUNDARIA),
            (18, Escolaridad.MEDIA),
        )
        for hasta, nivel in por_edad:
            if edad < hasta:
                return nivel
        if estudiante:
            return self._elegir(
                (
                    (Escolaridad.TECNICA, 0.2),
                    (Escolaridad.TECNOLOGICA, 0.25),
                    (Escolaridad.UNIVERSITARIA, 0.55),
                )
            )
        if discapacidad:
            return self._elegir(
                (
                    (Escolaridad.NINGUNA, 0.3),
                    (Escolaridad.PRIMARIA, 0.4),
                    (Escolaridad.SECUNDARIA, 0.3),
                )
            )
        nivel = self._elegir(_ESCOLARIDAD_ADULTOS)
        # Older people and the subsidised regime studied less: one draw more, the lower kept.
        if edad >= 60 or regimen is Regimen.SUBSIDIADO:
            otro = self._elegir(_ESCOLARIDAD_ADULTOS)
            nivel = min(nivel, otro, key=_ORDEN_ESCOLARIDAD.index)
        return nivel

    def _documento(self, nacimiento: date, extranjero: bool) -> Documento:
        meses = meses_cumplidos(nacimiento, self.hoy)
        if extranjero and meses >= 7 * 12:
            tipo = TipoDocumento.PT if self.rng.random() < 0.8 else TipoDocumento.CE
            return Documento(tipo, self._numero(1_000_000, 9_999_999))
        if meses < 3:
            tipo = TipoDocumento.CN if self.rng.random() < 0.5 else TipoDocumento.RC
        elif meses < 7 * 12:
            tipo = TipoDocumento.RC
        elif meses < 18 * 12:
            tipo = TipoDocumento.TI
        else:
            tipo = TipoDocumento.CC
            if meses >= 45 * 12:  # older cédulas have 8 digits; newer ones the 10-digit NUIP
                return Documento(tipo, self._numero(10_000_000, 99_999_999))
        return Documento(tipo, self._numero(1_001_000_000, 1_299_999_999))

    def _numero(self, desde: int, hasta: int) -> str:
        while True:
            numero = str(self.rng.randint(desde, hasta))
            if numero not in self.documentos_usados:
                self.documentos_usados.add(numero)
                return numero

    def _inicio_union(self, nacimiento_pareja: date, edad: int) -> date | None:
        """A union start more than two years ago, both partners adults; ``None`` if none fits."""
        adultos = max(
            _aniversario(nacimiento_pareja, 18),
            _aniversario(_hace(self.hoy, anios=edad, dias=0), 18),
        )
        ultimo = _hace(self.hoy, anios=ANIOS_MINIMOS_UNION, dias=30)
        if ultimo <= adultos:
            return None
        return adultos + timedelta(days=self.rng.randint(0, (ultimo - adultos).days))

    def _estado_civil_sin_pareja(self) -> EstadoCivil:
        return self._elegir(
            (
                (EstadoCivil.VIUDO, 0.45),
                (EstadoCivil.SEPARADO, 0.25),
                (EstadoCivil.DIVORCIADO, 0.1),
                (EstadoCivil.SOLTERO, 0.2),
            )
        )

    def _direccion(self) -> str:
        return (
            f"{self.rng.choice(VIAS)} {self.rng.randint(1, 150)} "
            f"# {self.rng.randint(1, 120)}-{self.rng.randint(1, 99)}"
        )

    def _telefono_fijo(self, municipio: str) -> str:
        indicativo = INDICATIVO_FIJO.get(municipio[:2], "2")
        return f"60{indicativo}{self.rng.randint(2_000_000, 8_999_999)}"

    def _email(self, nombre: NombreCompleto) -> str:
        local = f"{_ascii(nombre.primer_nombre)}.{_ascii(nombre.primer_apellido)}"
        return f"{local}{self.rng.randint(1, 9999)}@{self.rng.choice(DOMINIOS_CORREO)}"

    def _sexo(self) -> Sexo:
        return Sexo.F if self.rng.random() < 0.52 else Sexo.M

    def _elegir(self, opciones: Sequence[tuple[T, float]], resto: T | None = None) -> T:
        """One option by weight; with ``resto``, weights are shares and ``resto`` the rest."""
        r = self.rng.random()
        total = 1.0 if resto is not None else sum(peso for _, peso in opciones)
        acumulado = 0.0
        for opcion, peso in opciones:
            acumulado += peso / total
            if r < acumulado:
                return opcion
        return resto if resto is not None else opciones[-1][0]


_ORDEN_ESCOLARIDAD = list(Escolaridad)
_TRES_MESES = 92  # days: any three consecutive months are at most 92 days


def _afiliacion(persona: RegistrarAfiliado) -> date:
    assert persona.fecha_afiliacion is not None  # the generator always sets it
    return persona.fecha_afiliacion


def _hace(hoy: date, *, anios: int, dias: int) -> date:
    """The date ``anios`` years and then ``dias`` days (< 365) before ``hoy``."""
    try:
        aniversario = hoy.replace(year=hoy.year - anios)
    except ValueError:  # 29 February in a non-leap year
        aniversario = hoy.replace(year=hoy.year - anios, day=28)
    return aniversario - timedelta(days=dias)


def _aniversario(fecha: date, anios: int) -> date:
    """The ``anios``-th anniversary of ``fecha`` (1 March for 29 February in a common year,
    as ``meses_cumplidos`` counts it)."""
    try:
        return fecha.replace(year=fecha.year + anios)
    except ValueError:
        return date(fecha.year + anios, 3, 1)


def _opuesto(sexo: Sexo) -> Sexo:
    return Sexo.M if sexo is Sexo.F else Sexo.F


def _ascii(texto: str) -> str:
    sin_tildes = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode()
    return "".join(c for c in sin_tildes.lower() if c.isalnum() or c == ".").strip(".")
