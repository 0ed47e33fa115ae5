"""Swedish and English carry the same texts with the same placeholders."""

from datetime import UTC, datetime

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
