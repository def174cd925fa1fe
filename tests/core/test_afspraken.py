"""Agreement data: versions by date, subregion annexes, and validation that names file and key."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from zicht.core.afspraken import AFSPRAKEN_MAP, AfsprakenFout, laad_afspraken

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
