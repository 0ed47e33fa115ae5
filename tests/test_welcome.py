"""The welcome as a manager meets it: what the bot does, greeted by name, then the privacy notice as a short
message of its own with the municipality's page; and an English client, welcomed in Swedish because Teams'
install event carries no locale, welcomed again once in English when its first message says so; and, as that
event names nobody either, the name asked of Teams."""

from __future__ import annotations

import pytest

from domain.catalogue import Catalogue
from tests.harness import CONTROLLER, PRIVACY_URL, BotHarness, cards, texts
from tests.http_service import Service
from texts import Texts

MENU = {"sv": "Vad vill du göra?", "en": "What would you like to do?"}


@pytest.mark.parametrize("locale", ["sv-SE", "en-GB"])
async def test_the_welcome_says_what_the_bot_does_and_then_apart_what_it_stores_with_a_link(
    sqlite_url: str, catalogue: Catalogue, locale: str
) -> None:
    language = Texts.for_locale(locale)
    async with BotHarness(sqlite_url, catalogue) as harness:
        replies = await harness.chat(locale=locale).install()
    welcome, notice = texts(replies)
    assert welcome == f"{language.t('welcome.greeting', name='Anna')}\n\n{language.t('welcome.body')}"
    assert CONTROLLER not in welcome and language.t("welcome.stored") not in welcome
    paragraphs = notice.split("\n\n")
    assert paragraphs == [
        language.t("welcome.privacy_title"),
        language.t("welcome.stored"),
        language.t("welcome.privacy", controller=CONTROLLER),
        language.t("welcome.my_data"),
        language.plain("welcome.privacy_link", url=PRIVACY_URL),
    ]
    assert [card["body"][0]["text"] for card in cards(replies)] == [MENU[language.language]]


async def test_without_a_name_from_teams_the_welcome_greets_plainly(sqlite_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(sqlite_url, catalogue) as harness:
        replies = await harness.chat(name="").install()
    assert texts(replies)[0].startswith("Hej!\n\nJag är **Kvalitetslotsen**.")


async def test_an_english_client_welcomed_in_swedish_at_install_is_welcomed_again_once_in_english(
    sqlite_url: str, catalogue: Catalogue
) -> None:
    english = Texts("en")
    async with BotHarness(sqlite_url, catalogue) as harness:
        chat = harness.chat(locale="en-US")
        installed = await chat.install(with_locale=False)  # Teams' install event: no locale
        first = await chat.send("hello")
        second = await chat.send("hello")
        results = await chat.send("my results")

    assert texts(installed)[0].startswith("Hej Anna!")  # the guess: the municipality's language
    welcome, notice = texts(first)
    assert welcome == f"Hi Anna!\n\n{english.t('welcome.body')}"
    assert notice.startswith(english.t("welcome.privacy_title"))
    assert [card["body"][0]["text"] for card in cards(first)] == [MENU["en"]]  # one menu, one greeting
    assert texts(second) == ["Hi Anna!"]  # a greeting is greeted; the welcome is not repeated
    assert texts(results)[0] == "First I need to know which unit's results you want to see."


async def test_a_swedish_client_welcomed_without_a_locale_goes_on_without_a_second_welcome(
    sqlite_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(sqlite_url, catalogue) as harness:
        chat = harness.chat(locale="sv-SE")
        await chat.install(with_locale=False)
        first = await chat.send("mina resultat")
    assert texts(first) == ["Först behöver jag veta vilken enhet du vill se resultaten för."]


async def test_a_press_on_the_swedish_menu_from_an_english_client_is_welcomed_in_english_and_then_done(
    sqlite_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(sqlite_url, catalogue) as harness:
        chat = harness.chat(locale="en-GB")
        installed = await chat.install(with_locale=False)
        menu = cards(installed)[0]
        pressed = next(a for a in menu["actions"] if a["title"] == "Mina resultat")
        replies = await chat.send(value=pressed["data"])
    shown = texts(replies)
    assert shown[0].startswith("Hi Anna!") and shown[1].startswith("**About your personal data**")
    assert shown[2] == "First I need to know which unit's results you want to see."


async def test_teams_install_event_names_nobody_so_the_name_is_asked_of_teams(service: Service) -> None:
    service.connector.members["29:anna"] = {"name": "Andersson, Anna (SOF)", "aadObjectId": "aad-anna"}
    install = service.activity("conversationUpdate", membersAdded=[{"id": "28:bot"}])
    install["from"] = {"id": "29:anna", "aadObjectId": "aad-anna"}  # as Teams sends it: no name, no locale
    install.pop("locale")
    assert await service.post(install) == 201
    assert service.texts()[0].startswith("Hej Anna!\n\nJag är **Kvalitetslotsen**.")


async def test_a_failed_lookup_of_the_name_still_welcomes_plainly(service: Service) -> None:
    install = service.activity("conversationUpdate", membersAdded=[{"id": "28:bot"}])
    install["from"] = {"id": "29:stranger", "aadObjectId": "aad-stranger"}  # Teams answers 404 for this one
    assert await service.post(install) == 201
    assert service.texts()[0].startswith("Hej!\n\nJag är **Kvalitetslotsen**.")
