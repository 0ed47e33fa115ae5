"""The catalogue: the shipped default is valid and realistic, versions follow content, and an invalid file is
refused with errors that name the file, the line, the path in it and what is wrong."""

from __future__ import annotations

import ast
import copy
from datetime import date, datetime
from pathlib import Path

import pytest

import app
import domain.catalogue as catalogue_module
from domain.catalogue import (
    PERSPECTIVE_KEYS,
    Catalogue,
    CatalogueError,
    catalogue_from_json,
    load_catalogue,
    parse_catalogue,
    read_catalogue_yaml,
)
from services.catalogue_files import catalogue_from_upload, catalogue_workbook, catalogue_yaml
from tests.conftest import CATALOGUE_PATH, SHIPPED_CATALOGUE_PATH, TODAY
from texts import Texts
from texts.problems import catalogue_problem


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


def _problems(tmp_path: Path, text: str, language: str = "en") -> list[str]:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(_write(tmp_path, text))
    return [catalogue_problem(Texts(language), problem) for problem in caught.value.problems]


def test_a_duplicate_factor_key_names_file_line_and_path(tmp_path: Path) -> None:
    text = CATALOGUE_PATH.read_text(encoding="utf-8")
    catalogue = load_catalogue(CATALOGUE_PATH)
    first, second = catalogue.perspectives[0].factors[0].key, catalogue.perspectives[0].factors[1].key
    broken = text.replace(f"key: {second}\n", f"key: {first}\n", 1)
    line = broken.splitlines().index(next(ln for ln in broken.splitlines() if ln.strip() == f"- key: {first}"))
    problems = _problems(tmp_path, broken)
    assert len(problems) == 1
    assert f"(perspectives[0].factors[1].key): the key {first} is used more than once." in problems[0]
    assert int(problems[0].split()[1]) > line + 1
    swedish = _problems(tmp_path, broken, "sv")[0]
    assert swedish.startswith("Rad ") and swedish.endswith(f"nyckeln {first} används mer än en gång.")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["scale"]["values"].reverse(), "scale.values[1].value: the values must be in ascending order"),
        (lambda d: d["perspectives"][0].update(key="kunder"), "perspectives[0].key: the perspective malgrupp"),
        (
            lambda d: d["perspectives"][1]["factors"].__delitem__(slice(1, None)),
            "perspectives[1].factors: at least 3 are needed",
        ),
        (lambda d: d["periods"][0].update(ends="2026-13-40"), "periods[0].ends: a date (YYYY-MM-DD) belongs here"),
        (lambda d: d["periods"][0].update(starts=datetime(2026, 1, 1, 8)), "periods[0].starts: a date (YYYY-MM-DD)"),
        (lambda d: d["periods"][1].update(key="2027-H3"), "periods[1].key: a period's key is the year and half"),
        (lambda d: d["organisation"][0]["units"][0].pop("name"), "organisation[0].units[0].name: the field is missing"),
        (lambda d: d["offerings"][0]["fields"][0].update(type="date"), "offerings[0].fields[0].type: the type must be"),
        (lambda d: d.update(colour="blue"), "colour: the catalogue has no such field"),
        (lambda d: d["perspectives"][2]["factors"][0]["text"].update(sv=""), ".text.sv: a text belongs here"),
    ],
)
def test_invalid_catalogues_are_refused_with_the_place_and_the_reason(catalogue: Catalogue, change, expected) -> None:
    data = copy.deepcopy(dict(catalogue.source))
    change(data)
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(data, source="config/catalogue.yaml")
    said = [catalogue_problem(Texts("en"), problem) for problem in caught.value.problems]
    assert any(expected in line for line in said), said
    assert caught.value.source == "config/catalogue.yaml"


def test_every_problem_the_parser_can_name_is_said_in_both_languages() -> None:
    tree = ast.parse(Path(catalogue_module.__file__).read_text(encoding="utf-8"))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and len(node.args) >= 2]
    named = [c for c in calls if getattr(c.func, "attr", getattr(c.func, "id", "")) in ("problem", "Problem")]
    codes = {c.args[1].value for c in named if isinstance(c.args[1], ast.Constant)}
    codes |= set(catalogue_module._KEY_CODES.values())
    assert len(codes) >= 20
    for language in ("sv", "en"):
        assert all(Texts(language).has(f"catalogue.problem.{code}") for code in codes), language


def test_an_uploaded_yaml_with_aliases_is_refused_before_it_can_multiply_itself() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b]\n"
    with pytest.raises(CatalogueError) as caught:
        read_catalogue_yaml(bomb, source="upload")
    assert [problem.code for problem in caught.value.problems] == ["yaml_alias"]


def test_broken_yaml_is_reported_with_its_line(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "municipality: Sjöviks kommun\nscale: [1, 2\n")
    assert problems == ["Line 3: the file is not valid YAML."]


def test_the_service_refuses_to_start_on_an_invalid_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = _write(tmp_path, "municipality: Sjöviks kommun\n")
    monkeypatch.setenv("CATALOGUE_PATH", str(broken))
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'never-created.db'}")
    assert app.main(["run"]) == 2
    error = capsys.readouterr().err
    assert f"{broken}: Line 1 (scale): the field is missing." in error
    assert not (tmp_path / "never-created.db").exists()


def test_the_shipped_catalogue_is_whole_in_both_languages_and_its_files_read_back_the_same() -> None:
    """config/catalogue.yaml is what a new installation starts with and the municipality's to change: valid,
    every factor in English too, and the Excel and YAML files an administrator downloads read back as the same
    version (the tests' own catalogue, tests/catalogue.yaml, is checked throughout the rest)."""
    shipped = load_catalogue(SHIPPED_CATALOGUE_PATH)
    assert all(factor.text.sv and factor.text.en for factor in shipped.factors())
    assert read_catalogue_yaml(catalogue_yaml(shipped), source="a.yaml").version == shipped.version
    assert catalogue_from_upload("katalog", catalogue_workbook(shipped), max_bytes=5_000_000).version == (
        shipped.version
    )
