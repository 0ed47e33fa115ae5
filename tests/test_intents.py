"""The manager's own words for a menu choice (bot/intents.py, texts/intents.py): a few hundred realistic
phrasings per language, built from fillers × verbs × objects × typos, each with the intent it asks for; and free
text, numbers and noise that must ask for nothing."""

from __future__ import annotations

import itertools
import re

import pytest

from bot import commands, intents
from texts import intents as table

ORDER, ASSESSMENT, RESULTS, REQUESTS = commands.ORDER, commands.ASSESSMENT, commands.MY_RESULTS, commands.MY_REQUESTS
UNIT, HELP, DATA, MENU, CANCEL = (
    commands.CHANGE_UNIT,
    commands.HELP,
    commands.MY_DATA,
    commands.MENU,
    commands.CANCEL,
)
OFF, ON = commands.REMINDERS_OFF, commands.REMINDERS_ON
GREETING, THANKS, CHANNEL = intents.GREETING, intents.THANKS, intents.CHANNEL_ONLY

# [brackets] mark the word a typo is put in; the brackets are not typed.
SWEDISH_OBJECTS = {
    ORDER: [
        "[beställa] stöd",
        "[beställ] stöd",
        "[beställa] utbildning",
        "boka [utbildning]",
        "göra en [beställning]",
        "få stöd från [kvalitetsteamet]",
        "[beställa] stöd från kvalitetsteamet",
        "[beställa] handledning",
    ],
    ASSESSMENT: [
        "starta [självvärdering]",
        "göra [självvärderingen]",
        "börja med [självvärderingen]",
        "fortsätta [självvärderingen]",
        "göra enhetens [självvärdering]",
        "fylla i [självvärderingen]",
        "göra en ny [självvärdering]",
    ],
    RESULTS: ["visa mina [resultat]", "se [resultaten]", "se enhetens [resultat]", "se våra [resultat] över tid"],
    REQUESTS: [
        "visa mina [ärenden]",
        "se mina [beställningar]",
        "se status på mina [ärenden]",
        "se mina tidigare [beställningar]",
    ],
    UNIT: ["byta [enhet]", "välja en annan [enhet]", "byt [enhet]", "[ändra] enhet"],
    HELP: ["få [hjälp]", "ha lite [hjälp]"],
    DATA: ["se mina [uppgifter]", "radera mina [uppgifter]", "ta bort mina [uppgifter]", "se mina [personuppgifter]"],
    OFF: ["sluta få [påminnelser]", "stänga av [påminnelserna]", "inte ha några fler [påminnelser]"],
    ON: ["slå på [påminnelser]", "få [påminnelser] igen"],
    MENU: ["se [menyn]", "gå till [menyn]", "tillbaka till [menyn]"],
}
SWEDISH_FILLERS = ["", "jag vill ", "jag vill gärna ", "kan du ", "skulle vilja ", "snälla ", "hej, jag vill "]
SWEDISH_ENDINGS = ["", " tack", "?", "!", " nu", " är du snäll"]

ENGLISH_OBJECTS = {
    ORDER: [
        "[order] support",
        "[order] training",
        "book [training]",
        "request [support]",
        "place an [order]",
        "get [support] from the quality team",
    ],
    ASSESSMENT: [
        "start the self-[assessment]",
        "do our self [assessment]",
        "continue the [assessment]",
        "fill in the self-[assessment]",
        "begin a new self-[assessment]",
    ],
    RESULTS: ["see my [results]", "show our [results]", "view my [results]", "compare our [results] over time"],
    REQUESTS: ["see my [requests]", "check my [orders]", "view the status of my [requests]"],
    UNIT: ["[change] unit", "[switch] to another unit", "choose a [different] unit"],
    HELP: ["get [help]", "have some [help]"],
    DATA: ["see my [data]", "delete my [personal] data", "remove my [personal] data"],
    OFF: ["stop the [reminders]", "turn off [reminders]", "get no more [reminders]"],
    ON: ["turn [reminders] on", "start the [reminders] again"],
    MENU: ["see the [menu]", "go back to the [menu]"],
}
ENGLISH_FILLERS = ["", "I'd like to ", "I want to ", "can you ", "please ", "could you please ", "hi, I'd like to "]
ENGLISH_ENDINGS = ["", " please", "?", " thanks", "!"]

HAND_WRITTEN = {
    "jag vill beställa stöd": ORDER,
    "Jag skulle vilja beställa en utbildning till personalgruppen": None,  # "personalgruppen" is their own word
    "beställning": ORDER,
    "bestäl": ORDER,
    "bestall stod": ORDER,
    "visa mina resultat": RESULTS,
    "resulat": RESULTS,
    "Resultaten?": RESULTS,
    "starta självvärdering": ASSESSMENT,
    "sjalvvardering": ASSESSMENT,
    "självvärderingen": ASSESSMENT,
    "självärdering": ASSESSMENT,
    "sjalvvardring": ASSESSMENT,
    "vad kan du göra?": HELP,
    "Vad kan du?": HELP,
    "hur fungerar det här?": HELP,
    "jag behöver hjälp": HELP,
    "what can you do?": HELP,
    "how does this work?": HELP,
    "Hej": GREETING,
    "hej!": GREETING,
    "Hejsan": GREETING,
    "hallå": GREETING,
    "god morgon": GREETING,
    "God morgon!": GREETING,
    "hi": GREETING,
    "Hello there": GREETING,
    "good morning": GREETING,
    "tack": THANKS,
    "Tack!": THANKS,
    "tack så mycket": THANKS,
    "tack för hjälpen": THANKS,
    "thanks": THANKS,
    "thank you very much": THANKS,
    "thanks a lot": THANKS,
    "rapport": CHANNEL,
    "visa rapporten": CHANNEL,
    "export": CHANNEL,
    "koppla kanal": CHANNEL,
    "report": CHANNEL,
    "<at>Kvalitetslotsen</at> jag vill beställa stöd": ORDER,
    "hej, jag vill beställa stöd": ORDER,
    "sluta påminna mig": OFF,
    "påminnelser på": ON,
    "påminn mig": ON,
    "avbryt det här": CANCEL,
    "glöm det": CANCEL,
    "never mind": CANCEL,
    "mina beställningar": REQUESTS,
    "my orders": REQUESTS,
    "my requests": REQUESTS,
    "radera mina uppgifter": DATA,
    "vad vet du om mig?": DATA,
    "what do you know about me": DATA,
    "exportera mina uppgifter": DATA,
    "I'd like to order support": ORDER,
    "order support please": ORDER,
    "show my results": RESULTS,
    "change unit please": UNIT,
    "jag jobbar på en annan enhet nu": UNIT,
}

NOT_INTENTS = [
    "Vi behöver bättre rutiner för dokumentation",
    "Budgeten håller inte",
    "Personalen saknar utbildning i journalföring",
    "Resultatet av mätningen var dåligt",
    "Vi behöver stöd med schemaläggningen",
    "Det fungerar bra på enheten",
    "Brukarna är nöjda med maten",
    "Mötet flyttas till tisdag",
    "Anna Andersson",
    "Hemtjänst Norr",
    "Sjöviks gymnasium och vuxenutbildning",
    "ordet",
    "expert",
    "jag vet inte riktigt",
    "ok",
    "ja",
    "nej",
    "4",
    "3,5",
    "2026-H2",
    "070-123 45 67",
    "https://example.com/sjalvvardering",
    "a",
    "x",
    "?!",
    "...",
    "",
    "   ",
    "tack hej",  # two things at once
    "x" * 2000,
    "beställ " * 300,
    "självvärdering " + "och sedan vidare " * 20,
    "We need better routines for documentation",
    "The budget is not enough",
    "Staff turnover is high this year",
    "Meeting moved to Tuesday",
    "lorem ipsum dolor sit amet",
    "asdfgh",
    "qwerty",
    "order of the day: staff meeting",
    "🙂",
    "\u200b",
    "<at>Kvalitetslotsen</at>",
]


def typo(word: str) -> str:
    """One letter left out from the middle of the word."""
    middle = len(word) // 2
    return word[:middle] + word[middle + 1 :]


def without_diacritics(text: str) -> str:
    return text.translate(str.maketrans("åäöÅÄÖ", "aaoAAO"))


def phrasings(objects: dict[str, list[str]], fillers: list[str], endings: list[str]) -> list[tuple[str, str]]:
    """fillers × objects, each with an ending in turn; then each object once more with a typo in its marked word
    (words of 5+ letters), once without å, ä, ö, and once in capitals."""
    found: list[tuple[str, str]] = []
    counter = itertools.count()
    for intent, phrases in objects.items():
        for phrase in phrases:
            plain = phrase.replace("[", "").replace("]", "")
            for filler in fillers:
                found.append((filler + plain + endings[next(counter) % len(endings)], intent))
            marked = re.search(r"\[([^\]]+)\]", phrase)
            assert marked, phrase
            if len(marked.group(1)) >= 5:
                misspelt = phrase.replace(marked.group(0), typo(marked.group(1)))
                found.append((fillers[1] + misspelt, intent))
            found.append((without_diacritics(fillers[2] + plain), intent))
            found.append(((fillers[3] + plain).upper(), intent))
    return found


SWEDISH = phrasings(SWEDISH_OBJECTS, SWEDISH_FILLERS, SWEDISH_ENDINGS)
ENGLISH = phrasings(ENGLISH_OBJECTS, ENGLISH_FILLERS, ENGLISH_ENDINGS)


def test_there_are_a_few_hundred_phrasings_per_language() -> None:
    assert len(SWEDISH) >= 300
    assert len(ENGLISH) >= 250


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_generated_phrasing_asks_for_its_intent(language: str) -> None:
    cases = SWEDISH if language == "sv" else ENGLISH
    wrong = [(text, expected, got) for text, expected in cases if (got := intents.intent_of(text)) != expected]
    assert wrong == []


def test_hand_written_phrasings() -> None:
    wrong = {text: (want, got) for text, want in HAND_WRITTEN.items() if (got := meaning(text)) != want}
    assert wrong == {}


def meaning(text: str) -> str | None:
    """What the bot reads in typed text (its @mention dropped, as bot/commands.py does)."""
    return intents.intent_of(commands.without_mentions(text))


def test_free_text_numbers_and_noise_ask_for_nothing() -> None:
    understood = {text[:60]: intents.intent_of(text) for text in NOT_INTENTS if intents.intent_of(text) is not None}
    assert understood == {}
    assert all(commands.talk_of(text) is None for text in NOT_INTENTS if not text.startswith("beställ "))


def test_a_command_in_own_words_is_that_command_and_talk_is_none() -> None:
    assert commands.command_of("jag vill gärna beställa stöd", None) == ORDER
    assert commands.command_of("I'd like to see my results, please", None) == RESULTS
    assert commands.command_of("tack", None) is None  # talk, answered at the menu only
    assert commands.command_of("hej", None) is None
    assert commands.command_of("rapport", None) is None
    assert commands.talk_of("rapport 2026-H2 sof") == CHANNEL
    assert commands.talk_of("påminn 2026-H2") == CHANNEL
    assert commands.talk_of("ärenden") == CHANNEL  # the channel's list, not "mina ärenden"
    assert commands.talk_of("requests") == CHANNEL
    assert commands.command_of("requests", None) is None
    assert commands.command_of("ärenden", None) is None
    assert commands.command_of("mina ärenden", None) == REQUESTS


@pytest.mark.parametrize("word", sorted(commands._WORDS))
def test_every_exact_word_means_what_it_meant_whether_understood_or_not(word: str) -> None:
    assert commands.command_of(word, None) == commands._WORDS[word]
    assert commands.command_of(word, None, understand=False) == commands._WORDS[word]
    assert commands.command_of(word.upper() + "!", None, understand=False) == commands._WORDS[word]


def test_without_understanding_only_the_exact_words_count() -> None:
    """Where typed text is the manager's data (a unit's name), "stödboendet" is a unit, not an order."""
    assert commands.command_of("Stödboendet", None) == ORDER
    assert commands.command_of("Stödboendet", None, understand=False) is None
    assert commands.command_of("jag vill beställa stöd", None, understand=False) is None


def test_a_card_submit_is_never_read_as_words() -> None:
    assert commands.command_of("beställ stöd", {"action": "save_perspective"}) == ORDER  # the exact word, as before
    assert commands.command_of("jag vill beställa stöd", {"action": "save_perspective"}) is None


def test_the_table_names_only_known_intents_in_folded_words() -> None:
    assert set(table.INTENTS) == set(commands.COMMANDS) | {GREETING, THANKS, CHANNEL}
    for patterns, also in table.INTENTS.values():
        for word in [w for pattern in patterns for w in pattern] + list(also):
            assert word == intents.fold(word), word
    assert all(word == intents.fold(word) for word in table.NOT_TYPOS)


@pytest.mark.parametrize(
    ("a", "b", "close"),
    [
        ("bestall", "bestal", True),
        ("bestall", "bestalll", True),
        ("bestall", "bestell", True),
        ("bestall", "bstell", False),
        ("resultat", "resulat", True),
        ("abc", "bca", False),
        ("", "a", True),
        ("ab", "ba", False),
    ],
)
def test_one_edit(a: str, b: str, close: bool) -> None:
    assert intents.within_one_edit(a, b) is close
    assert intents.within_one_edit(b, a) is close
