"""Swedish and English carry the same texts with the same placeholders."""

import re
from datetime import UTC, datetime

import pytest

from texts import Texts, en, language_of, placeholders, sv


def test_both_languages_have_the_same_keys() -> None:
    assert set(sv.TEXTS) == set(en.TEXTS)


def test_placeholders_match_between_languages() -> None:
    mismatched = [k for k in sv.TEXTS if placeholders(sv.TEXTS[k]) != placeholders(en.TEXTS[k])]
    assert mismatched == []


def test_english_only_for_english_locales() -> None:
    assert [language_of(x) for x in ("sv-SE", "en-US", "en-GB", "fi-FI", None, "")] == [
        "sv",
        "en",
        "en",
        "sv",
        "sv",
        "sv",
    ]


def test_numbers_follow_the_language() -> None:
    assert Texts("sv").number(3.26) == "3,3"
    assert Texts("en").signed(0.5) == "+0.5"
    assert Texts("sv").signed(-1.0) == "−1,0"


def test_dates_are_the_day_in_swedish_time_not_in_utc() -> None:
    half_past_midnight_in_sweden = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    assert Texts("sv").date(half_past_midnight_in_sweden) == "2026-11-24"
    summer_evening = datetime(2026, 6, 30, 21, 59, tzinfo=UTC)  # 23:59 CEST
    assert Texts("en").date(summer_evening) == "2026-06-30"


COUNT_NOUNS = sorted({key.split(".")[1] for key in sv.TEXTS if key.startswith("count.")})


@pytest.mark.parametrize("language", ["sv", "en"])
def test_one_is_counted_in_the_singular_and_every_other_number_in_the_plural(language: str) -> None:
    texts = Texts(language)
    for noun in COUNT_NOUNS:
        singular = texts.count(1, noun).removeprefix("1 ")
        plural = texts.count(2, noun).removeprefix("2 ")
        assert texts.count(0, noun) == f"0 {plural}"
        assert texts.count(1000, noun) == texts.whole(1000) + f" {plural}"
        assert texts.count(1, noun, decimals=1) == texts.number(1) + f" {plural}"  # "1,0 dagar": measured
        if singular != plural:
            assert f"1 {plural}" not in texts.count(1, noun), noun


def _plural_words(language: str) -> set[str]:
    texts = Texts(language)
    pairs = [(texts.count(1, n).removeprefix("1 "), texts.count(2, n).removeprefix("2 ")) for n in COUNT_NOUNS]
    return {plural for singular, plural in pairs if singular != plural}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_no_text_puts_a_number_straight_before_a_plural_count_word(language: str) -> None:
    """A number filled in before "enheter" says "1 enheter" when it is one: such a text takes the count in words
    from Texts.count instead. The counted forms themselves (`….one`, `….other`) are where the words live."""
    catalogue = sv.TEXTS if language == "sv" else en.TEXTS
    words = "|".join(sorted(_plural_words(language)))
    pattern = re.compile(rf"\{{\w+\}} (?:{words})\b")
    found = [key for key, text in catalogue.items() if not key.endswith((".one", ".other")) and pattern.search(text)]
    assert found == []
