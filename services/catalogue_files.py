"""The catalogue as files an administrator downloads, edits and uploads: an Excel workbook and YAML.

The workbook has one sheet per list, in the YAML file's order, each with its column names in row 1 (the file
format, fixed and Swedish; docs/administration.md describes it):

    Instruktioner   optional, first: the caller's lines; never read back
    Kommun          namn                                      (one row)
    Skala           värde, etikett_sv, etikett_en, svag       (a row with värde "ej aktuellt" for not applicable;
                                                              svag "ja" on the lowest values the summary lists
                                                              as weak, all empty: the default)
    Perioder        nyckel, börjar, slutar, namn_sv, namn_en, sista_dag, dagar_efter_slut
    Förvaltningar   nyckel, namn
    Enheter         förvaltning, nyckel, namn, verksamhetstyp
    Perspektiv      nyckel, namn_sv, namn_en, beskrivning_sv, beskrivning_en
    Faktorer        perspektiv, nyckel, text_sv, text_en, verksamhetstyp
    Verksamhetstyper nyckel, namn_sv, namn_en                (optional sheet)
    Erbjudanden     nyckel, namn_sv, namn_en, beskrivning_sv, beskrivning_en
    Formulärfält    erbjudande, nyckel, typ, etikett_sv, etikett_en, obligatorisk, min, max, max_längd

A row's order on its sheet is its order in the catalogue; a unit, factor or form field names its förvaltning,
perspective or offering by key. An empty verksamhetstyp is a unit without a type, or a common factor; a factor
with one belongs to that type (the YAML file's unit_types) under the perspective its row names. Reading builds
the same document as the YAML file and validates it with the catalogue's own parser, with every path mapped to
its cell, so each problem names sheet, row and column.

An upload is untrusted: its size is checked before anything is parsed, a workbook's zip entries (count,
unpacked size, compression ratio, no DTDs: services/upload_checks.py, shared with the list of unit managers)
before openpyxl opens it, and each sheet is read only so far.
Nothing is evaluated: formulas count by the value Excel saved with them, external links are not loaded.
Nothing of a file's content is logged; problems carry codes that the caller says in the reader's language.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

import yaml
from openpyxl.utils import get_column_letter
from rustpy_xlsxwriter import write_worksheets

from domain.catalogue import (
    TOP_LEVEL,
    Catalogue,
    CatalogueError,
    Cell,
    LocalText,
    Problem,
    parse_catalogue,
    read_catalogue_yaml,
)
from services.upload_checks import OLE_MAGIC, ZIP_MAGIC, Refused, open_workbook, other_encoding, size_text

INSTRUCTIONS = "Instruktioner"
NOT_APPLICABLE = "ej aktuellt"  # the Skala row that holds the "not applicable" label
YES = ("ja", "true", "x")
NO = ("nej", "false")
MAX_ROWS = 5000  # data rows per sheet (rows 2–5001); a catalogue of 300 units uses a few hundred
MAX_COLUMNS = 30  # columns read per row; a sheet has at most 9 of its own
_INTEGER = re.compile(r"^[+-]?\d{1,9}$")
WIDTH_MIN, WIDTH_MAX = 10, 80
MAX_YAML_DEPTH = 20  # a catalogue nests 6 deep (offerings, an offering, its fields, a field, its label)
MAX_YAML_EVENTS = 50_000  # values, lists and mappings; a catalogue of 300 units and 24 factors has about 2,500


@dataclass(frozen=True)
class Sheet:
    """A sheet of the file format: its name and columns; `optional` columns may be left out of a workbook, and
    a sheet not `required` too (it then has no rows)."""

    name: str
    columns: tuple[str, ...]
    optional: frozenset[str] = frozenset()
    required: bool = True


MUNICIPALITY = Sheet("Kommun", ("namn",))
SCALE = Sheet("Skala", ("värde", "etikett_sv", "etikett_en", "svag"), frozenset({"etikett_en", "svag"}))
PERIODS = Sheet(
    "Perioder",
    ("nyckel", "börjar", "slutar", "namn_sv", "namn_en", "sista_dag", "dagar_efter_slut"),
    frozenset({"namn_sv", "namn_en", "sista_dag", "dagar_efter_slut"}),  # added later: older workbooks lack them
)
DEPARTMENTS = Sheet("Förvaltningar", ("nyckel", "namn"))
UNITS = Sheet("Enheter", ("förvaltning", "nyckel", "namn", "verksamhetstyp"), frozenset({"verksamhetstyp"}))
PERSPECTIVES = Sheet(
    "Perspektiv",
    ("nyckel", "namn_sv", "namn_en", "beskrivning_sv", "beskrivning_en"),
    frozenset({"namn_en", "beskrivning_sv", "beskrivning_en"}),
)
FACTORS = Sheet(
    "Faktorer",
    ("perspektiv", "nyckel", "text_sv", "text_en", "verksamhetstyp"),
    frozenset({"text_en", "verksamhetstyp"}),  # verksamhetstyp, and the sheet Verksamhetstyper, came later
)
UNIT_TYPES = Sheet("Verksamhetstyper", ("nyckel", "namn_sv", "namn_en"), frozenset({"namn_en"}), required=False)
OFFERINGS = Sheet(
    "Erbjudanden",
    ("nyckel", "namn_sv", "namn_en", "beskrivning_sv", "beskrivning_en"),
    frozenset({"namn_en", "beskrivning_en"}),
)
FIELDS = Sheet(
    "Formulärfält",
    ("erbjudande", "nyckel", "typ", "etikett_sv", "etikett_en", "obligatorisk", "min", "max", "max_längd"),
    frozenset({"etikett_en"}),
)
SHEETS = (MUNICIPALITY, SCALE, PERIODS, DEPARTMENTS, UNITS, PERSPECTIVES, FACTORS, UNIT_TYPES, OFFERINGS, FIELDS)
_INTEGER_COLUMNS = {"värde", "min", "max", "max_längd", "dagar_efter_slut"}
_DATE_COLUMNS = {"börjar", "slutar", "sista_dag"}


# --- writing -------------------------------------------------------------------------------------------------


def catalogue_workbook(catalogue: Catalogue, instructions: Sequence[str] = ()) -> bytes:
    """The catalogue as an .xlsx: one sheet per list, header bold and frozen, columns wide enough, dates as
    dates; with `instructions`, a first sheet "Instruktioner" holding those lines (the caller's language)."""
    tables: list[tuple[str, list[dict[str, Any]]]] = []
    if instructions:
        tables.append((INSTRUCTIONS, [{INSTRUCTIONS: line} for line in instructions]))
    for sheet, rows in zip(SHEETS, _rows(catalogue), strict=True):
        tables.append((sheet.name, [dict(zip(sheet.columns, row, strict=True)) for row in rows]))
    widths = {name: _widths(records) for name, records in tables}
    freeze = {"general": {"row": 1, "col": 0}} | ({INSTRUCTIONS: {"row": 0, "col": 0}} if instructions else {})
    buffer = io.BytesIO()
    write_worksheets(
        # A sheet without rows gets a row of nothing, so its header is still written.
        [(name, records or [dict.fromkeys(_header(name))]) for name, records in tables],
        buffer,
        freeze_panes=freeze,
        bold_headers=True,
        datetime_format="yyyy-mm-dd",
        column_widths=widths,
    )
    return buffer.getvalue()


def _header(name: str) -> tuple[str, ...]:
    return next(sheet.columns for sheet in SHEETS if sheet.name == name)


def _rows(catalogue: Catalogue) -> Iterator[list[tuple[Any, ...]]]:
    """Each sheet's rows, in SHEETS' order."""
    yield [(catalogue.municipality,)]
    weak = catalogue.scale.weak_at_or_below  # written only when the catalogue says it, so the default stays one
    scale = [(step.value, *_pair(step.label), _weak_cell(step.value, weak)) for step in catalogue.scale.steps]
    yield [*scale, (NOT_APPLICABLE, *_pair(catalogue.scale.not_applicable), None)]
    yield [
        (p.key, p.starts, p.ends, *_pair(p.name), p.last_day, p.grace_days or None)  # 0 days: an empty cell
        for p in catalogue.periods
    ]
    yield [(department.key, department.name) for department in catalogue.departments]
    yield [(unit.department_key, unit.key, unit.name, unit.unit_type) for unit in catalogue.units()]
    yield [(p.key, *_pair(p.name), *_pair(p.description)) for p in catalogue.perspectives]
    yield [(f.perspective_key, f.key, *_pair(f.text), f.unit_type) for f in catalogue.factors()]  # common first
    yield [(unit_type.key, *_pair(unit_type.name)) for unit_type in catalogue.unit_types]
    yield [(o.key, *_pair(o.name), *_pair(o.description)) for o in catalogue.offerings]
    yield [
        (
            offering.key,
            f.key,
            f.type,
            *_pair(f.label),
            "ja" if f.required else "nej",
            f.minimum,
            f.maximum,
            f.max_length,
        )
        for offering in catalogue.offerings
        for f in offering.fields
    ]


def _weak_cell(value: int, weak_at_or_below: int | None) -> str | None:
    if weak_at_or_below is None:
        return None
    return "ja" if value <= weak_at_or_below else "nej"


def _pair(text: LocalText | None) -> tuple[str | None, str | None]:
    return (text.sv, text.en) if text else (None, None)


def _widths(records: list[dict[str, Any]]) -> list[float]:
    if not records:
        return []
    columns = list(records[0])
    longest = [len(name) for name in columns]
    for record in records:
        for index, value in enumerate(record.values()):
            longest[index] = max(
                longest[index], len(value.isoformat() if isinstance(value, date) else str(value or ""))
            )
    return [float(min(WIDTH_MAX, max(WIDTH_MIN, length + 2))) for length in longest]


def catalogue_yaml(catalogue: Catalogue, header: Sequence[str] = ()) -> str:
    """The catalogue as YAML in config/catalogue.yaml's shape: keys in that file's order, texts as written
    (allow_unicode), a blank line between sections, `header` as # comments on top."""
    document = catalogue_document(catalogue)
    comments = "".join(f"# {part}".rstrip() + "\n" for line in header for part in line.splitlines() or [""])
    sections = "\n".join(_dump({key: value}) for key, value in document.items())
    return f"{comments}\n{sections}" if comments else sections


def catalogue_document(catalogue: Catalogue) -> dict[str, Any]:
    """The catalogue as a document in its one written form: a text without English as a plain string, a
    description only when there is one, `required` on every form field, bounds only where set. The workbook
    reader builds this same form, so a catalogue read from either file has the version of the other."""

    def text(value: LocalText) -> str | dict[str, str]:
        return {"sv": value.sv, "en": value.en} if value.en else value.sv

    def form_field(f: Any) -> dict[str, Any]:
        bounds = {"min": f.minimum, "max": f.maximum, "max_length": f.max_length}
        head = {"key": f.key, "type": f.type, "label": text(f.label), "required": f.required}
        return head | {name: value for name, value in bounds.items() if value is not None}

    def perspective(p: Any) -> dict[str, Any]:
        described = {"description": text(p.description)} if p.description else {}
        factors = [{"key": f.key, "text": text(f.text)} for f in p.factors]
        return {"key": p.key, "name": text(p.name)} | described | {"factors": factors}

    def unit(u: Any) -> dict[str, Any]:
        return {"key": u.key, "name": u.name} | ({"type": u.unit_type} if u.unit_type else {})

    def unit_type(t: Any) -> dict[str, Any]:
        factors = [{"key": f.key, "perspective": f.perspective_key, "text": text(f.text)} for f in t.factors]
        return {"key": t.key, "name": text(t.name), "factors": factors}

    def period(p: Any) -> dict[str, Any]:
        named = {"name": text(p.name)} if p.name else {}
        last_day = {"last_day": p.last_day} if p.last_day else {}
        grace = {"grace_days": p.grace_days} if p.grace_days else {}
        return {"key": p.key} | named | {"starts": p.starts, "ends": p.ends} | last_day | grace

    scale = catalogue.scale
    # Only a catalogue with types has the section, so a catalogue without them keeps its version.
    unit_types = {"unit_types": [unit_type(t) for t in catalogue.unit_types]} if catalogue.unit_types else {}
    # The threshold only when the catalogue says it, so a catalogue leaving the default keeps its version.
    weak = {} if scale.weak_at_or_below is None else {"weak_at_or_below": scale.weak_at_or_below}
    return (
        {
            "municipality": catalogue.municipality,
            "scale": {
                "values": [{"value": step.value, "label": text(step.label)} for step in scale.steps],
                "not_applicable": {"label": text(scale.not_applicable)},
                **weak,
            },
            "periods": [period(p) for p in catalogue.periods],
            "organisation": [
                {"key": d.key, "name": d.name, "units": [unit(u) for u in d.units]} for d in catalogue.departments
            ],
            "perspectives": [perspective(p) for p in catalogue.perspectives],
        }
        | unit_types
        | {
            "offerings": [
                {
                    "key": o.key,
                    "name": text(o.name),
                    "description": text(o.description),
                    "fields": [form_field(f) for f in o.fields],
                }
                for o in catalogue.offerings
            ],
        }
    )


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # a list indented under its key, as config/catalogue.yaml writes it

    def ignore_aliases(self, data: Any) -> bool:
        return True  # a catalogue never has anchors: read_catalogue_yaml refuses them


def _dump(data: Mapping[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=120)


# --- reading an upload ---------------------------------------------------------------------------------------


def catalogue_from_upload(file_name: str, data: bytes, *, max_bytes: int) -> Catalogue:
    """An uploaded catalogue, told by its content: a zip is a workbook, anything else must be UTF-8 YAML.
    Raises CatalogueError with coded problems; `file_name` only names the source in them."""
    if len(data) > max_bytes:
        raise _refused(file_name, "too_large", size=size_text(max_bytes))
    if data.startswith(ZIP_MAGIC):
        return catalogue_from_workbook(data, source=file_name)
    if data.startswith(OLE_MAGIC):
        raise _refused(file_name, "old_excel")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refused(file_name, "not_utf8" if other_encoding(data) else "unknown_file") from None
    if "\x00" in text:
        raise _refused(file_name, "unknown_file")
    _check_yaml_shape(text, file_name)
    try:
        return read_catalogue_yaml(text, source=file_name)
    except RecursionError:  # PyYAML's composer recurses; _check_yaml_shape should have refused it first
        raise _refused(file_name, "not_yaml", detail="nesting") from None


def _check_yaml_shape(text: str, source: str) -> None:
    """Refuse YAML nested deeper or holding more than a catalogue ever does, before it is composed: PyYAML takes
    seconds for a few thousand "[" (its scanner is quadratic in the depth), its composer recurses, and the
    validator takes about 7 µs a value. The events come one at a time, so this stops at the first excess.
    A syntax error is left for read_catalogue_yaml to report."""
    depth = 0
    try:
        for count, event in enumerate(yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))):
            if count > MAX_YAML_EVENTS:
                raise _refused(source, "yaml_too_large")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    line = event.start_mark.line + 1 if event.start_mark else None
                    raise CatalogueError(source, [Problem(TOP_LEVEL, "not_yaml", {"detail": "nesting"}, line)])
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return


def _refused(source: str, code: str, **params: object) -> CatalogueError:
    return CatalogueError(source, [Problem(TOP_LEVEL, code, params)])


# --- reading a workbook --------------------------------------------------------------------------------------


def catalogue_from_workbook(data: bytes, *, source: str) -> Catalogue:
    """The catalogue in a workbook of catalogue_workbook's format, validated; every problem names its cell.

    Blank rows are skipped and cells trimmed; a number typed as 3.0 is 3; obligatorisk takes ja/nej/true/
    false/x (empty is nej); dates may be date cells or ISO text; an empty English cell means Swedish only."""
    try:
        book = open_workbook(data)
    except Refused as refused:
        raise _refused(source, refused.code, **refused.params) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of parts it drops (extensions, data validation)
            reader = _Reader(book)
            document = reader.document()
    except Exception as error:  # a hostile or broken file can fail anywhere inside openpyxl
        raise _refused(source, "not_xlsx") from error
    finally:
        book.close()
    problems = reader.problems
    if document is None:
        raise CatalogueError(source, problems)
    try:
        catalogue = parse_catalogue(document, source=source, places=reader.places)
    except CatalogueError as error:
        marked = {p.place for p in problems}  # one problem per cell: the reader's (e.g. a formula error) says it
        raise CatalogueError(source, problems + [p for p in error.problems if p.place not in marked]) from None
    if problems:
        raise CatalogueError(source, problems)
    return catalogue


@dataclass
class _Row:
    number: int
    values: dict[str, Any]
    letters: dict[str, str]


@dataclass
class _Table:
    title: str  # as the file spells it
    rows: list[_Row]
    letters: dict[str, str]  # column → letter, for the columns the sheet has

    def cell(self, row: _Row | int, column: str) -> Cell:
        number = row if isinstance(row, int) else row.number
        return Cell(self.title, number, self.letters.get(column, "A"))


@dataclass
class _Reader:
    """Reads the sheets into the catalogue document and maps each path in it to a cell."""

    book: Any
    problems: list[Problem] = field(default_factory=list)
    places: dict[str, Cell] = field(default_factory=dict)

    def problem(self, path: str, code: str, place: Cell | None, **params: object) -> None:
        self.problems.append(Problem(path or TOP_LEVEL, code, params, place))

    def document(self) -> dict[str, Any] | None:
        titles = {str(name).strip().casefold(): name for name in self.book.sheetnames}
        tables: dict[str, _Table] = {}
        left_out: set[str] = set()  # sheets not required and not in the workbook: as if they had no rows
        for sheet in SHEETS:
            title = titles.get(sheet.name.casefold())
            worksheet = self.book[title] if title is not None else None
            if worksheet is None and not sheet.required:
                left_out.add(sheet.name)
                continue
            if worksheet is None or not hasattr(worksheet, "iter_rows"):  # absent, or a chart sheet
                self.problem(TOP_LEVEL, "missing_sheet", None, sheet=sheet.name)
                continue
            table = self.table(sheet, worksheet)
            if table is not None:
                tables[sheet.name] = table
        if len(tables) + len(left_out) < len(SHEETS):
            return None  # a sheet or column is missing, or too many rows: the rest would only repeat it
        document: dict[str, Any] = {}
        self.municipality(tables[MUNICIPALITY.name], document)
        document["scale"] = self.scale(tables[SCALE.name])
        document["periods"] = self.periods(tables[PERIODS.name])
        document["organisation"] = self.organisation(tables[DEPARTMENTS.name], tables[UNITS.name])
        types = tables.get(UNIT_TYPES.name, _Table(UNIT_TYPES.name, [], {}))
        unit_types = self.unit_types(types)
        document["perspectives"] = self.perspectives(tables[PERSPECTIVES.name], tables[FACTORS.name], unit_types)
        if unit_types:
            document["unit_types"] = unit_types
        document["offerings"] = self.offerings(tables[OFFERINGS.name], tables[FIELDS.name])
        return document

    # --- one sheet ------------------------------------------------------------------------------------------

    def table(self, sheet: Sheet, worksheet: Any) -> _Table | None:
        worksheet.reset_dimensions()  # the size the file declares may be wrong: rows are read up to the cap
        rows = worksheet.iter_rows(min_row=1, max_col=MAX_COLUMNS)
        header = next(rows, ())
        wanted = {column.casefold(): column for column in sheet.columns}
        letters: dict[str, str] = {}
        positions: dict[str, int] = {}
        usable = True
        for index, cell in enumerate(header):
            name = _clean(cell.value)
            if name is None:
                continue
            column = wanted.get(str(name).casefold())
            letter = get_column_letter(index + 1)
            if column is None or column in letters:
                self.problem(TOP_LEVEL, "unknown_column", Cell(worksheet.title, 1, letter),
                             sheet=worksheet.title, column=str(name))  # fmt: skip
                usable = False
                continue
            letters[column], positions[column] = letter, index
        free = get_column_letter(max((index + 1 for index in positions.values()), default=0) + 1)  # to add it
        for column in sheet.columns:
            if column not in letters and column not in sheet.optional:
                self.problem(TOP_LEVEL, "missing_column", Cell(worksheet.title, 1, free),
                             sheet=worksheet.title, column=column)  # fmt: skip
                usable = False
        found: list[_Row] = []
        for number, cells in enumerate(rows, start=2):
            if number > MAX_ROWS + 1:  # even a blank row: one far down would have every row before it read
                self.problem(TOP_LEVEL, "too_many_rows", Cell(worksheet.title, number, "A"),
                             sheet=worksheet.title, most=MAX_ROWS)  # fmt: skip
                return None
            values = {column: self.value(cells, index, column, worksheet.title, number)
                      for column, index in positions.items()}  # fmt: skip
            if all(value is None for value in values.values()):
                continue
            found.append(_Row(number, values, letters))
        return _Table(worksheet.title, found, letters) if usable else None

    def value(self, cells: Sequence[Any], index: int, column: str, title: str, number: int) -> Any:
        cell = cells[index] if index < len(cells) else None
        if cell is None:
            return None
        if getattr(cell, "data_type", None) == "e":  # #N/A, #REF!… saved as a formula's value
            self.problem(TOP_LEVEL, "cell_error", Cell(title, number, get_column_letter(index + 1)),
                         value=str(cell.value))  # fmt: skip
            return None
        value = _clean(cell.value)
        if column in _INTEGER_COLUMNS:
            return int(value) if isinstance(value, str) and _INTEGER.match(value) else value
        if column == "obligatorisk":
            return _required(value)
        if column == "svag":
            return None if value is None else _required(value)
        return value if column in _DATE_COLUMNS else _as_text(value)

    # --- the sections -----------------------------------------------------------------------------------------

    def place(self, path: str, table: _Table, row: _Row | int, column: str) -> None:
        self.places[path] = table.cell(row, column)

    def local(self, item: dict[str, Any], path: str, table: _Table, row: _Row, prefix: str, key: str) -> None:
        """A Swedish and an optional English column as one text: a plain string without English."""
        sv, en = row.values.get(f"{prefix}_sv"), row.values.get(f"{prefix}_en")
        for where in (f"{path}.{key}", f"{path}.{key}.sv"):
            self.place(where, table, row, f"{prefix}_sv")
        self.place(
            f"{path}.{key}.en", table, row, f"{prefix}_en" if f"{prefix}_en" in table.letters else f"{prefix}_sv"
        )
        if en is not None:
            item[key] = {"en": en} | ({"sv": sv} if sv is not None else {})
        elif sv is not None:
            item[key] = sv

    def plain(self, item: dict[str, Any], path: str, table: _Table, row: _Row, column: str, key: str) -> None:
        self.place(f"{path}.{key}", table, row, column)
        if row.values.get(column) is not None:
            item[key] = row.values[column]

    def section(self, path: str, table: _Table) -> None:
        self.places[path] = table.cell(1, "nyckel")

    def municipality(self, table: _Table, document: dict[str, Any]) -> None:
        self.places["municipality"] = table.cell(table.rows[0] if table.rows else 2, "namn")
        for extra in table.rows[1:]:
            self.problem("municipality", "too_many_rows", table.cell(extra, "namn"), sheet=table.title, most=1)
        # Always there, empty if need be: a missing section would stop the parser before the other sections.
        document["municipality"] = table.rows[0].values["namn"] if table.rows else ""

    def scale(self, table: _Table) -> dict[str, Any]:
        self.places["scale"] = self.places["scale.values"] = self.places["scale.not_applicable"] = table.cell(
            1, "värde"
        )
        values: list[dict[str, Any]] = []
        scale: dict[str, Any] = {"values": values}
        for row in table.rows:
            value = row.values["värde"]
            if isinstance(value, str) and value.casefold() == NOT_APPLICABLE:
                if "not_applicable" in scale:
                    self.problem("scale.not_applicable", "duplicate", table.cell(row, "värde"), value=value)
                    continue
                label: dict[str, Any] = {}
                self.places["scale.not_applicable"] = table.cell(row, "värde")
                self.local(label, "scale.not_applicable", table, row, "etikett", "label")
                scale["not_applicable"] = label
                continue
            path = f"scale.values[{len(values)}]"
            self.place(path, table, row, "värde")
            item: dict[str, Any] = {}
            self.plain(item, path, table, row, "värde", "value")
            self.local(item, path, table, row, "etikett", "label")
            values.append(item)
        self.weak(table, scale)
        return scale

    def weak(self, table: _Table, scale: dict[str, Any]) -> None:
        """The column svag as the scale's weak_at_or_below: the highest value marked "ja", when the values marked
        are the lowest ones; all empty leaves the default."""
        if "svag" not in table.letters:
            return
        rows = [row for row in table.rows if not _is_not_applicable(row.values["värde"])]
        marks = [(row, row.values.get("svag")) for row in rows]
        if all(mark is None for _, mark in marks):
            return
        for row, mark in marks:
            if not isinstance(mark, bool) and mark is not None:
                self.problem("scale.weak_at_or_below", "not_boolean", table.cell(row, "svag"))
                return
        flags = [mark is True for _, mark in marks]
        weak = [row for row, mark in marks if mark is True]
        place = table.cell(weak[-1] if weak else (rows[0] if rows else 2), "svag")
        self.places["scale.weak_at_or_below"] = place
        if not weak or flags != sorted(flags, reverse=True):  # none marked, or a gap: ja, nej, ja
            self.problem("scale.weak_at_or_below", "weak_rows", place)
            return
        scale["weak_at_or_below"] = weak[-1].values["värde"]

    def periods(self, table: _Table) -> list[dict[str, Any]]:
        self.section("periods", table)
        periods: list[dict[str, Any]] = []
        for row in table.rows:
            path = f"periods[{len(periods)}]"
            self.place(path, table, row, "nyckel")
            item: dict[str, Any] = {}
            self.plain(item, path, table, row, "nyckel", "key")
            if "namn_sv" in table.letters or "namn_en" in table.letters:
                self.local(item, path, table, row, "namn", "name")
            for column, key in (("börjar", "starts"), ("slutar", "ends"), ("sista_dag", "last_day")):
                self.plain(item, path, table, row, column, key)
            if "dagar_efter_slut" in table.letters:
                self.plain(item, path, table, row, "dagar_efter_slut", "grace_days")
            periods.append(item)
        return periods

    def organisation(self, departments: _Table, units: _Table) -> list[dict[str, Any]]:
        self.section("organisation", departments)
        result: list[dict[str, Any]] = []
        by_key: dict[str, list[dict[str, Any]]] = {}
        paths: dict[str, str] = {}
        for row in departments.rows:
            path = f"organisation[{len(result)}]"
            self.place(path, departments, row, "nyckel")
            self.place(f"{path}.units", departments, row, "nyckel")
            item: dict[str, Any] = {}
            self.plain(item, path, departments, row, "nyckel", "key")
            self.plain(item, path, departments, row, "namn", "name")
            item["units"] = by_key.setdefault(str(item.get("key")), []) if "key" in item else []
            paths.setdefault(str(item.get("key")), path)
            result.append(item)
        for row in self.children(units, "förvaltning", by_key, departments.title, "organisation"):
            siblings = by_key[row.values["förvaltning"]]
            path = f"{paths[row.values['förvaltning']]}.units[{len(siblings)}]"
            self.place(path, units, row, "nyckel")
            unit: dict[str, Any] = {}
            self.plain(unit, path, units, row, "nyckel", "key")
            self.plain(unit, path, units, row, "namn", "name")
            if "verksamhetstyp" in units.letters:
                self.plain(unit, path, units, row, "verksamhetstyp", "type")
            siblings.append(unit)
        return result

    def unit_types(self, table: _Table) -> list[dict[str, Any]]:
        """The types, each with an empty list of factors that `perspectives` fills from the sheet Faktorer."""
        if table.letters:
            self.section("unit_types", table)
        result: list[dict[str, Any]] = []
        for row in table.rows:
            path = f"unit_types[{len(result)}]"
            self.place(path, table, row, "nyckel")
            self.place(f"{path}.factors", table, row, "nyckel")
            item: dict[str, Any] = {}
            self.plain(item, path, table, row, "nyckel", "key")
            self.local(item, path, table, row, "namn", "name")
            item["factors"] = []
            result.append(item)
        return result

    def perspectives(
        self, perspectives: _Table, factors: _Table, unit_types: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """The perspectives with their common factors; a factor row with a verksamhetstyp goes to that type."""
        self.section("perspectives", perspectives)
        result: list[dict[str, Any]] = []
        by_key: dict[str, list[dict[str, Any]]] = {}
        paths: dict[str, str] = {}
        for row in perspectives.rows:
            path = f"perspectives[{len(result)}]"
            self.place(path, perspectives, row, "nyckel")
            self.place(f"{path}.factors", perspectives, row, "nyckel")
            item: dict[str, Any] = {}
            self.plain(item, path, perspectives, row, "nyckel", "key")
            self.local(item, path, perspectives, row, "namn", "name")
            if "beskrivning_sv" in perspectives.letters:
                self.local(item, path, perspectives, row, "beskrivning", "description")
            item["factors"] = by_key.setdefault(str(item.get("key")), []) if "key" in item else []
            paths.setdefault(str(item.get("key")), path)
            result.append(item)
        types = {str(t["key"]): (f"unit_types[{index}]", t) for index, t in enumerate(unit_types) if "key" in t}
        for row in self.children(factors, "perspektiv", by_key, perspectives.title, "perspectives"):
            factor: dict[str, Any] = {}
            unit_type = row.values.get("verksamhetstyp")
            if unit_type is None:
                siblings = by_key[row.values["perspektiv"]]
                path = f"{paths[row.values['perspektiv']]}.factors[{len(siblings)}]"
            elif isinstance(unit_type, str) and unit_type in types:
                type_path, item = types[unit_type]
                siblings = item["factors"]
                path = f"{type_path}.factors[{len(siblings)}]"
                factor["perspective"] = row.values["perspektiv"]
                self.place(f"{path}.perspective", factors, row, "perspektiv")
            else:
                self.problem("unit_types", "unknown_reference", factors.cell(row, "verksamhetstyp"),
                             value=str(unit_type), other=UNIT_TYPES.name)  # fmt: skip
                continue
            self.place(path, factors, row, "nyckel")
            self.plain(factor, path, factors, row, "nyckel", "key")
            self.local(factor, path, factors, row, "text", "text")
            siblings.append(factor)
        return result

    def offerings(self, offerings: _Table, fields: _Table) -> list[dict[str, Any]]:
        self.section("offerings", offerings)
        result: list[dict[str, Any]] = []
        by_key: dict[str, list[dict[str, Any]]] = {}
        paths: dict[str, str] = {}
        for row in offerings.rows:
            path = f"offerings[{len(result)}]"
            self.place(path, offerings, row, "nyckel")
            self.place(f"{path}.fields", offerings, row, "nyckel")
            item: dict[str, Any] = {}
            self.plain(item, path, offerings, row, "nyckel", "key")
            self.local(item, path, offerings, row, "namn", "name")
            self.local(item, path, offerings, row, "beskrivning", "description")
            item["fields"] = by_key.setdefault(str(item.get("key")), []) if "key" in item else []
            paths.setdefault(str(item.get("key")), path)
            result.append(item)
        for row in self.children(fields, "erbjudande", by_key, offerings.title, "offerings"):
            siblings = by_key[row.values["erbjudande"]]
            path = f"{paths[row.values['erbjudande']]}.fields[{len(siblings)}]"
            self.place(path, fields, row, "nyckel")
            item = {}
            for column, key in (("nyckel", "key"), ("typ", "type"), ("obligatorisk", "required")):
                self.plain(item, path, fields, row, column, key)
            self.local(item, path, fields, row, "etikett", "label")
            for column, key in (("min", "min"), ("max", "max"), ("max_längd", "max_length")):
                self.plain(item, path, fields, row, column, key)
            siblings.append(item)
        return result

    def children(self, table: _Table, column: str, parents: Mapping[str, Any], other: str, path: str) -> Iterable[_Row]:
        """The rows of `table` whose `column` names a row of the sheet `other`; the others are problems."""
        for row in table.rows:
            parent = row.values.get(column)
            if parent is None:
                self.problem(path, "missing", table.cell(row, column))
            elif not isinstance(parent, str) or parent not in parents:
                self.problem(path, "unknown_reference", table.cell(row, column), value=str(parent), other=other)
            else:
                yield row


def _clean(value: Any) -> Any:
    """A cell's value as the catalogue reads it: text trimmed (empty is nothing), 3.0 as 3, a date cell as
    its day (a time of day other than midnight stays, and is then not a date)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date()
    return value


def _as_text(value: Any) -> Any:
    """A number or date in a text column is the text it shows (a key 123, a name 2026); a truth value stays
    what it is, and the catalogue then says a text belongs there."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    return value


def _is_not_applicable(value: Any) -> bool:
    return isinstance(value, str) and value.casefold() == NOT_APPLICABLE


def _required(value: Any) -> Any:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    word = str(value).casefold()
    return True if word in YES else False if word in NO else value
