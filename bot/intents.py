"""What a manager's own words ask for: a small, deterministic matcher over the phrasings in texts/intents.py.

No service and no model: the words are folded (lower case, å/ä → a, ö → o, punctuation and apostrophes
dropped), and an intent is understood when one of its patterns is present — each pattern word as typed, as
an inflection (a word of 4+ letters that starts with it) or with one typo (5+ letters) — and every other word
is filler or belongs to that intent. Anything else is free text and asks for nothing; so is a tie between two
intents, a long message, or one of many words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from texts import intents as table
from texts.intents import CHANNEL_ONLY, GREETING, THANKS

__all__ = ["CHANNEL_ONLY", "GREETING", "THANKS", "channel_command", "fold", "intent_of"]

MAX_CHARACTERS = 200  # a message longer than this is someone's own text, not a request for a menu choice
MAX_WORDS = 12
MAX_WORD = 40
_FOLD = str.maketrans("åäàáâãæöøòóôéèêëüúùûïíìç", "aaaaaaaoooooeeeeuuuuiiic")
_APOSTROPHES = re.compile(r"['’`´]")
_NOT_A_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """The words only, as the table writes them: "Självvärderingen, tack!" → "sjalvvarderingen tack"."""
    folded = _APOSTROPHES.sub("", text.lower().translate(_FOLD))
    return " ".join(_NOT_A_WORD.sub(" ", folded).split())


FILLER = frozenset(fold(word) for word in table.FILLER)
_PATTERNS = {
    intent: tuple(tuple(fold(word) for word in pattern) for pattern in patterns)
    for intent, (patterns, _also) in table.INTENTS.items()
}
_VOCABULARY = {
    intent: frozenset(fold(word) for word in also) | {word for pattern in _PATTERNS[intent] for word in pattern}
    for intent, (_patterns, also) in table.INTENTS.items()
}
_TALK = frozenset({GREETING, THANKS})
CHANNEL_WORDS = frozenset(fold(word) for word in table.CHANNEL_WORDS)
NOT_TYPOS = frozenset(fold(word) for word in table.NOT_TYPOS)


def intent_of(text: str | None) -> str | None:
    """The one intent the words ask for (a command of bot/commands.py, a greeting, thanks or a channel command),
    or None when they ask for none or could mean two."""
    if not text or len(text) > MAX_CHARACTERS:
        return None
    words = fold(text).split()
    if not words or len(words) > MAX_WORDS or any(len(word) > MAX_WORD for word in words):
        return None
    best: list[tuple[int, str]] = []
    for intent, patterns in _PATTERNS.items():
        matched = [len(pattern) for pattern in patterns if all(_present(word, words) for word in pattern)]
        if not matched:
            continue
        vocabulary = _VOCABULARY[intent]
        if all(word in FILLER or any(_matches(word, known) for known in vocabulary) for word in words):
            best.append((max(matched), intent))
    if not best:
        return None
    best.sort(reverse=True)
    tied = [intent for length, intent in best if length == best[0][0]]
    commands = [intent for intent in tied if intent not in _TALK]
    if len(commands) == 1:
        return commands[0]  # "kan du hjälpa mig, tack": the request, and "tack" is politeness
    return tied[0] if len(tied) == 1 else None  # "tack hej", or two commands: no clear request


def channel_command(text: str | None) -> bool:
    """Whether the words start with one of the central team's channel commands ("rapport 2026-H2 sof")."""
    words = fold(text or "").split()
    return bool(words) and words[0] in CHANNEL_WORDS


def _present(pattern_word: str, words: list[str]) -> bool:
    return any(_matches(word, pattern_word) for word in words)


@lru_cache(maxsize=4096)
def _matches(word: str, stem: str) -> bool:
    """The word is the stem, an inflection of it (a stem of 4+ letters), or either with one typo (5+ letters)."""
    if word == stem:
        return True
    if len(stem) >= 4 and word.startswith(stem):
        return True
    if len(stem) < 5 or len(word) < 4 or word in FILLER or word in NOT_TYPOS:
        return False
    # A typo anywhere in the stem's part of the word: compare the stem with the word's first len±1 letters.
    return any(within_one_edit(word[:length], stem) for length in (len(stem) - 1, len(stem), len(stem) + 1))


def within_one_edit(a: str, b: str) -> bool:
    """Levenshtein distance ≤ 1, in one pass."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    for index, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            if len(a) == len(b):
                return a[index + 1 :] == b[index + 1 :]  # one letter replaced
            return a[index:] == b[index + 1 :]  # one letter left out
    return True  # b is a with one letter added at the end
