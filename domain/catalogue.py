"""The catalogue: organisation, perspectives with quality factors, rating scale, periods and offerings.

Factors are common (every unit assesses them, listed under their perspective) or belong to a kind of unit
(`unit_types`, verksamhetstyper such as förskola): a unit of a type assesses its type's factors after the common
ones of each perspective (`Catalogue.factors_for_unit`, `Catalogue.for_unit`). Factor keys are unique across the
whole catalogue, so an answer's key names one factor whichever units assess it.

It is parsed from YAML at start and from its stored JSON when an old assessment is read, through the same
strict validator, so an assessment keeps the exact catalogue version it was started on.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

PERSPECTIVE_KEYS = ("malgrupp", "medarbetare", "ekonomi", "verksamhet")
LANGUAGES = ("sv", "en")
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_FIELD_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_PERIOD_KEY = re.compile(r"^\d{4}-H[12]$")
_KEY_CODES = {_KEY.pattern: "bad_key", _FIELD_KEY.pattern: "bad_field_key", _PERIOD_KEY.pattern: "bad_period_key"}
FIELD_TYPES = ("number", "text")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when PyYAML was built with it
TOP_LEVEL = "(top level)"  # the path of a problem with the document as a whole
MAX_GRACE_DAYS = 92  # a quarter: the half-year that just ended is assessed early in the next one, not all through it
COMMON_FACTORS = (3, 6)  # common factors per perspective, at least and at most
MAX_FACTORS_WITH_TYPE = 8  # common and one type's factors together per perspective: one card stays short to answer


@dataclass(frozen=True)
class LocalText:
    """A text in Swedish and, optionally, English; English falls back to Swedish."""

    sv: str
    en: str | None = None

    def get(self, language: str) -> str:
        return self.en if language == "en" and self.en else self.sv

    def to_dict(self) -> dict[str, str]:
        return {"sv": self.sv, "en": self.en} if self.en else {"sv": self.sv}


@dataclass(frozen=True)
class ScaleStep:
    value: int
    label: LocalText


@dataclass(frozen=True)
class Scale:
    """The rating scale. `weak_at_or_below` is the highest rating the summary lists as weak ("Faktorer med lägst
    bedömning"); None when the catalogue does not say, and `weak_threshold` is then the default."""

    steps: tuple[ScaleStep, ...]
    not_applicable: LocalText
    weak_at_or_below: int | None = None

    @property
    def weak_threshold(self) -> int:
        """The catalogue's threshold, else the top of the scale's lower half: 2 on a scale of 1–4 or 1–5."""
        if self.weak_at_or_below is not None:
            return self.weak_at_or_below
        return self.steps[max(len(self.steps) // 2 - 1, 0)].value

    def is_weak(self, value: int) -> bool:
        return value <= self.weak_threshold

    @property
    def minimum(self) -> int:
        return self.steps[0].value

    @property
    def maximum(self) -> int:
        return self.steps[-1].value

    def has(self, value: int) -> bool:
        return any(step.value == value for step in self.steps)

    def label(self, value: int) -> LocalText:
        return next(step.label for step in self.steps if step.value == value)


@dataclass(frozen=True)
class Period:
    """A period of self-assessment. Its key is what answers are stored under; its name is what people read.

    `last_day` is the last day for submitting, which reminders count towards (None: the period's end).
    `grace_days` after the end the period is still the one a new self-assessment is filed under, so the
    half-year that just ended can be assessed once it is over."""

    key: str
    starts: date
    ends: date
    name: LocalText | None = None
    last_day: date | None = None
    grace_days: int = 0

    def contains(self, day: date) -> bool:
        return self.starts <= day <= self.ends

    @property
    def deadline(self) -> date:
        """The last day for submitting: `last_day`, or the period's end."""
        return self.last_day or self.ends

    @property
    def assessed_until(self) -> date:
        """The last day on which a new self-assessment is filed under this period: its end plus the grace."""
        return self.ends + timedelta(days=self.grace_days)

    def in_grace(self, day: date) -> bool:
        return self.ends < day <= self.assessed_until

    def label(self, language: str) -> str:
        """The period as people read it: its name, or its key when it has none."""
        return self.name.get(language) if self.name else self.key


@dataclass(frozen=True)
class Unit:
    key: str
    name: str
    department_key: str
    unit_type: str | None = None  # the key of its verksamhetstyp; None: it assesses the common factors only


@dataclass(frozen=True)
class Department:
    key: str
    name: str
    units: tuple[Unit, ...]


@dataclass(frozen=True)
class Factor:
    key: str
    text: LocalText
    perspective_key: str
    unit_type: str | None = None  # None: common, assessed by every unit; else only by units of this type


@dataclass(frozen=True)
class UnitType:
    """A kind of unit (verksamhetstyp), e.g. förskola: its units assess its factors besides the common ones."""

    key: str
    name: LocalText
    factors: tuple[Factor, ...]


@dataclass(frozen=True)
class Perspective:
    key: str
    name: LocalText
    description: LocalText | None
    factors: tuple[Factor, ...]


@dataclass(frozen=True)
class OfferingField:
    key: str
    type: str
    label: LocalText
    required: bool
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None


@dataclass(frozen=True)
class Offering:
    key: str
    name: LocalText
    description: LocalText
    fields: tuple[OfferingField, ...]


@dataclass(frozen=True)
class Catalogue:
    municipality: str
    scale: Scale
    periods: tuple[Period, ...]
    departments: tuple[Department, ...]
    perspectives: tuple[Perspective, ...]
    offerings: tuple[Offering, ...]
    source: Mapping[str, Any]
    version: str
    unit_types: tuple[UnitType, ...] = ()

    def units(self) -> Iterator[Unit]:
        for department in self.departments:
            yield from department.units

    def unit(self, key: str) -> Unit | None:
        return next((unit for unit in self.units() if unit.key == key), None)

    def department(self, key: str) -> Department | None:
        return next((d for d in self.departments if d.key == key), None)

    def perspective(self, key: str) -> Perspective | None:
        return next((p for p in self.perspectives if p.key == key), None)

    def factors(self) -> Iterator[Factor]:
        """Every factor of the catalogue: the common ones by perspective, then each unit type's."""
        for perspective in self.perspectives:
            yield from perspective.factors
        for unit_type in self.unit_types:
            yield from unit_type.factors

    def factor(self, key: str) -> Factor | None:
        return next((f for f in self.factors() if f.key == key), None)

    def unit_type(self, key: str | None) -> UnitType | None:
        return next((t for t in self.unit_types if t.key == key), None) if key else None

    def factors_for_unit(self, unit_key: str) -> tuple[Factor, ...]:
        """The factors this unit assesses, in the order it meets them: per perspective the common factors, then
        its type's. A unit without a type, or not in this catalogue, assesses the common factors only."""
        return tuple(factor for perspective in self.for_unit(unit_key).perspectives for factor in perspective.factors)

    def for_unit(self, unit_key: str) -> Catalogue:
        """The catalogue as this unit's self-assessment sees it: each perspective with the unit's type's factors
        after the common ones, and no unit types beside them (they are in the perspectives). Its version and
        source stay the whole catalogue's: a view to show and check an assessment, never to store or publish.
        A unit without a type, or not in this catalogue, gets the catalogue itself."""
        unit = self.unit(unit_key)
        unit_type = self.unit_type(unit.unit_type) if unit else None
        if unit_type is None:
            return self
        extra = {p.key: tuple(f for f in unit_type.factors if f.perspective_key == p.key) for p in self.perspectives}
        perspectives = tuple(dataclasses.replace(p, factors=p.factors + extra[p.key]) for p in self.perspectives)
        return dataclasses.replace(self, perspectives=perspectives, unit_types=())

    def offering(self, key: str) -> Offering | None:
        return next((o for o in self.offerings if o.key == key), None)

    def period(self, key: str) -> Period | None:
        return next((p for p in self.periods if p.key == key), None)

    def period_name(self, key: str, language: str) -> str:
        """A period key as people read it: the period's name in this catalogue, else the key itself."""
        period = self.period(key)
        return period.label(language) if period else key

    def current_period(self, today: date) -> Period:
        """The period a new self-assessment is filed under today: one that has ended but is within its grace
        days (the half-year that just ended), else the period containing today; between or after periods, the
        latest one that has started."""
        for period in self.periods:
            if period.in_grace(today):
                return period
        for period in self.periods:
            if period.contains(today):
                return period
        started = [p for p in self.periods if p.starts <= today]
        return started[-1] if started else self.periods[0]

    def periods_ahead(self, today: date) -> int:
        """Periods that can still be assessed (not ended, or in their grace days): none left means new
        assessments reuse the last period."""
        return sum(1 for period in self.periods if period.assessed_until >= today)

    def to_json(self) -> str:
        """The canonical JSON stored with every catalogue version."""
        return canonical_json(self.source)


@dataclass(frozen=True)
class Cell:
    """A place in a workbook as a spreadsheet user finds it: the sheet, the row (1-based) and the column letter."""

    sheet: str
    row: int
    column: str


Place = int | Cell  # a line of a YAML file, or a cell of a workbook


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a catalogue: where (its path in the document, and the line or cell when known) and
    what, as a code with parameters that `texts` says in the reader's language (`catalogue.problem.<code>`)."""

    path: str
    code: str
    params: Mapping[str, object] = dataclasses.field(default_factory=dict)
    place: Place | None = None


class CatalogueError(Exception):
    """The catalogue is invalid; every problem names its place in the file and what is wrong."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        lines = [f"{source}: {p.place or '-'}: {p.path}: {p.code} {dict(p.params)}" for p in problems]
        super().__init__(f"Invalid catalogue ({len(problems)} problem(s)):\n" + "\n".join(lines))


def canonical_json(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def load_catalogue(path: Path) -> Catalogue:
    """Read and validate a catalogue YAML file; problems carry line numbers from the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        detail = error.strerror if isinstance(error, OSError) else "not UTF-8"
        raise CatalogueError(str(path), [Problem(TOP_LEVEL, "unreadable", {"detail": detail or ""})]) from error
    return read_catalogue_yaml(text, source=str(path))


def read_catalogue_yaml(text: str, *, source: str) -> Catalogue:
    """Parse and validate catalogue YAML; problems carry line numbers. Anchors and aliases are refused: a
    catalogue never needs them, and an uploaded file could use them to multiply itself ("billion laughs"). The
    text is composed once (by libyaml where installed) and its values built from that same node tree."""
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is not None and _repeats_a_node(node):
            raise CatalogueError(source, [Problem(TOP_LEVEL, "yaml_alias")])
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        detail = str(getattr(error, "problem", "") or "")
        problem = Problem(TOP_LEVEL, "not_yaml", {"detail": detail}, mark.line + 1 if mark else None)
        raise CatalogueError(source, [problem]) from error
    finally:
        loader.dispose()
    lines = _line_numbers(node) if node is not None else {}
    return parse_catalogue(data, source=source, places=lines)


def _repeats_a_node(root: yaml.Node) -> bool:
    """Whether any node is reached twice: what an alias makes of its anchor once composed (never expanded)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return False


def catalogue_from_json(text: str) -> Catalogue:
    """Rebuild a stored catalogue version."""
    return parse_catalogue(json.loads(text), source="stored catalogue")


def parse_catalogue(data: Any, *, source: str, places: Mapping[str, Place] | None = None) -> Catalogue:
    """Validate a catalogue document (YAML's shape); `places` maps its paths to lines or cells for the problems."""
    parser = _Parser(places or {})
    catalogue = parser.catalogue(data)
    if parser.problems or catalogue is None:
        raise CatalogueError(source, parser.problems)
    return catalogue


def _line_numbers(node: yaml.Node, path: str = "") -> dict[str, int]:
    lines = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = f"{path}.{key_node.value}" if path else str(key_node.value)
            lines.update(_line_numbers(value_node, child))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.update(_line_numbers(item, f"{path}[{index}]"))
    return lines


def _normalise(data: Any) -> Any:
    """Plain JSON types (dates as ISO strings) so the hash is the same from YAML and from JSON."""
    if isinstance(data, dict):
        return {str(k): _normalise(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_normalise(v) for v in data]
    if isinstance(data, date):
        return data.isoformat()
    return data


class _Parser:
    """Collects every problem instead of stopping at the first, so an administrator fixes all in one go."""

    def __init__(self, places: Mapping[str, Place]) -> None:
        self.places = places
        self.problems: list[Problem] = []
        self.factor_keys: set[str] = set()  # unique across the whole catalogue, common and unit types' alike
        self.typed_units: list[tuple[str, str]] = []  # (path of a unit's `type`, the type key it names)

    def problem(self, path: str, code: str, **params: object) -> None:
        place = self.places.get(path)
        probe = path
        while place is None and probe:
            probe = _parent(probe)
            place = self.places.get(probe)
        self.problems.append(Problem(path or TOP_LEVEL, code, params, place))

    # --- primitives -------------------------------------------------------------------------------

    def mapping(self, data: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> bool:
        if not isinstance(data, dict):
            self.problem(path, "not_mapping")
            return False
        for key in required:
            if key not in data:
                self.problem(_join(path, key), "missing")
        for key in data:
            if key not in required and key not in optional:
                self.problem(_join(path, str(key)), "unknown_field")
        return all(key in data for key in required)

    def sequence(self, data: Any, path: str, *, at_least: int = 1, at_most: int | None = None) -> list[Any]:
        if not isinstance(data, list):
            self.problem(path, "not_list")
            return []
        if len(data) < at_least:
            self.problem(path, "too_few", least=at_least)
        if at_most is not None and len(data) > at_most:
            self.problem(path, "too_many", most=at_most, count=len(data))
        return data

    def text(self, data: Any, path: str, *, max_length: int = 500) -> str:
        if not isinstance(data, str) or not data.strip():
            self.problem(path, "not_text")
            return ""
        if len(data) > max_length:
            self.problem(path, "too_long", most=max_length, count=len(data))
        return data.strip()

    def local_text(self, data: Any, path: str, *, max_length: int = 500) -> LocalText:
        if isinstance(data, str):
            return LocalText(self.text(data, path, max_length=max_length))
        if not self.mapping(data, path, ("sv",), ("en",)):
            return LocalText("")
        english = self.text(data["en"], _join(path, "en"), max_length=max_length) if "en" in data else None
        return LocalText(self.text(data["sv"], _join(path, "sv"), max_length=max_length), english)

    def key(self, data: Any, path: str, seen: set[str], pattern: re.Pattern[str] = _KEY) -> str:
        if not isinstance(data, str) or not pattern.match(data):
            self.problem(path, _KEY_CODES[pattern.pattern])
            return ""
        if data in seen:
            self.problem(path, "duplicate", value=data)
        seen.add(data)
        return data

    def integer(self, data: Any, path: str) -> int | None:
        if isinstance(data, bool) or not isinstance(data, int):
            self.problem(path, "not_whole_number")
            return None
        return data

    def day(self, data: Any, path: str) -> date | None:
        if isinstance(data, date) and not isinstance(data, datetime):  # YAML reads 2026-07-01 as a date
            return data
        try:
            return date.fromisoformat(str(data))
        except ValueError:
            self.problem(path, "not_date")
            return None

    # --- sections ---------------------------------------------------------------------------------

    def catalogue(self, data: Any) -> Catalogue | None:
        sections = ("municipality", "scale", "periods", "organisation", "perspectives", "offerings")
        if not self.mapping(data, "", sections, ("unit_types",)):
            return None
        source = _normalise(data)
        perspectives = self.perspectives(data["perspectives"], "perspectives")
        unit_types = self.unit_types(data.get("unit_types", []), "unit_types", perspectives)
        catalogue = Catalogue(
            municipality=self.text(data["municipality"], "municipality", max_length=100),
            scale=self.scale(data["scale"], "scale"),
            periods=self.periods(data["periods"], "periods"),
            departments=self.departments(data["organisation"], "organisation"),
            perspectives=perspectives,
            offerings=self.offerings(data["offerings"], "offerings"),
            source=source,
            version=hashlib.sha256(canonical_json(source).encode()).hexdigest()[:16],
            unit_types=unit_types,
        )
        known = {unit_type.key for unit_type in unit_types}
        for path, key in self.typed_units:
            if not known:
                self.problem(path, "no_unit_types", value=key)
            elif key not in known:
                self.problem(path, "unknown_unit_type", value=key, choices=", ".join(t.key for t in unit_types))
        return catalogue

    def scale(self, data: Any, path: str) -> Scale:
        if not self.mapping(data, path, ("values", "not_applicable"), ("weak_at_or_below",)):
            return Scale((), LocalText(""))
        steps: list[ScaleStep] = []
        for index, item in enumerate(self.sequence(data["values"], _join(path, "values"), at_least=2)):
            item_path = f"{path}.values[{index}]"
            if self.mapping(item, item_path, ("value", "label")):
                value = self.integer(item["value"], _join(item_path, "value"))
                label = self.local_text(item["label"], _join(item_path, "label"), max_length=60)
                if value is not None:
                    if steps and value <= steps[-1].value:
                        self.problem(_join(item_path, "value"), "not_ascending")
                    steps.append(ScaleStep(value, label))
        not_applicable = LocalText("")
        na_path = _join(path, "not_applicable")
        if self.mapping(data["not_applicable"], na_path, ("label",)):
            not_applicable = self.local_text(data["not_applicable"]["label"], _join(na_path, "label"), max_length=60)
        weak = None
        if "weak_at_or_below" in data:
            weak = self.weak_threshold(data["weak_at_or_below"], _join(path, "weak_at_or_below"), steps)
        return Scale(tuple(steps), not_applicable, weak)

    def weak_threshold(self, data: Any, path: str, steps: list[ScaleStep]) -> int | None:
        """A value of the scale below its highest: at the highest, every rating would count as weak."""
        allowed = [step.value for step in steps[:-1]]
        value = None if isinstance(data, bool) or not isinstance(data, int) else data
        if value not in allowed:
            self.problem(path, "weak_threshold", choices=", ".join(str(v) for v in allowed))
            return None
        return value

    def periods(self, data: Any, path: str) -> tuple[Period, ...]:
        """Periods in time order. A period's last day for submitting lies within it or in its grace days, and
        its grace days end before the next period does, so at most one period is in its grace at a time and
        the next one still gets its own turn."""
        periods: list[Period] = []
        paths: list[str] = []
        seen: set[str] = set()
        for index, item in enumerate(self.sequence(data, path)):
            item_path = f"{path}[{index}]"
            if not self.mapping(item, item_path, ("key", "starts", "ends"), ("name", "last_day", "grace_days")):
                continue
            key = self.key(item["key"], _join(item_path, "key"), seen, _PERIOD_KEY)
            name = self.local_text(item["name"], _join(item_path, "name"), max_length=60) if "name" in item else None
            starts = self.day(item["starts"], _join(item_path, "starts"))
            ends = self.day(item["ends"], _join(item_path, "ends"))
            last_day = self.day(item["last_day"], _join(item_path, "last_day")) if "last_day" in item else None
            grace_path = _join(item_path, "grace_days")
            grace_days = self.grace_days(item["grace_days"], grace_path) if "grace_days" in item else 0
            if starts is None or ends is None:
                continue
            if ends < starts:
                self.problem(_join(item_path, "ends"), "ends_before_starts")
            if periods and starts <= periods[-1].ends:
                self.problem(_join(item_path, "starts"), "periods_overlap")
            period = Period(key, starts, ends, name, last_day, grace_days)
            if last_day is not None and last_day < starts:
                self.problem(_join(item_path, "last_day"), "last_day_before_start", starts=starts.isoformat())
            elif last_day is not None and last_day > period.assessed_until:
                latest = period.assessed_until.isoformat()
                self.problem(_join(item_path, "last_day"), "last_day_after_grace", latest=latest)
            if periods and periods[-1].assessed_until >= ends:  # only grace days can reach that far
                self.problem(
                    _join(paths[-1], "grace_days"), "grace_past_next_period", period=key, ends=ends.isoformat()
                )
            periods.append(period)
            paths.append(item_path)
        return tuple(periods)

    def grace_days(self, data: Any, path: str) -> int:
        days = self.integer(data, path)
        if days is None:
            return 0
        if not 0 <= days <= MAX_GRACE_DAYS:
            self.problem(path, "grace_days_range", most=MAX_GRACE_DAYS)
            return 0
        return days

    def departments(self, data: Any, path: str) -> tuple[Department, ...]:
        departments: list[Department] = []
        department_keys: set[str] = set()
        unit_keys: set[str] = set()
        for index, item in enumerate(self.sequence(data, path)):
            item_path = f"{path}[{index}]"
            if not self.mapping(item, item_path, ("key", "name", "units")):
                continue
            key = self.key(item["key"], _join(item_path, "key"), department_keys)
            units = []
            for unit_index, unit in enumerate(self.sequence(item["units"], _join(item_path, "units"))):
                unit_path = f"{item_path}.units[{unit_index}]"
                if self.mapping(unit, unit_path, ("key", "name"), ("type",)):
                    unit_type = None
                    if "type" in unit:
                        unit_type = self.key(unit["type"], _join(unit_path, "type"), set())
                        if unit_type:
                            self.typed_units.append((_join(unit_path, "type"), unit_type))
                    units.append(
                        Unit(
                            self.key(unit["key"], _join(unit_path, "key"), unit_keys),
                            self.text(unit["name"], _join(unit_path, "name"), max_length=100),
                            key,
                            unit_type or None,
                        )
                    )
            name = self.text(item["name"], _join(item_path, "name"), max_length=100)
            departments.append(Department(key, name, tuple(units)))
        return tuple(departments)

    def perspectives(self, data: Any, path: str) -> tuple[Perspective, ...]:
        perspectives: list[Perspective] = []
        keys: set[str] = set()
        items = self.sequence(data, path, at_least=len(PERSPECTIVE_KEYS), at_most=len(PERSPECTIVE_KEYS))
        for index, item in enumerate(items):
            item_path = f"{path}[{index}]"
            if not self.mapping(item, item_path, ("key", "name", "factors"), ("description",)):
                continue
            key = self.key(item["key"], _join(item_path, "key"), keys)
            if index < len(PERSPECTIVE_KEYS) and key and key != PERSPECTIVE_KEYS[index]:
                self.problem(
                    _join(item_path, "key"),
                    "perspective_order",
                    expected=PERSPECTIVE_KEYS[index],
                    order=", ".join(PERSPECTIVE_KEYS),
                )
            factors = []
            factors_path = _join(item_path, "factors")
            least, most = COMMON_FACTORS
            for factor_index, factor in enumerate(
                self.sequence(item["factors"], factors_path, at_least=least, at_most=most)
            ):
                factor_path = f"{factors_path}[{factor_index}]"
                if self.mapping(factor, factor_path, ("key", "text")):
                    factors.append(
                        Factor(
                            self.key(factor["key"], _join(factor_path, "key"), self.factor_keys),
                            self.local_text(factor["text"], _join(factor_path, "text"), max_length=200),
                            key,
                        )
                    )
            description = (
                self.local_text(item["description"], _join(item_path, "description")) if "description" in item else None
            )
            name = self.local_text(item["name"], _join(item_path, "name"), max_length=60)
            perspectives.append(Perspective(key, name, description, tuple(factors)))
        return tuple(perspectives)

    def unit_types(self, data: Any, path: str, perspectives: tuple[Perspective, ...]) -> tuple[UnitType, ...]:
        """Kinds of unit and their factors, each naming its perspective. A perspective's common factors and one
        type's together are at most MAX_FACTORS_WITH_TYPE, so a unit of any type answers a card of that size."""
        unit_types: list[UnitType] = []
        keys: set[str] = set()
        common = {p.key: len(p.factors) for p in perspectives}
        for index, item in enumerate(self.sequence(data, path, at_least=0)):
            item_path = f"{path}[{index}]"
            if not self.mapping(item, item_path, ("key", "name", "factors")):
                continue
            key = self.key(item["key"], _join(item_path, "key"), keys)
            name = self.local_text(item["name"], _join(item_path, "name"), max_length=60)
            factors: list[Factor] = []
            factors_path = _join(item_path, "factors")
            for factor_index, factor in enumerate(self.sequence(item["factors"], factors_path)):
                factor_path = f"{factors_path}[{factor_index}]"
                if not self.mapping(factor, factor_path, ("key", "perspective", "text")):
                    continue
                perspective = factor["perspective"]
                if not isinstance(perspective, str) or perspective not in common:
                    self.problem(
                        _join(factor_path, "perspective"),
                        "unknown_perspective",
                        value=str(perspective),
                        choices=", ".join(PERSPECTIVE_KEYS),
                    )
                factors.append(
                    Factor(
                        self.key(factor["key"], _join(factor_path, "key"), self.factor_keys),
                        self.local_text(factor["text"], _join(factor_path, "text"), max_length=200),
                        str(perspective),
                        key or None,
                    )
                )
            for perspective_key, count in common.items():
                together = count + sum(1 for f in factors if f.perspective_key == perspective_key)
                if together > MAX_FACTORS_WITH_TYPE:
                    self.problem(
                        factors_path,
                        "unit_type_too_many_factors",
                        perspective=perspective_key,
                        common=count,
                        count=together,
                        most=MAX_FACTORS_WITH_TYPE,
                    )
            unit_types.append(UnitType(key, name, tuple(factors)))
        return tuple(unit_types)

    def offerings(self, data: Any, path: str) -> tuple[Offering, ...]:
        offerings: list[Offering] = []
        keys: set[str] = set()
        for index, item in enumerate(self.sequence(data, path)):
            item_path = f"{path}[{index}]"
            if not self.mapping(item, item_path, ("key", "name", "description", "fields")):
                continue
            fields = []
            field_keys: set[str] = set()
            fields_path = _join(item_path, "fields")
            for field_index, field in enumerate(self.sequence(item["fields"], fields_path, at_least=0)):
                field_path = f"{fields_path}[{field_index}]"
                parsed = self.offering_field(field, field_path, field_keys)
                if parsed:
                    fields.append(parsed)
            offerings.append(
                Offering(
                    self.key(item["key"], _join(item_path, "key"), keys),
                    self.local_text(item["name"], _join(item_path, "name"), max_length=80),
                    self.local_text(item["description"], _join(item_path, "description")),
                    tuple(fields),
                )
            )
        return tuple(offerings)

    def offering_field(self, data: Any, path: str, seen: set[str]) -> OfferingField | None:
        optional = ("required", "min", "max", "max_length")
        if not self.mapping(data, path, ("key", "type", "label"), optional):
            return None
        kind = data["type"]
        if kind not in FIELD_TYPES:
            self.problem(_join(path, "type"), "field_type", choices=", ".join(FIELD_TYPES))
        required = data.get("required", False)
        if not isinstance(required, bool):
            self.problem(_join(path, "required"), "not_boolean")
        for name in ("min", "max") if kind == "text" else ("max_length",):
            if name in data:
                self.problem(_join(path, name), "bound_not_applicable", type=kind)
        bounds = {name: self.integer(data[name], _join(path, name)) for name in optional[1:] if name in data}
        return OfferingField(
            key=self.key(data["key"], _join(path, "key"), seen, _FIELD_KEY),
            type=str(kind),
            label=self.local_text(data["label"], _join(path, "label"), max_length=80),
            required=bool(required),
            minimum=bounds.get("min"),
            maximum=bounds.get("max"),
            max_length=bounds.get("max_length"),
        )


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _parent(path: str) -> str:
    """The path one step up: "a[0].b" → "a[0]" → "a" → ""."""
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""
