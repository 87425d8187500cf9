"""A synthetic, deterministic population of affiliates: family groups of fictitious people.

Guarantees (tested):
- the same ``semilla`` and ``hoy`` give the same population, and a bigger ``tamano`` extends
  a smaller one (the population of size n is a prefix of the one of size n + k, except that
  the last family of the smaller one may be cut short);
- every person passes the domain rules on ``hoy``: the document type fits the age
  (Decreto 780 de 2016), documents and ids are unique, beneficiaries come after their
  cotizante, share its regime and are younger than it when they are its children;
- the first families are ``FAMILIA_FIJA`` and ``COTIZANTE_INDEPENDIENTE_FIJO``, with fixed
  ids and documents that documentation and end-to-end tests can rely on. Their parents'
  birth dates are fixed; the children's are relative to ``hoy`` so that the minor is always
  12 (TI) and the student always 18 (CC).

The people do not exist; e-mails use the reserved ``example.*`` domains.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from affiliation.application.comandos import RegistrarAfiliado
from affiliation.application.nombres_colombianos import (
    APELLIDOS,
    DOMINIOS_CORREO,
    MUNICIPIOS,
    NOMBRES_HOMBRE,
    NOMBRES_MUJER,
    VIAS,
)
from affiliation.domain.edad import meses_cumplidos
from affiliation.domain.valores import DatosContacto, Documento, NombreCompleto
from eps_contracts.types import Parentesco, Regimen, Sexo, TipoAfiliado, TipoDocumento


@dataclass(frozen=True)
class FamiliaSintetica:
    """A cotizante and the beneficiaries that depend on it, in registration order."""

    cotizante: RegistrarAfiliado
    beneficiarios: tuple[RegistrarAfiliado, ...] = ()

    @property
    def personas(self) -> tuple[RegistrarAfiliado, ...]:
        return (self.cotizante, *self.beneficiarios)


# -- the fixed families ----------------------------------------------------------------------

# The cotizante is the person of the published event examples (eps_contracts.examples), so
# documentation, contract examples and the demo data tell one story.
ID_COTIZANTE_FIJO = UUID("6f1c2f4e-8a3b-4c1d-9e2f-0a1b2c3d4e5f")
ID_CONYUGE_FIJO = UUID("6f1c2f4e-8a3b-4c1d-9e2f-0a1b2c3d4e60")
ID_HIJA_MENOR_FIJA = UUID("6f1c2f4e-8a3b-4c1d-9e2f-0a1b2c3d4e61")
ID_HIJO_ESTUDIANTE_FIJO = UUID("6f1c2f4e-8a3b-4c1d-9e2f-0a1b2c3d4e62")
ID_INDEPENDIENTE_FIJO = UUID("6f1c2f4e-8a3b-4c1d-9e2f-0a1b2c3d4e63")

DOCUMENTOS_FIJOS: tuple[Documento, ...] = (
    Documento(TipoDocumento.CC, "1000000001"),  # cotizante
    Documento(TipoDocumento.CC, "1000000002"),  # cónyuge
    Documento(TipoDocumento.TI, "1000000003"),  # hija menor, 12 años
    Documento(TipoDocumento.CC, "1000000004"),  # hijo estudiante, 18 años
    Documento(TipoDocumento.CC, "1000000005"),  # cotizante independiente, sin beneficiarios
)


def familia_fija(hoy: date) -> FamiliaSintetica:
    """Ana María Pérez Gómez (CC 1000000001), her husband, a daughter of 12 and a son of 18."""
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
    )

    def beneficiario(**campos: Any) -> RegistrarAfiliado:
        base = replace(
            cotizante,
            tipo_afiliado=TipoAfiliado.BENEFICIARIO,
            cotizante_id=ID_COTIZANTE_FIJO,
            contacto=DatosContacto(None, None, "Calle 5 # 38-25", cali),
        )
        return replace(base, **campos)

    hija = _hace(hoy, anios=12, dias=40)
    hijo = _hace(hoy, anios=18, dias=180)
    return FamiliaSintetica(
        cotizante,
        (
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
            ),
            beneficiario(
                afiliado_id=ID_HIJA_MENOR_FIJA,
                documento=DOCUMENTOS_FIJOS[2],
                nombre=NombreCompleto("Sofía", "Rodríguez", None, "Pérez"),
                fecha_nacimiento=hija,
                sexo=Sexo.F,
                parentesco=Parentesco.HIJO,
                fecha_afiliacion=max(hija, date(2015, 2, 1)),
            ),
            beneficiario(
                afiliado_id=ID_HIJO_ESTUDIANTE_FIJO,
                documento=DOCUMENTOS_FIJOS[3],
                nombre=NombreCompleto("Santiago", "Rodríguez", None, "Pérez"),
                fecha_nacimiento=hijo,
                sexo=Sexo.M,
                parentesco=Parentesco.HIJO,
                contacto=DatosContacto(
                    "santiago.rodriguez@example.com", "3001234569", "Calle 5 # 38-25", cali
                ),
            ),
        ),
    )


def cotizante_independiente_fijo() -> FamiliaSintetica:
    """Carlos Andrés Gómez Restrepo (CC 1000000005): a cotizante with no beneficiaries."""
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
        )
    )


# -- the generated population ----------------------------------------------------------------


def poblacion(tamano: int, *, semilla: int, hoy: date) -> Iterator[FamiliaSintetica]:
    """Families totalling exactly ``tamano`` people (the last one may be cut short)."""
    if tamano < 0:
        raise ValueError("el tamaño de la población no puede ser negativo")
    generador = _Generador(random.Random(semilla), hoy)
    restantes = tamano
    for familia in generador.familias():
        if restantes <= 0:
            return
        if len(familia.personas) > restantes:
            familia = FamiliaSintetica(familia.cotizante, familia.beneficiarios[: restantes - 1])
        restantes -= len(familia.personas)
        yield familia


class _Generador:
    """Draws families from one ``random.Random`` in a fixed order (hence determinism)."""

    def __init__(self, rng: random.Random, hoy: date) -> None:
        self.rng = rng
        self.hoy = hoy
        self.documentos_usados: set[str] = set()

    def familias(self) -> Iterator[FamiliaSintetica]:
        """The fixed families, then generated ones without end."""
        fijas = (familia_fija(self.hoy), cotizante_independiente_fijo())
        for familia in fijas:
            self.documentos_usados.update(p.documento.numero for p in familia.personas)
        yield from fijas
        while True:
            yield self.familia()

    def familia(self) -> FamiliaSintetica:
        r = self.rng.random()
        if r < 0.35:
            return self._hogar(edad=self.rng.randint(18, 70), pareja=False, hijos=0)
        if r < 0.70:
            return self._hogar(
                edad=self.rng.randint(22, 60),
                pareja=True,
                hijos=self.rng.choice((0, 1, 1, 2, 2, 3)),
            )
        if r < 0.85:
            return self._hogar(
                edad=self.rng.randint(20, 55), pareja=False, hijos=self.rng.randint(1, 3)
            )
        if r < 0.95:
            return self._con_padres()
        return self._con_adicional()

    # -- structures --------------------------------------------------------------------------

    def _hogar(self, *, edad: int, pareja: bool, hijos: int) -> FamiliaSintetica:
        hogar = self._nuevo_hogar()
        cotizante = self._persona(hogar, edad=edad, sexo=self._sexo())
        miembros: list[RegistrarAfiliado] = []
        apellido_otro = self.rng.choice(APELLIDOS)
        if pareja:
            sexo_pareja = _opuesto(cotizante.sexo) if self.rng.random() < 0.95 else cotizante.sexo
            edad_pareja = max(18, edad + self.rng.randint(-8, 8))
            pareja_ = self._persona(hogar, edad=edad_pareja, sexo=sexo_pareja)
            apellido_otro = pareja_.nombre.primer_apellido
            parentesco = self.rng.choice((Parentesco.CONYUGE, Parentesco.COMPANERO_PERMANENTE))
            miembros.append(self._beneficiario(pareja_, cotizante, parentesco))
        for _ in range(hijos):
            edad_hijo = self.rng.randint(0, max(0, min(25, edad - 18)))
            hijo = self._persona(hogar, edad=edad_hijo, sexo=self._sexo(), adulto_con_contacto=0.6)
            hijo = replace(
                hijo,
                nombre=replace(
                    hijo.nombre,
                    primer_apellido=cotizante.nombre.primer_apellido,
                    segundo_apellido=apellido_otro,
                ),
            )
            parentesco = (
                Parentesco.HIJASTRO if pareja and self.rng.random() < 0.1 else Parentesco.HIJO
            )
            miembros.append(self._beneficiario(hijo, cotizante, parentesco))
        return FamiliaSintetica(cotizante, tuple(miembros))

    def _con_padres(self) -> FamiliaSintetica:
        """Parents are beneficiaries only when there is no spouse and no children."""
        hogar = self._nuevo_hogar()
        edad = self.rng.randint(20, 45)
        cotizante = self._persona(hogar, edad=edad, sexo=self._sexo())
        miembros = []
        for sexo, parentesco, apellido in (
            (Sexo.M, Parentesco.PADRE, cotizante.nombre.primer_apellido),
            (Sexo.F, Parentesco.MADRE, cotizante.nombre.segundo_apellido),
        ):
            if self.rng.random() < 0.75:
                edad_padre = min(100, edad + self.rng.randint(18, 40))
                padre = self._persona(hogar, edad=edad_padre, sexo=sexo, apellido=apellido)
                miembros.append(self._beneficiario(padre, cotizante, parentesco))
        return FamiliaSintetica(cotizante, tuple(miembros))

    def _con_adicional(self) -> FamiliaSintetica:
        """A dependant under 12 who is not a child of the cotizante: an ``ADICIONAL``."""
        hogar = self._nuevo_hogar()
        cotizante = self._persona(hogar, edad=self.rng.randint(25, 65), sexo=self._sexo())
        menor = self._persona(hogar, edad=self.rng.randint(0, 11), sexo=self._sexo())
        adicional = replace(
            self._beneficiario(menor, cotizante, Parentesco.OTRO),
            tipo_afiliado=TipoAfiliado.ADICIONAL,
        )
        return FamiliaSintetica(cotizante, (adicional,))

    # -- people ------------------------------------------------------------------------------

    def _nuevo_hogar(self) -> _Hogar:
        municipio = self.rng.choice(MUNICIPIOS)
        return _Hogar(
            municipio=municipio,
            direccion=f"{self.rng.choice(VIAS)} {self.rng.randint(1, 150)} "
            f"# {self.rng.randint(1, 120)}-{self.rng.randint(1, 99)}",
            regimen=Regimen.CONTRIBUTIVO if self.rng.random() < 0.85 else Regimen.SUBSIDIADO,
            ips=f"{municipio}{self.rng.randint(1, 40):07d}",
            extranjero=self.rng.random() < 0.04,
        )

    def _persona(
        self,
        hogar: _Hogar,
        *,
        edad: int,
        sexo: Sexo,
        apellido: str | None = None,
        adulto_con_contacto: float = 1.0,
    ) -> RegistrarAfiliado:
        nacimiento = _hace(self.hoy, anios=edad, dias=self.rng.randint(0, 364))
        nombres = NOMBRES_MUJER if sexo is Sexo.F else NOMBRES_HOMBRE
        primero, segundo = self.rng.sample(nombres, 2)
        nombre = NombreCompleto(
            primer_nombre=primero,
            segundo_nombre=segundo if self.rng.random() < 0.6 else None,
            primer_apellido=apellido or self.rng.choice(APELLIDOS),
            segundo_apellido=self.rng.choice(APELLIDOS) if self.rng.random() < 0.95 else None,
        )
        contacto = DatosContacto(None, None, hogar.direccion, hogar.municipio)
        if edad >= 18 and self.rng.random() < adulto_con_contacto:
            contacto = replace(
                contacto,
                email=self._email(nombre),
                telefono_movil=f"3{self.rng.randint(0, 10**9 - 1):09d}",
            )
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
        )

    def _beneficiario(
        self, persona: RegistrarAfiliado, cotizante: RegistrarAfiliado, parentesco: Parentesco
    ) -> RegistrarAfiliado:
        # Covered since the cotizante's affiliation or its own birth, whichever is later.
        assert cotizante.fecha_afiliacion is not None and persona.fecha_afiliacion is not None
        desde = max(persona.fecha_nacimiento, cotizante.fecha_afiliacion)
        return replace(
            persona,
            tipo_afiliado=TipoAfiliado.BENEFICIARIO,
            cotizante_id=cotizante.afiliado_id,
            parentesco=parentesco,
            fecha_afiliacion=max(desde, persona.fecha_afiliacion),
        )

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

    def _email(self, nombre: NombreCompleto) -> str:
        local = f"{_ascii(nombre.primer_nombre)}.{_ascii(nombre.primer_apellido)}"
        return f"{local}{self.rng.randint(1, 9999)}@{self.rng.choice(DOMINIOS_CORREO)}"

    def _sexo(self) -> Sexo:
        return Sexo.F if self.rng.random() < 0.52 else Sexo.M


@dataclass(frozen=True)
class _Hogar:
    """What the members of one family share."""

    municipio: str
    direccion: str
    regimen: Regimen
    ips: str
    extranjero: bool


def _hace(hoy: date, *, anios: int, dias: int) -> date:
    """The date ``anios`` years and then ``dias`` days (< 365) before ``hoy``."""
    try:
        aniversario = hoy.replace(year=hoy.year - anios)
    except ValueError:  # 29 February in a non-leap year
        aniversario = hoy.replace(year=hoy.year - anios, day=28)
    return aniversario - timedelta(days=dias)


def _opuesto(sexo: Sexo) -> Sexo:
    return Sexo.M if sexo is Sexo.F else Sexo.F


def _ascii(texto: str) -> str:
    sin_tildes = unicodedata.normalize("NFKD", texto).encode("ascii", "ignore").decode()
    return sin_tildes.lower().replace(" ", "")
