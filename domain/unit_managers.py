"""Who may lead which unit: the municipality's list of unit managers (`config/unit-managers.csv`).

The list is kept apart from the catalogue on purpose: it names people, changes with every new manager, and
must not end up in the catalogue versions stored with each assessment. Each row grants one person one
unit, the person named by e-mail address (as in Entra ID: mail or user principal name) or by Entra object
id. Without a list every manager may choose any unit outside production; in production nobody may until an
administrator publishes the list in Teams (`chefer`), so the service can start before it exists.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

UNIT_COLUMN = "enhet"
MANAGER_COLUMN = "chef"
_OBJECT_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
MAX_IDENTITY = 320  # the longest e-mail address (and managers.email's length)


class UnitManagersError(ValueError):
    """The list cannot be used; the message names the file, the line and what is wrong."""


def identity(value: str) -> str:
    """E-mail addresses and object ids compare without regard to case or surrounding blanks."""
    return value.strip().lower()


@dataclass(frozen=True)
class UnitManagers:
    """Unit key → the identities that may lead it; `listed` is False when no list is configured."""

    by_unit: Mapping[str, frozenset[str]]
    listed: bool = True
    placeholder: bool = False  # `nobody()`: stands in until a list is published, is never published itself

    @classmethod
    def everyone(cls) -> UnitManagers:
        """No list: any manager may choose any unit (local testing only)."""
        return cls({}, listed=False)

    @classmethod
    def nobody(cls) -> UnitManagers:
        """Production before any list: no manager may choose a unit until an administrator publishes one."""
        return cls({}, listed=True, placeholder=True)

    def allows(self, unit_key: str, identities: Iterable[str]) -> bool:
        if not self.listed:
            return True
        granted = self.by_unit.get(unit_key, frozenset())
        return any(identity(i) in granted for i in identities if i)

    def units_of(self, identities: Iterable[str]) -> frozenset[str] | None:
        """The unit keys these identities may lead; None when everyone may lead every unit."""
        if not self.listed:
            return None
        mine = {identity(i) for i in identities if i}
        return frozenset(unit for unit, granted in self.by_unit.items() if granted & mine)

    @property
    def names_email_addresses(self) -> bool:
        """Whether matching needs the person's e-mail address, which Teams gives only on request."""
        return any("@" in i for granted in self.by_unit.values() for i in granted)

    @property
    def links(self) -> int:
        """How many (unit, person) pairs the list grants."""
        return sum(len(granted) for granted in self.by_unit.values())

    def to_json(self) -> str:
        """The list in its one stored form: units and people sorted, so the same list is the same text."""
        document = {unit: sorted(granted) for unit, granted in sorted(self.by_unit.items()) if granted}
        return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @property
    def digest(self) -> str:
        """What tells two lists apart (a file deployed again, a file that changes nothing)."""
        return hashlib.sha256(self.to_json().encode()).hexdigest()


def unit_managers_from_json(text: str) -> UnitManagers:
    """A list as `UnitManagers.to_json` stored it."""
    document = json.loads(text)
    return UnitManagers({str(unit): frozenset(map(str, people)) for unit, people in document.items()})


def is_identity(value: str) -> bool:
    """Whether a (trimmed, lower-case) value names a person as the list may: an e-mail address or UPN, or an
    Entra object id."""
    return len(value) <= MAX_IDENTITY and bool(_EMAIL.match(value) or _OBJECT_ID.match(value))


@dataclass(frozen=True)
class UnitChange:
    """Who a new list grants a unit that the list before did not (`added`), and whom it no longer does."""

    unit_key: str
    added: tuple[str, ...]
    removed: tuple[str, ...]


def list_changes(before: UnitManagers, after: UnitManagers) -> tuple[UnitChange, ...]:
    """Per unit, in key order, who is added and who removed; units nobody changes are left out."""
    changes = []
    for unit in sorted(set(before.by_unit) | set(after.by_unit)):
        old, new = before.by_unit.get(unit, frozenset()), after.by_unit.get(unit, frozenset())
        if old != new:
            changes.append(UnitChange(unit, tuple(sorted(new - old)), tuple(sorted(old - new))))
    return tuple(changes)


def parse_unit_managers(text: str, unit_keys: Iterable[str], source: str = "unit-managers.csv") -> UnitManagers:
    """Read the CSV (comma or semicolon, as Excel saves it; a header row `enhet,chef`; `#` lines are comments)."""
    known = set(unit_keys)
    rows = [
        (number, line)
        for number, line in enumerate(text.splitlines(), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not rows:
        raise UnitManagersError(f"{source}: the file is empty; it needs the header row {UNIT_COLUMN};{MANAGER_COLUMN}")
    header_line, header_text = rows[0]
    delimiter = ";" if header_text.count(";") > header_text.count(",") else ","

    def cells(line: str) -> list[str]:
        return [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter))]

    header = [cell.lower() for cell in cells(header_text)]
    if UNIT_COLUMN not in header or MANAGER_COLUMN not in header:
        raise UnitManagersError(
            f"{source}, line {header_line}: the header row must name the columns {UNIT_COLUMN} and {MANAGER_COLUMN}"
        )
    unit_at, manager_at = header.index(UNIT_COLUMN), header.index(MANAGER_COLUMN)
    granted: dict[str, set[str]] = {}
    for number, line in rows[1:]:
        row = cells(line)
        if len(row) <= max(unit_at, manager_at):
            raise UnitManagersError(f"{source}, line {number}: expected the columns {UNIT_COLUMN} and {MANAGER_COLUMN}")
        unit, person = row[unit_at], identity(row[manager_at])
        if unit not in known:
            raise UnitManagersError(f"{source}, line {number}: no unit with the key {unit!r} in the catalogue")
        if not is_identity(person):
            raise UnitManagersError(
                f"{source}, line {number}: {MANAGER_COLUMN} must be an e-mail address or an Entra object id, "
                f"got {row[manager_at]!r}"
            )
        granted.setdefault(unit, set()).add(person)
    return UnitManagers({unit: frozenset(people) for unit, people in granted.items()})


def load_unit_managers(path: Path, unit_keys: Iterable[str]) -> UnitManagers:
    try:
        text = path.read_text(encoding="utf-8-sig")  # Excel writes a byte-order mark
    except OSError as error:
        raise UnitManagersError(f"{path}: cannot read the list of unit managers ({error.strerror})") from error
    return parse_unit_managers(text, unit_keys, str(path))
