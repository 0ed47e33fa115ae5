"""The central team's daily digest of submitted self-assessments: when it is made and how much one card holds.

Pure: the moment is given. With ASSESSMENT_CARDS=digest (the default) a submitted self-assessment gets no card of
its own; once a day, at ASSESSMENT_DIGEST_HOUR Swedish time, everything submitted before that moment and not yet in
a digest is listed on digest cards in the channel (services/assessments.py). With `each` every submission has its
own card, as before.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from domain.calendar import MUNICIPAL_TIME

DIGEST, EACH = "digest", "each"
CARD_MODES = (DIGEST, EACH)
DEFAULT_HOUR = 8  # the digest is waiting when the team starts its day
LINES_PER_CARD = 20  # a line is a unit's results and a button: 20 keep a card far under Teams' 40 KB


def digest_moment(now: datetime, hour: int) -> datetime:
    """The latest digest moment at or before `now` (UTC): today's `hour` in Sweden once it has come, else
    yesterday's. What was submitted before it belongs in a digest by now; what came after waits for the next."""
    local = now.astimezone(MUNICIPAL_TIME)
    today = datetime.combine(local.date(), time(hour), MUNICIPAL_TIME)
    moment = today if local >= today else datetime.combine(local.date() - timedelta(days=1), time(hour), MUNICIPAL_TIME)
    return moment.astimezone(UTC)


def in_cards(ids: list[int], per_card: int = LINES_PER_CARD) -> list[list[int]]:
    """The assessments of one digest split into cards of at most `per_card` lines, in the order given."""
    return [ids[start : start + per_card] for start in range(0, len(ids), per_card)]
