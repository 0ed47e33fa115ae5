"""Every user-facing text, one module per language. Swedish is the default; English for `en-*` locales."""

from __future__ import annotations

import re
from datetime import datetime
from string import Formatter

from domain.calendar import local_day
from texts import en, sv

DEFAULT_LANGUAGE = "sv"
_CATALOGUES: dict[str, dict[str, str]] = {"sv": sv.TEXTS, "en": en.TEXTS}


def language_of(locale: str | None) -> str:
    """'en' for any English locale, otherwise Swedish."""
    return "en" if isinstance(locale, str) and locale.lower().startswith("en") else DEFAULT_LANGUAGE


class Markdown(str):
    """Text meant as markdown, as Teams renders it in messages and TextBlocks: a catalogue text whose values are
    escaped. Any other string is plain text and is escaped wherever it is shown (`escape_markdown`)."""

    __slots__ = ()

    def __add__(self, other: str) -> str:
        joined = str.__add__(self, other)
        return Markdown(joined) if isinstance(other, Markdown) else joined


# What starts markdown anywhere in a line (emphasis, links and images, code, strike-through, HTML and <at> mentions,
# tables, Adaptive Cards' {{DATE()}} functions), and what does at the start of one (lists, headings, quotes).
_INLINE = re.compile(r"([\\`*_\[\]<>~|{}])")
_LINE_START = re.compile(r"^(\s*)([-+#](?=\s|$)|>)")  # a list marker or heading needs the space after it
_ORDERED = re.compile(r"^(\s*\d+)([.)])(?=\s|$)")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")


def escape_markdown(text: object) -> Markdown:
    """Plain text as Teams shows it literally: one line, and a backslash before every character that would
    start markdown (CommonMark's escape, which Teams honours in messages and TextBlocks). Names, team and
    channel names, catalogue names — anything that came from outside — go through here."""
    if isinstance(text, Markdown):
        return text
    line = _LINE_BREAKS.sub(" ", str(text))
    line = _INLINE.sub(r"\\\1", line)
    line = _LINE_START.sub(r"\1\\\2", line)
    return Markdown(_ORDERED.sub(r"\1\\\2", line))


class Texts:
    """Texts in one language; `t("key", name=...)` fills the placeholders, each value as plain text."""

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        self.language = language if language in _CATALOGUES else DEFAULT_LANGUAGE
        self._texts = _CATALOGUES[self.language]

    @classmethod
    def for_locale(cls, locale: str | None) -> Texts:
        return cls(language_of(locale))

    @classmethod
    def for_channel(cls) -> Texts:
        """A team channel is shared by everyone in it: cards and answers there are in the municipality's language."""
        return cls(DEFAULT_LANGUAGE)

    def has(self, key: str) -> bool:
        return key in self._texts

    def t(self, key: str, **params: object) -> Markdown:
        """The text as markdown. A string value is shown as typed (escaped): a display name holding a link or
        `**` stays text; a value that is itself a text of this catalogue (Markdown) keeps its formatting."""
        escaped = {name: escape_markdown(v) if isinstance(v, str) else v for name, v in params.items()}
        return Markdown(self._texts[key].format(**escaped) if params else self._texts[key])

    def plain(self, key: str, **params: object) -> str:
        """The text where nothing is read as markdown (a button's title, a placeholder, a file name)."""
        return self._texts[key].format(**params) if params else self._texts[key]

    def number(self, value: float, decimals: int = 1) -> str:
        """A number as the language writes it: 3,2 in Swedish, 3.2 in English."""
        text = f"{value:.{decimals}f}"
        return text.replace(".", ",") if self.language == "sv" else text

    def date(self, moment: datetime) -> str:
        """The day a stored moment fell on in Swedish time, as both languages write it here: 2026-11-24."""
        return local_day(moment).isoformat()

    def whole(self, value: int) -> str:
        """A whole number with thousands grouped: 1 000 in Swedish (no-break space), 1,000 in English."""
        grouped = f"{value:,}"
        return grouped.replace(",", "\u00a0") if self.language == "sv" else grouped

    def count(self, value: float, noun: str, *, decimals: int | None = None) -> Markdown:
        """A count with its word in the right number, the one place for count words: "1 enhet", "0 enheter",
        "6,5 dagar" (`decimals`: a measured value, always plural). The words are the catalogue's
        `count.<noun>.one` and `count.<noun>.other`."""
        return self.counted(f"count.{noun}", value, decimals=decimals)

    def counted(self, key: str, value: float, *, decimals: int | None = None) -> Markdown:
        """`key.one` for exactly one, `key.other` for every other number (zero too), with `{count}` filled in:
        Swedish and English both have just these two forms."""
        shown = self.whole(int(value)) if decimals is None else self.number(value, decimals)
        form = "one" if decimals is None and value == 1 else "other"
        return self.t(f"{key}.{form}", count=shown)

    def signed(self, value: float, decimals: int = 1) -> str:
        sign = "+" if value > 0 else ("−" if value < 0 else "±")
        return sign + self.number(abs(value), decimals)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}
