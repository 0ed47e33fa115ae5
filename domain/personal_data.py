"""Free text that looks like it holds someone's personal data: a Swedish personnummer or samordningsnummer, a
phone number or an e-mail address. Pure rules, no I/O.

Managers in home care, social services and schools write comments, ideas and order descriptions; a pupil's
or client's personnummer or phone number must not end up in the database or in the central team's channel.
Before such text is saved the manager is asked to remove it (or to confirm it is not personal data).

Precision matters more than reach: a warning on every budget figure would teach managers to click it away.
So a number is caught only when it has the shape *and* passes the checks of the real thing:
- personnummer: YYMMDD-NNNN or YYYYMMDDNNNN (separator `-`, `–`, `+` or none), a real calendar date and the
  Luhn check digit; samordningsnummer the same with the day + 60;
- phone: Swedish numbers — a mobile 07x with 7 more digits (also without separators), a landline with its
  area code (08, 0xx, 0xxx) followed by a dash, slash or space and 9–10 digits in all, or +46 / 0046 forms;
  never a number directly after another digit group ("1 040 250 000 kr");
- e-mail: name@domain.tld.
Dates, order references (KL-2026-0001), amounts, percentages, year ranges, postal codes and organisation
numbers do not pass. What is found is returned for showing to the manager who wrote it; it must never be
logged, so a `Finding`'s repr leaves the text out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum


class Kind(Enum):
    PERSONAL_IDENTITY_NUMBER = "personal_identity_number"
    COORDINATION_NUMBER = "coordination_number"
    PHONE = "phone"
    EMAIL = "email"


@dataclass(frozen=True, repr=False)
class Finding:
    """One part of a text that looks like personal data, as the manager wrote it."""

    kind: Kind
    text: str

    def __repr__(self) -> str:  # never the text: a finding that reaches a log must not carry the number
        return f"Finding(kind={self.kind.value})"


_DIGIT = "[0-9]"
_SPACE = "[ \u00a0]"
_DASH = "[-\u2013]"
# Not glued to a word, a digit, another number's separator or a +: inside "KL-2026-0001" nothing starts.
_START = r"(?<![\w+\-\u2013/.,])"
_END = r"(?![\w\-\u2013/]|[.,][0-9])"

_PERSONAL_NUMBER = re.compile(
    _START + rf"(?P<century>19|20)?(?P<date>{_DIGIT}{{6}})(?P<sep>[-\u2013+]?)(?P<tail>{_DIGIT}{{4}})" + _END
)

_AREA = r"(?:7[0-9]|8|[1-69][0-9]{1,2})"  # after the leading 0: mobile 07x, Stockholm 08, else 0xx or 0xxx
_SUBSCRIBER = rf"[0-9]{{2,8}}(?:{_SPACE}[0-9]{{2,4}}){{0,3}}"
_SEPARATOR = rf"(?:{_SPACE}?{_DASH}{_SPACE}?|{_SPACE}|/)"
_NOT_AFTER_A_NUMBER = rf"(?<![0-9]{_SPACE})"  # "1 040 250 000 kr" is an amount, not Malmö's 040
_PHONE_NUMBER = (
    r"(?:(?P<international>(?:\+|00)46"
    + rf"{_SPACE}?(?:{_DASH}{_SPACE}?)?(?:\(0\){_SPACE}?)?)|0)"
    + rf"(?P<area>{_AREA})(?P<sep>{_SEPARATOR})?(?P<subscriber>{_SUBSCRIBER})"
    + _END
)
_PHONE = re.compile(_START + _NOT_AFTER_A_NUMBER + _PHONE_NUMBER)
_NEXT_PHONE = re.compile(rf"{_SPACE}+" + _PHONE_NUMBER)  # right after a phone number: a list of them

_EMAIL = re.compile(r"(?<![\w.%+\-])[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,}(?![\w\-])")


def find_personal_data(text: str | None) -> tuple[Finding, ...]:
    """The parts of `text` that look like a personnummer, samordningsnummer, phone number or e-mail address,
    in the order they appear; empty when there are none."""
    if not isinstance(text, str) or not text:  # a forged submit may send anything
        return ()
    found: list[tuple[int, int, Finding]] = []

    def add(start: int, end: int, finding: Finding) -> None:
        if all(end <= s or start >= e for s, e, _ in found):
            found.append((start, end, finding))

    for match in _PERSONAL_NUMBER.finditer(text):
        kind = _personal_number_kind(match)
        if kind is not None:
            add(match.start(), match.end(), Finding(kind, match.group()))
    for match in _EMAIL.finditer(text):
        add(match.start(), match.end(), Finding(Kind.EMAIL, match.group()))
    for start, end in _phone_spans(text):
        add(start, end, Finding(Kind.PHONE, text[start:end]))
    return tuple(finding for _, _, finding in sorted(found, key=lambda item: item[0]))


def find_in(texts: Iterable[str | None]) -> tuple[Finding, ...]:
    """Every finding in several texts (e.g. all comments of one card), each part once."""
    seen: dict[str, Finding] = {}
    for text in texts:
        for finding in find_personal_data(text):
            seen.setdefault(finding.text, finding)
    return tuple(seen.values())


# --- personnummer and samordningsnummer ---------------------------------------------------------------


def _personal_number_kind(match: re.Match[str]) -> Kind | None:
    digits = match.group("date")
    year, month, day = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
    coordination = day > 60
    if coordination:
        day -= 60
    if match.group("century"):
        if match.group("sep") == "+":  # "+" marks a 10-digit number of someone over 100, never 12 digits
            return None
        centuries: tuple[int, ...] = (int(match.group("century")) * 100,)
    else:
        centuries = (1800, 1900, 2000)
    if not any(_is_date(century + year, month, day) for century in centuries):
        return None
    if not _luhn_ok(digits + match.group("tail")):
        return None
    return Kind.COORDINATION_NUMBER if coordination else Kind.PERSONAL_IDENTITY_NUMBER


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _luhn_ok(ten_digits: str) -> bool:
    """The check digit of a Swedish personnummer: Luhn over YYMMDDNNN, the last digit the check."""
    total = 0
    for index, char in enumerate(ten_digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value // 10 + value % 10
    return total % 10 == 0


# --- phone numbers ------------------------------------------------------------------------------------


def _phone_spans(text: str) -> list[tuple[int, int]]:
    """Where phone numbers are. A match that swallowed a following number ("070-123 45 67 12 st") is shortened
    group by group until it is a phone number or nothing is left."""
    spans: list[tuple[int, int]] = []
    position = 0
    while (match := _PHONE.search(text, position)) is not None:
        start, end = _shortened(_PHONE, text, match)
        position = match.start() + 1
        while end:  # "070-123 45 67 08-123 456 78": the numbers of a list after the first
            spans.append((start, end))
            position = end
            following = _NEXT_PHONE.match(text, end)
            if following is None:
                break
            start, end = _shortened(_NEXT_PHONE, text, following)
            start = len(text) - len(text[start:].lstrip(" \u00a0"))
    return spans


def _shortened(pattern: re.Pattern[str], text: str, match: re.Match[str]) -> tuple[int, int]:
    """The match, shortened group by group until it is a phone number; (start, 0) when it never is."""
    start, end = match.start(), match.end()
    while True:
        shorter = pattern.fullmatch(text, start, end)
        if shorter is not None and _is_phone(shorter):
            return start, end
        cut = max(text.rfind(" ", start, end), text.rfind("\u00a0", start, end))
        if cut <= start:
            return start, 0
        end = cut


def _is_phone(match: re.Match[str]) -> bool:
    area = "0" + match.group("area")
    subscriber = re.sub("[^0-9]", "", match.group("subscriber"))
    total = len(area) + len(subscriber)
    separated = match.group("sep") is not None or match.group("international") is not None
    if area.startswith("07"):
        return len(area) == 3 and len(subscriber) == 7
    if not separated:  # a bare run of digits that is not a mobile number is too often a reference number
        return False
    if area == "08":
        return 8 <= total <= 10
    return 9 <= total <= 10
