"""The question "Vad kan vi sluta göra?": the self-assessment's one optional question on what the unit could stop
doing or simplify, answered on the summary card and saved with the submit. Pure rules, no I/O.

The answer is for the central team, who read it per förvaltning in `rapport` and in the export; it is free text,
so it passes the same guard against personal data as the comments and ideas (domain/personal_data.py), and a
text too long is refused, never cut.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.personal_data import Finding, find_personal_data

MAX_LENGTH = 1000


@dataclass(frozen=True)
class StopDoingAnswer:
    """What the card sent: the trimmed text (None: left empty), or why it cannot be saved as it is."""

    text: str | None
    too_long: bool = False
    findings: tuple[Finding, ...] = ()  # looks like personal data, and the manager has not said it is none

    @property
    def saveable(self) -> bool:
        return not self.too_long and not self.findings


def read_stop_doing(value: Any, *, confirmed: bool = False) -> StopDoingAnswer:
    """The card's value as an answer: anything but text (a forged card) counts as no answer."""
    if not isinstance(value, str) or not value.strip():
        return StopDoingAnswer(None)
    text = value.strip()
    if len(text) > MAX_LENGTH:
        return StopDoingAnswer(text, too_long=True)
    findings = () if confirmed else find_personal_data(text)
    return StopDoingAnswer(text, findings=findings)
