"""A manager leads only the units the municipality's list of unit managers grants them: the list's rules,
the unit choice from the wrong side (forged buttons, typed names, orders), links the list withdrew, matching
by e-mail address through Teams' member lookup, and the settings that refuse to run without a list."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from app import DATABASE, main
from domain.catalogue import Catalogue
from domain.requests import Order
from domain.unit_managers import UnitManagers, UnitManagersError, parse_unit_managers
from services.errors import NotAllowed
from settings import Settings
from storage.database import Database
from storage.managers import TeamsIdentity
from storage.models import AnswerRow, AssessmentRow, ManagerRow, ManagerUnit, SupportRequest
from tests.conftest import UseCases
from tests.constants import PRIVACY_NOTICE_ENV, TENANT
from tests.harness import BotHarness, cards, submit_data, texts
from tests.http_service import Service, start_service
from tests.test_assessment_journey import answers_for, save, stored
from tests.test_order_journey import to_the_form
from tools.connector_standin import ConnectorStandIn

NORR, SODER, SOLROSEN = "sof-hemtjanst-norr", "sof-hemtjanst-soder", "bou-forskolan-solrosen"
ANNA_ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"


def unit_keys(catalogue: Catalogue) -> list[str]:
    return [unit.key for unit in catalogue.units()]


# --- the list ------------------------------------------------------------------------------------------


def test_the_list_reads_excel_semicolons_comments_and_names_by_e_mail_or_object_id(catalogue: Catalogue) -> None:
    text = (
        "# Enhetschefer, exporterad ur personalsystemet\n"
        "Enhet;Chef\n"
        f"{NORR};Anna.Andersson@Sjovik.se\n"
        f"{NORR};{ANNA_ID.upper()}\n"
        "\n"
        f"{SOLROSEN}; bo.berg@sjovik.se \n"
    )
    managers = parse_unit_managers(text, unit_keys(catalogue))
    assert managers.by_unit == {
        NORR: frozenset({"anna.andersson@sjovik.se", ANNA_ID}),
        SOLROSEN: frozenset({"bo.berg@sjovik.se"}),
    }
    assert managers.allows(NORR, ["ANNA.ANDERSSON@sjovik.se"]) and managers.allows(NORR, [ANNA_ID])
    assert not managers.allows(SOLROSEN, [ANNA_ID, "anna.andersson@sjovik.se"])
    assert managers.units_of(["bo.berg@sjovik.se"]) == {SOLROSEN}
    assert managers.names_email_addresses
    assert UnitManagers.everyone().allows(SOLROSEN, []) and UnitManagers.everyone().units_of([]) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("unit,manager\n", "line 1: the header row must name the columns enhet and chef"),
        (f"enhet,chef\n{NORR},anna@sjovik.se\nsof-okand,bo@sjovik.se\n", "line 3: no unit with the key 'sof-okand'"),
        (f"enhet,chef\n{NORR},Anna Andersson\n", "line 2: chef must be an e-mail address or an Entra object id"),
        (f"enhet,chef\n{NORR}\n", "line 2: expected the columns enhet and chef"),
    ],
)
def test_a_faulty_list_is_refused_with_its_line_and_what_is_wrong(
    catalogue: Catalogue, text: str, message: str
) -> None:
    with pytest.raises(UnitManagersError, match=message):
        parse_unit_managers(text, unit_keys(catalogue), "unit-managers.csv")


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """`main` points the root logger at the captured stderr, which is closed after the test."""
    handlers, level = logging.root.handlers[:], logging.root.level
    yield
    logging.root.handlers[:] = handlers
    logging.root.setLevel(level)


@pytest.mark.usefixtures("restore_logging")
def test_the_service_does_not_start_with_a_faulty_list_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = tmp_path / "unit-managers.csv"
    listed.write_text(f"enhet;chef\n{NORR};inte en adress\n", encoding="utf-8")
    monkeypatch.setenv("UNIT_MANAGERS_FILE", str(listed))
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}")
    assert main(["check-catalogue"]) == 2
    assert f"{listed}, line 2: chef must be an e-mail address" in capsys.readouterr().err

    listed.write_text(f"enhet;chef\n{NORR};anna@sjovik.se\n", encoding="utf-8")
    assert main(["check-catalogue"]) == 0
    assert "1 unit(s) with named managers" in capsys.readouterr().out


def test_production_starts_without_a_list_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """The administrator publishes the list from Teams; until then nobody may choose a unit (see
    test_unit_manager_publishing), so a missing file is no reason to refuse to start."""
    for name, value in {
        "ENVIRONMENT": "production",
        "MicrosoftAppId": "app",
        "MicrosoftAppPassword": "secret",
        "MicrosoftAppTenantId": "tenant",
        "UNIT_MANAGERS_FILE": "",
        "PUBLIC_BASE_URL": "https://kvalitetslotsen.sjovik.se",
        "EXPORT_SIGNING_KEY": "k" * 32,
        **PRIVACY_NOTICE_ENV,
    }.items():
        monkeypatch.setenv(name, value)
    assert Settings.from_environment(env_file=None).unit_managers_path is None
    monkeypatch.setenv("UNIT_MANAGERS_FILE", "config/unit-managers.csv")
    assert Settings.from_environment(env_file=None).unit_managers_path is not None


# --- the unit choice in chat -----------------------------------------------------------------------------


def anna_leads(*units: str) -> UnitManagers:
    return UnitManagers({unit: frozenset({"aad-anna"}) for unit in units})


async def test_the_unit_card_offers_only_the_managers_own_units(database_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(database_url, catalogue, unit_managers=anna_leads(NORR, SODER, SOLROSEN)) as harness:
        chat = harness.chat()
        await chat.install()
        departments = cards(await chat.send("byt enhet"))[-1]
        units = cards(await chat.send(value={"action": "choose_department", "department": "sof"}))[-1]
    choices = next(item for item in departments["body"] if item["type"] == "Input.ChoiceSet")["choices"]
    assert [choice["value"] for choice in choices] == ["sof", "bou"]
    choices = next(item for item in units["body"] if item["type"] == "Input.ChoiceSet")["choices"]
    assert [choice["value"] for choice in choices] == [NORR, SODER]


async def test_a_forged_or_typed_unit_that_is_not_theirs_is_refused_and_links_nothing(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue, unit_managers=anna_leads(NORR, SODER)) as harness:
        chat = harness.chat()
        await chat.install()
        await chat.send("byt enhet")
        refused = await chat.send(value={"action": "choose_unit", "unit": SOLROSEN})
        typed = await chat.send("Förskolan Solrosen")
        links = await stored(harness, ManagerUnit)
        chosen = await chat.send(value={"action": "choose_unit", "unit": SODER})
    assert texts(refused) == [
        "Du står inte som chef för Förskolan Solrosen i kommunens förteckning, så du kan inte göra självvärdering "
        "eller beställa stöd för den enheten. Välj en av dina enheter."
    ]
    assert texts(typed) == ["Jag hittar ingen enhet med det namnet. Välj i kortet ovan."]
    assert links == []
    assert texts(chosen) == ["Klart! Vald enhet: **Hemtjänst Söder** (Socialförvaltningen)."]


async def test_a_manager_with_one_unit_gets_it_without_choosing(database_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(database_url, catalogue, unit_managers=anna_leads(SOLROSEN)) as harness:
        chat = harness.chat()
        await chat.install()
        replies = await chat.send("självvärdering")
    assert texts(replies)[:2] == [
        "Först behöver jag veta vilken enhet självvärderingen gäller.",
        "Klart! Vald enhet: **Förskolan Solrosen** (Barn- och utbildningsförvaltningen).",
    ]
    assert cards(replies)[-1]["body"][0]["text"].startswith("Målgruppsperspektiv")


async def test_someone_the_list_does_not_name_is_told_whom_to_ask_and_gets_the_menu(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue, unit_managers=anna_leads(NORR)) as harness:
        chat = harness.chat("bo", "Bo Berg", locale="en-US")
        await chat.install()
        replies = await chat.send(value={"action": "order"})
        assessments = await stored(harness, AssessmentRow)
    assert texts(replies)[1] == (
        "I cannot find you as the manager of any unit in Sjöviks kommun's register of unit managers. "
        "If that is wrong, contact the quality team and they will add you."
    )
    assert cards(replies)[-1]["body"][0]["text"] == "What would you like to do?"
    assert assessments == []


async def test_an_order_for_a_unit_that_is_not_theirs_is_refused_and_stores_nothing(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue, unit_managers=anna_leads(NORR)) as harness:
        chat = harness.chat()
        await chat.install()
        form = await to_the_form(chat, "Övrigt")  # Hemtjänst Norr is hers, so the form comes straight away
        review = submit_data(form, "Granska beställningen")
        forged = {**review, "description": "Hjälp", "preferred_period": "asap", "unit": SOLROSEN}
        replies = await chat.send(value=forged)
        requests = await stored(harness, SupportRequest)
    assert requests == []
    assert not any("KL-" in text for text in texts(replies))


async def test_a_link_the_list_no_longer_allows_is_removed_at_start(database_url: str, catalogue: Catalogue) -> None:
    async with BotHarness(database_url, catalogue, unit_managers=anna_leads(NORR, SODER)) as harness:
        chat = harness.chat()
        await chat.install()
        await chat.send("byt enhet")
        await chat.send(value={"action": "choose_unit", "unit": NORR})
        [anna] = await stored(harness, ManagerRow)
    async with BotHarness(database_url, catalogue, unit_managers=anna_leads(SODER)) as harness:
        managers = harness.use_cases.managers  # started as app.py starts: the list's sweep has run
        profile = await managers.profile(anna.id)
        assert (profile.current_unit, profile.units, profile.may_lead) == (None, (), {SODER})
        with pytest.raises(NotAllowed):
            await harness.use_cases.assessments.begin(anna.id, NORR)
        assert await managers.apply_unit_managers() == 0


async def test_the_list_decides_even_where_a_link_remains(database: Database, catalogue: Catalogue) -> None:
    """An instance still running an older list may have linked the unit: the link alone grants nothing."""
    before = await UseCases(database, catalogue, unit_managers=anna_leads(NORR)).start()
    anna = await before.managers.register(TeamsIdentity(TENANT, "29:anna", "aad-anna", "Anna Andersson"))
    await before.managers.choose_unit(anna.id, NORR)
    draft = (await before.assessments.begin(anna.id, NORR)).assessment

    now = UseCases(database, catalogue, unit_managers=anna_leads(SODER))
    await now.catalogues.start()  # no start-up sweep: the link to Hemtjänst Norr is still there
    order = Order("ovrigt", NORR, {}, "Stöd med rutiner", "asap")
    with pytest.raises(NotAllowed):
        await now.requests.order(anna.id, order)
    with pytest.raises(NotAllowed):
        await now.assessments.begin(anna.id, NORR)
    with pytest.raises(NotAllowed):
        await now.assessments.get(anna.id, draft.id)
    profile = await now.managers.profile(anna.id)
    assert (profile.current_unit, profile.units) == (None, ())
    assert await before.requests.order(anna.id, order)  # the same order under the list that grants it


async def test_a_card_for_a_unit_the_list_took_away_ends_with_an_explanation_not_an_error(
    database_url: str, catalogue: Catalogue
) -> None:
    async with BotHarness(database_url, catalogue, unit_managers=anna_leads(NORR)) as harness:
        chat = harness.chat()
        await chat.install()
        card = cards(await chat.send("självvärdering"))[-1]
    async with BotHarness(database_url, catalogue, unit_managers=anna_leads(SODER)) as harness:
        replies = await save(harness.chat(), card, answers_for(catalogue.perspectives[0]))
        answers = await stored(harness, AnswerRow)
    assert texts(replies)[0].startswith("Du står inte längre som chef för den enheten")
    assert cards(replies)[-1]["body"][0]["text"] == "Vad vill du göra?"
    assert answers == []


# --- e-mail addresses through Teams' member lookup, over HTTP ------------------------------------------------


@pytest.fixture
async def listed_service(
    settings: Settings, catalogue: Catalogue, connector: ConnectorStandIn, tmp_path: Path
) -> AsyncIterator[Service]:
    listed = tmp_path / "unit-managers.csv"
    listed.write_text(f"\ufeffenhet;chef\n{NORR};anna.andersson@sjovik.se\n{SOLROSEN};bo.berg@sjovik.se\n")
    running, runner = await start_service(replace(settings, unit_managers_path=listed), catalogue, connector)
    yield running
    await running.http.close()
    await runner.cleanup()


async def test_a_manager_named_by_e_mail_is_recognised_through_teams_member_lookup(
    listed_service: Service, connector: ConnectorStandIn
) -> None:
    connector.members["29:anna"] = {
        "id": "29:anna",
        "name": "Anna Andersson",
        "aadObjectId": "aad-anna",
        "email": "Anna.Andersson@sjovik.se",
        "userPrincipalName": "anna.andersson@sjovik.se",
    }
    assert await listed_service.post(listed_service.activity(text="självvärdering")) == 201
    assert "Klart! Vald enhet: **Hemtjänst Norr** (Socialförvaltningen)." in listed_service.texts()
    async with listed_service.app[DATABASE].transaction() as session:
        anna = await session.scalar(select(ManagerRow))
    assert anna is not None and anna.email == "Anna.Andersson@sjovik.se"


async def test_an_address_the_list_no_longer_names_is_forgotten_and_grants_nothing(
    listed_service: Service, connector: ConnectorStandIn
) -> None:
    anna = {"id": "29:anna", "name": "Anna Andersson", "aadObjectId": "aad-anna"}
    connector.members["29:anna"] = {**anna, "email": "anna.andersson@sjovik.se"}
    await listed_service.post(listed_service.activity(text="byt enhet"))
    connector.members["29:anna"] = {**anna, "email": "anna.berg@sjovik.se", "userPrincipalName": "ab@sjovik.se"}
    await listed_service.post(listed_service.activity(text="byt enhet"))  # she married; Teams says so
    assert "Jag hittar dig inte som chef för någon enhet" in listed_service.texts()[-1]
    async with listed_service.app[DATABASE].transaction() as session:
        row = await session.scalar(select(ManagerRow))
    assert row is not None and row.email is None  # an address the list does not name is not kept
    assert await listed_service.count(ManagerUnit) == 1  # her earlier choice; the list no longer honours it


async def test_someone_teams_does_not_know_gets_no_unit(listed_service: Service, connector: ConnectorStandIn) -> None:
    assert await listed_service.post(listed_service.activity(text="beställ stöd", user="eve")) == 201
    assert any("Jag hittar dig inte som chef för någon enhet" in text for text in listed_service.texts())
    assert await listed_service.count(ManagerUnit) == 0
