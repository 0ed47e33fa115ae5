"""Every user-facing text, one module per language. Swedish is the default; English for `en-*` locales."""

from __future__ import annotations

from datetime import datetime
from string import Formatter

from domain.calendar import local_day
from texts import en, sv

DEFAULT_LANGUAGE = "sv"
_CATALOGUES: dict[str, dict[str, str]] = {"sv": sv.TEXTS, "en": en.TEXTS}


def language_of(locale: str | None) -> str:
    """'en' for any English locale, otherwise Swedish."""
    return "en" if (locale or "").lower().startswith("en") else DEFAULT_LANGUAGE


class Texts:
    """Texts in one language; `t("key", name=...)` fills the placeholders."""

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

    def t(self, key: str, **params: object) -> str:
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

    def signed(self, value: float, decimals: int = 1) -> str:
        sign = "+" if value > 0 else ("−" if value < 0 else "±")
        return sign + self.number(abs(value), decimals)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}
