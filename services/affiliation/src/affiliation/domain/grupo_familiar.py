"""Who may join a cotizante's family group, and under which rule (Decreto 806 de 1998, seed 004).

Guarantees:
- ``evaluar_inclusion`` is pure: the same candidate, group and date always give the same answer,
  and nothing is read from a clock;
- it returns the one ``CausalInclusion`` the candidate joins under, or raises
  ``InclusionNoPermitida`` carrying the failed rule (``regla``, a stable slug) and a Spanish
  message that names the rule and its source; data that cannot be evaluated (a birth or union
  date after ``hoy``, a missing union date) raises a ``DatosInvalidos``-family error instead;
- ages are completed years (``anios_cumplidos``): a person "tiene 18 años" from the 18th
  birthday until the day before the 19th.

The candidate's own conditions (age, dependency, pension, union) are checked before the
conditions on the rest of the group: a person who does not qualify at all should not be told
to rearrange the group first.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType
from uuid import UUID

from affiliation.domain.edad import anios_cumplidos, describir_edad
from affiliation.domain.errores import DatosInvalidos, ErrorDeDominio, FechaNacimientoInvalida
from eps_contracts.types import CausalInclusion, Parentesco, Pariente, TipoAfiliado

FUENTE = "Decreto 806 de 1998"

EDAD_MAYORIA = 18
"""Seed 004: "los hijos menores de dieciocho (18) años"."""

EDAD_MAXIMA_ESTUDIANTE = 25
"""Seed 004: "los hijos entre los dieciocho (18) y los veinticinco (25) años" (inclusive)."""

EDAD_LIMITE_ADICIONAL_SIN_PARENTESCO = 12
"""Seed 004: adicionales "menores de 12 años" (exclusive)."""

GRADO_MAXIMO_ADICIONAL = 3
"""Seed 004: adicionales con "parentesco hasta el tercer grado de consanguinidad"."""

ANIOS_MINIMOS_UNION = 2
"""Seed 004: compañero permanente "siempre y cuando la unión sea superior a dos años"."""


class ReglaInclusion(StrEnum):
    """The rule an inclusion failed; the values are stable slugs clients may rely on."""

    DEPENDENCIA_ECONOMICA = "dependencia-economica"
    CONYUGE_UNICO = "conyuge-unico"
    UNION_MAYOR_DOS_ANIOS = "union-mayor-dos-anios"
    HIJO_MAYOR_SIN_ESTUDIO = "hijo-mayor-sin-estudio"
    HIJO_MAYOR_DE_25 = "hijo-mayor-de-25"
    PADRES_CON_CONYUGE_O_HIJOS = "padres-con-conyuge-o-hijos"
    PADRES_PENSIONADOS = "padres-pensionados"
    CONYUGE_O_HIJOS_CON_PADRES_EN_EL_GRUPO = "conyuge-o-hijos-con-padres-en-el-grupo"
    PADRE_O_MADRE_REPETIDO = "padre-o-madre-repetido"
    PARENTESCO_FUERA_DEL_GRUPO_FAMILIAR = "parentesco-fuera-del-grupo-familiar"
    ADICIONAL_SIN_PARENTESCO_MAYOR_DE_12 = "adicional-sin-parentesco-mayor-de-12"
    PARENTESCO_ADICIONAL_INCOHERENTE = "parentesco-adicional-incoherente"


class InclusionNoPermitida(ErrorDeDominio):
    """Decreto 806 de 1998 does not let the candidate join the group; ``regla`` says why."""

    codigo = "inclusion-no-permitida"
    campo = "parentesco"

    def __init__(self, regla: ReglaInclusion, mensaje: str) -> None:
        super().__init__(mensaje, regla=str(regla))
        self.regla = regla


class FechaInicioUnionInvalida(DatosInvalidos):
    """The union date of a compañero permanente is missing or after the evaluation date."""

    campo = "fecha_inicio_union"


@dataclass(frozen=True)
class MiembroGrupo:
    """Someone already active in the cotizante's group (never the cotizante)."""

    afiliado_id: UUID
    parentesco: Parentesco
    tipo_afiliado: TipoAfiliado
    causal: CausalInclusion

    def __post_init__(self) -> None:
        if self.tipo_afiliado is TipoAfiliado.COTIZANTE:
            raise ValueError("un miembro del grupo familiar es beneficiario o adicional")


@dataclass(frozen=True)
class Candidato:
    """A person the cotizante asks to include, with the facts the rules depend on.

    ``pariente`` is read only for an ADICIONAL (``None`` means no kinship) and
    ``fecha_inicio_union`` only for a COMPANERO_PERMANENTE; elsewhere they are ignored.
    """

    tipo_afiliado: TipoAfiliado
    parentesco: Parentesco
    fecha_nacimiento: date
    pariente: Pariente | None = None
    depende_economicamente: bool = True
    estudiante_tiempo_completo: bool = False
    discapacidad_permanente: bool = False
    pensionado: bool = False
    fecha_inicio_union: date | None = None

    def __post_init__(self) -> None:
        # A cotizante heads a group, it never joins one: asking is a programming error.
        if self.tipo_afiliado is TipoAfiliado.COTIZANTE:
            raise ValueError("un candidato al grupo familiar es beneficiario o adicional")


GRADO_CONSANGUINIDAD: Mapping[Pariente, int | None] = MappingProxyType(
    {
        # Seed 004, "Grados de Consanguinidad".
        Pariente.PADRE: 1,
        Pariente.MADRE: 1,
        Pariente.HIJO: 1,
        Pariente.ABUELO: 2,
        Pariente.HERMANO: 2,
        Pariente.NIETO: 2,
        Pariente.BISABUELO: 3,
        Pariente.TIO: 3,
        Pariente.SOBRINO: 3,
        Pariente.BISNIETO: 3,
        Pariente.NINGUNO: None,
    }
)
"""Degree of consanguinity with the cotizante; ``None``: no kinship within the third degree."""

_PAREJA = frozenset({Parentesco.CONYUGE, Parentesco.COMPANERO_PERMANENTE})
_HIJOS = frozenset({Parentesco.HIJO, Parentesco.HIJASTRO})
_PADRES = frozenset({Parentesco.PADRE, Parentesco.MADRE})
_CAUSALES_DE_HIJO = frozenset(
    {
        CausalInclusion.HIJO_MENOR_DE_18,
        CausalInclusion.HIJO_ESTUDIANTE_18_A_25,
        CausalInclusion.HIJO_CON_DISCAPACIDAD,
    }
)

# The parentesco an adicional must declare for each pariente: the three first-degree relations
# have their own parentesco; every other relation is OTRO.
_PARENTESCO_DE_PARIENTE: Mapping[Pariente, Parentesco] = MappingProxyType(
    {
        Pariente.PADRE: Parentesco.PADRE,
        Pariente.MADRE: Parentesco.MADRE,
        Pariente.HIJO: Parentesco.HIJO,
    }
    | {p: Parentesco.OTRO for p in Pariente if GRADO_CONSANGUINIDAD[p] != 1}
)

_SUJETO: Mapping[Parentesco, str] = MappingProxyType(
    {
        Parentesco.CONYUGE: "El cónyuge",
        Parentesco.COMPANERO_PERMANENTE: "El compañero o compañera permanente",
        Parentesco.HIJO: "El hijo",
        Parentesco.HIJASTRO: "El hijo del cónyuge o compañero permanente",
        Parentesco.PADRE: "El padre",
        Parentesco.MADRE: "La madre",
        Parentesco.OTRO: "La persona",
    }
)

_NOMBRE_PARENTESCO: Mapping[Parentesco, str] = MappingProxyType(
    {
        Parentesco.CONYUGE: "cónyuge",
        Parentesco.COMPANERO_PERMANENTE: "compañero permanente",
        Parentesco.HIJO: "hijo",
        Parentesco.HIJASTRO: "hijo del cónyuge",
        Parentesco.PADRE: "padre",
        Parentesco.MADRE: "madre",
        Parentesco.OTRO: "otro",
    }
)

_NOMBRE_PARIENTE: Mapping[Pariente, str] = MappingProxyType(
    {
        Pariente.PADRE: "padre",
        Pariente.MADRE: "madre",
        Pariente.HIJO: "hijo",
        Pariente.ABUELO: "abuelo",
        Pariente.HERMANO: "hermano",
        Pariente.NIETO: "nieto",
        Pariente.BISABUELO: "bisabuelo",
        Pariente.TIO: "tío",
        Pariente.SOBRINO: "sobrino",
        Pariente.BISNIETO: "bisnieto",
        Pariente.NINGUNO: "ninguno",
    }
)

_UPC_ADICIONAL = "Puede incluirse como adicional pagando la UPC adicional."


def evaluar_inclusion(
    candidato: Candidato, grupo: Sequence[MiembroGrupo], hoy: date
) -> CausalInclusion:
    """The rule under which ``candidato`` joins a group whose active members are ``grupo``.

    Raises ``InclusionNoPermitida`` (with ``regla``) when Decreto 806 de 1998 refuses it,
    ``FechaNacimientoInvalida`` for a birth after ``hoy`` and ``FechaInicioUnionInvalida``
    for a compañero permanente without a union date or with one after ``hoy``.
    """
    if candidato.fecha_nacimiento > hoy:
        raise FechaNacimientoInvalida("La fecha de nacimiento no puede ser posterior a hoy.")
    if candidato.tipo_afiliado is TipoAfiliado.ADICIONAL:
        return _evaluar_adicional(candidato, grupo, hoy)
    return _evaluar_beneficiario(candidato, grupo, hoy)


def edad_sigue_cumpliendo(
    causal: CausalInclusion,
    fecha_nacimiento: date,
    hoy: date,
    estudiante: bool,
    discapacidad: bool,
) -> bool:
    """Whether a member who joined under ``causal`` still meets its age condition on ``hoy``.

    The three hijo causales are one rule of the decree with three conditions ("los hijos ...
    con las condiciones relacionadas"), so a hijo keeps qualifying while any of them holds
    (a HIJO_MENOR_DE_18 who turns 18 as a full-time student still qualifies, without studies
    does not); the caller records the new causal with ``evaluar_inclusion``. An
    ADICIONAL_MENOR_DE_12 stops qualifying at 12 (kinship is not known here: re-evaluate).
    Causales with no age condition always return ``True``; dependency is not checked here.
    """
    edad = anios_cumplidos(fecha_nacimiento, hoy)
    if causal in _CAUSALES_DE_HIJO:
        return _causal_de_hijo(edad, estudiante, discapacidad) is not None
    if causal is CausalInclusion.ADICIONAL_MENOR_DE_12:
        return edad < EDAD_LIMITE_ADICIONAL_SIN_PARENTESCO
    return True


# -- beneficiarios ---------------------------------------------------------------------------


def _evaluar_beneficiario(
    candidato: Candidato, grupo: Sequence[MiembroGrupo], hoy: date
) -> CausalInclusion:
    parentesco = candidato.parentesco
    if parentesco is Parentesco.OTRO:
        raise InclusionNoPermitida(
            ReglaInclusion.PARENTESCO_FUERA_DEL_GRUPO_FAMILIAR,
            "La persona no pertenece al grupo familiar que puede ser beneficiario "
            "(cónyuge o compañero permanente, hijos, hijos del cónyuge y padres; "
            f"{FUENTE}). Puede incluirse como adicional pagando la UPC adicional si depende "
            "económicamente del cotizante y es menor de 12 años o pariente suyo hasta el "
            "tercer grado de consanguinidad.",
        )
    if parentesco in _PAREJA:
        # The decree asks dependency of hijos and padres, not of the spouse or partner.
        if parentesco is Parentesco.COMPANERO_PERMANENTE:
            _exigir_union_superior_a_dos_anios(candidato.fecha_inicio_union, hoy)
        _exigir_sin_pareja(grupo)
        _exigir_sin_padres_beneficiarios(parentesco, grupo)
        if parentesco is Parentesco.CONYUGE:
            return CausalInclusion.CONYUGE
        return CausalInclusion.COMPANERO_PERMANENTE
    if parentesco in _PADRES and candidato.pensionado:
        # Checked before dependency: it is the more specific reason, and it says what to do.
        raise InclusionNoPermitida(
            ReglaInclusion.PADRES_PENSIONADOS,
            f"{_SUJETO[parentesco]} recibe pensión: los padres pensionados no pueden ser "
            f"beneficiarios ({FUENTE}); los pensionados se afilian al régimen contributivo "
            "como cotizantes.",
        )
    if not candidato.depende_economicamente:
        raise InclusionNoPermitida(
            ReglaInclusion.DEPENDENCIA_ECONOMICA,
            f"{_SUJETO[parentesco]} no depende económicamente del cotizante: los hijos y los "
            f"padres solo pueden ser beneficiarios si dependen económicamente de él ({FUENTE}).",
        )
    if parentesco in _HIJOS:
        causal = _causal_de_hijo_o_rechazo(candidato, hoy)
        _exigir_sin_padres_beneficiarios(parentesco, grupo)
        return causal
    _exigir_sin_pareja_ni_hijos(parentesco, grupo)
    _exigir_padre_o_madre_unico(parentesco, grupo)
    return CausalInclusion.PADRES_SIN_CONYUGE_NI_HIJOS


def _exigir_union_superior_a_dos_anios(inicio: date | None, hoy: date) -> None:
    if inicio is None:
        raise FechaInicioUnionInvalida(
            "Falta la fecha de inicio de la unión: el compañero permanente solo puede ser "
            f"beneficiario si la unión es superior a dos años ({FUENTE})."
        )
    if inicio > hoy:
        raise FechaInicioUnionInvalida(
            f"La fecha de inicio de la unión ({inicio:%d/%m/%Y}) no puede ser posterior a hoy."
        )
    # "Superior a dos años" (seed 004): two complete years are not enough, so the union must
    # already have had two complete years yesterday. On the 2nd anniversary it is refused;
    # the day after, accepted.
    if anios_cumplidos(inicio, hoy - timedelta(days=1)) < ANIOS_MINIMOS_UNION:
        desde = _aniversario(inicio, ANIOS_MINIMOS_UNION) + timedelta(days=1)
        raise InclusionNoPermitida(
            ReglaInclusion.UNION_MAYOR_DOS_ANIOS,
            f"La unión empezó el {inicio:%d/%m/%Y}: el compañero permanente solo puede ser "
            f"beneficiario si la unión es superior a dos años ({FUENTE}). Podrá incluirse "
            f"desde el {desde:%d/%m/%Y}.",
        )


def _aniversario(inicio: date, anios: int) -> date:
    """The day ``anios`` complete years are reached, as ``anios_cumplidos`` counts them."""
    try:
        return inicio.replace(year=inicio.year + anios)
    except ValueError:
        # 29 February in a common year: meses_cumplidos completes the month on 1 March.
        return date(inicio.year + anios, 3, 1)


def _causal_de_hijo(edad: int, estudiante: bool, discapacidad: bool) -> CausalInclusion | None:
    # Under 18 the simplest causal wins even with a disability: it needs the fewest documents
    # (seed 004, pages 20–21 list the disability documents for "hijos mayores de 18 años").
    if edad < EDAD_MAYORIA:
        return CausalInclusion.HIJO_MENOR_DE_18
    if discapacidad:
        return CausalInclusion.HIJO_CON_DISCAPACIDAD
    # "Entre los 18 y los 25 años" read in completed years, both ends included: a hijo is still
    # 25 until the day before the 26th birthday.
    if edad <= EDAD_MAXIMA_ESTUDIANTE and estudiante:
        return CausalInclusion.HIJO_ESTUDIANTE_18_A_25
    return None


def _causal_de_hijo_o_rechazo(candidato: Candidato, hoy: date) -> CausalInclusion:
    edad = anios_cumplidos(candidato.fecha_nacimiento, hoy)
    causal = _causal_de_hijo(
        edad, candidato.estudiante_tiempo_completo, candidato.discapacidad_permanente
    )
    if causal is not None:
        return causal
    sujeto = _SUJETO[candidato.parentesco]
    texto_edad = describir_edad(candidato.fecha_nacimiento, hoy)
    # A stepchild is kin by affinity, not consanguinity: the adicional route is not open.
    sugerencia = f" {_UPC_ADICIONAL}" if candidato.parentesco is Parentesco.HIJO else ""
    if edad > EDAD_MAXIMA_ESTUDIANTE:
        raise InclusionNoPermitida(
            ReglaInclusion.HIJO_MAYOR_DE_25,
            f"{sujeto} tiene {texto_edad}: desde los 26 años solo puede ser beneficiario si "
            f"tiene incapacidad permanente ({FUENTE}).{sugerencia}",
        )
    raise InclusionNoPermitida(
        ReglaInclusion.HIJO_MAYOR_SIN_ESTUDIO,
        f"{sujeto} tiene {texto_edad}: entre los 18 y los 25 años solo puede ser beneficiario "
        f"si es estudiante de tiempo completo ({FUENTE}).{sugerencia}",
    )


def _beneficiarios(
    grupo: Sequence[MiembroGrupo], parentescos: frozenset[Parentesco]
) -> list[MiembroGrupo]:
    # Adicionales pay their own UPC and are outside the decree's group: they never block or
    # are blocked by the order of preference among beneficiarios.
    return [
        m
        for m in grupo
        if m.tipo_afiliado is TipoAfiliado.BENEFICIARIO and m.parentesco in parentescos
    ]


def _exigir_sin_pareja(grupo: Sequence[MiembroGrupo]) -> None:
    pareja = _beneficiarios(grupo, _PAREJA)
    if not pareja:
        return
    actual = _NOMBRE_PARENTESCO[pareja[0].parentesco]
    # Seed 004: "el cónyuge" (one) and "a falta de cónyuge la compañera o compañero
    # permanente", so there is room for one of the two.
    raise InclusionNoPermitida(
        ReglaInclusion.CONYUGE_UNICO,
        f"El grupo familiar ya tiene {actual}: solo puede haber un cónyuge o compañero "
        f"permanente, y el compañero permanente solo a falta de cónyuge ({FUENTE}). Para "
        "cambiarlo, primero excluya al actual (novedad 12, separación o divorcio).",
    )


def _exigir_sin_padres_beneficiarios(parentesco: Parentesco, grupo: Sequence[MiembroGrupo]) -> None:
    padres = {m.parentesco for m in _beneficiarios(grupo, _PADRES)}
    if not padres:
        return
    if padres == _PADRES:
        quienes = "al padre y a la madre como beneficiarios"
    elif Parentesco.PADRE in padres:
        quienes = "al padre como beneficiario"
    else:
        quienes = "a la madre como beneficiaria"
    # Seed 004: the parents are beneficiarios only "a falta de cónyuge o de compañera o
    # compañero permanente y de hijos"; including one would leave them without the condition.
    raise InclusionNoPermitida(
        ReglaInclusion.CONYUGE_O_HIJOS_CON_PADRES_EN_EL_GRUPO,
        f"El grupo familiar tiene {quienes}: {_SUJETO[parentesco].lower()} no puede "
        "incluirse mientras tanto, porque los padres solo son beneficiarios a falta de "
        f"cónyuge o compañero permanente y de hijos ({FUENTE}). Primero excluya a los padres "
        "o páselos a adicionales pagando la UPC adicional.",
    )


def _exigir_sin_pareja_ni_hijos(parentesco: Parentesco, grupo: Sequence[MiembroGrupo]) -> None:
    presentes = {m.parentesco for m in _beneficiarios(grupo, _PAREJA | _HIJOS)}
    if not presentes:
        return
    partes = [
        _NOMBRE_PARENTESCO[p]
        for p in (Parentesco.CONYUGE, Parentesco.COMPANERO_PERMANENTE)
        if p in presentes
    ]
    if presentes & _HIJOS:
        partes.append("hijos")
    beneficiario = "beneficiaria" if parentesco is Parentesco.MADRE else "beneficiario"
    como = "beneficiarios" if len(partes) > 1 or "hijos" in partes else "beneficiario"
    raise InclusionNoPermitida(
        ReglaInclusion.PADRES_CON_CONYUGE_O_HIJOS,
        f"{_SUJETO[parentesco]} no puede ser {beneficiario} porque el grupo familiar ya tiene "
        f"{_enumerar(partes)} como {como}: los padres solo son beneficiarios a falta de "
        f"cónyuge o compañero permanente y de hijos ({FUENTE}). {_UPC_ADICIONAL}",
    )


def _enumerar(partes: Sequence[str]) -> str:
    """Joins words as Spanish lists them; "e" replaces "y" before an /i/ sound ("e hijos")."""
    if len(partes) <= 1:
        return "".join(partes)
    conjuncion = "e" if partes[-1].startswith(("i", "hi")) else "y"
    return f"{', '.join(partes[:-1])} {conjuncion} {partes[-1]}"


def _exigir_padre_o_madre_unico(parentesco: Parentesco, grupo: Sequence[MiembroGrupo]) -> None:
    # Every member counts here, adicionales too: "los padres del afiliado" are one father and
    # one mother, so a second PADRE or MADRE is the same person joining twice or a data error.
    repetido = next((m for m in grupo if m.parentesco is parentesco), None)
    if repetido is None:
        return
    quien = "un padre" if parentesco is Parentesco.PADRE else "una madre"
    como = "adicional" if repetido.tipo_afiliado is TipoAfiliado.ADICIONAL else "beneficiario"
    raise InclusionNoPermitida(
        ReglaInclusion.PADRE_O_MADRE_REPETIDO,
        f"El grupo familiar ya tiene {quien} (como {como}): los padres del afiliado ({FUENTE}) "
        "son un padre y una madre. Si es la misma persona, no hace falta incluirla de nuevo.",
    )


# -- adicionales -----------------------------------------------------------------------------


def _evaluar_adicional(
    candidato: Candidato, grupo: Sequence[MiembroGrupo], hoy: date
) -> CausalInclusion:
    pariente = candidato.pariente or Pariente.NINGUNO
    parentesco = candidato.parentesco
    if parentesco in _PAREJA or parentesco is Parentesco.HIJASTRO:
        raise InclusionNoPermitida(
            ReglaInclusion.PARENTESCO_ADICIONAL_INCOHERENTE,
            f"{_SUJETO[parentesco]} no se incluye como adicional: los adicionales son personas "
            f"diferentes al grupo familiar del {FUENTE}. Inclúyalo como beneficiario.",
        )
    if parentesco is not _PARENTESCO_DE_PARIENTE[pariente]:
        raise InclusionNoPermitida(
            ReglaInclusion.PARENTESCO_ADICIONAL_INCOHERENTE,
            f"El parentesco «{_NOMBRE_PARENTESCO[parentesco]}» no corresponde al pariente "
            f"«{_NOMBRE_PARIENTE[pariente]}»: para un adicional ({FUENTE}) el parentesco es "
            "padre, madre o hijo cuando ese es el pariente, y «otro» en los demás casos.",
        )
    # Seed 004: the adicionales are people "que dependan económicamente de él".
    if not candidato.depende_economicamente:
        raise InclusionNoPermitida(
            ReglaInclusion.DEPENDENCIA_ECONOMICA,
            f"{_SUJETO[parentesco]} no depende económicamente del cotizante: solo pueden "
            "incluirse como adicionales las personas que dependan económicamente de él "
            f"({FUENTE}).",
        )
    if parentesco in _PADRES:
        _exigir_padre_o_madre_unico(parentesco, grupo)
    grado = GRADO_CONSANGUINIDAD[pariente]
    # Kinship is preferred over age when both apply: it does not lapse at 12.
    if grado is not None and grado <= GRADO_MAXIMO_ADICIONAL:
        return CausalInclusion.ADICIONAL_PARIENTE_HASTA_TERCER_GRADO
    if anios_cumplidos(candidato.fecha_nacimiento, hoy) < EDAD_LIMITE_ADICIONAL_SIN_PARENTESCO:
        return CausalInclusion.ADICIONAL_MENOR_DE_12
    raise InclusionNoPermitida(
        ReglaInclusion.ADICIONAL_SIN_PARENTESCO_MAYOR_DE_12,
        f"La persona tiene {describir_edad(candidato.fecha_nacimiento, hoy)} y no es pariente "
        "del cotizante hasta el tercer grado de consanguinidad: sin ese parentesco solo los "
        f"menores de 12 años pueden incluirse como adicionales ({FUENTE}).",
    )
