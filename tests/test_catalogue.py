"""The catalogue: the shipped default is valid and realistic, versions follow content, and an invalid file is
refused with errors that name the file, the line, the path in it and what is wrong."""

from __future__ import annotations

import copy
from datetime import date, datetime
from pathlib import Path

import pytest

import app
from domain.catalogue import (
    PERSPECTIVE_KEYS,
    Catalogue,
    CatalogueError,
    catalogue_from_json,
    load_catalogue,
    parse_catalogue,
)
from tests.conftest import CATALOGUE_PATH, TODAY


def test_the_default_catalogue_describes_a_small_municipality(catalogue: Catalogue) -> None:
    assert 2 <= len(catalogue.departments) <= 3
    assert 8 <= len(list(catalogue.units())) <= 14
    assert tuple(p.key for p in catalogue.perspectives) == PERSPECTIVE_KEYS
    assert all(3 <= len(p.factors) <= 6 for p in catalogue.perspectives)
    assert [s.value for s in catalogue.scale.steps] == [1, 2, 3, 4]
    assert [s.label.sv for s in catalogue.scale.steps] == [
        "Stämmer inte alls",
        "Stämmer delvis",
        "Stämmer till stor del",
        "Stämmer helt",
    ]
    assert catalogue.scale.not_applicable.sv == "Ej aktuellt"
    assert catalogue.current_period(TODAY).key == "2026-H2"
    assert {o.key for o in catalogue.offerings} >= {"utbildning", "processkartlaggning"}


def test_every_text_has_an_english_translation(catalogue: Catalogue) -> None:
    for perspective in catalogue.perspectives:
        assert perspective.name.en
        assert all(factor.text.en for factor in perspective.factors)


def test_the_version_follows_the_content_and_survives_storage(catalogue: Catalogue) -> None:
    assert load_catalogue(CATALOGUE_PATH).version == catalogue.version
    assert catalogue_from_json(catalogue.to_json()).version == catalogue.version
    changed = copy.deepcopy(dict(catalogue.source))
    changed["perspectives"][0]["factors"][0]["text"]["sv"] += " (ändrad)"
    assert parse_catalogue(changed, source="x").version != catalogue.version


def test_periods_between_and_after_the_configured_ones(catalogue: Catalogue) -> None:
    assert catalogue.current_period(date(2026, 1, 1)).key == "2026-H1"
    assert catalogue.current_period(date(2040, 1, 1)).key == catalogue.periods[-1].key
    assert catalogue.current_period(date(2000, 1, 1)).key == catalogue.periods[0].key


def test_the_service_warns_when_the_catalogues_periods_have_run_out(catalogue: Catalogue) -> None:
    assert catalogue.periods_ahead(date(2026, 11, 24)) == 3  # 2026-H2 and both halves of 2027
    assert catalogue.periods_ahead(catalogue.periods[-1].ends) == 1
    assert catalogue.periods_ahead(date(2028, 1, 1)) == 0


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "catalogue.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(_write(tmp_path, text))
    return str(caught.value).splitlines()[1:]


def test_a_duplicate_factor_key_names_file_line_and_path(tmp_path: Path) -> None:
    text = CATALOGUE_PATH.read_text(encoding="utf-8")
    catalogue = load_catalogue(CATALOGUE_PATH)
    first, second = catalogue.perspectives[0].factors[0].key, catalogue.perspectives[0].factors[1].key
    broken = text.replace(f"key: {second}\n", f"key: {first}\n", 1)
    line = broken.splitlines().index(next(ln for ln in broken.splitlines() if ln.strip() == f"- key: {first}"))
    problems = _problems(tmp_path, broken)
    assert len(problems) == 1
    assert problems[0].startswith(f"{tmp_path / 'catalogue.yaml'}:")
    assert "perspectives[0].factors[1].key: '" + first + "' is used twice" in problems[0]
    assert int(problems[0].split(":")[1]) > line + 1


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["scale"]["values"].reverse(), "scale.values[1].value: values must be ascending"),
        (lambda d: d["perspectives"][0].update(key="kunder"), "perspectives[0].key: must be 'malgrupp'"),
        (
            lambda d: d["perspectives"][1]["factors"].__delitem__(slice(1, None)),
            "perspectives[1].factors: must have at least 3",
        ),
        (lambda d: d["periods"][0].update(ends="2026-13-40"), "periods[0].ends: must be a date"),
        (lambda d: d["periods"][0].update(starts=datetime(2026, 1, 1, 8)), "periods[0].starts: must be a date"),
        (lambda d: d["organisation"][0]["units"][0].pop("name"), "organisation[0].units[0].name: is missing"),
        (lambda d: d["offerings"][0]["fields"][0].update(type="date"), "offerings[0].fields[0].type: must be one of"),
        (lambda d: d.update(colour="blue"), "colour: is not a known field"),
        (lambda d: d["perspectives"][2]["factors"][0]["text"].update(sv=""), ".text.sv: must be a non-empty text"),
    ],
)
def test_invalid_catalogues_are_refused_with_the_place_and_the_reason(catalogue: Catalogue, change, expected) -> None:
    data = copy.deepcopy(dict(catalogue.source))
    change(data)
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(data, source="config/catalogue.yaml")
    assert expected in str(caught.value)
    assert str(caught.value).splitlines()[1].startswith("config/catalogue.yaml: ")


def test_broken_yaml_is_reported_with_its_line(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "municipality: Sjöviks kommun\nscale: [1, 2\n")
    assert problems[0].startswith(f"{tmp_path / 'catalogue.yaml'}:3: (top level): not valid YAML")


def test_the_service_refuses_to_start_on_an_invalid_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = _write(tmp_path, "municipality: Sjöviks kommun\n")
    monkeypatch.setenv("CATALOGUE_PATH", str(broken))
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'never-created.db'}")
    assert app.main(["run"]) == 2
    error = capsys.readouterr().err
    assert f"{broken}:1: scale: is missing" in error
    assert not (tmp_path / "never-created.db").exists()
