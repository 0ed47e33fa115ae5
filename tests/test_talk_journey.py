"""A busy manager writes in their own words, on a phone: the bot understands the menu's choices however they are
phrased, greets a greeting, answers thanks, says where the central team's commands work, and answers anything
else with the menu and suggestions to tap — in Swedish, and in English for an English Teams client."""

from __future__ import annotations

import copy

from botbuilder.schema import ActionTypes, Activity

from bot import commands
from domain.catalogue import Catalogue, parse_catalogue
from tests.harness import BotHarness, Chat, cards, texts
from tests.test_assessment_journey import answers_for, save, start_assessment
from texts import Texts

MENU_SV, MENU_EN = "Vad vill du göra?", "What would you like to do?"


def headings(replies: list[Activity]) -> list[str]:
    return [card["body"][0]["text"] for card in cards(replies)]


def suggested(replies: list[Activity]) -> list[tuple[str, str]]:
    return [
        (action.title, action.value)
        for reply in replies
        if reply.suggested_actions
        for action in reply.suggested_actions.actions
        if action.type == ActionTypes.im_back
    ]


async def installed(harness: BotHarness, locale: str = "sv-SE") -> Chat:
    chat = harness.chat(locale=locale)
    await chat.install()
    return chat


async def test_own_words_at_the_menu_start_what_they_ask_for(database_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = await installed(harness)
        replies = await chat.send("jag vill beställa stöd")
        assert "Först behöver jag veta vilken enhet beställningen gäller." in texts(replies)
        await chat.send("meny")  # where the unit's name is asked for, typed text is looked up as one
        replies = await chat.send("Kan du visa mina resultat?")
        assert "Först behöver jag veta vilken enhet du vill se resultaten för." in texts(replies)
        await chat.send(value={"action": "choose_department", "department": catalogue.departments[0].key})
        replies = await chat.send(value={"action": "choose_unit", "unit": catalogue.departments[0].units[0].key})
        assert headings(replies)[-1].startswith("Mina resultat")
        replies = await chat.send("jag vill gärna beställa stöd")
        assert headings(replies)[-1] == "Beställ stöd från kvalitetsteamet"
        replies = await chat.send("starta självvärderingen")
        assert headings(replies)[-1] == catalogue.perspectives[0].name.sv


async def test_a_greeting_is_greeted_with_the_menu_and_thanks_get_a_short_answer(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = await installed(harness)
        replies = await chat.send("Hej")
        assert texts(replies)[0] == "Hej Anna!"
        assert headings(replies) == [MENU_SV]
        replies = await chat.send("tack så mycket!")
        assert texts(replies) == ["Varsågod! Skriv **meny** när du vill något mer."]
        assert cards(replies) == []
        replies = await chat.send("god morgon")
        assert headings(replies) == [MENU_SV]


async def test_a_channel_command_in_personal_chat_says_where_it_works(database_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = await installed(harness)
        for typed in ("rapport", "rapport 2026-H2 sof", "export", "ärenden", "påminn", "koppla kanal"):
            replies = await chat.send(typed)
            assert len(replies) == 1, typed
            assert "kvalitetsteamets kommandon" in texts(replies)[0], typed
            assert "@Kvalitetslotsen rapport" in texts(replies)[0], typed
        replies = await chat.send("mina ärenden")  # the manager's own list still works
        assert headings(replies) == ["Mina ärenden"]
        replies = await harness.chat("bo", "Bo Berg").send("rapport")  # first: welcome, privacy, pointer, menu
        assert "kvalitetsteamets kommandon" in texts(replies)[2]
        assert headings(replies) == [MENU_SV]


async def test_what_is_not_understood_gets_the_menu_and_suggestions(database_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = await installed(harness)
        for typed in ("Budgeten håller inte", "asdfgh", "4", "x" * 2000):
            replies = await chat.send(typed)
            assert texts(replies) == ["Det förstod jag inte riktigt. Välj i menyn, eller tryck på ett av förslagen."]
            assert headings(replies) == [MENU_SV]
            assert suggested(replies) == [
                ("Självvärdering", "självvärdering"),
                ("Beställ stöd", "beställ stöd"),
                ("Mina ärenden", "mina ärenden"),
                ("Mina resultat", "mina resultat"),
                ("Hjälp", "hjälp"),
            ]
        replies = await chat.send(suggested(replies)[1][1])  # tapping a suggestion sends its word
        assert "Först behöver jag veta vilken enhet beställningen gäller." in texts(replies)


async def test_the_same_in_english(database_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = await installed(harness, "en-GB")
        replies = await chat.send("I'd like to order support, please")
        assert "First I need to know which unit the order is for." in texts(replies)
        await chat.send("menu")  # where the unit's name is asked for, "hello" would be looked up as one
        replies = await chat.send("hello")
        assert texts(replies)[0] == "Hi Anna!"
        assert headings(replies) == [MENU_EN]
        replies = await chat.send("thanks!")
        assert texts(replies) == ["You're welcome! Type **menu** whenever you need me."]
        replies = await chat.send("report")
        assert "**@Kvalitetslotsen report**" in texts(replies)[0]
        replies = await chat.send("The budget is not enough")
        assert texts(replies) == [Texts("en").t("talk.not_understood")]
        assert texts(replies)[0].startswith("Sorry, I did not understand that.")
        assert headings(replies) == [MENU_EN]
        words = [value for _title, value in suggested(replies)]
        assert words == ["self-assessment", "order support", "my requests", "my results", "help"]
        replies = await chat.send("show my results")
        assert "First I need to know which unit's results you want to see." in texts(replies)


def test_every_suggestion_is_a_command_word_in_both_languages() -> None:
    from dialogs.main_dialog import SUGGESTED

    for language in ("sv", "en"):
        language_texts = Texts(language)
        for title, word in SUGGESTED:
            assert commands.command_of(language_texts.t(word), None, understand=False) is not None, (language, title)


async def test_own_words_interrupt_an_assessment_as_the_exact_commands_do(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        card = await start_assessment(chat, catalogue)
        await save(chat, card, answers_for(catalogue.perspectives[0]))
        replies = await chat.send("vad kan du göra?")  # help answers and leaves the card where it was
        assert headings(replies) == ["Så här fungerar Kvalitetslotsen"]
        replies = await chat.send("jag vill beställa stöd istället")  # "istället" is not a word of the order
        assert "Fyll i kortet ovan" in texts(replies)[0]
        replies = await chat.send("jag vill beställa stöd")
        assert headings(replies)[-1] == "Beställ stöd från kvalitetsteamet"
        replies = await chat.send("tillbaka till menyn tack")
        assert headings(replies) == [MENU_SV]
        replies = await chat.send("fortsätt självvärderingen")
        assert "1 av 4 perspektiv är klara" in texts(replies)[0]


async def test_talk_in_the_middle_of_an_assessment_is_not_taken_for_a_command(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue) as harness:
        chat = harness.chat()
        card = await start_assessment(chat, catalogue)
        for typed in ("Hej", "tack", "rapport", "Vi behöver bättre rutiner för dokumentation"):
            replies = await chat.send(typed)
            assert "Fyll i kortet ovan" in texts(replies)[0], typed
            assert cards(replies) == [], typed
        replies = await save(chat, card, answers_for(catalogue.perspectives[0]))
        assert headings(replies)[-1] == catalogue.perspectives[1].name.sv


async def test_a_unit_name_typed_where_one_is_asked_for_is_looked_up_not_understood(
    database_url: str, catalogue: Catalogue
) -> None:
    """ "Stödboendet" reads as "stöd" (an order) anywhere else; where the unit's name is asked for, it is one."""
    source = copy.deepcopy(dict(catalogue.source))
    source["organisation"][0]["units"][0]["name"] = "Stödboendet Eken"
    changed = parse_catalogue(source, source="changed")
    async with BotHarness(database_url, changed) as harness:
        chat = await installed(harness)
        await chat.send("byt enhet")
        replies = await chat.send("Stödboendet")
        assert "Vald enhet: **Stödboendet Eken**" in texts(replies)[0]
        await chat.send("byt enhet")
        replies = await chat.send("avbryt")  # the exact words still work there
        assert texts(replies)[0] == "Avbrutet. Det du redan har sparat finns kvar."


async def test_talk_under_my_results_and_my_requests_is_answered_as_at_the_menu(
    database_url: str, catalogue: Catalogue
) -> None:
    """Mina resultat and Mina ärenden end a journey: what is typed under them is answered as at the menu."""
    async with BotHarness(database_url, catalogue) as harness:
        chat = await installed(harness)
        await chat.send("mina resultat")
        await chat.send(value={"action": "choose_department", "department": catalogue.departments[0].key})
        replies = await chat.send(value={"action": "choose_unit", "unit": catalogue.departments[0].units[0].key})
        assert headings(replies)[-1].startswith("Mina resultat")
        replies = await chat.send("tack")
        assert texts(replies) == ["Varsågod! Skriv **meny** när du vill något mer."]
        replies = await chat.send("mina ärenden")
        assert headings(replies) == ["Mina ärenden"]
        replies = await chat.send("Budgeten håller inte")
        assert texts(replies) == [Texts("sv").t("talk.not_understood")]
        assert headings(replies) == [MENU_SV]
        assert len(suggested(replies)) == 5
        await chat.send("mina ärenden")
        replies = await chat.send("hej")
        assert texts(replies)[0] == "Hej Anna!"
        assert headings(replies) == [MENU_SV]
