"""Agreement data: versions by date, subregion annexes, and validation that names file and key."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from zicht.core.afspraken import AFSPRAKEN_MAP, Afspraken, AfsprakenFout, laad_afspraken

BRON = AFSPRAKEN_MAP / "zuid-limburg"


def test_the_region_has_16_gemeenten_in_three_subregions() -> None:
    afspraken = laad_afspraken()
    gemeenten = afspraken.gemeenten()
    assert len(gemeenten) == 16
    assert {g.subregio for g in gemeenten.values()} == {
        "parkstad",
        "westelijke-mijnstreek",
        "maastricht-heuvelland",
    }
    assert gemeenten["Heerlen"].cbs == "GM0917"
    assert gemeenten["Sittard-Geleen"].subregio == "westelijke-mijnstreek"


def test_every_term_names_its_ground() -> None:
    regels = laad_afspraken().regels("Heerlen", date(2026, 1, 1))
    assert regels("start_contact.direct.grond") == "§2f"
    assert str(regels.termijn("start_contact.direct.termijn")) == "3 weken"
    assert regels("veiligheidsbeoordeling.grond") == "§5.1.1"


def _kopie(tmp_path: Path) -> Path:
    doel = tmp_path / "zuid-limburg"
    shutil.copytree(BRON, doel)
    return doel


def _wijzig(pad: Path, sleutels: list[str], waarde: object) -> None:
    inhoud = yaml.safe_load(pad.read_text(encoding="utf-8"))
    plek = inhoud
    for s in sleutels[:-1]:
        plek = plek[s]
    if waarde is None:
        del plek[sleutels[-1]]
    else:
        plek[sleutels[-1]] = waarde
    pad.write_text(yaml.safe_dump(inhoud, allow_unicode=True), encoding="utf-8")


def test_a_later_version_applies_from_its_date(tmp_path: Path) -> None:
    map_ = _kopie(tmp_path)
    nieuw = map_ / "regio-2027-01-01.yaml"
    shutil.copy(map_ / "regio-2022-01-20.yaml", nieuw)
    _wijzig(nieuw, ["geldig_vanaf"], "2027-01-01")
    _wijzig(nieuw, ["regels", "veiligheidsbeoordeling", "termijn"], "3 werkdagen")
    afspraken = laad_afspraken("zuid-limburg", [tmp_path])
    oud = afspraken.regels("Heerlen", date(2026, 12, 31))
    nu = afspraken.regels("Heerlen", date(2027, 1, 1))
    assert str(oud.termijn("veiligheidsbeoordeling.termijn")) == "5 werkdagen"
    assert str(nu.termijn("veiligheidsbeoordeling.termijn")) == "3 werkdagen"
    assert nu.kenmerk["geldig_vanaf"] == "2027-01-01"
    with pytest.raises(LookupError):
        afspraken.regels("Heerlen", date(2021, 1, 1))


@pytest.fixture(scope="module")
def drie_versies(tmp_path_factory: pytest.TempPathFactory) -> Afspraken:
    """Versions from 2022-01-20 and 2027-01-01; Parkstad's annex renewed on 2025-06-01."""
    map_ = _kopie(tmp_path_factory.mktemp("afspraken"))
    shutil.copy(map_ / "regio-2022-01-20.yaml", map_ / "regio-2027-01-01.yaml")
    _wijzig(map_ / "regio-2027-01-01.yaml", ["geldig_vanaf"], "2027-01-01")
    bijlagen = map_ / "bijlagen"
    shutil.copy(bijlagen / "parkstad-2022-01-20.yaml", bijlagen / "parkstad-2025-06-01.yaml")
    _wijzig(bijlagen / "parkstad-2025-06-01.yaml", ["geldig_vanaf"], "2025-06-01")
    return laad_afspraken("zuid-limburg", [map_.parent])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Heerlen", "Maastricht", "Sittard-Geleen", "Kerkrade"]),
            st.dates(date(2022, 1, 20), date(2029, 12, 31)),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_the_remembered_rules_are_those_in_force_on_each_day(
    drie_versies: Afspraken, vragen: list[tuple[str, date]]
) -> None:
    """Rules are remembered with the days they hold; asked in any order, every day gets the
    version and the annex in force on it, as a look at the dates alone says."""
    for gemeente, dag in vragen:
        regels = drie_versies.regels(gemeente, dag)
        versie = max(v.geldig_vanaf for v in drie_versies.versies if v.geldig_vanaf <= dag)
        subregio = regels.versie.gemeenten[gemeente].subregio
        annexen = [b.geldig_vanaf for b in drie_versies.bijlagen.get(subregio, [])]
        assert regels.versie.geldig_vanaf == versie
        assert (regels.bijlage and regels.bijlage.geldig_vanaf) == max(
            (d for d in annexen if d <= dag), default=None
        )


def test_an_annex_overrides_a_rule_for_its_subregion_only(tmp_path: Path) -> None:
    map_ = _kopie(tmp_path)
    _wijzig(
        map_ / "bijlagen" / "parkstad-2022-01-20.yaml",
        ["wijzigingen"],
        {"triagetafel": {"actief": False}},
    )
    afspraken = laad_afspraken("zuid-limburg", [tmp_path])
    assert afspraken.regels("Heerlen", date(2026, 1, 1))("triagetafel.actief") is False
    assert afspraken.regels("Maastricht", date(2026, 1, 1))("triagetafel.actief") is True


@pytest.mark.parametrize(
    ("bestand", "sleutels", "waarde", "verwacht"),
    [
        (
            "regio-2022-01-20.yaml",
            ["regels", "start_contact", "direct", "termijn"],
            "drie weken",
            "regels.start_contact.direct.termijn",
        ),
        (
            "regio-2022-01-20.yaml",
            ["regels", "gemeente_reactie", "grond"],
            None,
            "regels.gemeente_reactie",
        ),
        ("regio-2022-01-20.yaml", ["gemeenten", "Heerlen", "cbs"], "0917", "gemeenten.Heerlen.cbs"),
        (
            "regio-2022-01-20.yaml",
            ["gemeenten", "Stein", "subregio"],
            "oostelijke-mijnstreek",
            "gemeenten.Stein.subregio",
        ),
        ("regio-2022-01-20.yaml", ["geldig_vanaf"], "20-01-2022", "geldig_vanaf"),
        ("regio-2022-01-20.yaml", ["status"], "bijna", "status"),
        (
            "bijlagen/parkstad-2022-01-20.yaml",
            ["wijzigingen"],
            {"triagetafel": {"kleur": "rood"}},
            "wijzigingen.triagetafel.kleur",
        ),
        ("bijlagen/parkstad-2022-01-20.yaml", ["subregio"], "limburg-noord", "subregio"),
        # A key no rule reads is refused, also where a known rule lives.
        (
            "regio-2022-01-20.yaml",
            ["regels", "triagetafel", "kleur"],
            "rood",
            "regels.triagetafel.kleur: onbekende sleutel",
        ),
        ("regio-2022-01-20.yaml", ["opmerking"], "vrij", "opmerking: onbekende sleutel"),
        # Every ground carries the sentence of the agreement it rests on.
        (
            "regio-2022-01-20.yaml",
            ["regels", "start_contact", "direct", "citaat"],
            None,
            "regels.start_contact.direct.citaat: ontbreekt",
        ),
        (
            "regio-2022-01-20.yaml",
            ["regels", "casusregie", "citaat_delegatie"],
            "",
            "regels.casusregie.citaat_delegatie: ontbreekt",
        ),
        # A version has every rule the engine reads.
        (
            "regio-2022-01-20.yaml",
            ["regels", "opschalen", "grond_initiatief"],
            None,
            "regels.opschalen.grond_initiatief: ontbreekt",
        ),
        (
            "regio-2022-01-20.yaml",
            ["regels", "crisis", "gemeente_afstemming_crisis", "buiten_kantooruren"],
            "morgen",
            "regels.crisis.gemeente_afstemming_crisis.buiten_kantooruren",
        ),
        (
            "bijlagen/parkstad-2022-01-20.yaml",
            ["wijzigingen"],
            {"stabiele_veiligheid": {"grond": "§6.3"}},
            "wijzigingen.stabiele_veiligheid.citaat: ontbreekt",
        ),
    ],
)
def test_bad_data_names_file_key_and_problem(
    tmp_path: Path, bestand: str, sleutels: list[str], waarde: object, verwacht: str
) -> None:
    map_ = _kopie(tmp_path)
    _wijzig(map_ / bestand, sleutels, waarde)
    with pytest.raises(AfsprakenFout) as e:
        laad_afspraken("zuid-limburg", [tmp_path])
    assert Path(bestand).name in str(e.value)
    assert verwacht in str(e.value)


def test_unreadable_yaml_and_missing_region(tmp_path: Path) -> None:
    map_ = _kopie(tmp_path)
    (map_ / "regio-2022-01-20.yaml").write_text("regio: [", encoding="utf-8")
    with pytest.raises(AfsprakenFout, match="regio-2022-01-20.yaml: geen geldige YAML"):
        laad_afspraken("zuid-limburg", [tmp_path])
    with pytest.raises(AfsprakenFout, match="geen afspraken gevonden"):
        laad_afspraken("atlantis", [tmp_path])


def test_the_training_region_loads() -> None:
    oefen = laad_afspraken("oefenregio", [Path(__file__).parents[2] / "scenarios" / "afspraken"])
    assert oefen.regels("Heerlen", date(2027, 1, 4))("veiligheidsbeoordeling.termijn") == (
        "3 werkdagen"
    )


def test_every_ground_in_the_data_has_its_quote() -> None:
    regels = laad_afspraken().regels("Heerlen", date(2026, 1, 1))
    assert regels("werkafspraken.toestemming_een_ouder.grond") == "WA 5"
    assert "Beide ouders met gezag" in regels("werkafspraken.toestemming_een_ouder.citaat")
    assert regels("crisis.gemeente_afstemming_crisis.buiten_kantooruren") == "volgende kantoordag"


def test_no_ground_is_written_in_core_code() -> None:
    """Grounds come from the agreement data; comments and docstrings may cite sections."""
    import ast

    kern = Path(__file__).parents[2] / "src" / "zicht" / "core"
    gevonden = []
    for bestand in kern.glob("*.py"):
        boom = ast.parse(bestand.read_text(encoding="utf-8"))
        docstrings = {
            id(n.body[0].value)
            for n in ast.walk(boom)
            if isinstance(n, ast.Module | ast.FunctionDef | ast.ClassDef)
            and n.body
            and isinstance(n.body[0], ast.Expr)
            and isinstance(n.body[0].value, ast.Constant)
        }
        for knoop in ast.walk(boom):
            if (
                isinstance(knoop, ast.Constant)
                and isinstance(knoop.value, str)
                and id(knoop) not in docstrings
                and knoop.value.lstrip().startswith(("§", "Bijlage ", "WA "))
            ):
                gevonden.append(f"{bestand.name}:{knoop.lineno}")
    assert gevonden == []
