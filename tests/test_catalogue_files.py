"""The catalogue as files: the workbook and the YAML an administrator downloads, edits and uploads.

What holds: the default catalogue survives workbook → catalogue and YAML → catalogue with every field and even
its version (config/catalogue.yaml is written in the one form both writers use: every text with English as
sv/en, `required` on every form field); a second round trip is a fixpoint. The workbook is read back by
openpyxl, a second implementation, cell by cell. Edits made in another program give problems that name
sheet, row and column, in both languages. Hostile uploads are refused before anything large is parsed.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import openpyxl
import pytest
import yaml

import services.catalogue_files as files
import services.upload_checks as upload_checks
from domain.catalogue import (
    Catalogue,
    CatalogueError,
    Cell,
    Department,
    Problem,
    Unit,
    read_catalogue_yaml,
)
from services.catalogue_files import (
    catalogue_from_upload,
    catalogue_from_workbook,
    catalogue_workbook,
    catalogue_yaml,
)
from tests.conftest import CATALOGUE_PATH
from texts import Texts
from texts.problems import catalogue_problem

MB = 1_000_000
SHEET_ORDER = [
    "Instruktioner", "Kommun", "Skala", "Perioder", "Förvaltningar", "Enheter", "Perspektiv", "Faktorer",
    "Verksamhetstyper", "Erbjudanden", "Formulärfält",
]  # fmt: skip


def problems_of(call: Callable[[], Any]) -> list[Problem]:
    with pytest.raises(CatalogueError) as raised:
        call()
    return raised.value.problems


def edited(catalogue: Catalogue, edit: Callable[[Any], None]) -> bytes:
    """The downloaded workbook, changed and saved by openpyxl as another program would."""
    book = openpyxl.load_workbook(io.BytesIO(catalogue_workbook(catalogue, ["Läs mig"])))
    edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def said(problem: Problem) -> tuple[str, str]:
    return catalogue_problem(Texts("sv"), problem), catalogue_problem(Texts("en"), problem)


def read(data: bytes) -> Catalogue:
    return catalogue_from_workbook(data, source="katalog.xlsx")


# --- round trips --------------------------------------------------------------------------------------------


def test_the_workbook_gives_back_the_catalogue_with_every_field(catalogue: Catalogue) -> None:
    back = read(catalogue_workbook(catalogue, ["Instruktion"]))
    assert dataclasses.replace(back, source=catalogue.source, version=catalogue.version) == catalogue
    assert back.version == catalogue.version  # the default file is in the workbook's one written form
    again = read(catalogue_workbook(back))
    assert again.version == back.version and again == back  # a fixpoint


def test_a_catalogue_without_english_or_descriptions_survives_too(catalogue: Catalogue) -> None:
    """The short forms: a text in Swedish only, a perspective without description, a field not required."""
    document = files.catalogue_document(catalogue)
    for perspective in document["perspectives"]:
        perspective["name"] = perspective["name"]["sv"]
        perspective.pop("description")
        for factor in perspective["factors"]:
            factor["text"] = factor["text"]["sv"]
    document["offerings"][0]["fields"][0]["required"] = False
    short = read_catalogue_yaml(yaml.safe_dump(document, allow_unicode=True), source="kort.yaml")
    back = read(catalogue_workbook(short))
    assert back.version == short.version
    assert back.perspectives[0].description is None and back.perspectives[0].name.en is None
    assert back.offerings[0].fields[0].required is False


def test_the_yaml_reads_back_as_the_default_catalogue(catalogue: Catalogue) -> None:
    text = catalogue_yaml(catalogue, ["Kvalitetslotsens katalog", "två\nrader"])
    assert text.startswith("# Kvalitetslotsens katalog\n# två\n# rader\n\nmunicipality: Sjöviks kommun\n")
    assert "Målgruppsperspektiv" in text and "\\u" not in text  # readable, not escaped
    assert "&" not in text and "*id" not in text  # no anchors: the reader refuses them
    top = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    assert top == ["municipality", "scale", "periods", "organisation", "perspectives", "unit_types", "offerings"]
    assert text.index("  - key: malgrupp\n    name:") < text.index("    description:") < text.index("    factors:")
    back = read_catalogue_yaml(text, source="katalog.yaml")
    assert back.version == catalogue.version  # the same form as config/catalogue.yaml, so the same version
    assert read_catalogue_yaml(catalogue_yaml(back), source="igen.yaml").version == back.version


def test_the_formats_agree_with_each_other(catalogue: Catalogue) -> None:
    from_yaml = read_catalogue_yaml(catalogue_yaml(catalogue), source="a.yaml")
    assert read(catalogue_workbook(from_yaml)).version == from_yaml.version


# --- the workbook as another implementation reads it --------------------------------------------------------


def names(period: Any) -> tuple[str | None, str | None]:
    return (period.name.sv, period.name.en) if period.name else (None, None)


def test_openpyxl_reads_the_written_workbook_cell_by_cell(catalogue: Catalogue) -> None:
    book = openpyxl.load_workbook(io.BytesIO(catalogue_workbook(catalogue, ["Rad ett", "Rad två"])))
    assert book.sheetnames == SHEET_ORDER

    def values(sheet: str) -> list[list[Any]]:
        return [list(row) for row in book[sheet].iter_rows(values_only=True)]

    assert values("Instruktioner") == [["Instruktioner"], ["Rad ett"], ["Rad två"]]
    assert values("Kommun") == [["namn"], ["Sjöviks kommun"]]
    assert values("Skala") == [
        ["värde", "etikett_sv", "etikett_en", "svag"],  # svag empty: the catalogue leaves the default
        *([s.value, s.label.sv, s.label.en, None] for s in catalogue.scale.steps),
        ["ej aktuellt", "Ej aktuellt", "Not applicable", None],
    ]
    midnight = datetime.min.time()
    assert values("Perioder") == [
        ["nyckel", "börjar", "slutar", "namn_sv", "namn_en", "sista_dag", "dagar_efter_slut"],
        *(
            [p.key, datetime.combine(p.starts, midnight), datetime.combine(p.ends, midnight), *names(p), None, None]
            for p in catalogue.periods  # last day and days after the end: none, so empty
        ),
    ]
    assert book["Perioder"]["B2"].number_format == "yyyy-mm-dd" and book["Perioder"]["B2"].is_date
    assert values("Förvaltningar") == [["nyckel", "namn"], *([d.key, d.name] for d in catalogue.departments)]
    assert values("Enheter")[:2] == [
        ["förvaltning", "nyckel", "namn", "verksamhetstyp"],
        ["sof", "sof-hemtjanst-norr", "Hemtjänst Norr", None],  # no type: empty
    ]
    assert ["sbf", "sbf-va", "Vatten och avlopp", "va"] in values("Enheter")
    assert len(values("Enheter")) == 1 + len(list(catalogue.units()))
    first = catalogue.perspectives[0]
    assert values("Perspektiv")[:2] == [
        ["nyckel", "namn_sv", "namn_en", "beskrivning_sv", "beskrivning_en"],
        [first.key, first.name.sv, first.name.en, first.description.sv, first.description.en],  # type: ignore[union-attr]
    ]
    factor = first.factors[1]
    assert values("Faktorer")[2] == ["malgrupp", factor.key, factor.text.sv, factor.text.en, None]  # common
    assert len(values("Faktorer")) == 1 + len(list(catalogue.factors()))
    typed = catalogue.unit_types[-1].factors[-1]
    assert values("Faktorer")[-1] == ["ekonomi", typed.key, typed.text.sv, typed.text.en, "va"]
    assert values("Verksamhetstyper") == [
        ["nyckel", "namn_sv", "namn_en"],
        ["forskola", "Förskola", "Preschool"],
        ["va", "Vatten och avlopp", "Water and sewerage"],
    ]
    assert [row[0] for row in values("Erbjudanden")[1:]] == [o.key for o in catalogue.offerings]
    assert values("Formulärfält") == [
        ["erbjudande", "nyckel", "typ", "etikett_sv", "etikett_en", "obligatorisk", "min", "max", "max_längd"],
        ["utbildning", "participants", "number", "Antal deltagare", "Number of participants", "ja", 1, 200, None],
        ["utbildning", "target_group", "text", "Vilka ska gå utbildningen?", "Who will attend the training?", "ja",
         None, None, 200],
        ["processkartlaggning", "process", "text", "Vilken process gäller det?", "Which process is it?", "ja",
         None, None, 200],
        ["informationssakerhet", "need", "text", "Vad vill ni ha hjälp med?", "What do you need help with?", "ja",
         None, None, 300],
        ["informationssakerhet", "participants", "number", "Antal medarbetare, om ni vill ha utbildning",
         "Number of employees, if you want training", "nej", 1, 200, None],
    ]  # fmt: skip
    for name in SHEET_ORDER[1:]:
        sheet = book[name]
        assert sheet.freeze_panes == "A2", name
        assert all(cell.font.b for cell in sheet[1]), name
        header_width = len(str(sheet["A1"].value))
        assert sheet.column_dimensions["A"].width >= header_width, name
    longest = max(len(f.text.sv) for f in catalogue.factors())
    assert book["Faktorer"].column_dimensions["C"].width >= min(80, longest)


def test_text_that_looks_like_a_formula_stays_text(catalogue: Catalogue) -> None:
    renamed = dataclasses.replace(catalogue, municipality='=HYPERLINK("http://x")')
    book = openpyxl.load_workbook(io.BytesIO(catalogue_workbook(renamed)))
    assert book["Kommun"]["A2"].data_type == "s"
    assert read(catalogue_workbook(renamed)).municipality == '=HYPERLINK("http://x")'


# --- edited workbooks ---------------------------------------------------------------------------------------


def test_a_reworded_factor_and_a_new_unit_are_read(catalogue: Catalogue) -> None:
    def edit(book: Any) -> None:
        book["Faktorer"]["C2"] = "  De vi är till för möts med respekt  "
        book["Enheter"].append(["sbf", "sbf-kart", "Kart och mät"])
        book["Enheter"].insert_rows(3)  # a blank row in the middle

    changed = read(edited(catalogue, edit))
    assert changed.factor("malgrupp-bemotande").text.sv == "De vi är till för möts med respekt"  # type: ignore[union-attr]
    assert changed.factor("malgrupp-bemotande").text.en == catalogue.perspectives[0].factors[0].text.en  # type: ignore[union-attr]
    assert [u.key for u in changed.department("sbf").units][-1] == "sbf-kart"  # type: ignore[union-attr]
    assert changed.unit("sbf-kart") == Unit("sbf-kart", "Kart och mät", "sbf")
    assert changed.version != catalogue.version
    assert [u.key for u in changed.units()][:-1] == [u.key for u in catalogue.units()]


def test_what_people_type_in_a_spreadsheet_is_understood(catalogue: Catalogue) -> None:
    def edit(book: Any) -> None:
        fields = book["Formulärfält"]
        fields["F2"], fields["G2"], fields["H2"] = "X", 1.0, "200"  # x for yes, 1.0 and "200" as whole numbers
        fields["F3"] = None  # empty: not required
        fields["F4"] = True  # Excel's TRUE
        book["Perioder"]["B2"] = " 2026-01-01 "  # a date as ISO text
        for sheet, column in (("Perspektiv", "C"), ("Perspektiv", "E"), ("Faktorer", "D")):
            for row in book[sheet].iter_rows(min_row=2):
                row[openpyxl.utils.column_index_from_string(column) - 1].value = None  # Swedish only
        book["Skala"].delete_cols(3)  # the optional English column left out altogether

    changed = read(edited(catalogue, edit))
    first, second = changed.offerings[0].fields
    assert (first.required, first.minimum, first.maximum) == (True, 1, 200)
    assert second.required is False
    assert changed.offerings[1].fields[0].required is True
    assert changed.periods[0].starts == date(2026, 1, 1)
    assert changed.perspectives[0].name.en is None and changed.perspectives[0].description.en is None  # type: ignore[union-attr]
    assert changed.factors().__next__().text.en is None
    assert changed.scale.steps[0].label.en is None and changed.scale.not_applicable.en is None
    assert changed.source["perspectives"][0]["name"] == "Målgruppsperspektiv"  # the YAML's short form


def test_a_broken_date_is_named_by_its_cell_in_both_languages(catalogue: Catalogue) -> None:
    data = edited(catalogue, lambda book: book["Perioder"].__setitem__("C3", "31 december"))
    [problem] = problems_of(lambda: read(data))
    assert (problem.code, problem.place) == ("not_date", Cell("Perioder", 3, "C"))
    assert said(problem) == (
        "Bladet Perioder, rad 3, kolumn C: här ska det stå ett datum (ÅÅÅÅ-MM-DD).",
        "Sheet Perioder, row 3, column C: a date (YYYY-MM-DD) belongs here.",
    )


def test_a_duplicate_key_is_named_by_its_cell(catalogue: Catalogue) -> None:
    data = edited(catalogue, lambda book: book["Enheter"].append(["bou", "sof-ifo", "Dubblett"]))
    [problem] = problems_of(lambda: read(data))
    assert (problem.code, problem.place) == ("duplicate", Cell("Enheter", 12, "B"))
    assert said(problem) == (
        "Bladet Enheter, rad 12, kolumn B: nyckeln sof-ifo används mer än en gång.",
        "Sheet Enheter, row 12, column B: the key sof-ifo is used more than once.",
    )


def test_a_missing_sheet_is_named(catalogue: Catalogue) -> None:
    data = edited(catalogue, lambda book: book.remove(book["Enheter"]))
    [problem] = problems_of(lambda: read(data))
    assert (problem.code, problem.params, problem.place) == ("missing_sheet", {"sheet": "Enheter"}, None)
    assert said(problem) == (
        "Bladet Enheter saknas. Lägg tillbaka det med samma namn som i filen du laddade ner.",
        "The sheet Enheter is missing. Put it back with the same name as in the file you downloaded.",
    )


def test_a_missing_and_a_misspelt_column_are_named(catalogue: Catalogue) -> None:
    def edit(book: Any) -> None:
        book["Enheter"].delete_cols(3, 2)  # namn, and verksamhetstyp (optional: not missed)
        book["Faktorer"]["D1"] = "text_eng"

    problems = problems_of(lambda: read(edited(catalogue, edit)))
    assert [(p.code, p.params, p.place) for p in problems] == [
        ("missing_column", {"sheet": "Enheter", "column": "namn"}, Cell("Enheter", 1, "C")),
        ("unknown_column", {"sheet": "Faktorer", "column": "text_eng"}, Cell("Faktorer", 1, "D")),
    ]
    assert said(problems[0]) == (
        "Bladet Enheter, rad 1, kolumn C: kolumnen namn saknas på bladet Enheter. Skriv kolumnernas namn på rad 1 "
        "som i filen du laddade ner.",
        "Sheet Enheter, row 1, column C: the column namn is missing on the sheet Enheter. Name the columns in row 1 "
        "as in the file you downloaded.",
    )


def test_a_unit_of_an_unknown_förvaltning_is_named(catalogue: Catalogue) -> None:
    data = edited(catalogue, lambda book: book["Enheter"].__setitem__("A3", "sox"))
    [problem] = problems_of(lambda: read(data))
    assert (problem.code, problem.place) == ("unknown_reference", Cell("Enheter", 3, "A"))
    assert said(problem) == (
        "Bladet Enheter, rad 3, kolumn A: sox finns inte på bladet Förvaltningar. Kontrollera stavningen eller "
        "lägg till det där.",
        "Sheet Enheter, row 3, column A: sox is not on the sheet Förvaltningar. Check the spelling or add it there.",
    )


def test_a_bad_obligatorisk_value_is_named(catalogue: Catalogue) -> None:
    data = edited(catalogue, lambda book: book["Formulärfält"].__setitem__("F3", "kanske"))
    [problem] = problems_of(lambda: read(data))
    assert (problem.code, problem.place) == ("not_boolean", Cell("Formulärfält", 3, "F"))
    assert said(problem)[0] == "Bladet Formulärfält, rad 3, kolumn F: här ska det stå ja eller nej."


def test_every_problem_of_an_edited_file_at_once(catalogue: Catalogue) -> None:
    def edit(book: Any) -> None:
        book["Faktorer"]["A5"] = "malgrup"  # the factor is dropped, so malgrupp has 4 left: still valid
        book["Förvaltningar"]["B3"] = None  # a required name emptied
        book["Erbjudanden"]["A3"] = "Stöd"  # not a key
        book["Perioder"]["B4"] = "=DATE(2027,1,1)"  # a formula openpyxl saves without a value
        book["Enheter"]["C2"] = "#N/A"  # an error value

    problems = problems_of(lambda: read(edited(catalogue, edit)))
    assert {(p.code, p.place) for p in problems} == {
        ("unknown_reference", Cell("Faktorer", 5, "A")),
        ("unknown_reference", Cell("Formulärfält", 4, "A")),  # its offering's key is now the wrong one
        ("cell_error", Cell("Enheter", 2, "C")),
        ("missing", Cell("Förvaltningar", 3, "B")),
        ("bad_key", Cell("Erbjudanden", 3, "A")),
        ("missing", Cell("Perioder", 4, "B")),
    }
    for problem in problems:
        sv, en = said(problem)
        assert sv.startswith(f"Bladet {problem.place.sheet}, rad ")  # type: ignore[union-attr]
        assert en.startswith(f"Sheet {problem.place.sheet}, row ")  # type: ignore[union-attr]


def test_an_empty_required_row_value_and_a_department_without_units(catalogue: Catalogue) -> None:
    def edit(book: Any) -> None:
        book["Förvaltningar"].append(["ny", "Ny förvaltning"])
        book["Kommun"]["A2"] = "   "

    problems = problems_of(lambda: read(edited(catalogue, edit)))
    assert [(p.code, p.place) for p in problems] == [
        ("not_text", Cell("Kommun", 2, "A")),
        ("too_few", Cell("Förvaltningar", 5, "A")),
    ]


# --- uploads, and hostile ones ------------------------------------------------------------------------------


def upload(data: bytes, name: str = "katalog", max_bytes: int = 5 * MB) -> Catalogue:
    return catalogue_from_upload(name, data, max_bytes=max_bytes)


def refused(data: bytes, name: str = "katalog", max_bytes: int = 5 * MB) -> str:
    [problem] = problems_of(lambda: upload(data, name, max_bytes))
    said(problem)  # every code has its texts
    return problem.code


def test_an_upload_is_told_by_its_content_not_its_name(catalogue: Catalogue) -> None:
    assert upload(catalogue_workbook(catalogue), "katalog.yaml").version == catalogue.version
    assert upload(catalogue_yaml(catalogue).encode(), "katalog.xlsx").version == catalogue.version
    with_bom = CATALOGUE_PATH.read_text(encoding="utf-8").encode("utf-8-sig")
    assert upload(with_bom).version == catalogue.version


def test_a_file_too_large_is_refused_before_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(files, "read_catalogue_yaml", never)
    monkeypatch.setattr(files, "catalogue_from_workbook", never)
    assert refused(b"a: b\n" * (2 * MB), max_bytes=5 * MB) == "too_large"  # 10 MB
    [problem] = problems_of(lambda: upload(b"PK\x03\x04" + bytes(10 * MB), max_bytes=5 * MB))
    assert said(problem)[0] == "Filen är för stor. Den får vara högst 5 MB."


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it(catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("opened")

    monkeypatch.setattr(openpyxl, "load_workbook", never)

    def bomb(size: int) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
                for _ in range(size // MB):
                    entry.write(b"0" * MB)
        return out.getvalue()

    large = bomb(60 * MB)
    assert len(large) < 100_000
    assert refused(large) == "workbook_too_large"  # more than 50 MB unpacked
    assert refused(bomb(20 * MB)) == "workbook_too_large"  # under 50 MB, but a thousand times its packed size
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as archive:
        for index in range(upload_checks.MAX_ZIP_ENTRIES + 1):
            archive.writestr(f"x{index}.xml", "")
    assert refused(many.getvalue()) == "workbook_too_large"


def test_a_workbook_with_a_dtd_is_refused(catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    """Entities ("billion laughs") need a DTD, which no workbook has: refused before openpyxl parses XML."""
    opened = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *args, **kwargs: opened.append(1))
    source = zipfile.ZipFile(io.BytesIO(catalogue_workbook(catalogue)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "xl/sharedStrings.xml" or entry.filename.endswith("sheet1.xml"):
                laughs = b'<!DOCTYPE x [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                content = content.replace(b"?>", b"?>" + laughs, 1)
            archive.writestr(entry, content)
    assert refused(out.getvalue()) == "not_xlsx"
    assert opened == []


def test_broken_and_foreign_files_are_refused(catalogue: Catalogue) -> None:
    workbook = catalogue_workbook(catalogue)
    assert refused(workbook[: len(workbook) // 2]) == "not_xlsx"  # cut short
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert refused(other.getvalue()) == "not_xlsx"  # a zip, but no workbook
    assert refused(bytes(range(256)) * 40) == "unknown_file"  # a binary file
    assert refused(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100)) == "unknown_file"
    assert refused(files.OLE_MAGIC + bytes(600)) == "old_excel"  # .xls, or a workbook with a password
    assert refused(b"- just\n- a list\n") == "not_mapping"


def test_text_in_other_encodings_is_refused_as_such() -> None:
    text = CATALOGUE_PATH.read_text(encoding="utf-8")
    assert refused(text.encode("utf-16")) == "not_utf8"
    assert refused(text.encode("utf-16-le")) == "not_utf8"  # no byte order mark
    assert refused(text.encode("cp1252")) == "not_utf8"


def test_yaml_aliases_and_deep_nesting_are_refused() -> None:
    laughs = 'a: &a ["ha","ha"]\nb: &b [*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b]\n'
    assert refused(laughs.encode()) == "yaml_alias"
    assert refused(("[" * 50_000 + "]" * 50_000).encode()) == "not_yaml"


def test_a_sheet_with_100k_rows_is_refused_without_reading_them_all(catalogue: Catalogue) -> None:
    many = tuple(Unit(f"sof-{index}", f"Enhet {index}", "sof") for index in range(100_000))
    department = dataclasses.replace(catalogue.departments[0], units=many)
    huge = dataclasses.replace(catalogue, departments=(department, *catalogue.departments[1:]))
    data = catalogue_workbook(huge)
    [problem] = problems_of(lambda: upload(data, max_bytes=20 * MB))
    assert (problem.code, problem.place) == ("too_many_rows", Cell("Enheter", files.MAX_ROWS + 2, "A"))
    assert said(problem)[1] == f"Sheet Enheter, row {files.MAX_ROWS + 2}, column A: the sheet Enheter may have at " \
        f"most {files.MAX_ROWS} rows."  # fmt: skip


def test_a_row_far_down_is_not_searched_for(catalogue: Catalogue) -> None:
    """A cell at row 1,000,000 would make openpyxl yield every empty row before it: reading stops at the cap."""
    data = edited(catalogue, lambda book: book["Enheter"].__setitem__("A1000000", "sof"))
    [problem] = problems_of(lambda: read(data))
    assert problem.code == "too_many_rows"


def test_nothing_of_a_file_is_logged(catalogue: Catalogue, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    data = edited(catalogue, lambda book: book["Enheter"].__setitem__("C3", "Hemlig enhet"))
    read(data)
    problems_of(lambda: upload(b"\x00secret" * 100))
    problems_of(lambda: read(edited(catalogue, lambda book: book["Enheter"].__setitem__("A3", "hemlig"))))
    assert caplog.records == []


def test_a_catalogue_of_300_units_goes_both_ways(catalogue: Catalogue) -> None:
    departments = tuple(
        Department(f"f{d}", f"Förvaltning {d}", tuple(Unit(f"f{d}-e{u}", f"Enhet {u}", f"f{d}") for u in range(30)))
        for d in range(10)
    )
    document = files.catalogue_document(dataclasses.replace(catalogue, departments=departments))
    for index, perspective in enumerate(document["perspectives"]):  # 6 factors each, the parser's most
        perspective["factors"] = [{"key": f"p{index}-f{f}", "text": f"Faktor {f}"} for f in range(6)]
    big = read_catalogue_yaml(yaml.safe_dump(document, allow_unicode=True), source="stor.yaml")
    assert len(list(big.units())) == 300
    assert read(catalogue_workbook(big)).version == big.version


def test_yaml_with_far_more_than_a_catalogue_is_refused_before_it_is_validated() -> None:
    many = "organisation:\n" + "".join(f"  - key: f{n}\n    name: F\n    units: []\n" for n in range(30_000))
    assert refused(many.encode(), max_bytes=5 * MB) == "yaml_too_large"


# --- the weak threshold (scale.weak_at_or_below; the Skala sheet's column svag) -------------------------------


def with_threshold(catalogue: Catalogue, value: Any) -> Catalogue:
    document = files.catalogue_document(catalogue)
    document["scale"]["weak_at_or_below"] = value
    return read_catalogue_yaml(yaml.safe_dump(document, allow_unicode=True), source="katalog.yaml")


def test_the_weak_threshold_goes_through_both_files_and_the_default_is_written_as_nothing(
    catalogue: Catalogue,
) -> None:
    assert catalogue.scale.weak_at_or_below is None and catalogue.scale.weak_threshold == 2  # 1–4: at 2 or lower
    assert "weak_at_or_below" not in catalogue_yaml(catalogue)  # the default keeps the catalogue's version
    strict = with_threshold(catalogue, 1)
    assert strict.scale.weak_threshold == 1 and strict.version != catalogue.version
    assert "  weak_at_or_below: 1\n" in catalogue_yaml(strict)
    from_yaml = read_catalogue_yaml(catalogue_yaml(strict), source="katalog.yaml")
    from_workbook = read(catalogue_workbook(strict))
    assert from_yaml.scale == from_workbook.scale == strict.scale
    assert from_yaml.version == from_workbook.version == strict.version
    book = openpyxl.load_workbook(io.BytesIO(catalogue_workbook(strict)))
    assert [row[3] for row in book["Skala"].iter_rows(values_only=True)] == ["svag", "ja", "nej", "nej", "nej", None]


def test_a_workbook_marks_the_weak_values_in_the_column_svag_or_leaves_it_out(catalogue: Catalogue) -> None:
    def mark(*marks: str | None) -> Callable[[Any], None]:
        def edit(book: Any) -> None:
            for row, value in enumerate(marks, start=2):
                book["Skala"][f"D{row}"] = value

        return edit

    assert read(edited(catalogue, mark("Ja", "ja", "nej", None))).scale.weak_at_or_below == 2
    assert read(edited(catalogue, mark("x", None, None, None))).scale.weak_at_or_below == 1

    def without_column(book: Any) -> None:
        book["Skala"].delete_cols(4)

    assert read(edited(catalogue, without_column)).version == catalogue.version  # an older workbook


@pytest.mark.parametrize(
    ("marks", "sv", "en"),
    [
        (("ja", "nej", "ja", "nej"), "inga nej får stå mellan två ja", "no nej may stand between two ja"),
        (("nej", "nej", "nej", "nej"), "Minst ett värde ska vara ja", "At least one value must be ja"),
        (("ja", "ja", "ja", "ja"), "utom det högsta: 1, 2, 3", "except the highest: 1, 2, 3"),
        (("kanske", None, None, None), "ja eller nej", "yes or no"),
    ],
)
def test_a_workbook_with_a_wrong_weak_column_is_refused_naming_the_cell(
    catalogue: Catalogue, marks: tuple[str | None, ...], sv: str, en: str
) -> None:
    def edit(book: Any) -> None:
        for row, value in enumerate(marks, start=2):
            book["Skala"][f"D{row}"] = value

    problems = problems_of(lambda: read(edited(catalogue, edit)))
    assert len(problems) == 1
    swedish, english = said(problems[0])
    assert swedish.startswith("Bladet Skala, rad ") and sv in swedish
    assert english.startswith("Sheet Skala, row ") and en in english


@pytest.mark.parametrize("value", [4, 0, 2.5, "två", True])
def test_a_yaml_file_with_a_wrong_weak_threshold_is_refused_in_both_languages(catalogue: Catalogue, value: Any) -> None:
    problems = problems_of(lambda: with_threshold(catalogue, value))
    assert [p.path for p in problems] == ["scale.weak_at_or_below"]
    swedish, english = said(problems[0])
    assert "gränsen för låg bedömning (weak_at_or_below) ska vara ett av skalans värden utom det högsta: 1, 2, 3" in (
        swedish
    )
    assert "the limit for a low rating (weak_at_or_below) must be one of the scale's values except the highest" in (
        english
    )
